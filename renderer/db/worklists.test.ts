import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DAY_MS, vnIsoFormat } from '../../shared/domain/time/vnTime.js';
import { databaseOpen, type DossierDoc } from './database.js';
import { isOverdue, runningStatuses, worklistCount, worklistIds, worklistQuery } from './worklists.js';

const now = Date.parse('2026-11-30T10:00:00+07:00');
const statuses = ['received', 'in-process', 'awaiting-payment', 'online-new', 'supplement-requested', 'result-ready', 'returned'];

function doc(i: number): DossierDoc {
  // Due dates from 10 days ago to 10 days ahead, spread over every status.
  const dueMs = now + ((i * 7919) % (20 * 24)) * 3_600_000 - 10 * DAY_MS;
  const receivedMs = dueMs - 3 * DAY_MS;
  return {
    id: `d${String(i).padStart(4, '0')}`, code: `H29.01-261120-${String(i).padStart(4, '0')}`, unitCode: 'H29.01', procedureCode: 'HT-01',
    applicantNameSearch: 'nguyen van an', status: statuses[i % statuses.length] as string, receivedAt: vnIsoFormat(receivedMs),
    dueAt: vnIsoFormat(dueMs), lastSeq: 1, updatedAt: vnIsoFormat(receivedMs), syncState: 'local',
  };
}

describe('worklists', () => {
  it('merges the per-status queries in due-date order and counts by index, as a full scan would', async () => {
    const db = await databaseOpen({ name: `worklists-${crypto.randomUUID()}` });
    const docs = Array.from({ length: 400 }, (_, i) => doc(i));
    await db.dossiers.bulkInsert(docs);
    const overdue = docs.filter((d) => isOverdue(d, now)).sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1));
    expect(overdue.length).toBeGreaterThan(50);
    expect((await worklistQuery(db, 'overdue', now)).map((d) => d.id)).toEqual(overdue.slice(0, 50).map((d) => d.id));
    expect((await worklistQuery(db, 'overdue', now, 500)).map((d) => d.id)).toEqual(overdue.map((d) => d.id));
    expect(await worklistCount(db, 'overdue', now)).toBe(overdue.length);
    const dueToday = docs.filter((d) => runningStatuses.includes(d.status) && d.dueAt.startsWith('2026-11-30'));
    expect(await worklistCount(db, 'due-today', now)).toBe(dueToday.length);
    const receivedToday = docs.filter((d) => d.receivedAt >= '2026-11-30T00:00:00+07:00' && d.receivedAt < '2026-12-01T00:00:00+07:00');
    receivedToday.sort((a, b) => (a.receivedAt > b.receivedAt ? -1 : a.receivedAt < b.receivedAt ? 1 : a.id > b.id ? -1 : 1));
    expect(receivedToday.length).toBeGreaterThan(5);
    for (const limit of [1, 5, 50]) {
      expect((await worklistQuery(db, 'received-today', now, limit)).map((d) => d.id)).toEqual(receivedToday.slice(0, limit).map((d) => d.id));
    }
    // Every list can be counted (an $in selector used to need RxDB's slow count, refused as QU14).
    for (const id of worklistIds) expect(await worklistCount(db, id, now)).toBeGreaterThanOrEqual(0);
    await db.remove();
  });
});
