import { scanError } from './errors.js';

// One job per device at a time: a second start while the first runs is `scanner-busy`, the same
// answer a real device gives, so the UI handles both alike.
export class DeviceLocks {
  private readonly held = new Set<string>();

  acquire(deviceId: string): () => void {
    if (this.held.has(deviceId)) throw scanError('scanner-busy', { deviceId });
    this.held.add(deviceId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held.delete(deviceId);
    };
  }
}
