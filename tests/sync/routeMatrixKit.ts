import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { blockAssign } from '../../server/services/blocks.js';
import { syncProtocolVersion } from '../../server/services/syncWire.js';
import { actionEvent, eventWire } from '../support/dossierEvents.js';
import { dossierReceived, dossierWithFile, fileRecord, push, sha, tusCreate, tusPatch, tusUploadRaw } from './fileKit.js';
import { api, testLogin, testUserAdd, type ApiResponse, type TestServer } from './serverKit.js';

// The world of the route × role × unit matrix (routeMatrix.test.ts): one province server, two
// units, a person of each role in the first, helpers acting for the second, an observer of both
// who pulls; a fingerprint of every table a request could write, so that a refusal is shown to
// have written nothing (by reading the tables and by pulling).

export const callers = ['clerk', 'postal', 'supervisor', 'admin', 'none'] as const;
export type Caller = (typeof callers)[number];
export type Target = 'own' | 'other' | 'any';
export type Outcome = 'allow' | 'deny' | 'hidden';

export interface World {
  kit: TestServer;
  base: string;
  own: string;
  other: string;
  token: Record<string, string>;
}

export async function worldMake(kit: TestServer): Promise<World> {
  const own = 'H51.01';
  const other = 'H51.02';
  const people: Array<[string, string, string[]]> = [
    ['a-clerk', 'clerk', [own]], ['a-postal', 'postal', [own]], ['a-supervisor', 'supervisor', [own]], ['a-admin', 'admin', [own]],
    ['a-clerk2', 'clerk', [own]], ['b-clerk', 'clerk', [other]], ['b-admin', 'admin', [other]], ['observer', 'supervisor', [own, other]],
  ];
  const token: Record<string, string> = {};
  for (const [name, role, units] of people) {
    await testUserAdd(kit, name, role, units);
    token[name] = (await testLogin(kit.server.url, name)).accessToken;
  }
  return { kit, base: kit.server.url, own, other, token };
}

/** The caller's token (none: no token at all). */
export const tokenOf = (w: World, who: Caller): string | undefined => (who === 'none' ? undefined : w.token[`a-${who}`]);
/** A clerk of `unit`, who sets up what a request acts on. */
const clerkOf = (w: World, unit: string): string => w.token[unit === w.own ? 'a-clerk' : 'b-clerk'] ?? '';
const colleagueOf = (w: World, unit: string): string => w.token[unit === w.own ? 'a-clerk2' : 'b-clerk'] ?? '';

const tables = ['sync_docs', 'server_dossiers', 'blob_links', 'blob_uploads', 'blobs', 'sequence_blocks', 'workstation_reports', 'workstation_enrolments', 'bundle_workstations'];

export interface Fingerprint {
  tables: Record<string, string>;
  files: string[];
  seq: number;
}

export async function fingerprint(w: World): Promise<Fingerprint> {
  const db = w.kit.server.db;
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await db.query<{ n: string | number; h: string }>(`SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table} t`);
    out[table] = `${row?.n}:${row?.h}`;
  }
  const files = (await readdir(join(w.kit.dataDir, 'blobs'), { recursive: true })).map(String).sort();
  const [top] = await db.query<{ s: string | number | null }>('SELECT max(seq) AS s FROM sync_docs');
  return { tables: out, files, seq: Number(top?.s ?? 0) };
}

/** Nothing written since `before`: the same tables and files, and nothing new to pull for a supervisor of both units. */
export async function nothingWritten(w: World, before: Fingerprint): Promise<void> {
  const after = await fingerprint(w);
  expect(after.tables).toEqual(before.tables);
  expect(after.files).toEqual(before.files);
  for (const collection of ['events', 'dossiers', 'files']) {
    const pulled = await api<{ documents: unknown[] }>(w.base, 'GET', `/api/sync/${collection}/pull?checkpoint=${encodeURIComponent(JSON.stringify({ seq: before.seq }))}`, { token: w.token.observer ?? '' });
    expect(pulled.status).toBe(200);
    expect(pulled.body.documents).toEqual([]);
  }
}

export interface Prepared {
  send(token: string | undefined): Promise<ApiResponse>;
  /** What an allowed call shows (its effect). */
  allowed(res: ApiResponse, who: Caller): Promise<void> | void;
  /** An answer that leaves out what `unit` holds. */
  hidden?(res: ApiResponse): void;
}

export interface RouteCase {
  name: string;
  prepare(w: World, unit: string): Promise<Prepared>;
}

/** A refused row of a push: answered 200, every row refused with a code. */
export function rowsAllRefused(res: ApiResponse, rows: number): boolean {
  const body = res.body as { rejected?: unknown[] } | undefined;
  return res.status === 200 && Array.isArray(body?.rejected) && body.rejected.length === rows;
}

const call = (w: World, method: string, path: string, body?: unknown) => (token: string | undefined) => api(w.base, method, path, { ...(token ? { token } : {}), ...(body === undefined ? {} : { body }) });
const pemMake = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const wsId = () => `PC-${randomUUID()}`;

async function enrolled(w: World, unit: string): Promise<string> {
  const id = wsId();
  const res = await api(w.base, 'POST', '/api/workstations/enrol', { token: clerkOf(w, unit), body: { workstationId: id, name: 'Quầy', unitCode: unit, bundlePublicKeyPem: pemMake() } });
  expect(res.status).toBe(200);
  return id;
}

async function reported(w: World, unit: string): Promise<string> {
  const id = await enrolled(w, unit);
  const res = await api(w.base, 'POST', '/api/workstations/report', { token: clerkOf(w, unit), body: { workstationId: id, workstationName: 'Quầy', unitCode: unit, pending: 2 } });
  expect(res.status).toBe(200);
  return id;
}

async function received(w: World, unit: string): Promise<string> {
  const d = dossierReceived(unit);
  const res = await push(w.base, clerkOf(w, unit), 'events', [eventWire(d.received, unit)]);
  expect(res.body.rejected).toEqual([]);
  return d.id;
}

async function rowOf(w: World, sql: string, params: unknown[]): Promise<Record<string, unknown> | undefined> {
  return (await w.kit.server.db.query(sql, params))[0];
}

const byName = (name: string) => (res: ApiResponse, key: string) => ((res.body as Record<string, Array<Record<string, unknown>>>)[key] ?? []).some((x) => Object.values(x).includes(name));

export const routeCases = {
  time: { name: 'GET /api/time', prepare: async (w) => ({ send: call(w, 'GET', '/api/time'), allowed: (res) => expect(res.body).toMatchObject({ now: expect.any(String) }) }) },
  health: { name: 'GET /api/health', prepare: async (w) => ({ send: call(w, 'GET', '/api/health'), allowed: (res) => expect(res.body).toMatchObject({ ok: true }) }) },
  rulepacks: { name: 'GET /api/rulepacks', prepare: async (w) => ({ send: call(w, 'GET', '/api/rulepacks?since=0'), allowed: (res) => expect(res.body).toMatchObject({ packs: expect.any(Array) }) }) },
  claim: {
    name: 'POST /api/blocks/claim',
    async prepare(w, unit) {
      const id = await enrolled(w, unit);
      const block = await blockAssign(w.kit.server.db, { workstationId: id, agencyCode: unit, size: 1 });
      return {
        send: call(w, 'POST', '/api/blocks/claim', { workstationId: id }),
        async allowed(res) {
          expect((res.body as { blocks: Array<{ id: number }> }).blocks.map((b) => b.id)).toEqual([block.id]);
          expect((await rowOf(w, 'SELECT claimed_at FROM sequence_blocks WHERE id = $1', [block.id]))?.claimed_at).not.toBeNull();
        },
      };
    },
  },
  report: {
    name: 'POST /api/workstations/report',
    async prepare(w, unit) {
      const id = await enrolled(w, unit);
      return {
        send: call(w, 'POST', '/api/workstations/report', { workstationId: id, workstationName: 'Quầy', unitCode: unit, pending: 7 }),
        async allowed(_res, who) {
          expect(await rowOf(w, 'SELECT pending, user_name FROM workstation_reports WHERE workstation_id = $1', [id])).toEqual({ pending: 7, user_name: `a-${who}` });
        },
      };
    },
  },
  reportElsewhere: {
    name: 'POST /api/workstations/report (naming the caller’s unit for a workstation enrolled in `unit`)',
    async prepare(w, unit) {
      const id = await enrolled(w, unit);
      return { send: call(w, 'POST', '/api/workstations/report', { workstationId: id, workstationName: 'Quầy', unitCode: w.own, pending: 7 }), allowed: () => undefined };
    },
  },
  reports: {
    name: 'GET /api/workstations/reports',
    async prepare(w, unit) {
      const id = await reported(w, unit);
      return { send: call(w, 'GET', '/api/workstations/reports'), allowed: (res) => expect(byName(id)(res, 'reports')).toBe(true), hidden: (res) => expect(byName(id)(res, 'reports')).toBe(false) };
    },
  },
  enrol: {
    name: 'POST /api/workstations/enrol',
    async prepare(w, unit) {
      const id = wsId();
      return {
        send: call(w, 'POST', '/api/workstations/enrol', { workstationId: id, name: 'Quầy mới', unitCode: unit, bundlePublicKeyPem: pemMake() }),
        async allowed(_res, who) {
          expect(await rowOf(w, 'SELECT status, requested_by FROM workstation_enrolments WHERE workstation_id = $1', [id])).toEqual({ status: 'pending', requested_by: `a-${who}` });
        },
      };
    },
  },
  enrolElsewhere: {
    name: 'POST /api/workstations/enrol (for the caller’s unit, a workstation enrolled in `unit`)',
    async prepare(w, unit) {
      const id = await enrolled(w, unit);
      return { send: call(w, 'POST', '/api/workstations/enrol', { workstationId: id, name: 'Quầy', unitCode: w.own, bundlePublicKeyPem: pemMake() }), allowed: () => undefined };
    },
  },
  enrolments: {
    name: 'GET /api/workstations/enrolments',
    async prepare(w, unit) {
      const id = await enrolled(w, unit);
      return { send: call(w, 'GET', '/api/workstations/enrolments'), allowed: (res) => expect(byName(id)(res, 'enrolments')).toBe(true), hidden: (res) => expect(byName(id)(res, 'enrolments')).toBe(false) };
    },
  },
  approve: {
    name: 'POST /api/workstations/:id/approve',
    async prepare(w, unit) {
      const id = await enrolled(w, unit);
      return {
        send: call(w, 'POST', `/api/workstations/${id}/approve`, {}),
        async allowed(_res, who) {
          expect(await rowOf(w, 'SELECT status, approved_by FROM workstation_enrolments WHERE workstation_id = $1', [id])).toEqual({ status: 'approved', approved_by: `a-${who}` });
        },
      };
    },
  },
  directory: {
    name: 'GET /api/users/directory',
    async prepare(w, unit) {
      const someone = unit === w.own ? 'a-clerk2' : 'b-clerk';
      return {
        send: call(w, 'GET', '/api/users/directory'),
        allowed(res) {
          expect(byName(someone)(res, 'users')).toBe(true);
          expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
        },
        hidden: (res) => expect(byName(someone)(res, 'users')).toBe(false),
      };
    },
  },
  pullEvents: {
    name: 'GET /api/sync/events/pull',
    async prepare(w, unit) {
      const from = (await fingerprint(w)).seq;
      const id = await received(w, unit);
      const has = (res: ApiResponse) => (res.body as { documents: Array<{ dossierId?: string }> }).documents.some((d) => d.dossierId === id);
      return { send: call(w, 'GET', `/api/sync/events/pull?checkpoint=${encodeURIComponent(JSON.stringify({ seq: from }))}`), allowed: (res) => expect(has(res)).toBe(true), hidden: (res) => expect(has(res)).toBe(false) };
    },
  },
  pullDossiers: {
    name: 'GET /api/sync/dossiers/pull',
    async prepare(w, unit) {
      const from = (await fingerprint(w)).seq;
      const id = await received(w, unit);
      const has = (res: ApiResponse) => (res.body as { documents: Array<{ id?: string }> }).documents.some((d) => d.id === id);
      return { send: call(w, 'GET', `/api/sync/dossiers/pull?checkpoint=${encodeURIComponent(JSON.stringify({ seq: from }))}`), allowed: (res) => expect(has(res)).toBe(true), hidden: (res) => expect(has(res)).toBe(false) };
    },
  },
  stream: {
    name: 'GET /api/sync/events/stream',
    async prepare(w) {
      return {
        async send(token) {
          const stop = new AbortController();
          const res = await fetch(`${w.base}/api/sync/events/stream`, { headers: { 'x-motcua-protocol': String(syncProtocolVersion), ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: stop.signal });
          const reader = res.body?.getReader();
          const first = reader ? new TextDecoder().decode((await reader.read()).value) : '';
          stop.abort();
          return { status: res.status, body: first, headers: res.headers };
        },
        allowed: (res) => expect(res.body).toContain('data: "RESYNC"'),
      };
    },
  },
  pushReceipt: {
    name: 'POST /api/sync/events/push (a receipt)',
    async prepare(w, unit) {
      const d = dossierReceived(unit);
      return {
        send: (token) => push(w.base, token ?? '', 'events', [eventWire(d.received, unit)]).then((r) => r as ApiResponse),
        async allowed(res) {
          expect(res.body).toMatchObject({ rejected: [] });
          expect(await rowOf(w, 'SELECT unit_code FROM server_dossiers WHERE dossier_id = $1', [d.id])).toEqual({ unit_code: unit });
        },
      };
    },
  },
  pushResult: {
    name: 'POST /api/sync/events/push (result ready, clerks only)',
    async prepare(w, unit) {
      const id = await received(w, unit);
      const ready = actionEvent(id, 2, 'result-ready', { resultCode: null, electronicResult: false });
      return {
        send: (token) => push(w.base, token ?? '', 'events', [eventWire(ready, unit)]).then((r) => r as ApiResponse),
        async allowed(res) {
          expect(res.body).toMatchObject({ rejected: [] });
          expect(await rowOf(w, 'SELECT last_pos FROM server_dossiers WHERE dossier_id = $1', [id])).toEqual({ last_pos: 2 });
        },
      };
    },
  },
  pushFile: {
    name: 'POST /api/sync/files/push',
    async prepare(w, unit) {
      const id = await received(w, unit);
      const record = fileRecord(id, unit, sha(randomBytes(16)), 16);
      return {
        send: (token) => push(w.base, token ?? '', 'files', [record]).then((r) => r as ApiResponse),
        async allowed(res) {
          expect(res.body).toMatchObject({ rejected: [] });
          expect(await rowOf(w, `SELECT unit_code FROM sync_docs WHERE collection = 'files' AND id = $1`, [record.id])).toEqual({ unit_code: unit });
        },
      };
    },
  },
  pushDossier: {
    name: 'POST /api/sync/dossiers/push (derived by the server: nobody)',
    async prepare(w, unit) {
      const id = await received(w, unit);
      const forged = { id, unitCode: unit, updatedAt: new Date().toISOString(), _deleted: true, code: 'X' };
      return { send: (token) => push(w.base, token ?? '', 'dossiers', [forged]).then((r) => r as ApiResponse), allowed: () => undefined };
    },
  },
  fileHead: {
    name: 'HEAD /api/files/:sha',
    async prepare(w, unit) {
      const bytes = randomBytes(2_000);
      const { sha256 } = await dossierWithFile(w.base, clerkOf(w, unit), unit, bytes);
      expect((await tusUploadRaw(w.base, clerkOf(w, unit), bytes)).finish.status).toBe(204);
      return { send: call(w, 'HEAD', `/api/files/${sha256}`), allowed: (res) => expect(res.status).toBe(200) };
    },
  },
  fileGet: {
    name: 'GET /api/files/:sha',
    async prepare(w, unit) {
      const bytes = randomBytes(2_000);
      const { sha256 } = await dossierWithFile(w.base, clerkOf(w, unit), unit, bytes);
      expect((await tusUploadRaw(w.base, clerkOf(w, unit), bytes)).finish.status).toBe(204);
      return {
        async send(token) {
          const res = await fetch(`${w.base}/api/files/${sha256}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
          return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
        },
        allowed: (res) => expect(sha(res.body as Buffer)).toBe(sha256),
      };
    },
  },
  tusCreate: {
    name: 'POST /api/files/tus',
    async prepare(w) {
      const hash = sha(randomBytes(16));
      return {
        async send(token) {
          const res = await tusCreate(w.base, token, hash, 1_000);
          return { status: res.status, body: res.body, headers: new Headers(res.headers) };
        },
        async allowed(_res, who) {
          expect(await rowOf(w, 'SELECT username, bytes FROM blob_uploads WHERE sha256 = $1', [hash])).toMatchObject({ username: `a-${who}` });
        },
      };
    },
  },
  tusPatch: {
    name: 'PATCH /api/files/tus/:id (a colleague’s upload)',
    async prepare(w, unit) {
      const data = randomBytes(1_000);
      const created = await tusCreate(w.base, colleagueOf(w, unit), sha(data), data.length);
      expect(created.status).toBe(201);
      return {
        async send(token) {
          const res = await tusPatch(w.base, token, created.location ?? '', data);
          return { status: res.status, body: res.body, headers: new Headers(res.headers) };
        },
        allowed: () => undefined,
      };
    },
  },
} satisfies Record<string, RouteCase>;
