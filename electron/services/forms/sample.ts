import { formDossierViewSchema, type FormDossierView } from './model.js';

// A built-in dossier for `motcua form --sample`, previews and tests. The people, numbers and the
// commune are invented; the procedure name and code follow the national TTHC database style
// (one-stop.md §4.4) and the dates fall on working days of the 2026 calendar.

const unit = 'Trung tâm Phục vụ hành chính công xã Tân Hòa';

export function formSampleView(): FormDossierView {
  return formDossierViewSchema.parse({
    agency: {
      parentName: 'Ủy ban nhân dân xã Tân Hòa',
      unitName: 'Trung tâm Phục vụ hành chính công',
      agencyCode: '000.12.31.H29',
      placeName: 'Tân Hòa',
      handlingAgency: 'Phòng Văn hóa - Xã hội xã Tân Hòa',
      coordinatingAgency: 'Công an xã Tân Hòa',
      lookupUrl: 'https://dichvucong.gov.vn',
      hotline: '0251 3 822 115',
    },
    dossierCode: '000.12.31.H29-261130-0007',
    procedure: {
      code: '1.001776',
      name: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hằng tháng',
      durationText: '15 ngày làm việc',
    },
    applicant: {
      name: 'Nguyễn Thị Hồng Nhung',
      idNumber: '075186001234',
      address: 'Tổ 5, ấp Bình Lục, xã Tân Hòa, tỉnh Đồng Nai',
      phone: '0912 345 678',
      email: 'hongnhung.nguyen@example.vn',
    },
    receivedAt: '2026-11-30T08:15:00+07:00',
    dueAt: '2026-12-21T08:15:00+07:00',
    setCount: 1,
    components: [
      { name: 'Tờ khai đề nghị trợ cấp xã hội (Mẫu số 1a)', kind: 'original', quantity: 1 },
      { name: 'Căn cước công dân của người đề nghị', kind: 'copy', quantity: 1 },
      { name: 'Giấy xác nhận khuyết tật', kind: 'certified-copy', quantity: 1 },
      { name: 'Giấy ủy quyền nộp hồ sơ', kind: 'original', quantity: 1 },
    ],
    fees: [{ name: 'Phí sao y giấy tờ kèm theo', amount: 6000 }],
    resultDelivery: { mode: 'post', address: 'Tổ 5, ấp Bình Lục, xã Tân Hòa, tỉnh Đồng Nai' },
    logbook: { volume: '01', seq: 125 },
    clerkName: 'Trần Minh Tuấn',
    clerkPhone: '0251 3 822 116',
    supplement: {
      number: '18/HDHS',
      requestedAt: '2026-12-02T14:00:00+07:00',
      items: [
        {
          name: 'Giấy xác nhận mức độ khuyết tật còn hiệu lực',
          kind: 'certified-copy',
          quantity: 1,
          note: 'Thay giấy đã nộp',
        },
        { name: 'Sơ yếu lý lịch có xác nhận nơi cư trú', kind: 'original', quantity: 1, note: '' },
      ],
      reason:
        'Giấy xác nhận khuyết tật đã nộp được cấp năm 2019, chưa cập nhật mức độ khuyết tật theo kết quả giám định lại năm 2025.',
    },
    refusal: {
      number: '04/TCHS',
      refusedAt: '2026-11-30T08:40:00+07:00',
      reason:
        'Người đề nghị đang hưởng trợ cấp xã hội hằng tháng tại xã Phú Lý theo Quyết định số 215/QĐ-UBND ngày 12/3/2025; không thuộc trường hợp giải quyết mới.',
    },
    apology: {
      number: '05/PXL',
      issuedAt: '2026-12-21T10:00:00+07:00',
      reason:
        'Hồ sơ cần xác minh nơi cư trú trước đây của người đề nghị tại tỉnh Lâm Đồng; cơ quan được đề nghị phối hợp chưa có văn bản trả lời.',
      originalDueAt: '2026-12-21T08:15:00+07:00',
      newDueAt: '2026-12-28T08:15:00+07:00',
      signerName: 'Lê Văn Hải',
      signerTitle: 'KT. Chủ tịch\nPhó Chủ tịch',
    },
    controlRows: [
      {
        fromUnit: unit,
        toUnit: 'Phòng Văn hóa - Xã hội',
        at: '2026-11-30T10:00:00+07:00',
        fromUser: 'Trần Minh Tuấn',
        toUser: 'Phạm Thu Hà',
        outcome: 'early',
      },
      {
        fromUnit: 'Phòng Văn hóa - Xã hội',
        toUnit: 'Lãnh đạo Ủy ban nhân dân xã',
        at: '2026-12-17T15:30:00+07:00',
        fromUser: 'Phạm Thu Hà',
        toUser: 'Lê Văn Hải',
        outcome: 'on-time',
      },
      {
        fromUnit: 'Lãnh đạo Ủy ban nhân dân xã',
        toUnit: unit,
        at: '2026-12-18T09:00:00+07:00',
        fromUser: 'Lê Văn Hải',
        toUser: 'Trần Minh Tuấn',
        outcome: 'early',
        note: 'Trả kết quả tại Trung tâm',
      },
    ],
    bookRows: [
      book(121, '0003', 'Đăng ký khai sinh', 'Lò Văn Páo', 'Ấp Bình Lục; 0978 112 233', '07:42', 0, 'Tư pháp - Hộ tịch'),
      book(122, '0004', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', 'Đỗ Quỳnh Anh', 'Ấp Tân Phú; 0903 556 778', '07:55', 0, 'Trung tâm PVHCC'),
      book(123, '0005', 'Đăng ký kết hôn', 'Vũ Đức Thắng, Hà Thị Yến', 'Ấp Bình Lục; 0388 246 810', '08:01', 5, 'Tư pháp - Hộ tịch'),
      book(124, '0006', 'Cấp Giấy chứng nhận quyền sử dụng đất lần đầu', 'Huỳnh Tấn Phát', 'Ấp Phước Hòa; 0914 789 123', '08:09', 20, 'Phòng Kinh tế'),
      book(125, '0007', 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng', 'Nguyễn Thị Hồng Nhung', 'Tổ 5, ấp Bình Lục; 0912 345 678', '08:15', 15, 'Phòng Văn hóa - Xã hội'),
    ],
    printedAt: '2026-11-30T08:16:00+07:00',
  });
}

const workingDaysAfter: Record<number, string> = { 0: '2026-11-30', 5: '2026-12-07', 15: '2026-12-21', 20: '2026-12-28' };

function book(seq: number, tail: string, procedureName: string, applicantName: string, addressPhone: string, hhmm: string, days: number, agency: string) {
  const received = `2026-11-30T${hhmm}:00+07:00`;
  const due = days === 0 ? '2026-11-30T16:30:00+07:00' : `${workingDaysAfter[days] ?? '2026-12-21'}T${hhmm}:00+07:00`;
  return {
    seq,
    dossierCode: `000.12.31.H29-261130-${tail}`,
    procedureName,
    setCount: 1,
    applicantName,
    addressPhone,
    handlingAgency: agency,
    receivedAt: received,
    dueAt: due,
    ...(days === 0 ? { transferredAt: received, resultReceivedAt: due, returnedAt: due } : {}),
    ...(days === 5 ? { transferredAt: '2026-11-30T10:00:00+07:00' } : {}),
  };
}
