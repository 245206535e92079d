import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dongBoHoSoMcSchema } from '../../shared/sync/dvcqg.js';
import { isoInstantParse } from '../../shared/domain/time/vnTime.js';
import { dbOpenPglite } from '../db/db.js';
import { migrateUp } from '../db/migrate.js';
import { rulePackFromFile, rulePackImport } from '../services/ruleStore.js';
import { syncPush } from '../services/syncStore.js';
import { exportConnectorFolder } from './connector.js';
import { exportScheduleStart } from './exportSchedule.js';
import { eventRows, eventsMake, sampleClerk, testCatalogue } from '../../tests/export/testRows.js';

describe('scheduled export to the folder connector', () => {
  it('writes yesterday+today per unit and a held-back report; a second run replaces the same files', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-sched-'));
    const db = await dbOpenPglite(undefined);
    try {
      await migrateUp(db);
      await rulePackImport(db, rulePackFromFile(testCatalogue, 'catalogue'));
      const events = [eventsMake('dossier-a', 'H05.01-260302-0001', '2.000815', '2026-03-02T09:00:00+07:00'), eventsMake('dossier-b', 'H05.01-260302-0002', '1.001776', '2026-03-02T09:10:00+07:00')].flat();
      expect((await syncPush(db, 'events', sampleClerk, eventRows(events))).rejected).toEqual([]);
      // 01:00 on 3 March (VN): yesterday is the sample day.
      const job = exportScheduleStart(db, exportConnectorFolder(dir), { nowMs: () => isoInstantParse('2026-03-03T01:00:00+07:00') });
      try {
        const r = await job.runNow();
        expect(r.report.held.map((h) => h.reason)).toEqual(['procedure-retired']);
        await job.runNow();
      } finally {
        job.stop();
      }
      expect((await readdir(dir)).sort()).toEqual(['DongBoHoSoMC-H05.01-2026-03-02_2026-03-03.json', 'held-back-2026-03-02_2026-03-03.json']);
      const body = dongBoHoSoMcSchema.parse(JSON.parse(await readFile(join(dir, 'DongBoHoSoMC-H05.01-2026-03-02_2026-03-03.json'), 'utf8')));
      expect(body.data.map((d) => d.MaHoSo)).toEqual(['H05.01-260302-0001']);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
