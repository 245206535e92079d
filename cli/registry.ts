import type { CliCommand } from './command.js';

// Every `npx motcua <name>` command. Modules load lazily so that `--help` and light commands
// never pay for the heavy ones (OCR, signing, the server). Keep entries sorted by name.
export interface CliEntry {
  name: string;
  summary: string;
  load: () => Promise<{ command: CliCommand }>;
}

export const cliEntries: CliEntry[] = [
  { name: 'audit', summary: 'Verify the hash chain of the audit log; exit 1 naming the first broken line', load: () => import('./commands/audit.js') },
  { name: 'backup', summary: 'Verify an encrypted workstation backup without restoring it', load: () => import('./commands/backup.js') },
  { name: 'calendar', summary: 'Weekdays off and make-up weekend days of a year', load: () => import('./commands/calendar.js') },
  { name: 'cccd', summary: 'Check a personal identification number (CCCD)', load: () => import('./commands/cccd.js') },
  { name: 'due-date', summary: 'Compute the appointment date on the working-day calendar', load: () => import('./commands/dueDate.js') },
  { name: 'form', summary: 'Render an A4 one-stop form (01–04, control slip, tracking book) to PDF', load: () => import('./commands/form.js') },
  { name: 'info', summary: 'Print version, data folder and contract size', load: () => import('./commands/info.js') },
  { name: 'kpi', summary: 'Decision 766 indicators (internal estimate) from national-format dossiers', load: () => import('./commands/kpi.js') },
  { name: 'ocr', summary: 'Scanned page images → searchable PDF with a Vietnamese text layer', load: () => import('./commands/ocr.js') },
  { name: 'printers', summary: 'List serial ports and ESC/POS receipt printer profiles', load: () => import('./commands/printers.js') },
  { name: 'receipt', summary: 'Print a dossier receipt on an ESC/POS printer (serial, TCP, spooler, file)', load: () => import('./commands/receipt.js') },
  { name: 'scan', summary: 'Scan pages from a device into a folder', load: () => import('./commands/scan.js') },
  { name: 'scanners', summary: 'List the scanners every driver sees', load: () => import('./commands/scanners.js') },
  { name: 'server', summary: 'Run the provincial sync server; manage users, units, rule packs, blocks', load: () => import('./commands/server.js') },
  { name: 'sign', summary: 'Sign a PDF (PAdES, .p12 file or PKCS#11 token, optional timestamp)', load: () => import('./commands/sign.js') },
  { name: 'verify', summary: 'Verify the signatures of a PDF; exit 1 if one is broken', load: () => import('./commands/verify.js') },
];
