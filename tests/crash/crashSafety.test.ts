import { describe, expect, it } from 'vitest';
import { crashSafetyRun, summaryFormat } from './crashRun.js';

// CI's share of the crash-safety run: a few kills per phase (the full 50 per phase is
// `npm run crash:check -- --rounds 50`). The seed is printed so a failure can be replayed.

describe('crash safety', () => {
  it('keeps every dossier whole, every file intact and sync resuming after random SIGKILLs during intake, scanning and sync', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const lines: string[] = [];
    const summary = await crashSafetyRun({ rounds: Number(process.env.CRASH_ROUNDS ?? 3), seed, log: (l) => lines.push(l) });
    const report = `${lines.join('\n')}\n${summaryFormat(summary)}`;
    console.log(report);
    expect(summary.rounds).toBe(3 * Number(process.env.CRASH_ROUNDS ?? 3));
    expect(summary.dossiers).toBeGreaterThan(0);
    expect(summary.violations, report).toEqual([]);
  }, 1_200_000);
});
