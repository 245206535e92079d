import 'fake-indexeddb/auto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { quarantineList } from '../../renderer/sync/quarantine.js';
import { testWorkstationOpen, type TestWorkstation } from './clientKit.js';
import { workstationView } from './storyKit.js';

// One more workstation of the sync story in its own process: RxDB's free edition opens at most
// 13 collections per process and a workstation has five, so the third PC of the story (the
// supervisor's) runs apart — as it does in a commune. It is the same code as the others
// (clientKit: the main side's sync service and the renderer's replication); the test drives it
// with one JSON line per request on stdin and reads one `@@peer ` line per answer on stdout.

type Ask = { op: 'open'; url: string; username: string; password: string } | { op: 'sync' | 'view' | 'quarantine' | 'close' };
type Request = Ask & { id: number };

export interface StoryPeer {
  call(request: Ask): Promise<unknown>;
  stop(): Promise<void>;
}

const marker = '@@peer ';

export function storyPeerStart(): StoryPeer {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'storyPeer.ts'), '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(marker)) return;
    const answer = JSON.parse(line.slice(marker.length)) as { id: number; ok: boolean; value?: unknown; error?: string };
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.ok) w?.resolve(answer.value);
    else w?.reject(new Error(answer.error));
  });
  child.once('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`story peer exited (${code})`));
    waiting.clear();
  });
  return {
    call(request) {
      const id = ++next;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ ...request, id })}\n`);
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      await exited;
    },
  };
}

async function serve(): Promise<void> {
  let ws: TestWorkstation | null = null;
  const answer = (id: number, body: { ok: boolean; value?: unknown; error?: string }) => process.stdout.write(`${marker}${JSON.stringify({ id, ...body })}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const request = JSON.parse(line) as Request;
    try {
      let value: unknown = null;
      if (request.op === 'open') {
        ws = await testWorkstationOpen(request.url);
        value = await ws.service.signInOnline(request.username, request.password);
        ws.startSync();
      } else if (!ws) throw new Error('not open');
      else if (request.op === 'sync') {
        await ws.sync?.syncNow();
        await ws.sync?.awaitInSync();
      } else if (request.op === 'view') {
        const v = await workstationView(ws);
        value = { events: [...v.events], rejected: [...v.rejected], pending: v.pending, projections: [...v.projections] };
      } else if (request.op === 'quarantine') value = await quarantineList(ws.db);
      else if (request.op === 'close') await ws.close();
      answer(request.id, { ok: true, value });
    } catch (err) {
      answer(request.id, { ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  }
  await ws?.close().catch(() => undefined);
  process.exit(0);
}

if (process.argv.includes('--serve')) await serve();
