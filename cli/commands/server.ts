import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../shared/contract/errors.js';
import { serverConfigParse, serverUsage } from '../../server/config.js';
import { serverDbOpen, serverStart } from '../../server/start.js';
import { blockAssign } from '../../server/services/blocks.js';
import { dossierMove } from '../../server/services/dossierMove.js';
import { rulePackFromFile, rulePackImport, unitImport } from '../../server/services/ruleStore.js';
import { userAdd, userRevoke } from '../../server/services/users.js';
import { cliArgs, intOption, requireOption } from '../args.js';
import { CliError, type CliCommand, type CliIo } from '../command.js';
import { serverExportDispatch, serverExportNouns, serverExportUsage } from './serverExport.js';

// `motcua server` starts the provincial server; `motcua server <noun> <verb>` are the admin
// commands of provincial IT, run against the same data folder or DATABASE_URL.

const storageFlags = { data: { type: 'string' }, init: { type: 'boolean' }, 'database-url': { type: 'string' }, json: { type: 'boolean' } } as const;

function storageArgv(values: { data?: string | undefined; init?: boolean | undefined; 'database-url'?: string | undefined }): string[] {
  return [
    ...(values.data ? ['--data', values.data] : []),
    ...(values.init ? ['--init'] : []),
    ...(values['database-url'] ? ['--database-url', values['database-url']] : []),
  ];
}

async function jsonFileRead(path: string, cwd: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new CliError(`cannot read ${path}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(`${path} is not JSON`);
  }
}

type StorageValues = Parameters<typeof storageArgv>[0] & { json?: boolean | undefined };

async function withDb<T>(values: StorageValues, io: CliIo, fn: (db: Awaited<ReturnType<typeof serverDbOpen>>['db']) => Promise<T>): Promise<T> {
  const config = serverConfigParse(storageArgv(values), io.env, io.cwd);
  // A new data folder is said on stderr under --json, so stdout stays one JSON document.
  const { db, close } = await serverDbOpen(config, { notice: values.json ? io.err : io.out });
  try {
    return await fn(db);
  } finally {
    await close();
  }
}

function report(io: CliIo, json: boolean | undefined, value: Record<string, unknown>, text: string): number {
  io.out(json ? JSON.stringify(value) : text);
  return 0;
}

async function admin(noun: string, verb: string | undefined, argv: string[], io: CliIo): Promise<number> {
  const key = `${noun} ${verb ?? ''}`;
  if (key === 'user add') {
    const { values } = cliArgs(argv, { ...storageFlags, username: { type: 'string' }, name: { type: 'string' }, 'password-env': { type: 'string' }, role: { type: 'string' }, units: { type: 'string' } });
    const envName = requireOption(values['password-env'], 'password-env');
    const password = io.env[envName];
    if (!password) throw new CliError(`environment variable ${envName} is empty`);
    const units = requireOption(values.units, 'units').split(',').map((u) => u.trim()).filter(Boolean);
    const username = requireOption(values.username, 'username');
    const role = requireOption(values.role, 'role');
    const displayName = values.name;
    const { id } = await withDb(values, io, (db) => userAdd(db, { username, password, role, units, ...(displayName !== undefined ? { displayName } : {}) }));
    return report(io, values.json, { id, username, ...(displayName !== undefined ? { displayName } : {}), role, units }, `user ${username} (${displayName ? `${displayName}, ` : ''}${role}) added for ${units.join(', ')}`);
  }
  if (key === 'user revoke') {
    const { values } = cliArgs(argv, { ...storageFlags, username: { type: 'string' } });
    const username = requireOption(values.username, 'username');
    const { id, alreadyRevoked } = await withDb(values, io, (db) => userRevoke(db, { username }));
    return report(io, values.json, { id, username, revoked: true, alreadyRevoked },
      `user ${username} ${alreadyRevoked ? 'was already revoked' : 'revoked'}: login refused; workstations refuse them after their next sync`);
  }
  const packKinds: Record<string, string | undefined> = { catalog: 'catalogue', calendar: 'calendar', rulepack: undefined };
  if (key === 'unit import' || key === 'catalog import' || key === 'calendar import' || key === 'rulepack import') {
    const { values, positionals } = cliArgs(argv, storageFlags, true);
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) throw new CliError(`usage: motcua server ${noun} import <file.json>`);
    const json = await jsonFileRead(file, io.cwd);
    if (noun === 'unit') {
      const { count, pack } = await withDb(values, io, (db) => unitImport(db, json));
      return report(io, values.json, { units: count, ...(pack ? { rev: pack.rev } : {}) }, `${count} units imported`);
    }
    const pack = rulePackFromFile(json, packKinds[noun]);
    const result = await withDb(values, io, (db) => rulePackImport(db, pack));
    return report(io, values.json, { kind: pack.kind, version: pack.version, ...result },
      `${pack.kind} ${pack.version} ${result.created ? 'imported' : 'already present'} (rev ${result.rev})`);
  }
  if (key === 'blocks assign') {
    const { values } = cliArgs(argv, { ...storageFlags, workstation: { type: 'string' }, agency: { type: 'string' }, size: { type: 'string' } });
    const input = {
      workstationId: requireOption(values.workstation, 'workstation'),
      agencyCode: requireOption(values.agency, 'agency'),
      size: intOption(values.size, 'size'),
    };
    const block = await withDb(values, io, (db) => blockAssign(db, input));
    return report(io, values.json, { ...block }, `block ${block.id}: ${block.agencyCode} ${block.firstNo}–${block.lastNo} → ${block.workstationId}`);
  }
  if (key === 'dossier move') {
    const { values } = cliArgs(argv, { ...storageFlags, dossier: { type: 'string' }, to: { type: 'string' } });
    const input = { dossier: requireOption(values.dossier, 'dossier'), to: requireOption(values.to, 'to') };
    const moved = await withDb(values, io, (db) => dossierMove(db, input));
    return report(io, values.json, { ...moved }, moved.rows === 0
      ? `dossier ${moved.code} already belongs to ${moved.to}`
      : `dossier ${moved.code} moved from ${moved.from} to ${moved.to} (${moved.rows} rows); ${moved.from}'s workstations drop their copy at their next sync`);
  }
  throw new CliError(`unknown subcommand "server ${key.trim()}"`);
}

export const command: CliCommand = {
  name: 'server',
  summary: 'Run the provincial sync server, or manage its users, units, rule packs and number blocks',
  usage: [
    serverUsage,
    'motcua server user add --username <u> [--name "<full name>"] --password-env <VAR> --role clerk|postal|supervisor|admin --units <code,...>',
    'motcua server user revoke --username <u>',
    'motcua server unit import <file.json>      motcua server catalog import <file.json>',
    'motcua server calendar import <file.json>  motcua server rulepack import <file.json> (any kind)',
    'motcua server blocks assign --workstation <id> --agency <code> --size <n>',
    'motcua server dossier move --dossier <id or code> --to <unit code>',
    serverExportUsage,
    '(unit import takes a list [{code, name, parentCode?}] or an agencies rule pack)',
    '(each admin command takes --data <dir> or --database-url <url>, and --json; --init creates a data folder that does not exist yet)',
  ].join('\n       '),
  async run(argv, io) {
    try {
      const [first, second, ...rest] = argv;
      if (first !== undefined && serverExportNouns.has(first)) return await serverExportDispatch(argv, io);
      if (first !== undefined && !first.startsWith('-')) return await admin(first, second, rest, io);
      const config = serverConfigParse(argv, io.env, io.cwd);
      const server = await serverStart(config, io.env, { notice: io.out });
      io.out(`MotCua server: ${server.url}`);
      const stop = () => void server.close().finally(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return 0;
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation-failed') throw new CliError(err.message);
      throw err;
    }
  },
};
