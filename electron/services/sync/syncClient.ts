import { z } from 'zod';
import { AppError, errorCodes, type ErrorCode } from '../../../shared/contract/errors.js';
import type { SyncStatus } from '../../../shared/contract/sync.js';
import type { ServerTrust } from '../serverLink/serverTrust.js';
import type { TokenVault } from './tokenVault.js';
import { syncProtocolVersion } from '../../../shared/sync/eventWire.js';

// The main process's HTTP client of the provincial server: it holds the access token in memory
// only, keeps the (sealed) refresh token in the vault, refreshes on 401 `expired` and stops on
// 426 until the app is updated. "Unreachable" is one stable error, `server-offline`.

export const syncProtocol = syncProtocolVersion;

const pairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresAt: z.string(),
  user: z.object({ username: z.string(), role: z.string(), units: z.array(z.string()) }),
});
export type ServerGrant = z.infer<typeof pairSchema>;
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) });

export interface SyncClientDeps {
  serverUrl: () => Promise<string | null>;
  vault: TokenVault;
  /** HTTPS trust of the provincial server (pinned CA or system store); every request goes through it. */
  trust: ServerTrust;
  timeoutMs?: number;
  now?: () => number;
}

export interface SyncClient {
  /** Logs in at the server; throws `server-offline` when it cannot be reached. */
  login(username: string, password: string): Promise<ServerGrant>;
  /** An authenticated JSON request; refreshes the access token once on 401. */
  json<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T>;
  /** An authenticated raw request (files); the caller reads the response. */
  raw(path: string, init?: RequestInit): Promise<Response>;
  /** Headers for a request the caller makes itself (tus). */
  authHeaders(): Promise<Record<string, string>>;
  baseUrl(): Promise<string>;
  status(): SyncStatus;
  forget(): Promise<void>;
}

function codeOf(text: string): ErrorCode {
  return (errorCodes as readonly string[]).includes(text) ? (text as ErrorCode) : 'internal';
}

export function syncClientCreate(deps: SyncClientDeps): SyncClient {
  const timeoutMs = deps.timeoutMs ?? 20_000;
  const now = deps.now ?? Date.now;
  let access: { token: string; username: string; expiresAtMs: number } | null = null;
  let refreshing: Promise<string> | null = null;
  const state: SyncStatus = { signedIn: false, username: null, outdated: false, lastError: null, lastOkAt: null };

  async function baseUrl(): Promise<string> {
    const url = await deps.serverUrl();
    if (!url) throw new AppError('not-configured', 'Chưa cấu hình địa chỉ máy chủ tỉnh');
    return url.replace(/\/+$/, '');
  }

  async function send(path: string, init: RequestInit, ms = timeoutMs): Promise<Response> {
    if (state.outdated) throw new AppError('validation-failed', 'Cần cập nhật phần mềm trước khi đồng bộ', { reason: 'outdated-client' });
    const url = `${await baseUrl()}${path}`;
    let res: Response;
    try {
      res = await deps.trust.fetch(url, { ...init, headers: { 'x-motcua-protocol': String(syncProtocol), ...(init.headers as Record<string, string>) }, signal: init.signal ?? AbortSignal.timeout(ms) });
    } catch (err) {
      // A refused certificate or a plain-HTTP URL is not "offline": it keeps its own code.
      if (err instanceof AppError) {
        state.lastError = err.code;
        throw err;
      }
      state.lastError = 'server-offline';
      throw new AppError('server-offline', 'Không kết nối được máy chủ tỉnh', { cause: err instanceof Error ? err.message : String(err) });
    }
    if (res.status === 426) {
      state.outdated = true;
      throw new AppError('validation-failed', 'Cần cập nhật phần mềm trước khi đồng bộ', { reason: 'outdated-client' });
    }
    return res;
  }

  async function failOf(res: Response): Promise<AppError> {
    const text = await res.text().catch(() => '');
    let parsed: z.infer<typeof errorSchema> | null;
    try {
      parsed = errorSchema.parse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    const code: ErrorCode = res.status === 413 ? 'validation-failed' : parsed ? codeOf(parsed.error.code) : 'internal';
    state.lastError = code;
    return new AppError(code, parsed?.error.message ?? `HTTP ${res.status}`, { ...parsed?.error.details, status: res.status });
  }

  async function grantTake(res: Response): Promise<ServerGrant> {
    const grant = pairSchema.parse(await res.json());
    access = { token: grant.accessToken, username: grant.user.username, expiresAtMs: Date.parse(grant.expiresAt) };
    await deps.vault.save({ username: grant.user.username, refreshToken: grant.refreshToken });
    state.signedIn = true;
    state.username = grant.user.username;
    return grant;
  }

  async function refresh(): Promise<string> {
    refreshing ??= (async () => {
      const saved = await deps.vault.load();
      if (!saved) throw new AppError('unauthenticated', 'Cần đăng nhập khi có mạng để đồng bộ');
      const res = await send('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: saved.refreshToken }) });
      if (!res.ok) {
        const err = await failOf(res);
        // A spent or revoked refresh token will not come back: forget it.
        if (res.status === 401) {
          await deps.vault.clear();
          state.signedIn = false;
        }
        throw err;
      }
      return (await grantTake(res)).accessToken;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function token(): Promise<string> {
    if (access && access.expiresAtMs - 30_000 > now()) return access.token;
    return refresh();
  }

  async function raw(path: string, init: RequestInit = {}, ms?: number): Promise<Response> {
    const attempt = async (t: string) => send(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${t}` } }, ms);
    let res = await attempt(await token());
    if (res.status === 401) {
      access = null;
      res = await attempt(await refresh());
    }
    if (res.ok) state.lastOkAt = new Date(now()).toISOString();
    return res;
  }

  return {
    async login(username, password) {
      const res = await send('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (!res.ok) throw await failOf(res);
      return grantTake(res);
    },
    async json<T>(method: string, path: string, body?: unknown, ms?: number) {
      const init: RequestInit = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      const res = await raw(path, init, ms);
      if (!res.ok) throw await failOf(res);
      state.lastError = null;
      return (await res.json()) as T;
    },
    raw: (path, init) => raw(path, init),
    async authHeaders() {
      return { authorization: `Bearer ${await token()}`, 'x-motcua-protocol': String(syncProtocol) };
    },
    baseUrl,
    status: () => ({ ...state, signedIn: state.signedIn || access !== null }),
    async forget() {
      access = null;
      state.signedIn = false;
      state.username = null;
      await deps.vault.clear();
    },
  };
}
