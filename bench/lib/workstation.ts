import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { eventBusCreate } from '../../electron/ipc/eventBus.js';
import { blobStoreCreate, type BlobStore } from '../../electron/services/blobs/blobStore.js';
import { keyStoreCreate } from '../../electron/services/keys/keyStore.js';
import { serverTrustOf } from '../../electron/services/serverLink/serverTrust.js';
import { settingsStoreCreate } from '../../electron/services/settings/settingsStore.js';
import { syncServiceCreate, type PushRow, type SyncService } from '../../electron/services/sync/syncService.js';
import { tokenVaultCreate } from '../../electron/services/sync/tokenVault.js';
import { userStoreCreate } from '../../electron/services/users/userStore.js';
import type { SyncCollectionName } from '../../shared/contract/sync.js';
import type { Db } from '../../server/db/db.js';
import { benchAttached, benchReceived } from './benchEvents.js';
import { refreshTokenNew } from '../../server/services/tokens.js';

// A simulated commune workstation for the benchmarks: the app's real main-side sync service
// (electron/services/sync: HTTP client, batch shrink, tus uploads with resume) over a temp
// folder, already signed in that morning (a refresh token in its vault), and one commune's day:
// dossiers' `received` events, page files (distinct random bytes), the events attaching them and
// their records.

export interface CommuneGrant {
  unitCode: string;
  username: string;
  refreshToken: string;
}

/** Clerks for `count` communes, written straight into the database (argon2 once, not per user). */
export async function communeGrants(db: Db, count: number): Promise<CommuneGrant[]> {
  const passwordHash = await hash('commune-password');
  const units = Array.from({ length: count }, (_, i) => `X${String(i + 1).padStart(4, '0')}`);
  const grants: CommuneGrant[] = [];
  for (let start = 0; start < count; start += 500) {
    const part = units.slice(start, start + 500);
    const users = await db.query<{ id: string | number; username: string }>(
      `INSERT INTO users (username, password_hash, role)
         SELECT u, $2, 'clerk' FROM unnest($1::text[]) AS u RETURNING id, username`,
      [part.map((u) => `clerk-${u}`), passwordHash],
    );
    const tokens = users.map(() => refreshTokenNew());
    await db.query('INSERT INTO user_units (user_id, unit_code) SELECT * FROM unnest($1::bigint[], $2::text[])', [users.map((u) => Number(u.id)), users.map((u) => u.username.slice(6))]);
    await db.query(
      `INSERT INTO refresh_tokens (token_hash, user_id, expires_at) SELECT h, id, now() + interval '1 day' FROM unnest($1::text[], $2::bigint[]) AS t(h, id)`,
      [tokens.map((t) => t.hash), users.map((u) => Number(u.id))],
    );
    users.forEach((u, i) => grants.push({ unitCode: u.username.slice(6), username: u.username, refreshToken: tokens[i]?.token ?? '' }));
  }
  return grants;
}

export interface BenchWorkstation {
  dir: string;
  service: SyncService;
  blobs: BlobStore;
  close(): Promise<void>;
}

export async function benchWorkstationOpen(serverUrl: string, grant: CommuneGrant): Promise<BenchWorkstation> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-bench-ws-'));
  const settings = settingsStoreCreate(dir);
  await settings.save({ agencyCode: 'H29.01', unitName: `UBND xã ${grant.unitCode}`, workstationName: 'Quầy 1', serverUrl });
  const keys = keyStoreCreate(dir);
  await tokenVaultCreate(dir, keys).save({ username: grant.username, refreshToken: grant.refreshToken });
  const blobs = blobStoreCreate(join(dir, 'blobs'));
  const service = syncServiceCreate({ dataDir: dir, settings, keys, users: userStoreCreate(dir), blobs, bus: eventBusCreate() });
  return {
    dir,
    service,
    blobs,
    async close() {
      service.streams.stop();
      await serverTrustOf(settings).close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface CommuneDay {
  events: Array<Record<string, unknown>>;
  files: Array<Record<string, unknown>>;
  fileBytes: number;
}

/** One commune's day: `dossierCount` intakes with `pagesEach` page files of `pageBytes` each, each page attached by an event. */
export async function communeDayMake(ws: BenchWorkstation, unitCode: string, dossierCount: number, pageCount: number, pageBytes: number): Promise<CommuneDay> {
  const day: CommuneDay = { events: [], files: [], fileBytes: 0 };
  const received = Array.from({ length: dossierCount }, (_, d) => benchReceived(unitCode, d, `${unitCode}-${d}-${randomBytes(4).toString('hex')}`));
  day.events.push(...received);
  const seqOf = new Map<string, number>();
  for (let p = 0; p < pageCount; p++) {
    const bytes = randomBytes(pageBytes);
    const { sha256, size } = await ws.blobs.put(bytes);
    const dossier = received[p % Math.max(1, dossierCount)];
    if (!dossier) break;
    const dossierId = String(dossier.dossierId);
    const seq = (seqOf.get(dossierId) ?? 1) + 1;
    seqOf.set(dossierId, seq);
    day.events.push(benchAttached(dossier, seq, sha256, `trang-${p + 1}.pdf`));
    day.files.push({ id: `${dossierId}:${sha256}`, unitCode, createdAt: String(dossier.at), _deleted: false, sha256, size, dossierId, name: `trang-${p + 1}.pdf`, mime: 'application/pdf' });
    day.fileBytes += size;
  }
  return day;
}

/** Retries `work` as the app does after a failed sync (RxDB retries; the renderer backs off 1 s). */
async function retried<T>(work: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Pushes the day as the replication does (batches of `batch`, records first) and uploads the files. */
export async function communeDaySync(ws: BenchWorkstation, day: CommuneDay, options: { batch?: number; lanes?: number } = {}): Promise<void> {
  const batch = options.batch ?? 100;
  const lanes = options.lanes ?? 1;
  const pushAll = async (collection: SyncCollectionName, docs: Array<Record<string, unknown>>) => {
    for (let i = 0; i < docs.length; i += batch) {
      const rows: PushRow[] = docs.slice(i, i + batch).map((d) => ({ newDocumentState: d }));
      const answer = await retried(() => ws.service.push(collection, rows));
      if (answer.conflicts.length > 0 || answer.rejected.length > 0) throw new Error(`${collection}: ${JSON.stringify(answer.rejected[0] ?? answer.conflicts[0])}`);
    }
  };
  await pushAll('events', day.events);
  await pushAll('files', day.files);
  // The push of `files` records starts one sequential upload of its hashes (syncService.ts);
  // waiting here is a second caller over the same hashes in the same order, which awaits the
  // job already running for each, so uploads still go one at a time (`lanes` > 1 splits the
  // hashes to show what concurrent uploads would give). A failed one (the link cut during its
  // HEAD) is asked for again, as the next push or "sync now" would.
  let pending = day.files.map((f) => String(f.sha256));
  for (let round = 0; pending.length > 0; round++) {
    if (round === 6) throw new Error(`${pending.length} uploads failed`);
    const hashes = pending;
    const results = await Promise.all(Array.from({ length: lanes }, (_, l) => ws.service.files.upload(hashes.filter((_, i) => i % lanes === l))));
    pending = results.flatMap((r) => r.failed);
  }
}
