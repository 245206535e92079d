// Receipt size on the wire per print mode, and the time it takes on a serial line:
// bytes × 10 ÷ baud (start + 8 data + stop bits). Ptys ignore the baud rate, so wire time is
// computed, never measured. Figures only, no pass/fail.   npm run bench:print
import { printerProfileFind, type PrintMode } from '../shared/escpos/profiles.js';
import { receiptRender } from '../shared/escpos/receipt.js';
import { receiptSample } from '../shared/escpos/receiptView.js';

const cases: { profile: string; mode: PrintMode }[] = [
  { profile: 'epson-tm-t20', mode: 'text' },
  { profile: 'xprinter-80', mode: 'glyph' },
  { profile: 'xprinter-80', mode: 'mixed' },
  { profile: 'xprinter-80', mode: 'raster' },
  { profile: 'epson-tm-t20-58', mode: 'text' },
  { profile: 'xprinter-58', mode: 'glyph' },
  { profile: 'sunmi-58', mode: 'mixed' },
  { profile: 'sunmi-58', mode: 'raster' },
];

const rows: string[][] = [['paper', 'mode', 'profile', 'bytes', '9,600 baud', '115,200 baud', 'encode ms']];
for (const c of cases) {
  const profile = printerProfileFind(c.profile)!;
  receiptRender(receiptSample, profile, { mode: c.mode });
  const runs = 20;
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < runs; i++) bytes = receiptRender(receiptSample, profile, { mode: c.mode }).bytes.length;
  const ms = (performance.now() - t0) / runs;
  rows.push([
    `${profile.paperDots === 576 ? 80 : 58} mm`,
    c.mode,
    c.profile,
    bytes.toLocaleString('en-US'),
    `${((bytes * 10) / 9600).toFixed(2)} s`,
    `${((bytes * 10) / 115200).toFixed(2)} s`,
    ms.toFixed(1),
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((cell, i) => (i >= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
console.log(`\nSample receipt ${receiptSample.dossierCode}; Node ${process.versions.node}.`);
