// Timing helpers shared by the bench page: figures only, never a verdict.

export interface Figures {
  name: string;
  runs: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  note?: string;
}

function quantile(sorted: readonly number[], q: number): number {
  // Nearest-rank: p95 of 60 runs is the 57th value, an actual measurement.
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? Number.NaN;
}

export function figuresOf(name: string, samples: readonly number[], note?: string): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    runs: sorted.length,
    min: sorted[0] ?? Number.NaN,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    ...(note ? { note } : {}),
  };
}

/** Runs `work` `warmup` times unmeasured, then `runs` times measured, one after the other. */
export async function timeRuns(
  name: string,
  runs: number,
  work: (i: number) => Promise<unknown>,
  options: { warmup?: number; before?: (i: number) => Promise<void> | void; note?: string } = {},
): Promise<Figures> {
  const samples: number[] = [];
  const warmup = options.warmup ?? 3;
  for (let i = 0; i < warmup + runs; i++) {
    await options.before?.(i);
    const t0 = performance.now();
    await work(i);
    const ms = performance.now() - t0;
    if (i >= warmup) samples.push(ms);
  }
  return figuresOf(name, samples, options.note);
}
