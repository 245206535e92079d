// "Has every counter uploaded?" on the supervisor's end of day: what this PC still holds
// unacknowledged (known exactly, now) joined with what every other workstation of the units last
// reported to the provincial server (known as of its report). A counter that reported nothing is
// not listed: nobody can know it exists until it has synced once. Counters report after every
// sync and every few minutes while they reach the server; a report older than
// `reportFreshMinutes` (by the server's clock) means the counter has been out of touch since,
// and whatever it did meanwhile is unknown: it does not count as uploaded.

export const reportFreshMinutes = 30;

/** The workstation's clock as it last measured it against the server (offset = server − PC), and an override in force. */
export interface UploadClock {
  trusted: boolean;
  offsetMs: number | null;
  measuredAt: string | null;
  override: { userName: string; reason: string; at: string; until: string } | null;
}

export interface UploadReport {
  workstationId: string;
  workstationName: string;
  pending: number;
  userName: string;
  reportedAt: string;
  clock: UploadClock | null;
}

export interface UploadRow {
  workstationId: string;
  workstationName: string;
  pending: number;
  /** null for this PC: its count is the live one. */
  reportedAt: string | null;
  userName: string | null;
  /** Out of touch: its last report is older than reportFreshMinutes. */
  silent: boolean;
  clock: UploadClock | null;
}

export interface Uploads {
  rows: UploadRow[];
  everyoneUploaded: boolean;
}

export function uploadsMerge(
  own: { workstationId: string; workstationName: string; clock: UploadClock | null },
  localUnsynced: Readonly<Record<string, number>>,
  reports: readonly UploadReport[],
  /** The server's clock when it answered; null when it could not be reached (nothing is fresh then). */
  serverNowMs: number | null,
): Uploads {
  const silent = (at: string): boolean => serverNowMs === null || serverNowMs - Date.parse(at) > reportFreshMinutes * 60_000;
  const rows = new Map<string, UploadRow>();
  for (const r of reports) {
    if (r.workstationId === own.workstationId) continue;
    rows.set(r.workstationId, { workstationId: r.workstationId, workstationName: r.workstationName, pending: r.pending, reportedAt: r.reportedAt, userName: r.userName, silent: silent(r.reportedAt), clock: r.clock });
  }
  // Events of another workstation that this PC holds unacknowledged (a bundle it carried in)
  // count too; this PC's own count is exact.
  for (const [workstationId, n] of Object.entries(localUnsynced)) {
    const known = rows.get(workstationId);
    if (known) known.pending = Math.max(known.pending, n);
    else if (workstationId !== own.workstationId) rows.set(workstationId, { workstationId, workstationName: workstationId.slice(0, 8), pending: n, reportedAt: null, userName: null, silent: false, clock: null });
  }
  const mine: UploadRow = { workstationId: own.workstationId, workstationName: own.workstationName, clock: own.clock, pending: localUnsynced[own.workstationId] ?? 0, reportedAt: null, userName: null, silent: false };
  const others = [...rows.values()].sort((a, b) => a.workstationName.localeCompare(b.workstationName, 'vi'));
  const all = [mine, ...others];
  return { rows: all, everyoneUploaded: all.every((r) => r.pending === 0 && !r.silent) };
}
