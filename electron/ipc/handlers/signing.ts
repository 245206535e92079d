import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { AppError, errorBodyOf } from '../../../shared/contract/errors.js';
import { signingCommands, signingEvents } from '../../../shared/contract/signing.js';
import { pemCertificatesParse } from '../../services/signing/chain.js';
import { pkcs11TokensList } from '../../services/signing/pkcs11Key.js';
import { documentsSign } from '../../services/signing/signingService.js';
import type { TimestampClient } from '../../services/signing/timestamp.js';
import { timestampQueueOpen } from '../../services/signing/timestampQueue.js';
import { pdfVerify } from '../../services/signing/verify.js';
import type { CallContext } from '../session.js';

type Commands = typeof signingCommands;
export type SigningHandlers = {
  [K in keyof Commands]: (args: z.output<Commands[K]['args']>, ctx: CallContext) => Promise<z.output<Commands[K]['result']>>;
};
export type SignProgressPayload = z.output<(typeof signingEvents)['sign:progress']['payload']>;

export interface SigningHandlerDeps {
  /** Folder of the "timestamp upgrade pending" queue (JSON files). */
  queueFolder: string;
  /** The configured timestamp server, or null (none configured). */
  tsa: () => TimestampClient | null;
  /** PEM text of the configured trust roots (national root, VGCA, the public CAs accepted). */
  trustRootsPem: () => string;
  unitName: () => string | undefined;
  /** Whether revocation may be checked over the network now. */
  online: () => boolean;
  emitProgress: (payload: SignProgressPayload) => void;
  /** Audit with the PIN removed (the router must not audit sign:documents: it would log the PIN). */
  audit?: (entry: { command: 'sign:documents'; userId: string | null; ok: boolean; errorCode?: string; args: unknown }) => void | Promise<void>;
  fetch?: typeof fetch;
}

function rootsOf(deps: SigningHandlerDeps): Uint8Array[] {
  try {
    return pemCertificatesParse(deps.trustRootsPem());
  } catch (err) {
    throw new AppError('settings-corrupt', 'Danh sách chứng thư gốc tin cậy không đọc được', { reason: String(err) });
  }
}

export function signingHandlers(deps: SigningHandlerDeps): SigningHandlers {
  return {
    async 'sign:listTokens'(args) {
      return { tokens: pkcs11TokensList(args.libraryPath) };
    },
    async 'sign:documents'(args, ctx) {
      const redacted = { ...args, pin: '(ẩn)' };
      const userId = ctx.session?.userId ?? null;
      try {
        const tsa = deps.tsa();
        const unitName = deps.unitName();
        const result = await documentsSign(
          args,
          { queueFolder: deps.queueFolder, tsa, ...(unitName ? { unitName } : {}) },
          (p) => deps.emitProgress(p),
        );
        await deps.audit?.({ command: 'sign:documents', userId, ok: true, args: redacted });
        return result;
      } catch (err) {
        await deps.audit?.({ command: 'sign:documents', userId, ok: false, errorCode: errorBodyOf(err).code, args: redacted });
        throw err;
      }
    },
    async 'sign:timestampsPending'() {
      return { items: timestampQueueOpen(deps.queueFolder).list() };
    },
    async 'sign:timestampsUpgrade'() {
      const tsa = deps.tsa();
      if (!tsa) throw new AppError('not-configured', 'Chưa cấu hình máy chủ dấu thời gian');
      const { upgraded, waiting } = await timestampQueueOpen(deps.queueFolder).drain(tsa);
      return { upgraded: upgraded.length, waiting };
    },
    async 'sign:verify'(args) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(args.file));
      } catch {
        throw new AppError('not-found', `Không đọc được tệp: ${args.file}`, { path: args.file });
      }
      const options: Parameters<typeof pdfVerify>[1] = { trustRoots: rootsOf(deps), online: deps.online() };
      if (deps.fetch) options.fetch = deps.fetch;
      return { signatures: await pdfVerify(bytes, options) };
    },
  };
}
