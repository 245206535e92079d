import { invoke } from '../ipc/client.js';

// Tells the provincial server how much this workstation still has to upload (the supervisor's
// "has every counter uploaded?"). Called whenever the pending count changes; reports are
// coalesced, and one that finds the server away is simply sent again with the next change or
// after the next "sync now".

const settleMs = 1500;
/** While the app runs, a report at least this often: the supervisor counts older ones as out of touch. */
const heartbeatMs = 5 * 60_000;
let timer: ReturnType<typeof setTimeout> | null = null;
let heartbeat: ReturnType<typeof setInterval> | null = null;
let latest = 0;

export function pendingReport(pending: number): void {
  latest = pending;
  heartbeat ??= setInterval(() => pendingReport(latest), heartbeatMs);
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void invoke('workstations:report', { pending: latest }).catch(() => undefined);
  }, settleMs);
}

/** Report the last known count again (after a sync round, when the link may have come back). */
export function pendingReportAgain(): void {
  pendingReport(latest);
}
