import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/errors.js';
import { storageLossCheck, storageLossClear, storageLossRead } from './storageLoss.js';

// fake-indexeddb never loses data; Chromium reports a thrown-away backing store as
// `dataLoss: 'total'` on the next upgradeneeded event. This factory plays that one report
// (the real browser does it in tests/e2e/recovery.test.ts).
function losingFactory(): IDBFactory {
  let reported = false;
  return {
    ...indexedDB,
    cmp: indexedDB.cmp.bind(indexedDB),
    databases: indexedDB.databases.bind(indexedDB),
    deleteDatabase: indexedDB.deleteDatabase.bind(indexedDB),
    open(name: string, version?: number) {
      const req = indexedDB.open(name, version);
      req.addEventListener('upgradeneeded', (event) => {
        if (reported) return;
        reported = true;
        Object.assign(event, { dataLoss: 'total', dataLossMessage: 'IndexedDB (database was corrupt): no meta-nextfile entry' });
      }, { capture: true });
      return req;
    },
  } as IDBFactory;
}

let n = 0;
const fresh = (): string => `loss-${Date.now()}-${n++}`;

describe('storage loss check', () => {
  it('passes a database that never lost anything, first start and later starts', async () => {
    const name = fresh();
    await storageLossCheck(indexedDB, name);
    await storageLossCheck(indexedDB, name);
    expect(await storageLossRead(indexedDB, name)).toBeNull();
  });

  it('turns the browser’s one data-loss report into db-lost on this and every later start, until cleared', async () => {
    const name = fresh();
    const at = new Date('2026-11-30T10:00:00Z');
    const first = await storageLossCheck(losingFactory(), name, () => at).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AppError);
    expect((first as AppError).code).toBe('db-lost');
    expect((first as AppError).details).toMatchObject({ message: expect.stringContaining('corrupt'), at: at.toISOString() });
    // The browser reports once; the mark keeps the recovery screen up on the next start too.
    await expect(storageLossCheck(indexedDB, name)).rejects.toMatchObject({ code: 'db-lost' });
    await storageLossClear(indexedDB, name);
    await expect(storageLossCheck(indexedDB, name)).resolves.toBeUndefined();
  });
});
