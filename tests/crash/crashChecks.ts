import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { auditVerify } from '../../electron/services/audit/auditLog.js';

// The invariants after a kill, read through the app's own data: the renderer's database (raw
// IndexedDB as RxDB's Dexie storage lays it out), the main side's data folder, and the server.

export interface RendererDoc {
  id: string;
  [key: string]: unknown;
}

export interface RendererSnapshot {
  dossiers: RendererDoc[];
  events: RendererDoc[];
  files: RendererDoc[];
}

// Kept as source text: tsx's transform adds helpers (__name) that do not exist in the page.
const snapshotScript = `(async () => {
  const names = (await indexedDB.databases()).map((d) => d.name || '');
  const read = async (collection) => {
    const name = names.find((n) => n.startsWith('rxdb-dexie-motcua--') && n.endsWith('--' + collection));
    if (!name) return [];
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      const rows = await new Promise((resolve, reject) => {
        const req = db.transaction('docs', 'readonly').objectStore('docs').getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      // Dexie storage keeps RxDB's boolean _deleted as '0' / '1'.
      return rows.filter((r) => r._deleted !== '1' && r._deleted !== true);
    } finally {
      db.close();
    }
  };
  return { dossiers: await read('dossiers'), events: await read('events'), files: await read('files') };
})()`;

/** Every live document of the three dossier collections, read straight from IndexedDB. */
export async function rendererSnapshot(page: Page): Promise<RendererSnapshot> {
  return (await page.evaluate(snapshotScript)) as RendererSnapshot;
}

/** Dossier-level invariants: each dossier whole (intake event first, no gap, projection caught up). */
export function rendererViolations(snap: RendererSnapshot): string[] {
  const out: string[] = [];
  const eventsOf = new Map<string, RendererDoc[]>();
  for (const e of snap.events) {
    const list = eventsOf.get(String(e.dossierId)) ?? [];
    list.push(e);
    eventsOf.set(String(e.dossierId), list);
  }
  const dossierIds = new Set(snap.dossiers.map((d) => d.id));
  const codes = new Map<string, string>();
  for (const d of snap.dossiers) {
    const code = String(d.code);
    if (codes.has(code)) out.push(`code ${code} used by two dossiers (${codes.get(code)}, ${d.id})`);
    codes.set(code, d.id);
    // Events are keyed by their own id; a dossier's order is the server's position once it has one,
    // else this workstation's count (one workstation here: both run 1, 2, 3 … without a gap).
    // Quarantined events are outside the dossier.
    const place = (e: RendererDoc) => Number(e.pos ?? e.seq);
    const events = (eventsOf.get(d.id) ?? []).filter((e) => e.syncState !== 'rejected').sort((a, b) => place(a) - place(b));
    if (events.length === 0) {
      out.push(`dossier ${code} has no events`);
      continue;
    }
    if (events[0]?.type !== 'received') out.push(`dossier ${code}: first event is ${String(events[0]?.type)}, not received`);
    events.forEach((e, i) => {
      if (place(e) !== i + 1) out.push(`dossier ${code}: event ${String(e.pos ?? e.seq)} at position ${i + 1} (gap or duplicate)`);
    });
    if (Number(d.lastSeq) !== events.length) out.push(`dossier ${code}: projection at seq ${String(d.lastSeq)}, log has ${events.length}`);
    const received = (events[0]?.payload as { code?: string } | undefined)?.code;
    if (received !== code) out.push(`dossier ${code}: intake event carries code ${String(received)}`);
  }
  for (const id of eventsOf.keys()) if (!dossierIds.has(id)) out.push(`events of ${id} have no dossier (repair did not run)`);
  const fileShas = new Set(snap.files.map((f) => `${String(f.dossierId)}:${String(f.sha256)}`));
  for (const e of snap.events) {
    if (e.type !== 'file-attached') continue;
    const sha = (e.payload as { sha256?: string }).sha256;
    if (!fileShas.has(`${String(e.dossierId)}:${String(sha)}`)) out.push(`dossier ${String(e.dossierId)}: file-attached ${String(sha).slice(0, 12)} has no file record (never uploaded)`);
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

export interface DataDirReport {
  violations: string[];
  blobs: number;
  /** Temporary siblings of atomic writes left by a kill: never read, but counted. */
  strayTemps: string[];
}

/** Main-side invariants: blobs hash to their names, JSON state parses, the audit chain holds. */
export async function dataDirCheck(dataDir: string, blobShas: Iterable<string>): Promise<DataDirReport> {
  const violations: string[] = [];
  const strayTemps: string[] = [];
  let blobs = 0;
  for (const path of await walk(dataDir)) {
    const rel = relative(dataDir, path);
    const name = rel.split('/').at(-1) ?? '';
    if (name.endsWith('.tmp')) {
      strayTemps.push(rel);
      continue;
    }
    if (rel.startsWith('blobs/')) {
      if (rel.startsWith('blobs/tus') || rel.startsWith('blobs/.')) continue;
      if (!/^blobs\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(rel)) {
        violations.push(`unexpected file in the blob store: ${rel}`);
        continue;
      }
      blobs++;
      const sha = createHash('sha256').update(await readFile(path)).digest('hex');
      if (sha !== name) violations.push(`blob ${name.slice(0, 12)} holds other bytes (${sha.slice(0, 12)}): half-written`);
      continue;
    }
    if (name.endsWith('.json')) {
      try {
        JSON.parse(await readFile(path, 'utf8'));
      } catch {
        violations.push(`${rel} does not parse`);
      }
    }
  }
  for (const sha of blobShas) {
    try {
      await readFile(join(dataDir, 'blobs', sha.slice(0, 2), sha));
    } catch {
      violations.push(`file record ${sha.slice(0, 12)} has no blob in the store`);
    }
  }
  try {
    const verdict = await auditVerify(join(dataDir, 'audit.log'));
    if (!verdict.ok) violations.push(`audit log broken at line ${verdict.firstBroken?.line}: ${verdict.firstBroken?.reason}`);
  } catch (err) {
    violations.push(`audit log unreadable: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { violations, blobs, strayTemps };
}

/** Codes are never handed out twice: a code once seen on one dossier never names another. */
export function codeReuse(seen: Map<string, string>, snap: RendererSnapshot): string[] {
  const out: string[] = [];
  for (const d of snap.dossiers) {
    const code = String(d.code);
    const before = seen.get(code);
    if (before && before !== d.id) out.push(`code ${code} reused: was ${before}, now ${d.id}`);
    seen.set(code, d.id);
  }
  return out;
}
