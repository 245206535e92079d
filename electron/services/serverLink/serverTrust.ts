import { X509Certificate } from 'node:crypto';
import * as tus from 'tus-js-client';
import { Agent, fetch as undiciFetch } from 'undici';
import { AppError } from '../../../shared/contract/errors.js';
import type { SettingsStore } from '../settings/settingsStore.js';

// The one place where the main process decides whom it trusts as the provincial server. Personal
// data (ID numbers, addresses) crosses this link, so: plain HTTP only to this PC itself, the
// server's certificate is always verified, and when the province pins its own CA (a private
// "provincial CA" that Windows may not know), ONLY certificates chaining to that CA are accepted.
// Without a pin, the TLS library's trust store applies, so a self-signed server is refused.
// Every server call of the main process (fetch: link, sync, stream, directory; tus: uploads) is
// made through this module.

/** OpenSSL/Node verification failures: the server answered, but it is not who it claims to be. */
const certErrorCodes = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The TLS verification code inside an error chain (fetch wraps it in `cause`, tus in `causingError`). */
export function certErrorCodeOf(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && certErrorCodes.has(code)) return code;
    const next = current as { cause?: unknown; causingError?: unknown };
    current = next.cause ?? next.causingError;
  }
  return null;
}

export function certUntrustedError(reason: string, url: string): AppError {
  return new AppError(
    'server-cert-untrusted',
    'Chứng chỉ của máy chủ tỉnh không được tin cậy: kiểm tra địa chỉ máy chủ hoặc nạp chứng chỉ CA của tỉnh trong phần Cài đặt',
    { reason, host: new URL(url).host },
  );
}

/** Plain HTTP is allowed to this PC only (a local test server or a tunnel ending here). */
export function serverUrlCheck(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('validation-failed', 'Địa chỉ máy chủ không hợp lệ', { field: 'serverUrl' });
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) return parsed;
  throw new AppError('validation-failed', 'Máy chủ phải dùng HTTPS (chỉ 127.0.0.1 được dùng HTTP)', { field: 'serverUrl', reason: 'plain-http' });
}

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Validates a pinned CA bundle (PEM, one to five certificates): each must parse as X.509, be a
 * CA certificate (basicConstraints cA) and be valid now. Returns the normalised PEM.
 */
export function serverCaCheck(pem: string, nowMs: number = Date.now()): string {
  const blocks = pem.match(pemBlock) ?? [];
  const fail = (reason: string, message: string): never => {
    throw new AppError('server-ca-invalid', message, { field: 'serverCaPem', reason });
  };
  if (blocks.length === 0) fail('not-pem', 'Chứng chỉ CA phải ở dạng PEM (-----BEGIN CERTIFICATE-----)');
  if (blocks.length > 5) fail('too-many', 'Chỉ nạp tối đa 5 chứng chỉ CA');
  for (const block of blocks) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      return fail('not-a-certificate', 'Không đọc được chứng chỉ CA (tệp PEM hỏng)');
    }
    if (!cert.ca) fail('not-a-ca', `Chứng chỉ "${cert.subject.replace(/\n/g, ', ')}" không phải chứng chỉ CA`);
    if (Date.parse(cert.validTo) < nowMs || Date.parse(cert.validFrom) > nowMs) {
      fail('expired', `Chứng chỉ CA "${cert.subject.replace(/\n/g, ', ')}" đã hết hạn hoặc chưa có hiệu lực`);
    }
  }
  return blocks.join('\n');
}

export interface ServerTrust {
  /** fetch to the provincial server: refuses plain HTTP, maps a refused certificate to `server-cert-untrusted`. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** The tus HTTP stack with the same trust (Node https request options). */
  tusHttpStack(): Promise<tus.HttpStack>;
  /** The pinned CA bundle, or null when the system trust store applies. */
  pinnedCa(): Promise<string | null>;
  close(): Promise<void>;
}

export function serverTrustCreate(deps: { caPem: () => Promise<string | null> }): ServerTrust {
  // One connection pool per pinned bundle; a new pin replaces the pool (old sockets close).
  let pool: { pem: string | null; agent: Agent } | null = null;

  async function pinnedCa(): Promise<string | null> {
    const pem = (await deps.caPem())?.trim();
    return pem ? pem : null;
  }

  function agentFor(pem: string | null): Agent {
    if (pool && pool.pem === pem) return pool.agent;
    const previous = pool?.agent;
    // `ca` replaces the default roots rather than adding to them: that is the pin.
    pool = { pem, agent: new Agent(pem ? { connect: { ca: pem, rejectUnauthorized: true } } : { connect: { rejectUnauthorized: true } }) };
    void previous?.close().catch(() => undefined);
    return pool.agent;
  }

  return {
    pinnedCa,
    async fetch(url, init = {}) {
      serverUrlCheck(url);
      const dispatcher = agentFor(await pinnedCa());
      try {
        // undici's own fetch with its own Agent, so the pair never mixes versions with the
        // runtime's bundled fetch (Node 20 in tests, Electron's Node in the app).
        const response = await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher });
        return response as unknown as Response;
      } catch (err) {
        const reason = certErrorCodeOf(err);
        if (reason) throw certUntrustedError(reason, url);
        throw err;
      }
    },
    async tusHttpStack() {
      const pem = await pinnedCa();
      return new tus.DefaultHttpStack(pem ? { ca: pem, rejectUnauthorized: true } : { rejectUnauthorized: true });
    },
    async close() {
      await pool?.agent.close().catch(() => undefined);
      pool = null;
    },
  };
}

const bySettings = new WeakMap<SettingsStore, ServerTrust>();

/** One trust per workstation settings store, shared by the link check and the sync service. */
export function serverTrustOf(settings: SettingsStore): ServerTrust {
  let trust = bySettings.get(settings);
  if (!trust) {
    trust = serverTrustCreate({ caPem: async () => (await settings.get().catch(() => null))?.serverCaPem ?? null });
    bySettings.set(settings, trust);
  }
  return trust;
}
