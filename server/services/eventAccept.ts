import { AppError } from '../../shared/contract/errors.js';
import { dossierCodeParse } from '../../shared/domain/codes/dossierCode.js';
import { eventLabelVi } from '../../shared/domain/lifecycle/eventLabels.js';
import { eventRoleAllowed } from '../../shared/domain/lifecycle/eventRoles.js';
import { dossierApply, type DossierProjection } from '../../shared/domain/lifecycle/projection.js';
import type { StatusMappingPack } from '../../shared/domain/rulepacks/statusMappingPack.js';
import { eventWireDoc, eventWireParse, fileWireSchema, type EventWire, type SyncRejectCode, type SyncRejection } from '../../shared/sync/eventWire.js';
import { textSafetyIssue } from '../../shared/sync/textSafety.js';
import type { DbQuery } from '../db/db.js';
import { docCanonical, syncDocsWrite, syncRowsWrite } from './syncStore.js';

// The provincial server decides (architecture decision 9): every event a workstation or a bundle
// brings is checked here, per row, with the same shared/ rules the workstation applies — schema,
// the sender's role for the event type, the sender's units, the dossier's unit on the server, the
// transition from the server's state of the dossier, the dossier code and the number blocks. A
// refused row comes back with a stable code; the rest of the batch is stored. One function for
// pushes and bundle imports, so neither is a way around the other.

/** Who brings the rows: a signed-in person (push) or an enrolled workstation (bundle). */
export interface Sender {
  name: string;
  role: string;
  units: readonly string[];
}

export interface AcceptResult {
  rejected: SyncRejection[];
  written: number;
  /** Rows already stored exactly so (a push repeated after a lost answer). */
  same: number;
}

/** Largest stored row (JSON bytes). */
const syncRowMaxBytes = 256 * 1024;
const rxLocal = ['_meta', '_rev', '_attachments', 'syncState', 'syncReason'];

interface DossierRow {
  unit: string;
  code: string;
  lastPos: number;
  movedFrom: string[];
  projection: DossierProjection | null;
  changed: boolean;
}

function rowStrip(value: unknown): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !rxLocal.includes(k)));
}

/** Content checks that need no database: text, size, schema. */
function rowPrecheck(raw: unknown): { ok: true; row: Record<string, unknown> } | { ok: false; code: SyncRejectCode; reason: string } {
  const row = rowStrip(raw);
  if (row === null) return { ok: false, code: 'invalid', reason: 'document: an object is required' };
  const text = textSafetyIssue(row);
  if (text) return { ok: false, code: text.code, reason: `${text.path || 'document'}: ${text.reason}` };
  if (Buffer.byteLength(JSON.stringify(row)) > syncRowMaxBytes) return { ok: false, code: 'too-large', reason: `document larger than ${syncRowMaxBytes} bytes` };
  return { ok: true, row };
}

function idOf(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id.slice(0, 160) : null;
}

function unitRefusal(d: DossierRow, sender: Sender): { code: SyncRejectCode; reason: string } | null {
  if (sender.units.includes(d.unit)) return null;
  if (d.movedFrom.some((u) => sender.units.includes(u))) return { code: 'dossier-moved', reason: `hồ sơ đã chuyển sang đơn vị ${d.unit}` };
  return { code: 'forbidden-unit', reason: 'hồ sơ không thuộc đơn vị của người gửi' };
}

interface ReceiptContext {
  /** Codes already taken on the server or earlier in this batch. */
  codes: Set<string>;
  /** Assigned number blocks of the batch's agencies. */
  blocks: Array<{ workstationId: string; agencyCode: string; firstNo: number; lastNo: number }>;
}

/** What the receipts of a batch are checked against, read in two queries for the whole batch. */
async function receiptContextLoad(tx: DbQuery, events: readonly EventWire[]): Promise<ReceiptContext> {
  const receipts = events.flatMap((w) => (w.event.type === 'received' ? [w.event.payload] : []));
  if (receipts.length === 0) return { codes: new Set(), blocks: [] };
  const taken = await tx.query<{ code: string }>('SELECT code FROM server_dossiers WHERE code = ANY($1::text[])', [[...new Set(receipts.map((r) => r.code))]]);
  const blocks = await tx.query<{ workstation_id: string; agency_code: string; first_no: number; last_no: number }>(
    'SELECT workstation_id, agency_code, first_no, last_no FROM sequence_blocks WHERE agency_code = ANY($1::text[])',
    [[...new Set(receipts.map((r) => r.agencyCode))]],
  );
  return {
    codes: new Set(taken.map((t) => t.code)),
    blocks: blocks.map((b) => ({ workstationId: b.workstation_id, agencyCode: b.agency_code, firstNo: Number(b.first_no), lastNo: Number(b.last_no) })),
  };
}

/** The code of a new dossier: its agency's, unique, and not from another workstation's block. */
function receiptRefusal(e: EventWire, context: ReceiptContext): { code: SyncRejectCode; reason: string } | null {
  if (e.event.type !== 'received') return null;
  const x = e.event.payload;
  if (x.agencyCode !== e.unitCode) return { code: 'code-mismatch', reason: `đơn vị ${e.unitCode} khác cơ quan tiếp nhận ${x.agencyCode}` };
  if (context.codes.has(x.code)) return { code: 'code-taken', reason: `mã hồ sơ ${x.code} đã có` };
  const parts = dossierCodeParse(x.code);
  // Codes made upstream (online) are kept as they are; counter and postal codes are the agency's own.
  if (x.channel === 2 && parts === null) return null;
  if (parts === null || parts.agencyCode !== x.agencyCode) return { code: 'code-mismatch', reason: `mã ${x.code} không phải mã của ${x.agencyCode}` };
  const holders = context.blocks.filter((b) => b.agencyCode === x.agencyCode && b.firstNo <= parts.seq && b.lastNo >= parts.seq);
  // A number in no assigned block came from a block a supervisor set offline (blocks:set); a number
  // in another workstation's block would collide with its codes.
  if (holders.length > 0 && !holders.some((b) => b.workstationId === e.event.actor.workstationId)) {
    return { code: 'code-block', reason: `số ${parts.seq} thuộc dải số của máy khác` };
  }
  return null;
}

async function dossiersLoad(tx: DbQuery, ids: string[]): Promise<Map<string, DossierRow>> {
  const out = new Map<string, DossierRow>();
  if (ids.length === 0) return out;
  const rows = await tx.query<{ dossier_id: string; unit_code: string; code: string; last_pos: number; moved_from: string[]; doc: { projection?: DossierProjection } | null }>(
    `SELECT s.dossier_id, s.unit_code, s.code, s.last_pos, s.moved_from, d.doc
       FROM server_dossiers s LEFT JOIN sync_docs d ON d.collection = 'dossiers' AND d.id = s.dossier_id
      WHERE s.dossier_id = ANY($1::text[])`,
    [ids],
  );
  for (const r of rows) {
    out.set(r.dossier_id, { unit: r.unit_code, code: r.code, lastPos: Number(r.last_pos), movedFrom: r.moved_from ?? [], projection: r.doc?.projection ?? null, changed: false });
  }
  return out;
}

/** The derived dossier the server serves (pull-only) and the national export reads. */
function dossierServerDoc(p: DossierProjection, unit: string): Record<string, unknown> {
  return {
    id: p.id, code: p.code, unitCode: unit, status: p.status, nationalStatus: p.nationalStatus,
    receivedAt: p.receivedAt, dueAt: p.dueAt, updatedAt: p.updatedAt, _deleted: false, projection: p,
  };
}

/**
 * Checks and stores pushed events, in order, inside the caller's transaction (the caller holds
 * the `sync:events` lock, so positions are handed out one writer at a time).
 */
export async function eventsAccept(
  tx: DbQuery,
  sender: Sender,
  rows: readonly unknown[],
  options: { nowIso: string; mapping?: StatusMappingPack },
): Promise<AcceptResult> {
  const rejected: SyncRejection[] = [];
  const reject = (index: number, raw: unknown, code: SyncRejectCode, reason: string) => rejected.push({ index, id: idOf(raw), code, reason });
  const parsed: Array<{ index: number; raw: unknown; wire: EventWire }> = [];
  rows.forEach((raw, index) => {
    const pre = rowPrecheck(raw);
    if (!pre.ok) return reject(index, raw, pre.code, pre.reason);
    const wire = eventWireParse(pre.row);
    if (!wire.ok) return reject(index, raw, 'invalid', wire.reason);
    if (wire.value.deleted) return reject(index, raw, 'immutable', 'sự kiện không thể bị xoá');
    if (!eventRoleAllowed(sender.role, wire.value.event.type)) {
      return reject(index, raw, 'forbidden-role', `vai trò ${sender.role} không được ghi việc "${eventLabelVi[wire.value.event.type]}"`);
    }
    if (!sender.units.includes(wire.value.unitCode)) return reject(index, raw, 'forbidden-unit', `đơn vị ${wire.value.unitCode} không phải của người gửi`);
    parsed.push({ index, raw, wire: wire.value });
  });
  if (parsed.length === 0) return { rejected, written: 0, same: 0 };
  // A workstation numbers its own events of a dossier in the order it made them (`seq`): taken in
  // that order, a dossier's receipt comes before its later events whatever order the rows came in
  // (a bundle's manifest is sorted by id). Stable, so equal counts keep the sender's order.
  parsed.sort((a, b) => a.wire.event.seq - b.wire.event.seq || a.index - b.index);

  // Stored events by id (their canonical text), and events accepted earlier in this batch.
  const stored = new Map<string, string | EventWire>();
  for (const r of await tx.query<{ id: string; doc: Record<string, unknown> }>(
    `SELECT id, doc FROM sync_docs WHERE collection = 'events' AND id = ANY($1::text[])`,
    [[...new Set(parsed.map((p) => p.wire.event.id))]],
  )) {
    const again = eventWireParse(r.doc);
    stored.set(r.id, again.ok ? docCanonical(eventBody(again.value)) : '');
  }
  const dossiers = await dossiersLoad(tx, [...new Set(parsed.map((p) => p.wire.event.dossierId))]);
  const receipts = await receiptContextLoad(tx, parsed.map((p) => p.wire));
  const written: Record<string, unknown>[] = [];
  const links: Array<[string, string, string]> = [];
  let same = 0;
  for (const { index, raw, wire } of parsed) {
    const e = wire.event;
    const before = stored.get(e.id);
    if (before !== undefined) {
      // Compared only when a copy is stored (a retried push), not for every new row.
      const beforeText = typeof before === 'string' ? before : docCanonical(eventBody(before));
      if (beforeText === docCanonical(eventBody(wire))) same++;
      else reject(index, raw, 'immutable', 'một sự kiện khác đã có mã này');
      continue;
    }
    let d = dossiers.get(e.dossierId);
    if (e.type === 'received') {
      if (d) {
        reject(index, raw, 'dossier-exists', 'hồ sơ đã được tiếp nhận');
        continue;
      }
      const refusal = receiptRefusal(wire, receipts);
      if (refusal) {
        reject(index, raw, refusal.code, refusal.reason);
        continue;
      }
    } else {
      if (!d || d.projection === null) {
        reject(index, raw, 'unknown-dossier', 'máy chủ chưa có sự kiện tiếp nhận của hồ sơ');
        continue;
      }
      const refusal = unitRefusal(d, sender) ?? (wire.unitCode === d.unit ? null : { code: 'forbidden-unit' as const, reason: `hồ sơ thuộc đơn vị ${d.unit}` });
      if (refusal) {
        reject(index, raw, refusal.code, refusal.reason);
        continue;
      }
    }
    let next: DossierProjection;
    try {
      next = dossierApply(d?.projection ?? null, e, options.mapping);
    } catch (err) {
      if (err instanceof AppError) {
        reject(index, raw, err.code === 'illegal-transition' ? 'illegal-transition' : 'invalid', err.message);
        continue;
      }
      throw err;
    }
    if (!d) {
      d = { unit: wire.unitCode, code: next.code, lastPos: 0, movedFrom: [], projection: null, changed: false };
      dossiers.set(e.dossierId, d);
    }
    if (e.type === 'received') receipts.codes.add(e.payload.code);
    d.lastPos += 1;
    d.projection = next;
    d.changed = true;
    stored.set(e.id, wire);
    written.push(eventWireDoc({ ...wire, unitCode: d.unit }, d.lastPos, options.nowIso));
    if (e.type === 'file-attached') links.push([e.payload.sha256, d.unit, e.dossierId]);
  }
  if (written.length > 0) {
    const changed = [...dossiers.entries()].filter(([, d]) => d.changed && d.projection !== null);
    await tx.query(
      `INSERT INTO server_dossiers (dossier_id, unit_code, code, last_pos)
       SELECT x->>'id', x->>'unit', x->>'code', (x->>'pos')::int FROM jsonb_array_elements($1::text::jsonb) AS x
       ON CONFLICT (dossier_id) DO UPDATE SET last_pos = EXCLUDED.last_pos`,
      [JSON.stringify(changed.map(([id, d]) => ({ id, unit: d.unit, code: d.code, pos: d.lastPos })))],
    );
    if (links.length > 0) {
      await tx.query(
        `INSERT INTO blob_links (sha256, unit_code, dossier_id)
         SELECT x->>0, x->>1, x->>2 FROM jsonb_array_elements($1::text::jsonb) AS x ON CONFLICT DO NOTHING`,
        [JSON.stringify(links)],
      );
    }
    await syncRowsWrite(tx, [
      { collection: 'events', docs: written },
      { collection: 'dossiers', docs: changed.map(([, d]) => dossierServerDoc(d.projection as DossierProjection, d.unit)) },
    ]);
  }
  rejected.sort((a, b) => a.index - b.index);
  return { rejected, written: written.length, same };
}

/** What makes two copies of an event the same event: everything the author wrote. */
function eventBody(w: EventWire): Record<string, unknown> {
  return { ...w.event, clock: w.clock ?? null };
}

/**
 * File records: metadata of a scan or document. Checked like events (role of `file-attached`,
 * units, the dossier's unit when the server knows it) and immutable once stored.
 */
export async function filesAccept(tx: DbQuery, sender: Sender, rows: readonly unknown[]): Promise<AcceptResult> {
  const rejected: SyncRejection[] = [];
  const reject = (index: number, raw: unknown, code: SyncRejectCode, reason: string) => rejected.push({ index, id: idOf(raw), code, reason });
  const valid: Array<{ index: number; raw: unknown; doc: Record<string, unknown> & { id: string; dossierId: string; unitCode: string } }> = [];
  rows.forEach((raw, index) => {
    const pre = rowPrecheck(raw);
    if (!pre.ok) return reject(index, raw, pre.code, pre.reason);
    const file = fileWireSchema.safeParse(pre.row);
    if (!file.success) return reject(index, raw, 'invalid', `${file.error.issues[0]?.path.join('.') ?? ''}: ${file.error.issues[0]?.message ?? 'invalid'}`);
    if (file.data._deleted) return reject(index, raw, 'immutable', 'bản ghi tệp không thể bị xoá');
    if (!eventRoleAllowed(sender.role, 'file-attached')) return reject(index, raw, 'forbidden-role', `vai trò ${sender.role} không được đính kèm tệp`);
    if (!sender.units.includes(file.data.unitCode)) return reject(index, raw, 'forbidden-unit', `đơn vị ${file.data.unitCode} không phải của người gửi`);
    const createdAt = file.data.createdAt;
    valid.push({ index, raw, doc: { ...file.data, updatedAt: file.data.updatedAt ?? createdAt } });
  });
  if (valid.length === 0) return { rejected, written: 0, same: 0 };
  const stored = new Map<string, string>();
  for (const r of await tx.query<{ id: string; doc: Record<string, unknown> }>(
    `SELECT id, doc FROM sync_docs WHERE collection = 'files' AND id = ANY($1::text[])`,
    [[...new Set(valid.map((v) => v.doc.id))]],
  )) stored.set(r.id, docCanonical(r.doc));
  const dossiers = await dossiersLoad(tx, [...new Set(valid.map((v) => v.doc.dossierId))]);
  const written: Record<string, unknown>[] = [];
  let same = 0;
  for (const { index, raw, doc } of valid) {
    const d = dossiers.get(doc.dossierId);
    const unit = d?.unit ?? doc.unitCode;
    const refusal = d ? unitRefusal(d, sender) : null;
    if (refusal) {
      reject(index, raw, refusal.code, refusal.reason);
      continue;
    }
    const row = { ...doc, unitCode: unit };
    const canonical = docCanonical(row);
    const before = stored.get(doc.id);
    if (before !== undefined) {
      if (before === canonical) same++;
      else reject(index, raw, 'immutable', 'một bản ghi tệp khác đã có mã này');
      continue;
    }
    stored.set(doc.id, canonical);
    written.push(row);
  }
  await syncDocsWrite(tx, 'files', written);
  return { rejected, written: written.length, same };
}
