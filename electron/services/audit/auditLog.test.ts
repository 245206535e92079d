import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditLogOpen, auditVerify } from './auditLog.js';

describe('hash-chained audit log', () => {
  it('keeps a linear chain under concurrent appends and names the first altered line', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'motcua-audit-')), 'audit.log');
    const log = auditLogOpen(path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.append({ n: i })));
    expect(await auditVerify(path)).toEqual({ ok: true, records: 20 });
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    lines[6] = lines[6]!.replace(/"n":\d+/, '"n":999');
    await writeFile(path, `${lines.join('\n')}\n`);
    expect(await auditVerify(path)).toMatchObject({ ok: false, firstBroken: { line: 7, reason: 'content altered' } });
    lines.splice(6, 1);
    await writeFile(path, `${lines.join('\n')}\n`);
    expect((await auditVerify(path)).firstBroken?.line).toBe(7);
  });
});
