import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { serverConfigParse, type ServerConfig } from '../../server/config.js';
import { serverDbOpen } from '../../server/start.js';
import { blobStoreFs, blobStoreS3 } from '../../server/services/blobStore.js';
import { exportConnectorFile, exportConnectorLoad } from '../../server/export/connector.js';
import { exportPeriodCheck, exportRun } from '../../server/export/dvcqgRun.js';
import { bundleImportServer } from '../../server/bundle/bundleImport.js';
import { bundleSecretsParse } from '../../server/bundle/trustStore.js';
import { cliArgs, requireOption } from '../args.js';
import { CliError, type CliIo } from '../command.js';
import { serverWorkstationDispatch, serverWorkstationUsage } from './serverWorkstation.js';

// `motcua server export`, `server import-bundle` and `server workstation …` (serverWorkstation.ts): the
// national-portal export and the offline bundle intake, run against the server's data folder or DATABASE_URL.

export const serverExportNouns = new Set(['export', 'import-bundle', 'workstation']);

export const serverExportUsage = [
  'motcua server export --format dvcqg --from <YYYY-MM-DD> --to <YYYY-MM-DD> --out <file.json> [--held <file.json>] [--connector <module.js> --connector-option k=v ...]',
  'motcua server import-bundle <file.mcb> [--secret-env <VAR> (default MOTCUA_BUNDLE_SECRETS)]',
  ...serverWorkstationUsage,
].join('\n       ');

const storageFlags = { data: { type: 'string' }, 'database-url': { type: 'string' }, json: { type: 'boolean' } } as const;
// The commands that write may be the first on a new folder (--init); the export only reads.
const writerFlags = { ...storageFlags, init: { type: 'boolean' } } as const;

function storageArgv(values: { data?: string | undefined; init?: boolean | undefined; 'database-url'?: string | undefined }): string[] {
  return [
    ...(values.data ? ['--data', values.data] : []),
    ...(values.init ? ['--init'] : []),
    ...(values['database-url'] ? ['--database-url', values['database-url']] : []),
  ];
}

function dbOpenSaying(config: ServerConfig, io: CliIo, json: boolean | undefined): ReturnType<typeof serverDbOpen> {
  // A new data folder is said on stderr under --json, so stdout stays one JSON document.
  return serverDbOpen(config, { notice: json ? io.err : io.out });
}

async function exportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = cliArgs(argv, {
    ...storageFlags,
    format: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    held: { type: 'string' },
    connector: { type: 'string' },
    'connector-option': { type: 'string', multiple: true },
  });
  const format = requireOption(values.format, 'format');
  if (format !== 'dvcqg') throw new CliError(`--format must be dvcqg, got "${format}"`);
  let period: { from: string; to: string };
  try {
    period = exportPeriodCheck(values.from, values.to);
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
  const options: Record<string, string> = {};
  for (const kv of values['connector-option'] ?? []) {
    const at = kv.indexOf('=');
    if (at < 1) throw new CliError(`--connector-option must be key=value, got "${kv}"`);
    options[kv.slice(0, at)] = kv.slice(at + 1);
  }
  let connector;
  if (values.connector) connector = await exportConnectorLoad(resolve(io.cwd, values.connector), options);
  else {
    const out = resolve(io.cwd, requireOption(values.out, 'out'));
    const held = values.held ? resolve(io.cwd, values.held) : out.replace(/(\.json)?$/i, '.held-back.json');
    connector = exportConnectorFile(out, held);
  }
  const config = serverConfigParse(storageArgv(values), io.env, io.cwd);
  const { db, close } = await dbOpenSaying(config, io, values.json);
  try {
    const result = await exportRun(db, connector, period);
    const summary = { format, ...period, accepted: result.report.accepted, held: result.report.held.length, refs: result.refs };
    io.out(values.json ? JSON.stringify({ ...summary, heldBack: result.report.held }) : [
      `DongBoHoSoMC ${period.from}..${period.to}: ${summary.accepted} dossiers exported, ${summary.held} held back`,
      ...result.report.held.map((h) => `  held: ${h.code ?? h.dossierId} (${h.reason}) ${h.message}`),
      ...result.refs.map((r) => `  → ${r}`),
    ].join('\n'));
    return 0;
  } finally {
    await close();
  }
}

async function importBundleCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = cliArgs(argv, { ...writerFlags, 'secret-env': { type: 'string' } }, true);
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new CliError('usage: motcua server import-bundle <file.mcb> --data <dir>');
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(io.cwd, file));
  } catch {
    throw new CliError(`cannot read ${file}`);
  }
  const envName = values['secret-env'] ?? 'MOTCUA_BUNDLE_SECRETS';
  const secrets = bundleSecretsParse(io.env[envName], envName);
  const config = serverConfigParse(storageArgv(values), io.env, io.cwd);
  const blobs = config.s3 ? blobStoreS3(config.s3) : blobStoreFs(join(config.dataDir, 'blobs'));
  const { db, close } = await dbOpenSaying(config, io, values.json);
  try {
    const r = await bundleImportServer(db, blobs, bytes, { secrets, tmpDir: config.dataDir });
    const line = (c: keyof typeof r.counts) => `${c}: ${r.counts[c].written} new, ${r.counts[c].same} already there, ${r.counts[c].rejected} rejected`;
    io.out(values.json ? JSON.stringify(r) : [
      `bundle ${r.bundleId} from ${r.workstationId}${r.alreadyImported ? ' (already imported before)' : ''}: ${r.written} rows written, ${r.blobsStored} files stored (${r.blobsPresent} already present)`,
      line('events'), line('files'),
      ...r.rejected.map((x) => `  rejected ${x.collection} ${x.id ?? '?'}: ${x.code}: ${x.reason}`),
    ].join('\n'));
    return 0;
  } finally {
    await close();
  }
}

/** Entry from `motcua server`: argv starts with the noun (export | import-bundle | workstation). */
export async function serverExportDispatch(argv: string[], io: CliIo): Promise<number> {
  const [noun, ...rest] = argv;
  if (noun === 'export') return exportCommand(rest, io);
  if (noun === 'import-bundle') return importBundleCommand(rest, io);
  const [verb, ...more] = rest;
  return serverWorkstationDispatch(verb, more, io);
}
