import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../shared/contract/errors.js';
import type { S3Settings } from './services/blobStore.js';

// Server settings from argv and environment; shared by `npm run server` and `motcua server`.
// Secrets (database password, S3 keys, token secret) come from the environment, never argv.

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** --init: create the data folder when it does not exist yet (see `server/dataFolder.ts`). */
  init?: boolean;
  databaseUrl: string | undefined;
  s3: S3Settings | undefined;
  tls: { certFile: string; keyFile: string } | undefined;
  trustProxy: boolean;
  accessTtlSec: number;
  refreshTtlSec: number;
}

export const serverFlags = {
  host: { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  init: { type: 'boolean' },
  'database-url': { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-bucket': { type: 'string' },
  's3-region': { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'access-ttl': { type: 'string' },
} as const;

export const serverUsage =
  'motcua server [--port <n>] [--host <addr>] [--data <dir> [--init]] [--database-url <url>] ' +
  '[--s3-endpoint <url> --s3-bucket <name> [--s3-region <r>]] [--cert <pem> --key <pem>] [--trust-proxy]';

function intFlag(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new AppError('validation-failed', `--${name} must be an integer ${min}..${max}, got "${value}"`);
  }
  return Number(value);
}

export function serverConfigParse(argv: string[], env: Record<string, string | undefined>, cwd: string): ServerConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options: serverFlags, strict: true }).values;
  } catch (err) {
    throw new AppError('validation-failed', err instanceof Error ? (err.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments');
  }
  const str = (k: keyof typeof serverFlags) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const endpoint = str('s3-endpoint') ?? env.MOTCUA_S3_ENDPOINT;
  const bucket = str('s3-bucket') ?? env.MOTCUA_S3_BUCKET;
  let s3: S3Settings | undefined;
  if (endpoint !== undefined || bucket !== undefined) {
    const accessKeyId = env.MOTCUA_S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.MOTCUA_S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY;
    if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) {
      throw new AppError('validation-failed', 'S3 needs --s3-endpoint, --s3-bucket and MOTCUA_S3_ACCESS_KEY_ID / MOTCUA_S3_SECRET_ACCESS_KEY');
    }
    s3 = { endpoint, bucket, accessKeyId, secretAccessKey, region: str('s3-region') ?? env.MOTCUA_S3_REGION ?? 'us-east-1' };
  }
  const cert = str('cert');
  const key = str('key');
  if ((cert === undefined) !== (key === undefined)) throw new AppError('validation-failed', '--cert and --key go together');
  return {
    host: str('host') ?? '127.0.0.1',
    port: intFlag(str('port'), 'port', 8787, 0, 65535),
    dataDir: resolve(cwd, str('data') ?? env.MOTCUA_DATA ?? 'motcua-data'),
    init: values.init === true,
    databaseUrl: str('database-url') ?? (env.DATABASE_URL || undefined),
    s3,
    tls: cert !== undefined && key !== undefined ? { certFile: resolve(cwd, cert), keyFile: resolve(cwd, key) } : undefined,
    trustProxy: values['trust-proxy'] === true,
    accessTtlSec: intFlag(str('access-ttl'), 'access-ttl', 15 * 60, 5, 24 * 3600),
    refreshTtlSec: 30 * 24 * 3600,
  };
}

/**
 * The HMAC key of access tokens. Several instances must share it: set MOTCUA_TOKEN_SECRET
 * (at least 32 bytes, hex or base64). A lone server keeps a generated one in its data folder,
 * so a restart does not log everyone out.
 */
export function tokenSecretLoad(dataDir: string, env: Record<string, string | undefined>): Buffer {
  const fromEnv = env.MOTCUA_TOKEN_SECRET;
  if (fromEnv) {
    const buf = /^[0-9a-f]+$/i.test(fromEnv) ? Buffer.from(fromEnv, 'hex') : Buffer.from(fromEnv, 'base64');
    if (buf.length < 32) throw new AppError('validation-failed', 'MOTCUA_TOKEN_SECRET must hold at least 32 bytes');
    return buf;
  }
  const file = join(dataDir, 'token-secret');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('hex'), { mode: 0o600 });
  return secret;
}
