import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';

// `npm run pack:check`: everything about the installers that can be checked without Electron's
// binaries or the NSIS / AppImage toolsets (which electron-builder downloads). It uses
// electron-builder's own config loader, schema and file matchers, so "valid here" means valid
// for the real build. Needs `npm run build` first (checks the built out/ folder).

type Filter = (file: string, stat: Stats) => boolean;
interface FileMatcherLike { createFilter(): Filter }
interface BuilderConfig {
  files?: unknown;
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  afterPack?: string | null;
  win?: { target?: { target: string }[] };
  nsis?: { oneClick?: boolean; perMachine?: boolean; allowElevation?: boolean };
  linux?: { target?: { target: string }[]; maintainer?: string };
  publish?: { provider: string; url?: string }[];
  extraResources?: { from: string; to: string }[];
}

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const failures: string[] = [];
const notes: string[] = [];
const check = (ok: boolean, what: string): void => {
  if (!ok) failures.push(what);
};

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) walk(abs, out);
    else if (entry.isFile()) out.push(abs);
  }
  return out;
}

export async function packCheck(configPath = join(root, 'electron-builder.yml')): Promise<{ failures: string[]; notes: string[] }> {
  failures.length = 0;
  notes.length = 0;
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(dir: string, path: string | null, options: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const { getFileMatchers } = require('app-builder-lib/out/fileMatcher.js') as {
    getFileMatchers(config: BuilderConfig, name: string, dest: string, options: object): FileMatcherLike[] | null;
  };

  // 1. The configuration, through electron-builder's loader and JSON schema.
  const config = await getConfig(root, configPath, null);
  try {
    await validateConfiguration(config, new DebugLogger(false));
  } catch (err) {
    failures.push(`electron-builder.yml does not match the schema: ${(err as Error).message.split('\n').slice(0, 4).join(' ')}`);
  }

  // 2. The decisions of issue 11.
  check(config.win?.target?.some((t) => t.target === 'nsis') === true, 'win.target must be nsis');
  check(config.nsis?.oneClick === false && config.nsis.perMachine === false && config.nsis.allowElevation === true, 'nsis: assisted, per-user by default, per-machine on request (oneClick false, perMachine false, allowElevation true)');
  const linuxTargets = (config.linux?.target ?? []).map((t) => t.target);
  check(linuxTargets.includes('AppImage') && linuxTargets.includes('deb'), 'linux.target must include AppImage and deb');
  check(Boolean(config.linux?.maintainer), 'linux.maintainer is required by the deb target');
  check(config.publish?.[0]?.provider === 'generic' && /^https:\/\//.test(config.publish[0].url ?? ''), 'publish: generic provider with an https URL');
  check(config.asar !== false, 'asar must stay on (fuses only load the app from the asar)');
  check(config.npmRebuild !== false, "npmRebuild must stay on: native modules are rebuilt for Electron's ABI");

  // 3. Fuses: the afterPack hook loads and sets the fuses we rely on.
  const afterPackPath = join(root, config.afterPack ?? '');
  if (!config.afterPack || !existsSync(afterPackPath)) failures.push('afterPack hook missing (build/afterPack.cjs)');
  else {
    const hook = require(afterPackPath) as { default?: unknown; fuseSettings?: Record<string, boolean> };
    check(typeof hook.default === 'function', 'afterPack hook exports no function');
    const f = hook.fuseSettings ?? {};
    check(f.RunAsNode === false && f.EnableNodeOptionsEnvironmentVariable === false && f.EnableNodeCliInspectArguments === false, 'fuses: RunAsNode, NODE_OPTIONS and --inspect must be off');
    check(f.OnlyLoadAppFromAsar === true && f.EnableEmbeddedAsarIntegrityValidation === true, 'fuses: asar-only loading and asar integrity must be on');
  }

  // 4. Files: the built app is there and the `files` globs take it (and no source maps).
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const matcherOptions = { macroExpander: (p: string) => p, customBuildOptions: {}, globalOutDir: join(root, 'dist'), defaultSrc: root };
  const fileFilters = (getFileMatchers(config, 'files', root, matcherOptions) ?? []).map((m) => m.createFilter());
  const included = (abs: string): boolean => fileFilters.some((f) => f(abs, statSync(abs)));
  const required = [pkg.main, 'out/preload/preload.cjs', 'out/renderer/index.html', 'package.json'];
  for (const rel of required) {
    const abs = join(root, rel);
    if (!existsSync(abs)) failures.push(`${rel} is missing: run \`npm run build\` first`);
    else check(included(abs), `${rel} is not matched by electron-builder.yml files`);
  }
  const outFiles = existsSync(join(root, 'out')) ? walk(join(root, 'out')) : [];
  const packedOut = outFiles.filter(included);
  check(!packedOut.some((f) => f.endsWith('.map')), 'source maps would be packed');
  notes.push(`app files packed from out/: ${packedOut.length} of ${outFiles.length}`);

  // 5. Production dependencies: what main requires at run time must be one (electron-builder
  // packs dependencies, never devDependencies), and Electron itself must not be.
  check(!('electron' in pkg.dependencies), 'electron must be a devDependency');
  const mainPath = join(root, pkg.main);
  if (existsSync(mainPath)) {
    const requires = [...readFileSync(mainPath, 'utf8').matchAll(/require\(["']([^"'./][^"']*)["']\)/g)].map((m) => m[1] ?? '');
    const external = new Set(requires.filter((r) => r !== 'electron' && !builtinModules.includes(r) && !r.startsWith('node:')).map((r) => (r.startsWith('@') ? r.split('/').slice(0, 2).join('/') : r.split('/')[0] ?? r)));
    for (const name of external) check(name in pkg.dependencies, `main requires "${name}", which is not a production dependency`);
    notes.push(`main requires ${external.size} packages at run time, all production dependencies: ${[...external].sort().join(', ') || '-'}`);
  }

  // 6. asar unpack: every native addon, WebAssembly module and OCR language file of the
  // production tree must match asarUnpack (checked with electron-builder's own matcher).
  const prodDirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter((d) => d && d !== root && d.includes(`${sep}node_modules${sep}`));
  const unpackMatcher = getFileMatchers(config, 'asarUnpack', root, matcherOptions)?.[0];
  const unpack = unpackMatcher?.createFilter() ?? (() => false);
  const needsUnpack = (f: string): boolean => /\.(node|wasm|traineddata|traineddata\.gz)$/.test(f) || /pglite\/dist\/.*\.data$/.test(f);
  const seen = new Set<string>();
  const nativePackages = new Set<string>();
  let unpackable = 0;
  for (const dir of prodDirs) {
    if (!existsSync(dir)) continue;
    for (const file of walk(dir)) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (file.endsWith('.node') || file.endsWith('binding.gyp')) nativePackages.add(relative(join(root, 'node_modules'), dir));
      if (!needsUnpack(file)) continue;
      unpackable += 1;
      check(unpack(file, statSync(file)), `not unpacked from the asar: ${relative(root, file)}`);
    }
  }
  for (const devOnly of ['electron', 'electron-builder', '@electron/fuses', '@doyensec/electronegativity']) {
    check(!prodDirs.some((d) => d.endsWith(`${sep}node_modules${sep}${devOnly.split('/').join(sep)}`)), `${devOnly} would be packed into the app`);
  }
  notes.push(`production packages: ${prodDirs.length}; files that must be outside the asar: ${unpackable}, all matched by asarUnpack`);
  notes.push(`native modules (rebuilt for Electron on the build machine): ${[...nativePackages].sort().join(', ')}`);

  // 7. Shipped resources: OCR language data and fonts, outside the asar via extraResources.
  check(config.extraResources?.some((r) => r.from === 'resources') === true, 'extraResources must ship resources/');
  const resourceFiles = existsSync(join(root, 'resources')) ? walk(join(root, 'resources')).map((f) => relative(root, f)) : [];
  check(resourceFiles.some((f) => /tessdata.*vie\.traineddata/.test(f)), 'resources/tessdata has no Vietnamese OCR data');
  check(resourceFiles.some((f) => /fonts\/.*\.(ttf|otf)$/i.test(f)), 'resources/fonts has no font');
  notes.push(`extra resources: ${resourceFiles.length} files`);
  return { failures, notes };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const at = process.argv.indexOf('--config');
  const { failures: fails, notes: info } = await packCheck(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : undefined);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ ok: fails.length === 0, failures: fails, notes: info })}\n`);
  else {
    for (const n of info) console.log(`  · ${n}`);
    for (const f of fails) console.log(`  ✗ ${f}`);
    console.log(fails.length === 0 ? 'pack:check OK (installers themselves are built on a machine with internet: docs/install.md)' : `pack:check FAILED: ${fails.length} problem(s)`);
  }
  process.exitCode = fails.length === 0 ? 0 : 1;
}
