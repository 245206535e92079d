import { z } from 'zod';
import { packHeaderShape } from './common.js';

// Local status → national TrangThaiHoSo 1–10 (§5.1). OpenCPS keeps this per deployment
// (DossierStatusMapping.statusCodeDVCQG), so it is data here too.

export const localStatuses = [
  'online-new',
  'received',
  'refused',
  'in-process',
  'supplement-requested',
  'awaiting-payment',
  'withdrawn',
  'stopped',
  'result-ready',
  'returned',
] as const;
export type LocalStatus = (typeof localStatuses)[number];

export const statusMappingPackSchema = z.object({
  kind: z.literal('status-mapping'),
  ...packHeaderShape,
  mapping: z.array(
    z.object({ local: z.enum(localStatuses), national: z.number().int().min(1).max(10), label: z.string() }),
  ),
}).superRefine((p, ctx) => {
  for (const s of localStatuses) if (!p.mapping.some((m) => m.local === s)) ctx.addIssue({ code: 'custom', path: ['mapping'], message: `Thiếu trạng thái ${s}` });
});
export type StatusMappingPack = z.infer<typeof statusMappingPackSchema>;

export const defaultStatusMapping: StatusMappingPack = {
  kind: 'status-mapping',
  version: 'status-mapping-2025.1',
  validFrom: '2025-07-01',
  sample: false,
  source: 'one-stop.md §5.1',
  mapping: [
    { local: 'online-new', national: 1, label: 'Mới đăng ký' },
    { local: 'received', national: 2, label: 'Được tiếp nhận' },
    { local: 'refused', national: 3, label: 'Không được tiếp nhận' },
    { local: 'in-process', national: 4, label: 'Đang xử lý' },
    { local: 'supplement-requested', national: 5, label: 'Yêu cầu bổ sung giấy tờ' },
    { local: 'awaiting-payment', national: 6, label: 'Yêu cầu thực hiện nghĩa vụ tài chính' },
    { local: 'withdrawn', national: 7, label: 'Công dân yêu cầu rút hồ sơ' },
    { local: 'stopped', national: 8, label: 'Dừng xử lý' },
    { local: 'result-ready', national: 9, label: 'Đã xử lý xong' },
    { local: 'returned', national: 10, label: 'Đã trả kết quả' },
  ],
};

export function nationalStatusOf(pack: StatusMappingPack, status: LocalStatus): number {
  const m = pack.mapping.find((x) => x.local === status);
  if (!m) throw new Error(`status ${status} missing from mapping ${pack.version}`);
  return m.national;
}
