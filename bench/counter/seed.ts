import { dossierApply } from '../../shared/domain/lifecycle/projection.js';
import type { EventOf } from '../../shared/domain/lifecycle/events.js';
import { defaultStatusMapping, nationalStatusOf, type LocalStatus } from '../../shared/domain/rulepacks/statusMappingPack.js';
import { DAY_MS, vnInstant, vnIsoFormat, vnWall, ymdFromDay } from '../../shared/domain/time/vnTime.js';
import type { Database, DossierDoc, EventDoc } from '../../renderer/db/database.js';
import type { PersonalCipher } from '../../renderer/db/personalCipher.js';
import { seededRandom } from '../../tests/support/seededRandom.js';

// 100,000 dossiers of one commune over ~400 days (~250 a day), shaped like the repository writes them
// (projection + sealed personal data + the `received` event). Old dossiers are mostly returned; a few
// per cent stay open past their due date, so the overdue list is long but far from the whole table.

export const agencyCode = 'H29.01';
const families = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const middles = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Xuân', 'Thu', 'Thị Thu', 'Văn Đức'];
const givens = [
  'An', 'Bình', 'Châu', 'Dũng', 'Đức', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh',
  'Long', 'Mai', 'Nam', 'Nga', 'Ngọc', 'Phúc', 'Phương', 'Quang', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Trung',
  'Tuấn', 'Uyên', 'Việt', 'Yến', 'Ánh', 'Đạt', 'Huệ', 'Lộc', 'Ước',
];
const procedures = [
  ['HT-01', 'Đăng ký khai sinh'], ['HT-02', 'Đăng ký kết hôn'], ['HT-03', 'Đăng ký khai tử'], ['HT-04', 'Đăng ký nhận cha, mẹ, con'],
  ['CT-01', 'Chứng thực bản sao từ bản chính'], ['CT-02', 'Chứng thực chữ ký'], ['DD-01', 'Xác nhận tình trạng hôn nhân'],
] as const;
export const actor = { userId: 'u-bench', userName: 'Nguyễn Thị Lan', workstationId: 'ws-bench' };

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

export function applicantName(rnd: () => number): string {
  return `${pick(rnd, families)} ${pick(rnd, middles)} ${pick(rnd, givens)}`;
}

export function dossierCode(day: number, n: number): string {
  const { year, month, day: d } = ymdFromDay(day);
  const p = (x: number): string => String(x).padStart(2, '0');
  return `${agencyCode}-${p(year % 100)}${p(month)}${p(d)}-${String(n).padStart(4, '0')}`;
}

export function receivedEvent(id: string, code: string, name: string, receivedMs: number, dueMs: number, rnd: () => number): EventOf<'received'> {
  const [procedureCode, procedureName] = pick(rnd, procedures);
  return {
    id: crypto.randomUUID(), dossierId: id, seq: 1, type: 'received', at: vnIsoFormat(receivedMs), actor,
    payload: {
      code, agencyCode, procedureCode, procedureName,
      applicant: {
        name, idNumber: `0011${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`, address: `Thôn ${pick(rnd, givens)}, xã Tân Lập`,
        phone: `09${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`, email: null,
      },
      channel: 1, components: [{ code: 'TK', name: 'Tờ khai', kind: 'original', quantity: 1 }], fees: [],
      duration: { value: 3, unit: 'working-days' }, dueAt: vnIsoFormat(dueMs),
      rulePackVersions: { catalogue: 'c1', calendar: 'k1', agencies: 'a1', statusMapping: 's1' }, procedureOverride: null,
      delivery: { method: 'counter', consent: false, address: null }, postal: null,
    },
  };
}

function statusOf(rnd: () => number, receivedMs: number, dueMs: number, now: number): LocalStatus {
  const r = rnd();
  if (now - receivedMs > 30 * DAY_MS) {
    if (r < 0.955) return 'returned';
    if (r < 0.97) return pick(rnd, ['withdrawn', 'refused', 'stopped'] as const);
    return pick(rnd, ['received', 'in-process', 'in-process', 'awaiting-payment', 'supplement-requested'] as const);
  }
  if (vnWall(receivedMs).day === vnWall(now).day) return 'received';
  if (dueMs < now) return r < 0.6 ? (r < 0.45 ? 'returned' : 'result-ready') : pick(rnd, ['received', 'in-process', 'awaiting-payment'] as const);
  if (r < 0.6) return pick(rnd, ['received', 'in-process'] as const);
  if (r < 0.7) return 'supplement-requested';
  if (r < 0.8) return 'awaiting-payment';
  return r < 0.9 ? 'result-ready' : 'returned';
}

export interface SeedPair {
  dossier: DossierDoc;
  event: EventDoc;
}

/** Dossier number `index` of `total`, received `total/perDay` days back at most; today's are the last ones. */
export async function seedPair(index: number, total: number, now: number, cipher: PersonalCipher): Promise<SeedPair> {
  const rnd = seededRandom(index * 7919 + 17);
  const perDay = 250;
  const today = vnWall(now).day;
  const daysBack = Math.floor((total - 1 - index) / perDay);
  const day = today - daysBack;
  const n = ((total - 1 - index) % perDay) + 1;
  // Office hours 07:30–17:00; today's intakes are all before `now` (the bench runs after them).
  let receivedMs = vnInstant(day, 7.5 * 3_600_000 + Math.floor(rnd() * 9.5 * 3_600_000));
  if (receivedMs > now) receivedMs = now - Math.floor(rnd() * 3_600_000) - 1000;
  const dueMs = receivedMs + Math.floor(1 + rnd() * 20) * DAY_MS;
  const id = `d-${String(index).padStart(6, '0')}`;
  const event = receivedEvent(id, dossierCode(day, n), applicantName(rnd), receivedMs, dueMs, rnd);
  const { idNumber, address, phone, email } = event.payload.applicant;
  const sealed = await cipher.seal({ idNumber, address, phone, email });
  const status = statusOf(rnd, receivedMs, dueMs, now);
  const finished = ['returned', 'result-ready', 'withdrawn', 'refused', 'stopped'].includes(status);
  const finishedAt = finished ? vnIsoFormat(Math.min(now - 1000, dueMs - Math.floor(rnd() * DAY_MS))) : undefined;
  const returnedAt = status === 'returned' ? finishedAt : undefined;
  const projection = {
    ...dossierApply(null, event),
    status,
    nationalStatus: nationalStatusOf(defaultStatusMapping, status),
    applicantIdNumber: null,
    ...(finishedAt ? { finishedAt } : {}),
    ...(returnedAt ? { returnedAt } : {}),
  };
  const dossier: DossierDoc = {
    id, code: projection.code, unitCode: agencyCode, procedureCode: projection.procedureCode, procedureName: projection.procedureName,
    applicantName: projection.applicantName, applicantNameSearch: projection.applicantNameSearch.slice(0, 120), status,
    nationalStatus: projection.nationalStatus, channel: projection.channel, receivedAt: projection.receivedAt, dueAt: projection.dueAt,
    originalDueAt: projection.originalDueAt, finishedAt: finishedAt ?? null, returnedAt: returnedAt ?? null, personal: sealed,
    lastSeq: 1, updatedAt: projection.updatedAt, syncState: daysBack > 2 ? 'acknowledged' : 'local', syncReason: null,
    projection: projection as unknown as Record<string, unknown>,
  };
  const eventDoc: EventDoc = {
    id: event.id, dossierId: id, unitCode: agencyCode, seq: 1, type: 'received', at: event.at, actor,
    payload: { ...event.payload, applicant: { name: event.payload.applicant.name, idNumber: null, address: null, phone: null, email: null }, sealedApplicant: sealed },
    pos: dossier.syncState === 'acknowledged' ? 1 : null, acceptedAt: null, syncState: dossier.syncState, syncReason: null,
  };
  return { dossier, event: eventDoc };
}

/** Bulk-inserts dossiers [from, total) in batches; returns ms spent. */
export async function seedRun(db: Database, cipher: PersonalCipher, total: number, now: number, batch: number, log: (s: string) => void): Promise<number> {
  const t0 = performance.now();
  const from = await db.dossiers.count().exec();
  for (let start = from; start < total; start += batch) {
    const pairs = await Promise.all(Array.from({ length: Math.min(batch, total - start) }, (_, k) => seedPair(start + k, total, now, cipher)));
    const ev = await db.events.bulkInsert(pairs.map((p) => p.event));
    const dos = await db.dossiers.bulkInsert(pairs.map((p) => p.dossier));
    const errors = [...ev.error, ...dos.error].filter((e) => e.status !== 409);
    if (errors.length) throw new Error(`seed: ${errors.length} write errors, first ${JSON.stringify(errors[0]).slice(0, 300)}`);
    if ((start / batch) % 10 === 0) log(`seed ${start + pairs.length}/${total} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return performance.now() - t0;
}
