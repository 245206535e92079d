import { resolve } from 'node:path';
import { scannerRegistryCreate, type ScannerRegistry } from '../../scanner-drivers/registry.js';
import { CliError, type CliIo } from '../command.js';

// Options shared by `motcua scanners` and `motcua scan`: network and hot-folder devices are not
// discoverable, so they are named on the command line.
export const scannerSetupOptions = {
  escl: { type: 'string', multiple: true },
  folder: { type: 'string', multiple: true },
} as const;

export function scannerRegistryFromArgs(values: { escl?: string[] | undefined; folder?: string[] | undefined }, io: CliIo): ScannerRegistry {
  const escl = (values.escl ?? []).map((url, i) => {
    if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(url)) throw new CliError(`--escl must be an http(s) URL of the eSCL root, got "${url}"`);
    return { name: `eSCL ${i + 1}`, url };
  });
  const folders = (values.folder ?? []).map((p, i) => ({ key: String(i + 1), name: p, path: resolve(io.cwd, p) }));
  return scannerRegistryCreate({ env: { ...process.env, ...io.env }, escl, folders });
}
