import type { LocalStatus } from '../rulepacks/statusMappingPack.js';
import type { DossierEventType } from './events.js';

// Vietnamese names of events and local statuses for messages made below the UI (the reducer's
// refusals, which the server sends back as a row's reason and a clerk reads in the quarantine list).
// The screens take their words from renderer/i18n, which also has English.

export const eventLabelVi: Readonly<Record<DossierEventType, string>> = {
  received: 'tiếp nhận hồ sơ',
  transferred: 'chuyển xử lý',
  'supplement-requested': 'yêu cầu bổ sung',
  'supplement-received': 'nhận hồ sơ bổ sung',
  'payment-requested': 'yêu cầu nộp phí',
  'payment-paid': 'ghi nhận nộp phí',
  'apology-issued': 'xin lỗi, hẹn lại',
  'result-ready': 'ghi nhận có kết quả',
  returned: 'trả kết quả',
  withdrawn: 'rút hồ sơ',
  stopped: 'dừng xử lý',
  refused: 'từ chối tiếp nhận',
  'file-attached': 'đính kèm tệp',
  rated: 'đánh giá hài lòng',
};

export const statusLabelVi: Readonly<Record<LocalStatus, string>> = {
  'online-new': 'mới (trực tuyến)',
  received: 'đã tiếp nhận',
  'in-process': 'đang giải quyết',
  'supplement-requested': 'chờ bổ sung',
  'awaiting-payment': 'chờ nộp phí',
  'result-ready': 'có kết quả',
  returned: 'đã trả kết quả',
  withdrawn: 'đã rút hồ sơ',
  stopped: 'dừng xử lý',
  refused: 'từ chối tiếp nhận',
};
