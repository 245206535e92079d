import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

// Hash-chained audit log (JSON lines): each record carries the hash of the previous one, so a
// deleted, inserted or edited line breaks the chain at that point.

export interface AuditRecord {
  seq: number;
  at: string;
  prevHash: string;
  entry: unknown;
  hash: string;
}

const genesis = '0'.repeat(64);

function recordHash(seq: number, at: string, prevHash: string, entry: unknown): string {
  return createHash('sha256').update(JSON.stringify([seq, at, prevHash, entry])).digest('hex');
}

export interface AuditLog {
  append(entry: unknown): Promise<AuditRecord>;
}

export function auditLogOpen(path: string, now: () => Date = () => new Date()): AuditLog {
  let tail: Promise<{ seq: number; hash: string }> | null = null;
  async function lastOf(): Promise<{ seq: number; hash: string }> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return { seq: 0, hash: genesis };
    }
    const lines = text.trimEnd().split('\n').filter(Boolean);
    const last = lines.at(-1);
    if (!last) return { seq: 0, hash: genesis };
    const record = JSON.parse(last) as AuditRecord;
    return { seq: record.seq, hash: record.hash };
  }
  return {
    append(entry) {
      // Appends are serialised through one promise chain so that concurrent commands keep the chain linear.
      const next = (tail ?? lastOf()).then(async (prev) => {
        await mkdir(dirname(path), { recursive: true });
        const seq = prev.seq + 1;
        const at = now().toISOString();
        const hash = recordHash(seq, at, prev.hash, entry);
        const record: AuditRecord = { seq, at, prevHash: prev.hash, entry, hash };
        await appendFile(path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
        return { seq, hash, record };
      });
      tail = next.then(({ seq, hash }) => ({ seq, hash })).catch(() => lastOf());
      return next.then(({ record }) => record);
    },
  };
}

export interface AuditVerdict {
  ok: boolean;
  records: number;
  firstBroken?: { line: number; reason: string };
}

export async function auditVerify(path: string): Promise<AuditVerdict> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  let prevHash = genesis;
  for (const [index, line] of lines.entries()) {
    const broken = (reason: string): AuditVerdict => ({ ok: false, records: lines.length, firstBroken: { line: index + 1, reason } });
    let record: AuditRecord;
    try {
      record = JSON.parse(line) as AuditRecord;
    } catch {
      return broken('not JSON');
    }
    if (record.seq !== index + 1) return broken(`sequence ${record.seq} where ${index + 1} was expected`);
    if (record.prevHash !== prevHash) return broken('previous-hash link does not match');
    if (recordHash(record.seq, record.at, record.prevHash, record.entry) !== record.hash) return broken('content altered');
    prevHash = record.hash;
  }
  return { ok: true, records: lines.length };
}
