import type { ArgsOf } from '../../../shared/contract/commands.js';
import type { TableReport } from '../../../shared/contract/report.js';
import { dayFromIso, isoInstantParse, vnInstant, vnIsoFormat } from '../../../shared/domain/time/vnTime.js';
import { dossierEventSchema } from '../../../shared/domain/lifecycle/events.js';
import type { DossierProjection } from '../../../shared/domain/lifecycle/projection.js';
import { kpi766Compute, KPI_LABEL, type IndicatorResult } from '../../../shared/domain/kpi/indicators766.js';
import { nationalFromProjection } from '../../../shared/domain/kpi/nationalRecord.js';
import { dayReportCompute, type DayReport } from '../../../shared/domain/report/dayReport.js';
import { uploadsMerge, type UploadClock, type Uploads } from '../../../shared/domain/report/uploads.js';
import { unsyncedFind } from '../../db/database.js';
import { invoke } from '../../ipc/client.js';
import type { CounterSession } from '../counter/counterSession.js';

// Personal fields of the received event stay sealed here (the report needs names and counts only);
// the stored event carries the applicant's name and nulls, which the schema accepts.

// Gathers the supervisor's day from the local database (which holds every dossier of the
// supervisor's units once synced). Every projection is read (the indicators cover a period), but
// events only where the day needs them: those of the dossiers changed since the day began (a
// dossier's updatedAt is its last event's time) and the unacknowledged ones, both by index.

export interface EndOfDay {
  report: DayReport;
  kpi: Record<string, IndicatorResult>;
  /** Per workstation: this PC's live count and the others' last reports to the server. */
  uploads: Uploads;
  /** The server answered: the other counters' reports are current as of their times. */
  serverReachable: boolean;
}

export interface OwnWorkstation {
  workstationId: string;
  workstationName: string;
  clock: UploadClock | null;
}

export async function endOfDayLoad(session: CounterSession, own: OwnWorkstation, date: string, from: string, to: string): Promise<EndOfDay> {
  const [dossierDocs, unsyncedEvents, others] = await Promise.all([
    session.db.dossiers.find().exec(),
    unsyncedFind(session.db.events),
    invoke('workstations:list', {}).catch(() => ({ reachable: false, serverNow: null, reports: [] })),
  ]);
  const dayStart = vnIsoFormat(vnInstant(dayFromIso(date), 0));
  const touched = dossierDocs.filter((d) => d.updatedAt >= dayStart);
  const dayEvents = await Promise.all(touched.map((d) => session.db.events.find({ selector: { dossierId: d.id } }).exec()));
  // Quarantined events are not facts of the day: the server refused them.
  const eventDocs = [...new Map([...dayEvents.flat(), ...unsyncedEvents].map((e) => [e.id, e])).values()].filter((e) => e.syncState !== 'rejected');
  const projections = dossierDocs.map((d) => d.projection as unknown as DossierProjection).filter(Boolean);
  const events = eventDocs.map((d) => ({
    event: dossierEventSchema.parse({ id: d.id, dossierId: d.dossierId, seq: d.seq, type: d.type, at: d.at, actor: d.actor, payload: d.payload }),
    synced: d.syncState === 'acknowledged',
  }));
  const synced = new Set(dossierDocs.filter((d) => d.syncState === 'acknowledged').map((d) => d.id));
  const catalogue = new Map(session.catalogue.procedures.flatMap((p) => [[p.localCode, p], ...(p.nationalCode ? [[p.nationalCode, p] as const] : [])]));
  const kpi = kpi766Compute(
    projections.map((p) => nationalFromProjection(p, synced.has(p.id))),
    {
      from,
      to,
      paperResult: (code) => catalogue.get(code)?.resultRequiresPaper ?? true,
      hasFees: (code) => (catalogue.get(code)?.fees.length ?? 0) > 0,
      calendar: session.calendar,
    },
  );
  const report = dayReportCompute(date, projections, events, Date.now());
  const uploads = uploadsMerge(own, report.unsynced, others.reports, others.serverNow ? Date.parse(others.serverNow) : null);
  return { report, kpi, uploads, serverReachable: others.reachable };
}

export function endOfDayTable(unitName: string, day: EndOfDay, from: string, to: string): TableReport {
  const r = day.report;
  return {
    title: `Báo cáo cuối ngày ${r.date.split('-').reverse().join('/')} – ${unitName}`,
    subtitle: KPI_LABEL,
    sections: [
      { heading: 'Theo cán bộ', columns: ['Cán bộ', 'Tiếp nhận', 'Từ chối', 'Trả kết quả'], rows: r.clerks.map((c) => [c.userName, c.received, c.refused, c.returned]) },
      {
        heading: 'Tổng hợp',
        columns: ['Chỉ tiêu', 'Giá trị'],
        rows: [
          ['Thu tiền mặt (đồng)', r.cash],
          ['Thu không dùng tiền mặt (đồng)', r.cashless],
          ['Đến hạn ngày mai', r.dueTomorrow],
          ['Quá hạn', r.overdue],
          ['Mọi quầy đã đồng bộ', day.uploads.everyoneUploaded ? 'Có' : 'Chưa'],
          ...day.uploads.rows.map((w) => [`Chưa đồng bộ – ${w.workstationName}`, w.pending] as [string, number]),
        ],
      },
      {
        heading: 'Hồ sơ quá hạn',
        columns: ['Mã hồ sơ', 'Người nộp', 'Thủ tục', 'Hạn trả'],
        rows: r.overdueList.map((d) => [d.code, d.applicantName, d.procedureName, d.dueAt.slice(0, 16).replace('T', ' ')]),
      },
      {
        heading: `Chỉ số QĐ 766 (${from} – ${to})`,
        columns: ['Mã', 'Chỉ số', 'Tử số', 'Mẫu số', 'Tỷ lệ %'],
        rows: Object.entries(day.kpi).map(([id, k]) => [id, k.name, k.numerator, k.denominator, k.rate ?? '—']),
      },
    ],
  };
}

/** The dossiers changed in [from, to] (Vietnam days) with their file records, for the DVCQG export. */
export async function dvcqgDossiersCollect(session: CounterSession, from: string, to: string): Promise<ArgsOf<'report:dvcqg'>['dossiers']> {
  const start = vnIsoFormat(vnInstant(dayFromIso(from), 0));
  const end = vnIsoFormat(vnInstant(dayFromIso(to) + 1, 0));
  const dossiers = (await session.db.dossiers.find().exec()).filter((d) => isoInstantParse(d.updatedAt) >= isoInstantParse(start) && isoInstantParse(d.updatedAt) < isoInstantParse(end));
  // One index read per dossier: `$in` over dossierId walks the index from the smallest id to the largest.
  const files = await Promise.all(dossiers.map((d) => session.db.files.find({ selector: { dossierId: d.id } }).exec()));
  return dossiers.map((d, i) => ({
    id: d.id,
    // Only the projection is mapped; personal data stays sealed on this PC.
    doc: { code: d.code, projection: d.projection ?? {} },
    files: (files[i] ?? []).map((f) => ({ sha256: f.sha256, name: f.name, componentCode: f.componentCode ?? null })),
  }));
}
