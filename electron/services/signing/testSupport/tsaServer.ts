import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A local RFC 3161 timestamp authority for tests: HTTP POST in, `openssl ts -reply` out.

export interface TsaServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function tsaServerStart(tsaConfig: string): Promise<TsaServer> {
  const work = mkdtempSync(join(tmpdir(), 'motcua-tsa-'));
  let n = 0;
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const id = n++;
      const query = join(work, `${id}.tsq`);
      const reply = join(work, `${id}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      execFile('openssl', ['ts', '-reply', '-config', tsaConfig, '-queryfile', query, '-out', reply], (err) => {
        if (err) {
          res.writeHead(500).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(reply));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    get requests() {
      return state.requests;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(work, { recursive: true, force: true });
    },
  };
}
