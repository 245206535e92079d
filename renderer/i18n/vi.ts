// Vietnamese UI text (the default language). Keys are shared with en.ts.
export const vi = {
  app: { name: 'MộtCửa', tagline: 'Bộ phận Một cửa' },
  status: {
    online: 'Có mạng',
    offline: 'Mất mạng – vẫn làm việc bình thường',
    pending: 'Chờ đồng bộ: {{count}}',
    workstation: 'Máy: {{name}}',
  },
  nav: {
    intake: 'Tiếp nhận',
    worklists: 'Danh sách',
    book: 'Sổ theo dõi',
    settings: 'Cài đặt',
    shortcuts: 'Phím tắt',
  },
  setup: {
    title: 'Thiết lập lần đầu',
    intro: 'Nhập thông tin của đơn vị và máy trạm. Có thể sửa lại sau trong phần Cài đặt.',
    agencyCode: 'Mã cơ quan (mã định danh)',
    agencyCodeHint: 'Ví dụ: 000.00.12.H29',
    unitName: 'Tên đơn vị',
    unitNameHint: 'Ví dụ: UBND xã Tân Lập',
    workstationName: 'Tên máy trạm',
    workstationNameHint: 'Ví dụ: Quầy 1',
    serverUrl: 'Địa chỉ máy chủ tỉnh',
    serverUrlHint: 'https://motcua.tinh.gov.vn',
    save: 'Lưu và bắt đầu',
    saving: 'Đang lưu…',
    saved: 'Đã lưu cấu hình',
  },
  fatal: {
    title: 'Không khởi động được MộtCửa',
    intro: 'Ứng dụng gặp lỗi khi khởi động. Dữ liệu đã lưu không bị xoá.',
    code: 'Mã lỗi',
    what: 'Cách khắc phục',
    hint: {
      'settings-corrupt': 'Tệp cấu hình của máy trạm bị hỏng. Báo cán bộ CNTT để khôi phục bản sao lưu, hoặc thiết lập lại.',
      default: 'Khởi động lại ứng dụng. Nếu lỗi lặp lại, báo cán bộ CNTT kèm mã lỗi bên dưới.',
    },
    retry: 'Thử lại',
    resetup: 'Thiết lập lại',
  },
  home: {
    welcome: 'Xin chào! Máy trạm {{workstation}} của {{unit}} đã sẵn sàng.',
  },
  common: { loading: 'Đang tải…', cancel: 'Huỷ', close: 'Đóng', language: 'Ngôn ngữ' },
} as const;

export type Messages = typeof vi;
