// Printer profiles: what a model really has. Code-page numbers for Vietnamese differ by
// vendor (Epson 52, Citizen 32, Bixolon 41, many Chinese clones 27) and some models have
// none (Xprinter, Sunmi); numbers are from vendor manuals and must be confirmed on the unit
// with a test print before a counter relies on text mode.

export const printModes = ['text', 'glyph', 'mixed', 'raster'] as const;
/** text: Windows-1258 code page · glyph: ASCII + downloaded glyphs (ESC &) for the rest ·
 *  mixed: ASCII lines as text, lines with Vietnamese as raster · raster: whole receipt as images. */
export type PrintMode = (typeof printModes)[number];

export interface PrinterProfile {
  name: string;
  label: string;
  /** Printable width: 58 mm paper = 384 dots, 80 mm = 576 dots (203 dpi). */
  paperDots: 384 | 576;
  /** ESC t number of Windows-1258 on this model; absent when the model has no Vietnamese page. */
  cp1258Page?: number;
  /** ESC & / ESC % downloadable characters (12×24). */
  userGlyphs: boolean;
  qr: boolean;
  cutter: boolean;
  drawer: boolean;
  /** Mode chosen when the settings say "auto". */
  preferredMode?: PrintMode;
}

export const printerProfiles: readonly PrinterProfile[] = [
  { name: 'epson-tm-t20', label: 'Epson TM-T20/T82 (80 mm)', paperDots: 576, cp1258Page: 52, userGlyphs: true, qr: true, cutter: true, drawer: true },
  { name: 'epson-tm-t20-58', label: 'Epson TM-T20 (58 mm)', paperDots: 384, cp1258Page: 52, userGlyphs: true, qr: true, cutter: true, drawer: true },
  { name: 'citizen-ct-s310', label: 'Citizen CT-S310 (80 mm)', paperDots: 576, cp1258Page: 32, userGlyphs: true, qr: true, cutter: true, drawer: true },
  { name: 'bixolon-srp-350', label: 'Bixolon SRP-350 (80 mm)', paperDots: 576, cp1258Page: 41, userGlyphs: true, qr: true, cutter: true, drawer: true },
  { name: 'clone-80', label: 'Máy in nhiệt phổ thông 80 mm (trang mã 27)', paperDots: 576, cp1258Page: 27, userGlyphs: true, qr: true, cutter: true, drawer: true },
  { name: 'xprinter-80', label: 'Xprinter XP-80 (80 mm, không có trang mã tiếng Việt)', paperDots: 576, userGlyphs: true, qr: true, cutter: true, drawer: true },
  { name: 'xprinter-58', label: 'Xprinter XP-58 (58 mm, không có trang mã tiếng Việt)', paperDots: 384, userGlyphs: true, qr: true, cutter: false, drawer: false },
  { name: 'legacy-80', label: 'Máy in đời cũ 80 mm (không có lệnh QR, không có trang mã tiếng Việt)', paperDots: 576, userGlyphs: true, qr: false, cutter: true, drawer: true },
  { name: 'sunmi-58', label: 'Sunmi 58 mm (không tải được ký tự)', paperDots: 384, userGlyphs: false, qr: true, cutter: false, drawer: false },
  { name: 'generic-raster-80', label: 'Máy in chỉ in ảnh (80 mm)', paperDots: 576, userGlyphs: false, qr: true, cutter: true, drawer: false, preferredMode: 'raster' },
];

export function printerProfileFind(name: string): PrinterProfile | undefined {
  return printerProfiles.find((p) => p.name === name);
}

/** The mode that keeps every diacritic right with the fewest bytes on this model. */
export function printModeFor(profile: PrinterProfile, requested: PrintMode | 'auto' = 'auto'): PrintMode {
  const supported = (m: PrintMode): boolean =>
    m === 'text' ? profile.cp1258Page !== undefined : m === 'glyph' ? profile.userGlyphs : true;
  if (requested !== 'auto') {
    if (!supported(requested)) throw new RangeError(`profile ${profile.name} cannot print in ${requested} mode`);
    return requested;
  }
  if (profile.preferredMode && supported(profile.preferredMode)) return profile.preferredMode;
  if (supported('text')) return 'text';
  if (supported('glyph')) return 'glyph';
  return 'mixed';
}

/** What the settings screen shows of a profile: the modes it can print in and the automatic one. */
export function printerProfileInfo(p: PrinterProfile): { name: string; label: string; paperDots: number; modes: PrintMode[]; defaultMode: PrintMode } {
  const modes = printModes.filter((m) => {
    try {
      return printModeFor(p, m) === m;
    } catch {
      return false;
    }
  });
  return { name: p.name, label: p.label, paperDots: p.paperDots, modes, defaultMode: printModeFor(p) };
}
