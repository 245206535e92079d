import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import { bookRowOf } from './book.js';
import {
  formDossierViewSchema,
  localDay,
  type FormBookRow,
  type FormComponent,
  type FormControlRow,
  type FormDossierView,
  type FormDossierViewInput,
} from './model.js';

// Maps a dossier export ({ dossier: projection, events: [...] }, as the app writes it) to the
// forms' view. The envelope of each event is checked strictly; payloads are read leniently, so
// that a new payload field or an older export still prints. Fields are taken from the projection
// first, then from the `received` event; the control slip and book dates are derived from the
// events (transferred, result-ready, returned, supplement-*, apology-issued, refused).

const instant = z.iso.datetime({ offset: true });
const record = z.record(z.string(), z.unknown());

const eventSchema = z.object({
  id: z.string().min(1),
  dossierId: z.string().min(1),
  seq: z.number().int().min(0),
  type: z.string().min(1),
  at: instant,
  actor: z.object({ userId: z.string().min(1), userName: z.string(), workstationId: z.string().min(1) }),
  payload: record.default({}),
});
type ExportEvent = z.output<typeof eventSchema>;

export const dossierExportSchema = z.object({
  dossier: record,
  events: z.array(eventSchema).max(10_000),
  /** Optional names of the receiving unit (the projection only carries its code). */
  unit: record.optional(),
});

type Rec = Record<string, unknown>;

const str = (o: Rec | undefined, ...keys: string[]): string => {
  for (const k of keys) {
    const v = o?.[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return '';
};
const obj = (o: Rec | undefined, key: string): Rec | undefined => {
  const v = o?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
};
const arr = (o: Rec | undefined, key: string): unknown[] | undefined => {
  const v = o?.[key];
  return Array.isArray(v) ? v : undefined;
};
const isInstant = (v: string): boolean => instant.safeParse(v).success;

const unitWords: Record<string, string> = { hours: 'giờ', days: 'ngày', 'working-days': 'ngày làm việc', months: 'tháng' };

/** { value: 5, unit: 'working-days' } → "05 ngày làm việc". */
export function durationVi(d: Rec | undefined): string {
  const value = d?.value;
  const unit = typeof d?.unit === 'string' ? unitWords[d.unit] : undefined;
  if (typeof value !== 'number' || !unit) return '';
  return `${value < 10 && Number.isInteger(value) ? `0${value}` : value} ${unit}`;
}

const componentKinds = ['original', 'copy', 'certified-copy', 'photocopy'] as const;
const kindOf = (v: unknown) => (componentKinds as readonly unknown[]).includes(v) ? (v as (typeof componentKinds)[number]) : 'copy';

function componentsOf(list: unknown[] | undefined): FormComponent[] {
  return (list ?? []).flatMap((c) => {
    if (typeof c === 'string') return c.trim() ? [{ name: c.trim(), kind: 'copy' as const, quantity: 1 }] : [];
    const r = typeof c === 'object' && c !== null ? (c as Rec) : undefined;
    const name = str(r, 'name', 'TenGiayTo');
    if (!name) return [];
    const q = r?.quantity;
    return [{ name, kind: kindOf(r?.kind), quantity: typeof q === 'number' && Number.isInteger(q) && q >= 0 ? q : 1 }];
  });
}

function feesOf(list: unknown[] | undefined): { name: string; amount: number }[] {
  return (list ?? []).flatMap((f) => {
    const r = typeof f === 'object' && f !== null ? (f as Rec) : undefined;
    const amount = r?.amount;
    const name = str(r, 'name');
    return name && typeof amount === 'number' && Number.isInteger(amount) && amount >= 0 ? [{ name, amount }] : [];
  });
}

/** Trước hạn / đúng hạn / quá hạn by local calendar day against the due date of the statistic. */
function outcomeOf(endAt: string, dueAt: string | undefined): FormControlRow['outcome'] {
  if (!dueAt) return undefined;
  const end = localDay(endAt);
  const due = localDay(dueAt);
  return end < due ? 'early' : end === due ? 'on-time' : 'late';
}

export function formViewFromExport(json: unknown): FormDossierView {
  const parsed = dossierExportSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new AppError(
      'validation-failed',
      `Tệp hồ sơ không hợp lệ: ${issues.slice(0, 3).map((i) => `${i.path || '(gốc)'}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const { dossier: d, unit } = parsed.data;
  const events = [...parsed.data.events].sort((a, b) => a.seq - b.seq);
  const received = events.find((e) => e.type === 'received');
  const rp: Rec | undefined = received?.payload;
  const applicant = obj(d, 'applicant') ?? obj(rp, 'applicant');

  const receivedAt = str(d, 'receivedAt') || received?.at || '';
  const code = str(d, 'code', 'dossierCode') || str(rp, 'code');
  const agencyCode = str(d, 'agencyCode', 'unitCode') || str(rp, 'agencyCode');
  const unitName = str(unit, 'name', 'unitName') || str(d, 'unitName') || 'Bộ phận tiếp nhận và trả kết quả';
  const missing = [
    ['code', code],
    ['receivedAt', receivedAt],
    ['procedureName', str(d, 'procedureName') || str(rp, 'procedureName')],
    ['applicantName', str(d, 'applicantName') || str(applicant, 'name')],
  ].filter(([, v]) => !v);
  if (missing.length > 0) {
    throw new AppError('validation-failed', `Tệp hồ sơ thiếu: ${missing.map(([k]) => k).join(', ')}`, {
      missing: missing.map(([k]) => k),
    });
  }

  // Due date of the statistic (moved only by supplement pauses) and the appointment (also by apologies).
  let statDue = str(rp, 'dueAt') || str(d, 'originalDueAt', 'dueAt') || undefined;
  let appointment = statDue;
  const controlRows: FormControlRow[] = [];
  let holder = unitName;
  const closeOpenRow = (at: string): void => {
    const open = controlRows[controlRows.length - 1];
    if (open && !open.outcome) open.outcome = outcomeOf(at, statDue);
  };
  const handOff = (e: ExportEvent, toUnit: string, note: string): void => {
    closeOpenRow(e.at);
    controlRows.push({ fromUnit: holder, toUnit, at: e.at, fromUser: e.actor.userName, toUser: str(e.payload, 'toUser'), note });
    holder = toUnit;
  };
  let supplement: FormDossierViewInput['supplement'];
  let refusal: FormDossierViewInput['refusal'];
  let apology: FormDossierViewInput['apology'];
  const book: Partial<FormBookRow> = {};
  for (const e of events) {
    const p = e.payload;
    switch (e.type) {
      case 'transferred':
        book.transferredAt ??= e.at;
        handOff(e, str(p, 'toUnit') || '……', str(p, 'note'));
        break;
      case 'result-ready':
        book.resultReceivedAt ??= e.at;
        if (holder !== unitName) handOff(e, unitName, 'Trả kết quả');
        break;
      case 'returned':
        book.returnedAt ??= e.at;
        closeOpenRow(e.at);
        break;
      case 'supplement-requested':
        supplement = {
          requestedAt: e.at,
          number: str(p, 'number'),
          reason: str(p, 'reason'),
          items: (arr(p, 'items') ?? []).flatMap((it) => {
            if (typeof it === 'string') return it.trim() ? [{ name: it.trim() }] : [];
            const [c] = componentsOf([it]);
            return c ? [{ ...c, note: str(it as Rec, 'note') }] : [];
          }),
        };
        break;
      case 'supplement-received': {
        const due = str(p, 'dueAt');
        const orig = str(p, 'originalDueAt');
        if (isInstant(orig)) statDue = orig;
        if (isInstant(due)) appointment = due;
        break;
      }
      case 'apology-issued': {
        const newDueAt = str(p, 'newDueAt');
        if (!isInstant(newDueAt)) break;
        apology = {
          issuedAt: e.at,
          number: str(p, 'number'),
          reason: str(p, 'reason') || '……',
          newDueAt,
          signerName: str(p, 'signerName'),
          signerTitle: str(p, 'signerTitle'),
          ...(appointment ? { originalDueAt: appointment } : {}),
        };
        appointment = newDueAt;
        break;
      }
      case 'refused':
        refusal = { refusedAt: e.at, number: str(p, 'number'), reason: str(p, 'reason') || '……' };
        break;
      default:
        break;
    }
  }
  const dueAt = str(d, 'dueAt') || appointment;

  const delivery = obj(d, 'resultDelivery') ?? obj(rp, 'resultDelivery');
  const logbook = obj(d, 'logbook') ?? obj(rp, 'logbook');
  const logSeq = logbook?.seq;
  const setCount = d.setCount ?? rp?.setCount;

  const input: FormDossierViewInput = {
    agency: {
      parentName: str(unit, 'parentName') || str(d, 'parentName', 'agencyName'),
      unitName,
      agencyCode,
      placeName: str(unit, 'placeName') || str(d, 'placeName'),
      handlingAgency: str(d, 'handlingAgency') || controlRows[0]?.toUnit || '',
      coordinatingAgency: str(d, 'coordinatingAgency'),
      lookupUrl: str(unit, 'lookupUrl'),
      hotline: str(unit, 'hotline'),
    },
    dossierCode: code,
    procedure: {
      code: str(d, 'procedureCode') || str(rp, 'procedureCode'),
      name: str(d, 'procedureName') || str(rp, 'procedureName'),
      durationText: str(d, 'durationText') || durationVi(obj(d, 'duration') ?? obj(rp, 'duration')),
    },
    applicant: {
      name: str(d, 'applicantName') || str(applicant, 'name'),
      idNumber: str(applicant, 'idNumber'),
      address: str(applicant, 'address'),
      phone: str(applicant, 'phone'),
      email: str(applicant, 'email'),
    },
    receivedAt,
    ...(dueAt ? { dueAt } : {}),
    setCount: typeof setCount === 'number' && Number.isInteger(setCount) && setCount >= 1 ? setCount : 1,
    components: componentsOf(arr(d, 'components') ?? arr(rp, 'components')),
    fees: feesOf(arr(d, 'fees') ?? arr(rp, 'fees')),
    resultDelivery: {
      mode: str(delivery, 'mode') === 'post' || str(delivery, 'mode') === 'postal' ? 'post' : 'counter',
      address: str(delivery, 'address'),
    },
    ...(logbook && typeof logSeq === 'number' && Number.isInteger(logSeq) && logSeq >= 1
      ? { logbook: { volume: str(logbook, 'volume') || '01', seq: logSeq } }
      : {}),
    clerkName: received?.actor.userName ?? '',
    clerkPhone: str(unit, 'clerkPhone'),
    ...(supplement ? { supplement } : {}),
    ...(refusal ? { refusal } : {}),
    ...(apology ? { apology } : {}),
    controlRows,
    templateSet: str(d, 'formTemplateSet') === '2025' ? '2025' : '2018',
  };
  const view = viewParse(input);
  view.bookRows = [{ ...bookRowOf(view), ...book, note: refusal ? 'Từ chối tiếp nhận' : '' }];
  return view;
}

/** Several exports (one per dossier) as one tracking-book page; the first gives the header. */
export function formViewFromExports(list: unknown[]): FormDossierView {
  if (list.length === 0) throw new AppError('validation-failed', 'Danh sách hồ sơ rỗng');
  const views = list.map((item, i) => {
    try {
      return formViewFromExport(item);
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, `Hồ sơ thứ ${i + 1}: ${err.message}`, err.details);
      throw err;
    }
  });
  const first = views[0] as FormDossierView;
  const rows = views
    .flatMap((v) => v.bookRows)
    .sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt))
    .map((r, i) => ({ ...r, seq: views.every((v) => v.logbook) ? r.seq : i + 1 }));
  return { ...first, bookRows: rows };
}

function viewParse(input: FormDossierViewInput): FormDossierView {
  const parsed = formDossierViewSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new AppError('validation-failed', `Dữ liệu hồ sơ không in được: ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
    issues,
  });
}
