import type { ColorMode, ScanCapabilities, ScanSource } from '../types.js';
import { xmlChild, xmlChildren, xmlFindAll, xmlParse, xmlText, type XmlNode } from './xml.js';

// eSCL (Mopria/Apple "AirScan") documents: ScannerCapabilities, ScannerStatus and ScanSettings.
// Sizes are in 1/300 inch ("escl:ThreeHundredthsOfInches").

export const esclNs = {
  pwg: 'http://www.pwg.org/schemas/2010/12/sm',
  scan: 'http://schemas.hp.com/imaging/escl/2011/05/03',
};

export interface EsclSourceCaps {
  maxWidth: number;
  maxHeight: number;
  colorModes: string[];
  formats: string[];
  resolutions: number[];
}

export interface EsclCapabilities {
  makeAndModel: string;
  platen?: EsclSourceCaps;
  adfSimplex?: EsclSourceCaps;
  adfDuplex?: EsclSourceCaps;
}

function sourceCaps(node: XmlNode | undefined): EsclSourceCaps | undefined {
  if (!node) return undefined;
  const profiles = xmlFindAll(node, 'SettingProfile');
  const colorModes = new Set<string>();
  const formats = new Set<string>();
  const resolutions = new Set<number>();
  for (const p of profiles) {
    for (const c of xmlFindAll(p, 'ColorMode')) colorModes.add(c.text);
    for (const f of [...xmlFindAll(p, 'DocumentFormat'), ...xmlFindAll(p, 'DocumentFormatExt')]) formats.add(f.text);
    for (const r of xmlFindAll(p, 'DiscreteResolution')) {
      const x = Number(xmlText(r, 'XResolution'));
      if (Number.isInteger(x) && x > 0 && x === Number(xmlText(r, 'YResolution'))) resolutions.add(x);
    }
    for (const range of xmlFindAll(p, 'ResolutionRange')) {
      const min = Number(xmlText(range, 'XResolution', 'Min'));
      const max = Number(xmlText(range, 'XResolution', 'Max'));
      for (const d of [75, 100, 150, 200, 300, 600, 1200]) if (d >= min && d <= max) resolutions.add(d);
    }
  }
  return {
    maxWidth: Number(xmlText(node, 'MaxWidth') ?? 0),
    maxHeight: Number(xmlText(node, 'MaxHeight') ?? 0),
    colorModes: [...colorModes],
    formats: [...formats],
    resolutions: [...resolutions].sort((a, b) => a - b),
  };
}

export function esclCapabilitiesParse(text: string): EsclCapabilities {
  const root = xmlParse(text);
  if (root.name !== 'ScannerCapabilities') throw new Error('XML: not a ScannerCapabilities document');
  const caps: EsclCapabilities = { makeAndModel: xmlText(root, 'MakeAndModel') ?? 'eSCL scanner' };
  const platen = sourceCaps(xmlChild(root, 'Platen', 'PlatenInputCaps'));
  const simplex = sourceCaps(xmlChild(root, 'Adf', 'AdfSimplexInputCaps'));
  const duplex = sourceCaps(xmlChild(root, 'Adf', 'AdfDuplexInputCaps'));
  if (platen) caps.platen = platen;
  if (simplex) caps.adfSimplex = simplex;
  if (duplex) caps.adfDuplex = duplex;
  return caps;
}

const modeOf: Record<string, ColorMode> = { RGB24: 'color', Grayscale8: 'gray', BlackAndWhite1: 'bw' };
export const esclModeName: Record<ColorMode, string> = { color: 'RGB24', gray: 'Grayscale8', bw: 'BlackAndWhite1' };

export function esclSourceCaps(c: EsclCapabilities, source: ScanSource): EsclSourceCaps | undefined {
  if (source === 'flatbed') return c.platen;
  if (source === 'adf') return c.adfSimplex;
  return c.adfDuplex;
}

export function esclCapabilities(c: EsclCapabilities): ScanCapabilities {
  const all = [c.platen, c.adfSimplex, c.adfDuplex].filter((s): s is EsclSourceCaps => s !== undefined);
  const sources: ScanSource[] = [];
  if (c.platen) sources.push('flatbed');
  if (c.adfSimplex) sources.push('adf');
  if (c.adfDuplex) sources.push('duplex');
  const modes = new Set(all.flatMap((s) => s.colorModes.map((m) => modeOf[m]).filter((m): m is ColorMode => m !== undefined)));
  const caps: ScanCapabilities = {
    sources,
    resolutions: [...new Set(all.flatMap((s) => s.resolutions))].sort((a, b) => a - b),
    colorModes: (['color', 'gray', 'bw'] as const).filter((m) => modes.has(m)),
  };
  const widest = Math.max(0, ...all.map((s) => s.maxWidth));
  const tallest = Math.max(0, ...all.map((s) => s.maxHeight));
  if (widest > 0) caps.maxWidthMm = Math.round((widest / 300) * 254) / 10;
  if (tallest > 0) caps.maxHeightMm = Math.round((tallest / 300) * 254) / 10;
  return caps;
}

export type EsclAdfState = 'loaded' | 'empty' | 'jam' | 'door-open' | 'unknown';

export interface EsclStatus {
  state: 'Idle' | 'Processing' | 'Testing' | 'Stopped' | 'Down' | string;
  adf: EsclAdfState;
  jobs: { uri: string; state: string; reasons: string[] }[];
}

const adfStates: Record<string, EsclAdfState> = {
  ScannerAdfLoaded: 'loaded',
  ScannerAdfEmpty: 'empty',
  ScannerAdfProcessing: 'empty',
  ScannerAdfJam: 'jam',
  ScannerAdfDoorOpen: 'door-open',
};

export function esclStatusParse(text: string): EsclStatus {
  const root = xmlParse(text);
  if (root.name !== 'ScannerStatus') throw new Error('XML: not a ScannerStatus document');
  const adf = xmlText(root, 'AdfState');
  return {
    state: xmlText(root, 'State') ?? 'Unknown',
    adf: adf === undefined ? 'unknown' : (adfStates[adf] ?? 'unknown'),
    jobs: xmlChildren(xmlChild(root, 'Jobs'), 'JobInfo').map((j) => ({
      uri: xmlText(j, 'JobUri') ?? '',
      state: xmlText(j, 'JobState') ?? '',
      reasons: xmlChildren(xmlChild(j, 'JobStateReasons'), 'JobStateReason').map((r) => r.text),
    })),
  };
}

export interface EsclScanSettings {
  source: ScanSource;
  colorMode: ColorMode;
  dpi: number;
  format: string;
  /** Region in 1/300 inch. */
  width: number;
  height: number;
}

/** The ScanSettings body of POST /ScanJobs, in the shape sane-airscan and Apple clients send. */
export function esclScanSettingsXml(s: EsclScanSettings): string {
  const input = s.source === 'flatbed' ? 'Platen' : 'Feeder';
  const duplex = s.source === 'flatbed' ? '' : `<scan:Duplex>${s.source === 'duplex'}</scan:Duplex>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<scan:ScanSettings xmlns:pwg="${esclNs.pwg}" xmlns:scan="${esclNs.scan}">` +
    `<pwg:Version>2.0</pwg:Version><scan:Intent>Document</scan:Intent>` +
    `<pwg:ScanRegions><pwg:ScanRegion><pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>` +
    `<pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset><pwg:Width>${s.width}</pwg:Width><pwg:Height>${s.height}</pwg:Height>` +
    `</pwg:ScanRegion></pwg:ScanRegions><pwg:InputSource>${input}</pwg:InputSource>` +
    `<scan:ColorMode>${esclModeName[s.colorMode]}</scan:ColorMode><pwg:DocumentFormat>${s.format}</pwg:DocumentFormat>` +
    `<scan:XResolution>${s.dpi}</scan:XResolution><scan:YResolution>${s.dpi}</scan:YResolution>${duplex}</scan:ScanSettings>`
  );
}

/** Reads a ScanSettings body (the test scanner's side of the exchange). */
export function esclScanSettingsParse(text: string): EsclScanSettings {
  const root = xmlParse(text);
  if (root.name !== 'ScanSettings') throw new Error('XML: not a ScanSettings document');
  const input = xmlText(root, 'InputSource') ?? 'Platen';
  const duplex = xmlText(root, 'Duplex') === 'true';
  const mode = xmlText(root, 'ColorMode') ?? 'RGB24';
  const region = xmlChild(root, 'ScanRegions', 'ScanRegion');
  return {
    source: input === 'Feeder' ? (duplex ? 'duplex' : 'adf') : 'flatbed',
    colorMode: modeOf[mode] ?? 'color',
    dpi: Number(xmlText(root, 'XResolution') ?? 300),
    format: xmlText(root, 'DocumentFormatExt') ?? xmlText(root, 'DocumentFormat') ?? 'image/jpeg',
    width: Number(xmlText(region, 'Width') ?? 2480),
    height: Number(xmlText(region, 'Height') ?? 3508),
  };
}
