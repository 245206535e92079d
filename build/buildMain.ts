import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { commandNames, eventNames } from '../shared/contract/commands.js';

// Builds Electron's main process (CommonJS, dependencies stay in node_modules) and the preload
// (one self-contained CommonJS file, because a sandboxed preload cannot require packages).

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const nodeExternals = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const depExternal = (id: string): boolean =>
  nodeExternals.includes(id) || Object.keys(pkg.dependencies).some((d) => id === d || id.startsWith(`${d}/`));

export async function buildMain(): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: join(root, 'out/main'),
      emptyOutDir: true,
      ssr: true,
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: { main: join(root, 'electron/main.ts') },
        external: depExternal,
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: join(root, 'out/preload'),
      emptyOutDir: true,
      ssr: true,
      target: 'node20',
      rollupOptions: {
        input: { preload: join(root, 'electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
    ssr: { noExternal: true },
    define: {
      __MOTCUA_COMMAND_NAMES__: JSON.stringify(commandNames),
      __MOTCUA_EVENT_NAMES__: JSON.stringify(eventNames),
    },
  });
}

await buildMain();
