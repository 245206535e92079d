import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callers, fingerprint, nothingWritten, routeCases, rowsAllRefused, tokenOf, worldMake, type Caller, type Outcome, type RouteCase, type Target, type World } from './routeMatrixKit.js';
import { serverEngines, testServerStart, type TestServer } from './serverKit.js';

// Every route × role × unit (issue 17, "done when"): a clerk, a post-office clerk, a supervisor and
// an admin of unit H51.01, and nobody (no token), call each route about their own unit and about
// H51.02. The policy is server/routes/routePolicy.ts; this table states what a province expects,
// independently of it. "deny": refused (4xx, or 200 with every pushed row refused), and nothing
// written — the tables and the blob folder are as before and a supervisor of both units pulls
// nothing new. "hidden": answered, without anything of the other unit, and nothing written.
// "allow": answered, with its effect. A call without a token is always 401 (except the clock).

const A = 'allow';
const D = 'deny';
const H = 'hidden';

//                                      clerk postal supervisor admin none
const matrix: Array<[keyof typeof routeCases, Target, [Outcome, Outcome, Outcome, Outcome, Outcome]]> = [
  ['time', 'any', [A, A, A, A, A]],
  ['health', 'any', [A, A, A, A, A]],
  ['rulepacks', 'any', [A, A, A, A, D]],
  ['claim', 'own', [A, A, A, D, D]],
  ['claim', 'other', [D, D, D, D, D]],
  ['report', 'own', [A, A, A, D, D]],
  ['report', 'other', [D, D, D, D, D]],
  ['reportElsewhere', 'other', [D, D, D, D, D]],
  ['reports', 'own', [D, D, A, A, D]],
  ['reports', 'other', [D, D, H, H, D]],
  ['enrol', 'own', [A, A, A, D, D]],
  ['enrol', 'other', [D, D, D, D, D]],
  ['enrolElsewhere', 'other', [D, D, D, D, D]],
  ['enrolments', 'own', [D, D, D, A, D]],
  ['enrolments', 'other', [D, D, D, H, D]],
  ['approve', 'own', [D, D, D, A, D]],
  ['approve', 'other', [D, D, D, D, D]],
  ['directory', 'own', [A, A, A, A, D]],
  ['directory', 'other', [H, H, H, H, D]],
  ['pullEvents', 'own', [A, A, A, A, D]],
  ['pullEvents', 'other', [H, H, H, H, D]],
  ['pullDossiers', 'own', [A, A, A, A, D]],
  ['pullDossiers', 'other', [H, H, H, H, D]],
  ['stream', 'any', [A, A, A, A, D]],
  ['pushReceipt', 'own', [A, A, D, D, D]],
  ['pushReceipt', 'other', [D, D, D, D, D]],
  ['pushResult', 'own', [A, D, D, D, D]],
  ['pushResult', 'other', [D, D, D, D, D]],
  ['pushFile', 'own', [A, A, D, D, D]],
  ['pushFile', 'other', [D, D, D, D, D]],
  ['pushDossier', 'own', [D, D, D, D, D]],
  ['pushDossier', 'other', [D, D, D, D, D]],
  ['fileHead', 'own', [A, A, A, A, D]],
  ['fileHead', 'other', [D, D, D, D, D]],
  ['fileGet', 'own', [A, A, A, A, D]],
  ['fileGet', 'other', [D, D, D, D, D]],
  ['tusCreate', 'any', [A, A, D, D, D]],
  ['tusPatch', 'own', [D, D, D, D, D]],
  ['tusPatch', 'other', [D, D, D, D, D]],
];

const rows = matrix.flatMap(([key, target, outcomes]) => callers.map((who, i) => ({ key, target, who, outcome: outcomes[i] as Outcome })));

describe.each(serverEngines)('every route × role × unit (%s)', (engine) => {
  let kit: TestServer;
  let w: World;
  beforeAll(async () => {
    kit = await testServerStart(engine);
    w = await worldMake(kit);
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it.each(rows)('$key ($target unit) by $who: $outcome', async ({ key, target, who, outcome }: { key: keyof typeof routeCases; target: Target; who: Caller; outcome: Outcome }) => {
    const route: RouteCase = routeCases[key];
    const prepared = await route.prepare(w, target === 'other' ? w.other : w.own);
    const before = await fingerprint(w);
    const res = await prepared.send(tokenOf(w, who));
    const label = `${route.name} by ${who}: ${res.status} ${typeof res.body === 'string' ? res.body.slice(0, 200) : JSON.stringify(res.body)?.slice(0, 300)}`;
    if (outcome === 'allow') {
      expect(res.status, label).toBeGreaterThanOrEqual(200);
      expect(res.status, label).toBeLessThan(300);
      await prepared.allowed(res, who);
      return;
    }
    if (outcome === 'hidden') {
      expect(res.status, label).toBe(200);
      prepared.hidden?.(res);
    } else if (who === 'none') {
      expect(res.status, label).toBe(401);
    } else {
      expect(res.status >= 400 && res.status < 500 ? true : rowsAllRefused(res, 1), label).toBe(true);
      expect(res.status, label).not.toBe(401);
    }
    await nothingWritten(w, before);
  });
});
