import { benchServerStart, secondsSince } from './server.js';
import { communeLink, shaperStart, type LinkModel } from './shaper.js';
import { benchWorkstationOpen, communeDayMake, communeDaySync, communeGrants, type CommuneGrant } from './workstation.js';

// One commune's day over an emulated bad link (shaper.ts): the app's main-side sync service
// pushes the records and uploads the page files through the shaping proxy. Wall time is set
// against bytes ÷ bandwidth; then the same day again with the link cut halfway through the
// uploads, and the bytes sent beyond the uncut run are what the cut made the client send again.

export interface LinkDayOptions {
  dossiers: number;
  pages: number;
  pageBytes: number;
  /** Tus chunk size of the client (electron/services/sync/fileTransfer.ts: 1 MiB). */
  chunkBytes: number;
  /** A large scan for the cut inside a chunk. */
  largeBytes: number;
  model: LinkModel;
}

export interface LinkRun {
  label: string;
  wallSec: number;
  upBytes: number;
  downBytes: number;
  payloadBytes: number;
  connections: number;
  lost: number;
  cuts: number;
}

export interface LinkDayResult {
  runs: LinkRun[];
  /** Upstream bytes of the cut run beyond the uncut one. */
  resentBytes: number;
  /** The same for one large scan (several tus chunks) cut at 60 %. */
  largeResentBytes: number;
  largeBytes: number;
}

async function linkRun(label: string, serverPort: number, grant: CommuneGrant, o: LinkDayOptions, extra: { lanes?: number; cutAt?: number }): Promise<LinkRun> {
  const shaper = await shaperStart(serverPort, o.model);
  const ws = await benchWorkstationOpen(shaper.url, grant);
  try {
    const day = await communeDayMake(ws, grant.unitCode, o.dossiers, o.pages, o.pageBytes);
    const payloadBytes = day.fileBytes + JSON.stringify([day.events, day.files]).length;
    const cutAt = extra.cutAt;
    if (cutAt !== undefined) shaper.onUpBytes(cutAt, () => shaper.cutAll());
    const t0 = performance.now();
    await communeDaySync(ws, day, { lanes: extra.lanes ?? 1 });
    const wallSec = secondsSince(t0);
    return { label, wallSec, payloadBytes, ...shaper.stats };
  } finally {
    await ws.close();
    await shaper.close();
  }
}

export async function linkDayRun(o: LinkDayOptions): Promise<LinkDayResult> {
  const bench = await benchServerStart('pglite', undefined);
  try {
    const [a, b, c, d, e, f] = await communeGrants(bench.server.db, 6);
    if (!a || !b || !c || !d || !e || !f) throw new Error('no grants');
    const port = bench.server.port;
    const plain = await linkRun('as the app uploads (one file at a time)', port, a, o, {});
    // Cut once the records are in and half of the day's bytes are on the wire.
    const cut = await linkRun('the same, link cut halfway', port, c, o, { cutAt: Math.round(plain.upBytes / 2) });
    const wide = await linkRun('4 uploads at once', port, b, o, { lanes: 4 });
    const wider = await linkRun('8 uploads at once', port, d, o, { lanes: 8 });
    // One dossier scanned as a single large PDF: a cut inside a chunk, not between files.
    const large = { ...o, dossiers: 1, pages: 1, pageBytes: o.largeBytes };
    const whole = await linkRun(`one ${(o.largeBytes / 1e6).toFixed(1)} MB scan`, port, e, large, {});
    const broken = await linkRun('the same, cut at 60 %', port, f, large, { cutAt: Math.round(whole.upBytes * 0.6) });
    return {
      runs: [plain, cut, wide, wider, whole, broken],
      resentBytes: cut.upBytes - plain.upBytes,
      largeResentBytes: broken.upBytes - whole.upBytes,
      largeBytes: o.largeBytes,
    };
  } finally {
    await bench.close();
  }
}

export const linkDayDefaults: LinkDayOptions = { dossiers: 20, pages: 100, pageBytes: 30_000, chunkBytes: 1024 * 1024, largeBytes: 3_000_000, model: communeLink };
