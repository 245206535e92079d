import type { syncVi } from './sync.vi.js';

// English text of the sync controls in the status bar.
export const syncEn: typeof syncVi = {
  now: 'Sync now',
  busy: 'Syncing…',
  quarantine: {
    button: 'Refused: {{count}}',
    title: 'Records the provincial server refused',
    intro: 'These records stay on this computer, out of their dossiers, and are not sent again. Check the reason and act as the rules require.',
    dossier: 'Dossier',
    what: 'What',
    reason: 'Reason',
    at: 'When',
    file: 'File: {{name}}',
    unknownDossier: '(code unknown)',
    close: 'Close',
  },
  reject: {
    invalid: 'Invalid data',
    'bad-text': 'Invalid characters',
    'too-deep': 'Nested too deep',
    'too-large': 'Too large',
    immutable: 'Another record has this id',
    'not-replicated': 'Not sent by sync',
    'forbidden-role': 'Not allowed for this role',
    'forbidden-unit': 'Not one of the sender’s units',
    'dossier-moved': 'The dossier moved to another unit',
    'unknown-dossier': 'The server has no such dossier',
    'dossier-exists': 'The dossier was already received',
    'code-taken': 'The dossier code is taken',
    'code-mismatch': 'The code is not the receiving unit’s',
    'code-block': 'The number is outside this workstation’s block',
    'illegal-transition': 'No longer a legal step (someone acted first)',
  },
};
