import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgSchemaOpen } from '../../server/db/testDb.js';
import { syncProtocolVersion } from '../../server/services/syncWire.js';
import { serverProcessStart } from './serverProcess.js';
import { serverEngines, testServerStart, type TestServer } from './serverKit.js';

// The server's edges: a push too large for the route is answered 413 `too-large` before it is
// read, and the client gets to read that answer (so "halve the batch on 413" can work); a port
// already in use is one clear line and exit code 1, on both engines.

const size = 20 * 1024 * 1024;

type RawAnswer = { status: number; body: string } | { error: string };

/**
 * A plain HTTP/1.1 client that, like many, writes the whole request before it reads anything:
 * an answer sent early is only seen if the server keeps the connection until the body is in.
 */
function rawPost(port: number, path: string, chunked: boolean): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.pause();
    let got = Buffer.alloc(0);
    const finish = (answer: RawAnswer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.code ?? err.message }));
    socket.on('close', () => finish({ error: `closed after ${got.length} bytes` }));
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      const text = got.toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd))?.[1] ?? 'NaN');
      if (got.length - headEnd - 4 < length) return;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      finish({ status, body: got.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8') });
    });
    socket.on('connect', () => {
      const framing = chunked ? 'transfer-encoding: chunked' : `content-length: ${size}`;
      socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nx-motcua-protocol: ${syncProtocolVersion}\r\n${framing}\r\n\r\n`);
      const piece = Buffer.alloc(256 * 1024, 0x20);
      for (let sent = 0; sent < size; sent += piece.length) {
        socket.write(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
      }
      // Only once everything is written does this client look at the answer.
      socket.write(chunked ? '0\r\n\r\n' : '', () => socket.resume());
    });
  });
}

describe.each(serverEngines)('an oversized push (%s)', (engine) => {
  let kit: TestServer;
  beforeAll(async () => {
    kit = await testServerStart(engine);
  }, 300_000);
  afterAll(async () => kit.cleanup(), 120_000);

  it('is answered 413 too-large before it is read, 9 times out of 9, with Content-Length', { timeout: 120_000 }, async () => {
    const answers: RawAnswer[] = [];
    for (let i = 0; i < 9; i++) answers.push(await rawPost(kit.server.port, '/api/sync/events/push', false));
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 413 });
      expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ error: { code: 'too-large', details: { limit: 16 * 1024 * 1024 } } });
    }
  });

  it('is answered 413 too-large when sent chunked, 9 times out of 9', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 9; i++) {
      const answer = await rawPost(kit.server.port, '/api/sync/events/push', true);
      expect(answer).toMatchObject({ status: 413 });
      expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ error: { code: 'too-large' } });
    }
  });

  it('still serves the next request afterwards', async () => {
    const res = await fetch(`${kit.server.url}/api/health`);
    expect(res.status).toBe(200);
  });
});

describe('a port already in use', () => {
  let busy: Server;
  let port = 0;
  let dir = '';
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    dir = await mkdtemp(join(tmpdir(), 'motcua-port-'));
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it.each(serverEngines)('ends the server with one clear line and exit code 1 (%s)', { timeout: 150_000 }, async (engine) => {
    const pg = engine === 'pg' ? await pgSchemaOpen(process.env.PG_TEST_URL ?? '') : undefined;
    await mkdir(join(dir, engine));
    const server = serverProcessStart(['--port', String(port), '--data', join(dir, engine)], pg ? { DATABASE_URL: pg.url } : {});
    try {
      let deadline: NodeJS.Timeout | undefined;
      const hung = new Promise<string>((resolve) => {
        deadline = setTimeout(() => resolve('still running after 90 s'), 90_000);
      });
      const code = await Promise.race([server.exited, hung]);
      clearTimeout(deadline);
      expect(code).toBe(1);
      const lines = server.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
      expect(server.stdout()).not.toMatch(/http:\/\//);
    } finally {
      await server.stop();
      await pg?.cleanup();
    }
  });
});
