import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditLogOpen } from '../../electron/services/audit/auditLog.js';
import { codeReuse, dataDirCheck, rendererViolations, type RendererSnapshot } from './crashChecks.js';

// The crash run's judges must be able to say "broken": each invariant is shown a broken store.

const dossier = (id: string, code: string, lastSeq: number) => ({ id, code, lastSeq, applicantName: 'A' });
const event = (dossierId: string, seq: number, type: string, payload: Record<string, unknown> = {}) => ({ id: `${dossierId}:${seq}`, dossierId, seq, type, payload });

describe('crash-run invariants', () => {
  it('accept a whole store and name each kind of damage in a broken one', () => {
    const whole: RendererSnapshot = {
      dossiers: [dossier('d1', 'C-1', 2)],
      events: [event('d1', 1, 'received', { code: 'C-1' }), event('d1', 2, 'file-attached', { sha256: 'ab' })],
      files: [{ id: 'd1:ab', dossierId: 'd1', sha256: 'ab' }],
    };
    expect(rendererViolations(whole)).toEqual([]);
    const broken: RendererSnapshot = {
      dossiers: [dossier('d1', 'C-1', 3), dossier('d2', 'C-1', 1), dossier('d3', 'C-3', 1)],
      events: [event('d1', 1, 'received', { code: 'C-1' }), event('d1', 3, 'file-attached', { sha256: 'cd' }), event('d2', 1, 'received', { code: 'C-1' }), event('d4', 1, 'received')],
      files: [],
    };
    const found = rendererViolations(broken).join('\n');
    expect(found).toContain('code C-1 used by two dossiers');
    expect(found).toContain('gap or duplicate');
    expect(found).toContain('dossier C-3 has no events');
    expect(found).toContain('events of d4 have no dossier');
    expect(found).toContain('has no file record');
    const seen = new Map<string, string>();
    expect(codeReuse(seen, whole)).toEqual([]);
    expect(codeReuse(seen, { ...whole, dossiers: [dossier('d9', 'C-1', 1)] })).toEqual(['code C-1 reused: was d1, now d9']);
  });

  it('finds a half-written blob, an unreadable state file, a broken audit chain and stray temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'motcua-crashcheck-'));
    try {
      const bytes = Buffer.from('%PDF-1.4 whole');
      const sha = createHash('sha256').update(bytes).digest('hex');
      await mkdir(join(dir, 'blobs', sha.slice(0, 2)), { recursive: true });
      await writeFile(join(dir, 'blobs', sha.slice(0, 2), sha), bytes);
      await writeFile(join(dir, 'settings.json'), '{"agencyCode":"H29.01"}');
      const audit = auditLogOpen(join(dir, 'audit.log'));
      await audit.append({ action: 'a' });
      await audit.append({ action: 'b' });
      expect(await dataDirCheck(dir, [sha])).toEqual({ violations: [], blobs: 1, strayTemps: [] });

      await writeFile(join(dir, 'blobs', sha.slice(0, 2), sha), bytes.subarray(0, 5));
      await writeFile(join(dir, 'users.json'), '{"users":[{"id":');
      await writeFile(join(dir, 'sequence.json.1a2b3c.tmp'), '{');
      await writeFile(join(dir, 'audit.log'), '{"seq":1}\n', { flag: 'a' });
      const report = await dataDirCheck(dir, [sha, 'f'.repeat(64)]);
      const found = report.violations.join('\n');
      expect(found).toContain('half-written');
      expect(found).toContain('users.json does not parse');
      expect(found).toContain('has no blob in the store');
      expect(found).toContain('audit log broken at line 3');
      expect(report.strayTemps).toEqual(['sequence.json.1a2b3c.tmp']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
