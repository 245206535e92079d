import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Process boundaries, checked on every `npm run lint`:
//   shared/          pure TypeScript: no electron, node or DOM, nothing from the other folders
//   renderer/        shared/ and only *types* from the preload (electron/); no node, no electron
//   scanner-drivers/ and server/: shared/ only (plus npm packages and node)
// tests/fixtures/lint/<folder>/ holds deliberate violations that a test lints against these rules.

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https',
  'net', 'os', 'path', 'process', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib', 'readline', 'module',
];
const nodeImports = [{ group: ['node:*', ...nodeBuiltins], message: 'Node modules are not allowed here.' }];
const electronImport = { name: 'electron', message: 'Electron belongs to electron/ only.' };
const folder = (name) => ({ group: [`**/${name}/**`, `**/${name}`], message: `Do not import from ${name}/ here.` });

const restrict = (paths, patterns, allowTypeImports = false) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: paths.map((p) => ({ ...p, allowTypeImports })),
      patterns: patterns.map((p) => ({ ...p, allowTypeImports })),
    },
  ],
});

const at = (dir) => [`${dir}/**/*.{ts,tsx}`, `tests/fixtures/lint/${dir}/**/*.{ts,tsx}`];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'tests/fixtures/**', 'resources/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: false } }],
    },
  },
  {
    files: at('shared'),
    languageOptions: { globals: {} },
    rules: {
      ...restrict(
        [electronImport, { name: 'react', message: 'UI code belongs to renderer/.' }, { name: 'rxdb', message: 'Storage belongs to renderer/db.' }],
        [...nodeImports, folder('electron'), folder('renderer'), folder('server'), folder('scanner-drivers'), folder('cli')],
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: at('renderer'),
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The preload's type may be imported (import type); its code never.
      ...restrict([electronImport], [...nodeImports, folder('electron'), folder('server'), folder('scanner-drivers'), folder('cli')], true),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: at('scanner-drivers'),
    rules: restrict([electronImport], [folder('electron'), folder('renderer'), folder('server'), folder('cli')]),
  },
  {
    files: at('server'),
    rules: restrict([electronImport], [folder('electron'), folder('renderer'), folder('scanner-drivers'), folder('cli')]),
  },
  {
    files: at('electron'),
    rules: restrict([], [folder('renderer'), folder('server')]),
  },
);
