// `npm start`: build, fetch Electron's binary if this machine has none yet (package.json's
// allowScripts denies electron's download at `npm ci`, so installs work offline), then launch.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('MộtCửa: downloading the Electron runtime once (needs internet)…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  run(process.execPath, [join(electronDir, 'install.js')], env);
}
run('npm', ['run', 'build']);
const electron = require('electron');
run(electron, ['.', ...process.argv.slice(2)]);
