import { z } from 'zod';
import { command } from './define.js';

// Files travel apart from records: bytes go to the main-side content-addressed store, the
// renderer keeps only metadata (files collection) and the `file-attached` event.

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'Mã băm SHA-256 không hợp lệ');
const maxBase64 = Math.ceil((50 * 1024 * 1024 * 4) / 3);

export const filesCommands = {
  'files:put': command({
    summary: 'Store a file (attachment, scan) by SHA-256; the same bytes are stored once',
    args: z.object({ name: z.string().trim().min(1).max(255), mime: z.string().max(100), dataBase64: z.string().max(maxBase64, 'Tệp lớn hơn 50 MB') }),
    result: z.object({ sha256, size: z.number().int() }),
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
  }),
  'files:get': command({
    summary: 'Read a stored file',
    args: z.object({ sha256 }),
    result: z.object({ sha256, dataBase64: z.string() }),
    roles: ['clerk', 'postal', 'supervisor', 'admin'],
  }),
} as const;
