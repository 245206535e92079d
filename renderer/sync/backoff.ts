// Back-off while the server is away: after n failures in a row, no request for
// min(60 s, 2^n s); RxDB retries the handler meanwhile and is refused locally at no cost.
// "Sync now" and any success reset it.

export interface Backoff {
  run<T>(work: () => Promise<T>): Promise<T>;
  reset(): void;
  offline(err: unknown): boolean;
  failures(): number;
}

export function backoffCreate(now: () => number = Date.now, maxMs = 60_000): Backoff {
  let failures = 0;
  let notBefore = 0;
  const codeOf = (err: unknown): string | undefined =>
    typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
  return {
    async run(work) {
      if (now() < notBefore) throw Object.assign(new Error('Đang chờ để thử lại'), { code: 'server-offline' });
      try {
        const result = await work();
        failures = 0;
        notBefore = 0;
        return result;
      } catch (err) {
        failures++;
        notBefore = now() + Math.min(maxMs, 1000 * 2 ** Math.min(failures - 1, 16));
        throw err;
      }
    },
    reset() {
      failures = 0;
      notBefore = 0;
    },
    offline: (err) => codeOf(err) === 'server-offline',
    failures: () => failures,
  };
}
