import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/contract/errors.js';

// PGlite is one process's database: a second process opening the same folder would corrupt
// it. The server and the admin commands take this lock on the data folder first (not needed
// with DATABASE_URL, where PostgreSQL itself arbitrates).

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function dataDirLock(dataDir: string): () => void {
  const file = join(dataDir, 'motcua.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && pidAlive(holder)) {
        throw new AppError('device-busy', `data folder ${dataDir} is in use by process ${holder}; stop the server first`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new AppError('device-busy', `cannot lock data folder ${dataDir}`);
}
