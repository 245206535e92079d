import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serverConfigParse } from '../../server/config.js';
import type { Db } from '../../server/db/db.js';
import { serverDbOpen } from '../../server/start.js';
import { workstationTrust } from '../../server/bundle/trustStore.js';
import { enrolmentApprove, enrolmentsList } from '../../server/services/workstationEnrol.js';
import { cliArgs, requireOption } from '../args.js';
import { CliError, type CliIo } from '../command.js';

// `motcua server workstation trust | approve | list`: which workstations' bundle keys the server
// trusts (issue 17). A workstation enrols itself for one unit (POST /api/workstations/enrol) and
// waits; an admin of that unit approves it in the app, or provincial IT here. `trust` registers a
// key outright, for named units only.

export const serverWorkstationUsage = [
  'motcua server workstation trust --id <workstation> --public-key <file.pem> | --public-key=<PEM text> --units <code,...>',
  'motcua server workstation approve --id <workstation> [--key-id <id shown by list>]',
  'motcua server workstation list [--pending]',
];

const flags = { data: { type: 'string' }, 'database-url': { type: 'string' }, json: { type: 'boolean' }, init: { type: 'boolean' } } as const;

async function withDb<T>(values: { data?: string | undefined; 'database-url'?: string | undefined; init?: boolean | undefined; json?: boolean | undefined }, io: CliIo, run: (db: Db) => Promise<T>): Promise<T> {
  const argv = [
    ...(values.data ? ['--data', values.data] : []),
    ...(values.init ? ['--init'] : []),
    ...(values['database-url'] ? ['--database-url', values['database-url']] : []),
  ];
  // A new data folder is said on stderr under --json, so stdout stays one JSON document.
  const { db, close } = await serverDbOpen(serverConfigParse(argv, io.env, io.cwd), { notice: values.json ? io.err : io.out });
  try {
    return await run(db);
  } finally {
    await close();
  }
}

async function trust(argv: string[], io: CliIo): Promise<number> {
  const { values } = cliArgs(argv, { ...flags, id: { type: 'string' }, 'public-key': { type: 'string' }, units: { type: 'string' } });
  const id = requireOption(values.id, 'id');
  const units = requireOption(values.units, 'units').split(',').map((u) => u.trim()).filter(Boolean);
  if (units.length === 0) throw new CliError('--units needs at least one unit code');
  const keyArg = requireOption(values['public-key'], 'public-key');
  let pem = keyArg;
  if (!keyArg.includes('-----BEGIN')) {
    const path = resolve(io.cwd, keyArg);
    if (!existsSync(path)) throw new CliError(`--public-key: no such file ${keyArg}`);
    pem = await readFile(path, 'utf8');
  }
  const r = await withDb(values, io, (db) => workstationTrust(db, id, pem, units));
  io.out(values.json
    ? JSON.stringify({ workstationId: id, units, ...r })
    : `workstation ${id} trusted for ${units.join(', ')} (key ${r.keyId}${r.replaced ? ', replacing the previous key' : ''})`);
  return 0;
}

async function approve(argv: string[], io: CliIo): Promise<number> {
  const { values } = cliArgs(argv, { ...flags, id: { type: 'string' }, 'key-id': { type: 'string' } });
  const workstationId = requireOption(values.id, 'id');
  const e = await withDb(values, io, (db) => enrolmentApprove(db, { workstationId, by: 'cli', units: null, keyId: values['key-id'], nowMs: Date.now() }));
  io.out(values.json ? JSON.stringify(e) : `workstation ${e.workstationId} (${e.name}) approved for ${e.unitCode} (key ${e.keyId})`);
  return 0;
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = cliArgs(argv, { ...flags, pending: { type: 'boolean' } });
  const all = await withDb(values, io, (db) => enrolmentsList(db, null));
  const shown = values.pending ? all.filter((e) => e.status === 'pending') : all;
  io.out(values.json
    ? JSON.stringify(shown)
    : shown.length === 0
      ? 'no enrolments'
      : shown.map((e) => `${e.status.padEnd(8)} ${e.unitCode} ${e.workstationId} "${e.name}" key ${e.keyId} asked by ${e.requestedBy} at ${e.requestedAt}`).join('\n'));
  return 0;
}

export async function serverWorkstationDispatch(verb: string | undefined, argv: string[], io: CliIo): Promise<number> {
  if (verb === 'trust') return trust(argv, io);
  if (verb === 'approve') return approve(argv, io);
  if (verb === 'list') return list(argv, io);
  throw new CliError(`unknown subcommand "server workstation ${verb ?? ''}"`);
}
