import QRCode from 'qrcode';
import type { QrEcLevel } from '../../../shared/escpos/commands.js';
import type { QrMatrix } from '../../../shared/escpos/decoder.js';

// The QR encoder (qrcode, a runtime dependency) as the shared encoder and decoder expect it:
// for models without GS ( k, and as the "firmware" of the test decoder.

export function qrMatrix(data: string, ec: QrEcLevel): QrMatrix {
  const code = QRCode.create(data, { errorCorrectionLevel: ec });
  return { size: code.modules.size, get: (x, y) => code.modules.get(y, x) === 1 };
}
