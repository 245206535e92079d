import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../shared/contract/errors.js';
import { pageFileName, pageSave } from '../../scanner-drivers/pageFiles.js';
import { colorModes, scanSources, type ColorMode, type ScanSource } from '../../scanner-drivers/types.js';
import { cliArgs, intOption, requireOption } from '../args.js';
import { CliError, type CliCommand } from '../command.js';
import { scannerRegistryFromArgs, scannerSetupOptions } from './scannerSetup.js';

export const command: CliCommand = {
  name: 'scan',
  summary: 'Scan pages from a device into a folder (one image file a page)',
  usage:
    'motcua scan --device <id> --out <dir> [--source flatbed|adf|duplex] [--pages <n>] [--dpi <n>] [--color color|gray|bw] ' +
    '[--escl <url>]... [--folder <dir>]... [--json]',
  async run(argv, io) {
    const { values } = cliArgs(argv, {
      device: { type: 'string' },
      out: { type: 'string' },
      source: { type: 'string' },
      pages: { type: 'string' },
      dpi: { type: 'string' },
      color: { type: 'string' },
      json: { type: 'boolean' },
      ...scannerSetupOptions,
    });
    const device = requireOption(values.device, 'device');
    if (!/^[a-z]+:.+/.test(device)) throw new CliError(`--device must look like <driver>:<id> (see "motcua scanners"), got "${device}"`);
    const out = resolve(io.cwd, requireOption(values.out, 'out'));
    const source = (values.source ?? 'flatbed') as ScanSource;
    if (!scanSources.includes(source)) throw new CliError(`--source must be one of ${scanSources.join(', ')}, got "${values.source}"`);
    const colorMode = (values.color ?? 'gray') as ColorMode;
    if (!colorModes.includes(colorMode)) throw new CliError(`--color must be one of ${colorModes.join(', ')}, got "${values.color}"`);
    const dpi = intOption(values.dpi, 'dpi', 300);
    if (dpi < 25 || dpi > 2400) throw new CliError(`--dpi must be between 25 and 2400, got ${dpi}`);
    const pages = values.pages === undefined ? undefined : intOption(values.pages, 'pages');
    if (pages !== undefined && pages < 1) throw new CliError(`--pages must be at least 1, got ${pages}`);

    const registry = scannerRegistryFromArgs(values, io);
    await mkdir(out, { recursive: true });
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const started = performance.now();
    const written: { index: number; path: string; mime: string; width: number; height: number; dpi: number }[] = [];
    try {
      const job = registry.scan(device, { source, dpi, colorMode, outDir: out, ...(pages ? { pages } : {}) }, { signal: controller.signal });
      for await (const page of job) {
        const path = page.path ?? (await pageSave(page, out, pageFileName(page.index, page.mime)));
        written.push({ index: page.index, path, mime: page.mime, width: page.width, height: page.height, dpi: page.dpi });
        if (!values.json) io.err(`trang ${page.index + 1}: ${path} (${page.width}×${page.height})`);
      }
    } catch (err) {
      // A request the device cannot do (source, dpi, colour) is bad input, like a bad flag.
      if (err instanceof AppError && err.code === 'validation-failed') throw new CliError(err.message);
      throw err;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    const ms = Math.round(performance.now() - started);
    if (values.json) io.out(JSON.stringify({ device, source, dpi, colorMode, out, ms, pages: written }));
    else io.out(`Đã quét ${written.length} trang vào ${out} (${(ms / 1000).toFixed(1)} s)`);
    return 0;
  },
};
