import { mkdir, writeFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../shared/contract/errors.js';
import type { DongBoHoSoMc, DvcqgHeld } from '../../shared/sync/dvcqg.js';

// Outbound connectors of the national-portal export. The default writes DongBoHoSoMC request
// bodies to a folder (provincial IT or a scheduled job carries them to the LGSP); a province
// whose system takes the calls directly plugs in its own module (one-stop.md §15: vendor APIs
// differ, the canonical model does not).

export interface ExportPeriod {
  from: string;
  to: string;
}

export interface HeldReport extends ExportPeriod {
  generatedAt: string;
  accepted: number;
  held: DvcqgHeld[];
}

export interface ExportConnector {
  readonly name: string;
  /** Delivers one period: one body per unit, plus the report of dossiers held back. Returns where they went. */
  deliver(bodies: readonly DongBoHoSoMc[], report: HeldReport): Promise<{ refs: string[] }>;
}

async function jsonWrite(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  await rename(tmp, path);
}

/** Default connector: `DongBoHoSoMC-<unit>-<from>_<to>.json` per unit and `held-back-<from>_<to>.json`. */
export function exportConnectorFolder(dir: string): ExportConnector {
  return {
    name: 'folder',
    async deliver(bodies, report) {
      const span = `${report.from}_${report.to}`;
      const refs: string[] = [];
      for (const body of bodies) {
        const path = join(dir, `DongBoHoSoMC-${body.MaDinhDanhDV.replace(/[^\w.-]/g, '_')}-${span}.json`);
        await jsonWrite(path, body);
        refs.push(path);
      }
      const heldPath = join(dir, `held-back-${span}.json`);
      await jsonWrite(heldPath, report);
      return { refs: [...refs, heldPath] };
    },
  };
}

/** The CLI's connector: every unit's body in one JSON array at `out`, the held-back report at `heldOut`. */
export function exportConnectorFile(out: string, heldOut: string): ExportConnector {
  return {
    name: 'file',
    async deliver(bodies, report) {
      await jsonWrite(out, bodies);
      await jsonWrite(heldOut, report);
      return { refs: [out, heldOut] };
    },
  };
}

/**
 * Loads a provincial connector plug-in: an ES module exporting `connectorCreate(options)` that
 * returns an ExportConnector. Options come from the operator (e.g. adapter URL); secrets from env.
 */
export async function exportConnectorLoad(modulePath: string, options: Record<string, string>): Promise<ExportConnector> {
  let mod: { connectorCreate?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(modulePath)).href)) as { connectorCreate?: unknown };
  } catch (err) {
    throw new AppError('validation-failed', `cannot load connector ${modulePath}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof mod.connectorCreate !== 'function') throw new AppError('validation-failed', `${modulePath} does not export connectorCreate(options)`);
  const connector = (await (mod.connectorCreate as (o: Record<string, string>) => unknown)(options)) as Partial<ExportConnector> | null;
  if (!connector || typeof connector.deliver !== 'function' || typeof connector.name !== 'string') {
    throw new AppError('validation-failed', `${modulePath}: connectorCreate must return {name, deliver}`);
  }
  return connector as ExportConnector;
}
