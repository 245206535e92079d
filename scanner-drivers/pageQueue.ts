// Bridges push-style sources (a child process announcing finished files) to the pull-style
// async iterator the driver interface returns. Values and the end (or an error) are queued in
// order, so a fault after two pages still delivers those two pages first.
export class PushQueue<T> {
  private readonly items: T[] = [];
  private ended = false;
  private failure: unknown = undefined;
  private failed = false;
  private wake: (() => void) | null = null;

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(err: unknown): void {
    if (this.ended) return;
    this.failure = err;
    this.failed = true;
    this.ended = true;
    this.notify();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  async *drain(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const next = this.items.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.ended) {
        if (this.failed) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
