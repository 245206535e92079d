import { useEffect, useState } from 'react';
import type { Database } from '../db/database.js';
import type { PersonalCipher } from '../db/personalCipher.js';
import { personalCipherCreate } from '../db/personalCipher.js';
import { invoke } from '../ipc/client.js';
import { useAppStore } from '../stores/appStore.js';
import { useCounterStore } from '../stores/counterStore.js';
import { collisionsList, type CollisionRecord } from './conflicts.js';
import { syncRuntimeNow, useSyncStore } from './runtime.js';

// Status-bar controls: "Đồng bộ ngay", and for supervisors the review list of same-field
// collisions (both values kept: the record holds the server's, the list the other one).

interface Row {
  key: string;
  record: CollisionRecord;
  local: string;
  server: string;
}

const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

async function rowsOpen(db: Database, cipher: PersonalCipher): Promise<Row[]> {
  const docs = await collisionsList(db).exec();
  const rows: Row[] = [];
  for (const d of docs) {
    const record = d.value as unknown as CollisionRecord;
    if (record.resolved) continue;
    const open = async (v: unknown) => (typeof v === 'string' ? show(await cipher.open(v).catch(() => v)) : show(v));
    rows.push({ key: d.key, record, local: await open(record.local), server: await open(record.server) });
  }
  return rows;
}

export function SyncNowButton() {
  const busy = useSyncStore((s) => s.busy);
  const running = useSyncStore((s) => s.running);
  return (
    <button type="button" className="pill" data-testid="sync-now" disabled={busy || !running} onClick={() => void syncRuntimeNow()}>
      {busy ? 'Đang đồng bộ…' : 'Đồng bộ ngay'}
    </button>
  );
}

export function CollisionReview() {
  const role = useAppStore((s) => s.session?.role);
  const db = useCounterStore((s) => s.session?.db);
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const allowed = role === 'supervisor' || role === 'admin';
  useEffect(() => {
    if (!db || !allowed) return undefined;
    const sub = collisionsList(db).$.subscribe((docs) => setCount(docs.filter((d) => !(d.value as { resolved?: boolean }).resolved).length));
    return () => sub.unsubscribe();
  }, [db, allowed]);
  useEffect(() => {
    if (!open || !db) return;
    void (async () => {
      const key = await invoke('keys:personal', {});
      setRows(await rowsOpen(db, await personalCipherCreate(key.keyBase64)));
    })();
  }, [open, db, count]);
  if (!allowed || !db || count === 0) return null;
  async function settle(row: Row, useLocal: boolean): Promise<void> {
    if (!db) return;
    if (useLocal && row.record.collection === 'dossiers' && !row.record.field.includes('.')) {
      const doc = await db.dossiers.findOne(row.record.docId).exec();
      const key = await invoke('keys:personal', {});
      const value = await (await personalCipherCreate(key.keyBase64)).open(String(row.record.local));
      // Taking the other value is a new local change, replicated like any other.
      await doc?.incrementalPatch({ [row.record.field]: value, syncState: 'local' } as never);
    }
    const stored = await db.workstation.findOne(row.key).exec();
    await stored?.incrementalPatch({ value: { ...row.record, resolved: true }, updatedAt: new Date().toISOString() });
  }
  return (
    <>
      <button type="button" className="pill warn" data-testid="collisions" onClick={() => setOpen(!open)}>
        Xung đột cần xem: {count}
      </button>
      {open && (
        <section
          className="collision-review"
          role="dialog"
          aria-label="Xung đột đồng bộ"
          style={{ position: 'fixed', right: '1rem', bottom: '3rem', maxHeight: '60vh', overflow: 'auto', background: 'Canvas', border: '1px solid', padding: '1rem', zIndex: 10 }}
        >
          <table>
            <thead>
              <tr><th>Hồ sơ</th><th>Trường</th><th>Máy chủ (đang dùng)</th><th>Máy này</th><th /></tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <td>{row.record.code ?? row.record.docId}</td>
                  <td>{row.record.field}</td>
                  <td>{row.server}</td>
                  <td>{row.local}</td>
                  <td>
                    <button type="button" onClick={() => void settle(row, false)}>Giữ giá trị máy chủ</button>
                    <button type="button" onClick={() => void settle(row, true)}>Dùng giá trị máy này</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
