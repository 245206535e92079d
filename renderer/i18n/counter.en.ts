import type { counterVi } from './counter.vi.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

// English text of the counter screens (second language).
export const counterEn: Widen<typeof counterVi> = {
  status: {
    'online-new': 'New (online)', received: 'Received', 'in-process': 'In process', 'supplement-requested': 'Awaiting supplement',
    'awaiting-payment': 'Awaiting payment', 'result-ready': 'Result ready', returned: 'Returned', withdrawn: 'Withdrawn', stopped: 'Stopped', refused: 'Refused',
  },
  otherWorkstation: 'workstation {{id}}',
  event: {
    received: 'Received', transferred: 'Transferred', 'supplement-requested': 'Supplement requested (form 02)', 'supplement-received': 'Supplement received',
    'payment-requested': 'Payment requested', 'payment-paid': 'Fees paid', 'apology-issued': 'Apology and new appointment (form 04)', 'result-ready': 'Result ready',
    returned: 'Result returned', withdrawn: 'Withdrawn', stopped: 'Stopped', refused: 'Refused (form 03)', 'file-attached': 'File attached', rated: 'Satisfaction rated',
  },
  sync: { local: 'Not sent', queued: 'Queued', sent: 'Sent', acknowledged: 'Synced', rejected: 'Rejected' },
  worklist: {
    'received-today': 'Received today', 'due-today': 'Due today', 'due-tomorrow': 'Due tomorrow', overdue: 'Overdue', supplement: 'Awaiting supplement', 'result-ready': 'Result ready',
    search: 'Search by dossier code or applicant name', searchResults: 'Search results', empty: 'No dossiers.',
    col: { code: 'Dossier code', procedure: 'Procedure', applicant: 'Applicant', received: 'Received', due: 'Due', status: 'Status', sync: 'Sync' },
    hint: '↑↓ select, Enter open, / search',
  },
  intake: {
    title: 'Receive a dossier',
    steps: { procedure: 'Procedure', applicant: 'Applicant', components: 'Papers', fees: 'Fees and delivery', preview: 'Review and save' },
    next: 'Next', back: 'Back', save: 'Save and print receipt',
    procedureSearch: 'Search procedures by name or code (accents optional)', sample: 'Sample data: the province has not loaded its catalogue',
    kind: { person: 'Person', organisation: 'Organisation' },
    name: 'Full name / organisation', idNumber: 'ID number (CCCD)', birthYear: 'Year of birth (to check the ID)', address: 'Address', phone: 'Phone', email: 'E-mail',
    cccdOk: 'Valid ID number ({{province}})',
    componentKind: { original: 'Original', copy: 'Copy', 'certified-copy': 'Certified copy', photocopy: 'Photocopy' },
    quantity: 'Quantity', attach: 'Attach file', attached: 'Attached', missingRequired: 'Required papers missing: {{names}}',
    channel: 'Channel', channels: { 1: 'In person', 2: 'Online (imported)', 3: 'Public postal service' },
    feesTitle: 'Fees', total: 'Total', paidNow: 'Paid at the counter now', method: 'Method', methods: { cash: 'Cash', transfer: 'Bank transfer', card: 'Card', wallet: 'E-wallet', gateway: 'Payment gateway' },
    delivery: 'Result delivery', deliveries: { counter: 'At the counter', postal: 'By post' },
    consent: 'The applicant consents to receive the result by post (recorded)', deliveryAddress: 'Delivery address',
    sealNumber: 'Envelope seal number', postOffice: 'Post office',
    preview: 'Check before saving', saved: 'Dossier {{code}} received', dueAt: 'Result due',
    receiptQueued: 'Receipt queued for the printer ({{bytes}} bytes); it retries by itself if the printer is not ready', printA4: 'Print receipt (A4)', printReceipt: 'Print slip (thermal)', newIntake: 'New intake', openDossier: 'Open dossier',
    override: 'Procedure not in the catalogue in force: a supervisor must allow it', overrideUser: 'Supervisor username', overridePassword: 'Supervisor password', overrideReason: 'Reason',
  },
  dossier: {
    timeline: 'Timeline', actions: 'Actions', applicant: 'Applicant', procedure: 'Procedure', receivedAt: 'Received', dueAt: 'Due', originalDueAt: 'Legal due date',
    late: 'Late', lateOffer: 'This dossier is late. Write the apology and set a new appointment (form 04).', apologise: 'Write apology (form 04)',
    reason: 'Reason', items: 'Papers to supplement (one per line)', toUnit: 'Transfer to unit', note: 'Note', newDueAt: 'New appointment',
    collector: 'Collected by', authorisation: 'Authorisation (if collected on behalf)', resultCode: 'Result number',
    rate: 'Satisfaction rating', ratingDone: 'Rated: {{score}}/5', score: 'Score (1–5)',
    confirm: 'Confirm', cancel: 'Cancel', back: 'Back to list', forms: 'Print forms', personal: 'Personal data (encrypted on this PC)',
    syncState: 'Sync state',
    act: {
      'dossier:transfer': 'Transfer', 'dossier:requestSupplement': 'Request supplement', 'dossier:receiveSupplement': 'Supplement received',
      'dossier:requestPayment': 'Request payment', 'dossier:pay': 'Take payment', 'dossier:apologise': 'Apology',
      'dossier:resultReady': 'Result ready', 'dossier:return': 'Return result', 'dossier:withdraw': 'Withdraw',
      'dossier:stop': 'Stop', 'dossier:refuse': 'Refuse', 'dossier:attachFile': 'Attach', 'dossier:rate': 'Rate',
    },
  },
  book: { title: 'Dossier tracking book', from: 'From', to: 'To', print: 'Print book', col: { no: 'No.', code: 'Dossier code', procedure: 'Procedure', applicant: 'Applicant', received: 'Received', due: 'Due', finished: 'Result on', returned: 'Returned on', status: 'Status' } },
};
