import { resolve } from 'node:path';
import { AppError } from '../../shared/contract/errors.js';
import { backupServiceCreate } from '../../electron/services/backup/backupService.js';
import { cliArgs } from '../args.js';
import { CliError, type CliCommand } from '../command.js';

// `motcua backup verify <file>`: decrypts a backup end to end without restoring it and checks the
// GCM tag and every SHA-256 of its manifest. The passphrase comes from an environment variable
// (never argv, which other users of the machine can read from the process list).

export const command: CliCommand = {
  name: 'backup',
  summary: 'Verify an encrypted workstation backup (.mcbak) without restoring it',
  usage: 'motcua backup verify <file.mcbak> [--passphrase-env NAME (default MOTCUA_BACKUP_PASSPHRASE)] [--json]',
  async run(argv, io) {
    const { values, positionals } = cliArgs(argv, { 'passphrase-env': { type: 'string' }, json: { type: 'boolean' } }, true);
    const [sub, file, ...rest] = positionals;
    if (sub !== 'verify' || !file || rest.length) throw new CliError('expected: backup verify <file.mcbak>');
    const envName = values['passphrase-env'] ?? 'MOTCUA_BACKUP_PASSPHRASE';
    const passphrase = io.env[envName];
    if (!passphrase) throw new CliError(`set the backup passphrase in the environment variable ${envName}`);
    const path = resolve(io.cwd, file);
    const service = backupServiceCreate({ dataDir: io.cwd, appVersion: '' });
    try {
      const result = await service.verify(path, passphrase);
      io.out(values.json ? JSON.stringify({ ok: true, path, ...result }) : `Backup intact: ${result.files} files + database dump (${result.dumpBytes} bytes), made ${result.createdAt}, ${result.bytes} bytes`);
      return 0;
    } catch (err) {
      if (err instanceof AppError && (err.code === 'backup-corrupt' || err.code === 'backup-wrong-passphrase')) {
        io.out(values.json ? JSON.stringify({ ok: false, path, code: err.code, message: err.message }) : `Backup NOT usable: ${err.code}: ${err.message}`);
        return 1;
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`no such file: ${path}`);
      throw err;
    }
  },
};
