import { z } from 'zod';
import { AppError } from '../../contract/errors.js';
import { agencyPackSchema, type AgencyPack } from './agencyPack.js';
import { calendarPackSchema, type CalendarPack } from './calendarPack.js';
import { cataloguePackSchema, type CataloguePack } from './cataloguePack.js';
import { schemaParse } from './common.js';
import { statusMappingPackSchema, type StatusMappingPack } from './statusMappingPack.js';

export type RulePack = CalendarPack | CataloguePack | AgencyPack | StatusMappingPack;

const kinds = {
  calendar: [calendarPackSchema, 'Lịch làm việc'],
  catalogue: [cataloguePackSchema, 'Danh mục thủ tục'],
  agencies: [agencyPackSchema, 'Danh mục cơ quan'],
  'status-mapping': [statusMappingPackSchema, 'Bảng ánh xạ trạng thái'],
} as const;

/** Validates an imported rule pack (any kind) against its schema; errors name the failing paths. */
export function rulePackParse(data: unknown): RulePack {
  const kind = z.object({ kind: z.string() }).safeParse(data);
  if (!kind.success || !(kind.data.kind in kinds)) {
    throw new AppError('validation-failed', `Bộ quy tắc không rõ loại (kind phải là ${Object.keys(kinds).join(', ')})`, {});
  }
  const [schema, what] = kinds[kind.data.kind as keyof typeof kinds];
  return schemaParse(schema as z.ZodType<RulePack>, data, what);
}
