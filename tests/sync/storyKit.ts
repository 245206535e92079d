import { randomUUID } from 'node:crypto';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import type { DossierProjection } from '../../shared/domain/lifecycle/projection.js';
import { docToBundle, type Doc } from '../../renderer/sync/wire.js';
import { serverChildStart } from '../support/provinceServer.js';
import type { TestWorkstation } from './clientKit.js';
import { api } from './serverKit.js';

// Helpers of the multi-client fault story (stories.test.ts): the provincial server as a real
// process that can be killed with SIGKILL and started again on its data, each side's view of
// the replicated facts (events in wire form, projections), and legal next steps for a counter.

export interface KillableServer {
  url: string;
  port: number;
  kills: number;
  /** SIGKILL, then a start on the same port and data folder. */
  killAndRestart(): Promise<void>;
  stop(): Promise<void>;
}

export async function killableServerStart(dataDir: string): Promise<KillableServer> {
  let current = await serverChildStart(dataDir, 0);
  const port = Number(new URL(current.url).port);
  const server: KillableServer = {
    url: current.url,
    port,
    kills: 0,
    async killAndRestart() {
      const exited = new Promise((r) => current.child.once('exit', r));
      current.child.kill('SIGKILL');
      await exited;
      server.kills += 1;
      current = await serverChildStart(dataDir, port);
    },
    stop: () => current.stop(),
  };
  return server;
}

/** Server fields and wire conventions that are not the fact itself, for comparing copies. */
function factOf(doc: Doc): Doc {
  const { updatedAt: _u, _deleted: _d, ...rest } = doc;
  return rest;
}

/** Every event the server serves to `token`'s units, in wire form, by pulling from the start. */
export async function serverEvents(base: string, token: string): Promise<Doc[]> {
  const out: Doc[] = [];
  let checkpoint: unknown = null;
  for (;;) {
    const res = await api<{ documents: Doc[]; checkpoint: unknown }>(base, 'GET', `/api/sync/events/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=1000`, { token });
    if (res.status !== 200) throw new Error(`pull events ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.documents.filter((d) => d._deleted !== true).map(factOf));
    if (res.body.documents.length < 1000) return out;
    checkpoint = res.body.checkpoint;
  }
}

/** The server's derived projections (pull-only), personal data as a workstation keeps it in the projection. */
export async function serverProjections(base: string, token: string): Promise<Map<string, DossierProjection>> {
  const res = await api<{ documents: Doc[] }>(base, 'GET', `/api/sync/dossiers/pull?checkpoint=null&limit=1000`, { token });
  if (res.status !== 200) throw new Error(`pull dossiers ${res.status} ${JSON.stringify(res.body)}`);
  const out = new Map<string, DossierProjection>();
  for (const d of res.body.documents) {
    if (d._deleted === true) continue;
    const p = d.projection as DossierProjection;
    out.set(p.id, { ...p, applicantIdNumber: null });
  }
  return out;
}

export interface WorkstationView {
  /** Events the projection is built from, in wire form (personal data opened), by id. */
  events: Map<string, Doc>;
  rejected: Map<string, Doc>;
  pending: number;
  projections: Map<string, DossierProjection>;
}

export async function workstationView(ws: TestWorkstation): Promise<WorkstationView> {
  const view: WorkstationView = { events: new Map(), rejected: new Map(), pending: 0, projections: new Map() };
  for (const d of await ws.db.events.find().exec()) {
    const wire = factOf(await docToBundle('events', d.toJSON() as Doc, ws.cipher));
    if (d.syncState === 'rejected') view.rejected.set(d.id, { ...wire, syncReason: d.syncReason });
    else view.events.set(d.id, wire);
    if (d.syncState !== 'acknowledged' && d.syncState !== 'rejected') view.pending += 1;
    else if (d.syncState === 'acknowledged' && (d.pos ?? null) === null) view.pending += 1;
  }
  for (const d of await ws.db.dossiers.find().exec()) view.projections.set(d.id, d.projection as unknown as DossierProjection);
  return view;
}

/** Canonical JSON, key order ignored. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

type Next = Exclude<DossierEvent['type'], 'received'>;

/** A legal next step from a status, drawn with `random`; null when the dossier is closed. */
export function nextStep(status: string, random: () => number): Next | null {
  const options: Record<string, Next[]> = {
    received: ['transferred', 'result-ready', 'withdrawn'],
    'in-process': ['result-ready', 'transferred', 'withdrawn'],
    'result-ready': ['returned'],
  };
  const list = options[status];
  return list ? (list[Math.floor(random() * list.length)] ?? null) : null;
}

export function stepEvent(p: DossierProjection, type: Next, at: string, actor: DossierEvent['actor']): DossierEvent {
  const payloads: Record<string, unknown> = {
    transferred: { toUnit: `${p.agencyCode}.TP`, note: null },
    'result-ready': { resultCode: null, electronicResult: false },
    returned: { delivery: 'counter', note: null },
    withdrawn: { reason: 'Người nộp rút hồ sơ' },
  };
  return { id: randomUUID(), dossierId: p.id, seq: p.lastSeq + 1, type, at, actor, payload: payloads[type] } as DossierEvent;
}
