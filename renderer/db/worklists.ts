import type { MangoQuerySelector } from 'rxdb';
import { searchNormalize } from '../../shared/domain/text/searchNormalize.js';
import { vnInstant, vnIsoFormat, vnWall } from '../../shared/domain/time/vnTime.js';
import type { Database, DossierDoc } from './database.js';

// The clerk's worklists, each one indexed query. Times are compared as ISO strings, which is
// sound because every stored time carries the same +07:00 offset.

export const worklistIds = ['received-today', 'due-today', 'due-tomorrow', 'overdue', 'supplement', 'result-ready'] as const;
export type WorklistId = (typeof worklistIds)[number];

/** Statuses whose legal clock is running (a supplement request pauses it, §6.2). */
export const runningStatuses = ['received', 'in-process', 'awaiting-payment'];

function dayStart(ms: number, plusDays = 0): string {
  return vnIsoFormat(vnInstant(vnWall(ms).day + plusDays, 0));
}

export function worklistSelector(id: WorklistId, now: number): { selector: MangoQuerySelector<DossierDoc>; sort: Record<string, 'asc' | 'desc'>[] } {
  const today = dayStart(now);
  const tomorrow = dayStart(now, 1);
  const afterTomorrow = dayStart(now, 2);
  switch (id) {
    case 'received-today':
      // Newest first, read backwards along [receivedAt, id] (getAllStorage.ts): only the first page is read.
      return { selector: { receivedAt: { $gte: today, $lt: tomorrow } }, sort: [{ receivedAt: 'desc' }, { id: 'desc' }] };
    case 'due-today':
      return { selector: { dueAt: { $gte: today, $lt: tomorrow }, status: { $in: runningStatuses } }, sort: [{ dueAt: 'asc' }] };
    case 'due-tomorrow':
      return { selector: { dueAt: { $gte: tomorrow, $lt: afterTomorrow }, status: { $in: runningStatuses } }, sort: [{ dueAt: 'asc' }] };
    case 'overdue':
      return { selector: { dueAt: { $lt: vnIsoFormat(now) }, status: { $in: runningStatuses } }, sort: [{ dueAt: 'asc' }] };
    case 'supplement':
      return { selector: { status: 'supplement-requested' }, sort: [{ status: 'asc' }, { dueAt: 'asc' }] };
    case 'result-ready':
      return { selector: { status: 'result-ready' }, sort: [{ status: 'asc' }, { dueAt: 'asc' }] };
  }
}

type WorklistPart = { selector: MangoQuerySelector<DossierDoc>; sort: Record<string, 'asc' | 'desc'>[] };

/**
 * The worklist as index-exact queries. `status: {$in}` makes RxDB scan the [status, dueAt] index from the
 * smallest to the largest status: every open dossier whatever its due date, then a sort in memory
 * (thousands of reads at 100k dossiers). One `$eq` query per status reads only its own range, already
 * in due-date order, and stops at the limit; a count over it is an index count.
 */
export function worklistParts(id: WorklistId, now: number): WorklistPart[] {
  const { selector, sort } = worklistSelector(id, now);
  const status = selector.status as { $in?: string[] } | undefined;
  if (!status?.$in) return [{ selector, sort }];
  return status.$in.map((s) => ({ selector: { ...selector, status: s }, sort }));
}

function byDueAt(a: Pick<DossierDoc, 'dueAt' | 'id'>, b: Pick<DossierDoc, 'dueAt' | 'id'>): number {
  return a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export async function worklistQuery(db: Database, id: WorklistId, now: number, limit = 50): Promise<DossierDoc[]> {
  const parts = worklistParts(id, now);
  const results = await Promise.all(parts.map((p) => db.dossiers.find({ selector: p.selector, sort: p.sort, limit }).exec()));
  // Merged and cut before copying: only the rows shown are cloned.
  const docs = parts.length === 1 ? results.flat() : results.flat().sort(byDueAt).slice(0, limit);
  return docs.map((d) => d.toMutableJSON() as DossierDoc);
}

export async function worklistCount(db: Database, id: WorklistId, now: number): Promise<number> {
  const counts = await Promise.all(worklistParts(id, now).map((p) => db.dossiers.count({ selector: p.selector }).exec()));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Search by dossier code (prefix, when the text looks like a code) or applicant name (prefix of the
 * diacritics-free key), both as index ranges: never a regex scan.
 */
export async function dossierSearch(db: Database, text: string, limit = 50): Promise<DossierDoc[]> {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const looksLikeCode = /^[A-Z0-9.]+-?\d*/.test(trimmed.toUpperCase()) && /\d/.test(trimmed);
  const key = looksLikeCode ? trimmed.toUpperCase() : searchNormalize(trimmed);
  const field = looksLikeCode ? 'code' : 'applicantNameSearch';
  const docs = await db.dossiers.find({ selector: { [field]: { $gte: key, $lt: `${key}\uffff` } }, sort: [{ [field]: 'asc' }], limit }).exec();
  return docs.map((d) => d.toMutableJSON() as DossierDoc);
}

export function isOverdue(doc: Pick<DossierDoc, 'dueAt' | 'status'>, now: number): boolean {
  return runningStatuses.includes(doc.status) && doc.dueAt < vnIsoFormat(now);
}

