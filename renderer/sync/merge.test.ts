import { describe, expect, it } from 'vitest';
import { dossierMerge, eventRekey } from './merge.js';

// The conflict rules as a table: base (last agreed state), this workstation's copy, the
// server's copy → the merged record and the collisions sent to the supervisor's review list.

const base = { id: 'd1', code: 'H29.01-261130-0001', status: 'in-process', dueAt: '2026-12-03', lastSeq: 2, updatedAt: '2026-11-30T09:00:00+07:00', note: 'a', projection: { status: 'in-process', currentUnit: 'TP', lastSeq: 2 } };

const cases: Array<{ name: string; local: object; server: object; merged: object; collisions: string[]; noBase?: boolean }> = [
  { name: 'nothing changed', local: {}, server: {}, merged: {}, collisions: [] },
  { name: 'only the server changed a field', local: {}, server: { status: 'done' }, merged: { status: 'done' }, collisions: [] },
  { name: 'only this workstation changed a field', local: { note: 'b' }, server: {}, merged: { note: 'b' }, collisions: [] },
  { name: 'different fields on each side both survive', local: { note: 'b' }, server: { status: 'done' }, merged: { note: 'b', status: 'done' }, collisions: [] },
  { name: 'both sides made the same change', local: { note: 'b' }, server: { note: 'b' }, merged: { note: 'b' }, collisions: [] },
  { name: 'same field, different values: server kept, collision listed', local: { dueAt: '2026-12-05' }, server: { dueAt: '2026-12-04' }, merged: { dueAt: '2026-12-04' }, collisions: ['dueAt'] },
  { name: 'counters only grow', local: { lastSeq: 4, updatedAt: '2026-11-30T11:00:00+07:00' }, server: { lastSeq: 3, updatedAt: '2026-11-30T10:00:00+07:00' }, merged: { lastSeq: 4, updatedAt: '2026-11-30T11:00:00+07:00' }, collisions: [] },
  { name: 'projection merges key by key', local: { projection: { ...base.projection, currentUnit: 'VP' } }, server: { projection: { ...base.projection, status: 'done' } }, merged: { projection: { status: 'done', currentUnit: 'VP', lastSeq: 2 } }, collisions: [] },
  { name: 'projection collision names the inner field', local: { projection: { ...base.projection, currentUnit: 'VP' } }, server: { projection: { ...base.projection, currentUnit: 'KT' } }, merged: { projection: { status: 'in-process', currentUnit: 'KT', lastSeq: 2 } }, collisions: ['projection.currentUnit'] },
  { name: 'a field added on one side only', local: { extra: 1 }, server: {}, merged: { extra: 1 }, collisions: [] },
  { name: 'no common base: every difference is a collision', local: { note: 'b' }, server: { note: 'c' }, merged: { note: 'c' }, collisions: ['note'], noBase: true },
];

describe('dossier merge from the common base', () => {
  it.each(cases)('$name', ({ local, server, merged, collisions, noBase }) => {
    const result = dossierMerge(noBase ? undefined : base, { ...base, ...local, syncState: 'local' }, { ...base, ...server, syncState: 'acknowledged' });
    expect(result.doc).toMatchObject(merged);
    expect(result.doc).not.toHaveProperty('syncState');
    expect(result.collisions.map((c) => c.field)).toEqual(collisions);
    for (const c of result.collisions) expect(c.local).not.toEqual(c.server);
  });
});

describe('event union', () => {
  it('moves a displaced local event after the dossier’s last event, keeping its identity', () => {
    const event = { id: 'd1:000003', eventId: 'e-local', dossierId: 'd1', seq: 3, type: 'transferred', syncState: 'sent' };
    expect(eventRekey(event, [1, 2, 3])).toMatchObject({ id: 'd1:000004', seq: 4, eventId: 'e-local', syncState: 'local' });
  });
});
