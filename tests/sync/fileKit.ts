import { createHash } from 'node:crypto';
import * as tus from 'tus-js-client';
import type { DossierEvent } from '../../shared/domain/lifecycle/events.js';
import { actionEvent, eventWire, receivedEvent } from '../support/dossierEvents.js';
import { api } from './serverKit.js';

// Files on the wire, for the tests of who may upload, read or learn of a blob: a dossier with a
// file-attached event as a workstation pushes it, its file record, and tus uploads both through
// tus-js-client (resumable, as the workstation does) and by hand (to compare answers exactly).

export const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let counter = 5000;

/** A new dossier of `unit` received at the counter (code number from 5000 up: outside any test's blocks). */
export function dossierReceived(unit: string): { id: string; received: DossierEvent } {
  counter += 1;
  const id = `d-${unit.replace(/\./g, '')}-${process.pid}-${counter}`;
  return { id, received: receivedEvent(id, { code: `${unit}-261130-${String(counter).padStart(4, '0')}`, agencyCode: unit }) };
}

export function fileAttached(dossierId: string, sha256: string, seq = 2): DossierEvent {
  return actionEvent(dossierId, seq, 'file-attached', { sha256, name: 'to-khai.pdf', componentCode: 'TK', role: 'component', digitised: false, reused: false });
}

export function fileRecord(dossierId: string, unit: string, sha256: string, size: number): Record<string, unknown> {
  return {
    id: `f-${dossierId}-${sha256.slice(0, 8)}`, sha256, dossierId, unitCode: unit, componentCode: 'TK', name: 'to-khai.pdf',
    mime: 'application/pdf', size, createdAt: '2026-11-30T08:20:00+07:00', _deleted: false,
  };
}

/** Pushes rows to a collection; returns the answer (status and per-row refusals). */
export async function push(base: string, token: string, collection: 'events' | 'files' | 'dossiers', docs: unknown[]) {
  return api<{ conflicts: unknown[]; rejected: Array<{ index: number; code: string }> }>(base, 'POST', `/api/sync/${collection}/push`, {
    token,
    body: docs.map((d) => ({ newDocumentState: d })),
  });
}

/** A dossier of `unit` received and a file attached to it, pushed by `token` (its clerk). */
export async function dossierWithFile(base: string, token: string, unit: string, bytes: Buffer): Promise<{ dossierId: string; sha256: string }> {
  const d = dossierReceived(unit);
  const sha256 = sha(bytes);
  const events = await push(base, token, 'events', [eventWire(d.received, unit), eventWire(fileAttached(d.id, sha256), unit)]);
  if (events.status !== 200 || events.body.rejected.length > 0) throw new Error(`push: ${events.status} ${JSON.stringify(events.body)}`);
  const files = await push(base, token, 'files', [fileRecord(d.id, unit, sha256, bytes.length)]);
  if (files.status !== 200 || files.body.rejected.length > 0) throw new Error(`push files: ${files.status} ${JSON.stringify(files.body)}`);
  return { dossierId: d.id, sha256 };
}

export function tusUpload(endpoint: string, token: string, data: Buffer, sha256: string, chunkSize = 64 * 1024): Promise<void> {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(data, {
      endpoint,
      chunkSize,
      retryDelays: [0, 50, 100, 200, 400, 800, 1000, 1000, 1000, 1000],
      headers: { authorization: `Bearer ${token}` },
      metadata: { sha256, filename: 'scan.pdf' },
      onError: reject,
      onSuccess: () => resolve(),
    });
    u.start();
  });
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function rawOf(res: Response): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, body: await res.text() };
}

const tusHeaders = (token: string | undefined): Record<string, string> => ({ 'tus-resumable': '1.0.0', ...(token ? { authorization: `Bearer ${token}` } : {}) });

/** tus creation (POST) by hand; `location` is the upload's path on the server. */
export async function tusCreate(base: string, token: string | undefined, sha256: string, length: number): Promise<RawAnswer & { location: string | null }> {
  const res = await fetch(`${base}/api/files/tus`, {
    method: 'POST',
    headers: { ...tusHeaders(token), 'upload-length': String(length), 'upload-metadata': `sha256 ${Buffer.from(sha256).toString('base64')}` },
  });
  const answer = await rawOf(res);
  const location = answer.headers.location ?? null;
  return { ...answer, location: location === null ? null : new URL(location, `${base}/api/files/tus/`).pathname };
}

/** tus PATCH of `data` at `offset` by hand. */
export async function tusPatch(base: string, token: string | undefined, location: string, data: Buffer, offset = 0): Promise<RawAnswer> {
  const res = await fetch(`${base}${location}`, {
    method: 'PATCH',
    headers: { ...tusHeaders(token), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(data),
  });
  return rawOf(res);
}

export async function tusHead(base: string, token: string | undefined, location: string): Promise<RawAnswer> {
  return rawOf(await fetch(`${base}${location}`, { method: 'HEAD', headers: tusHeaders(token) }));
}

/** Creates and finishes an upload in one PATCH; returns both answers. */
export async function tusUploadRaw(base: string, token: string, data: Buffer, sha256 = sha(data)): Promise<{ create: RawAnswer; finish: RawAnswer }> {
  const create = await tusCreate(base, token, sha256, data.length);
  if (create.status !== 201 || create.location === null) return { create, finish: create };
  return { create, finish: await tusPatch(base, token, create.location, data) };
}
