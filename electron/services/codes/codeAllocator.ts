import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.js';
import { dossierCodeNext, sequenceBlockCheck, type DossierCode, type SequenceBlock, type SequenceState } from '../../../shared/domain/codes/dossierCode.js';
import { fileWriteAtomic } from '../fsAtomic.js';

// Issues dossier codes from this workstation's block of the daily sequence (architecture
// decision 7). The state is written atomically before a code is handed out, so a crash can skip a
// number but never issue one twice.

const fileSchema = z.object({
  block: z.object({ id: z.string(), agencyCode: z.string(), workstationId: z.string(), from: z.number().int(), to: z.number().int() }).nullable(),
  state: z.object({ blockId: z.string(), date: z.string(), next: z.number().int() }).nullable(),
});

export interface CodeAllocator {
  block(): Promise<SequenceBlock | null>;
  blockSet(block: SequenceBlock): Promise<void>;
  next(receivedAt: number): Promise<DossierCode>;
}

export function codeAllocatorCreate(dataDir: string): CodeAllocator {
  const path = join(dataDir, 'sequence.json');
  let chain: Promise<unknown> = Promise.resolve();
  async function read(): Promise<z.infer<typeof fileSchema>> {
    try {
      return fileSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { block: null, state: null };
      throw new AppError('settings-corrupt', `Tệp dải số hồ sơ ${path} bị hỏng`, { path });
    }
  }
  // One allocation at a time: two quick intakes must not read the same `next`.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  };
  return {
    block: async () => (await read()).block,
    blockSet: (block) =>
      serial(async () => {
        sequenceBlockCheck(block);
        const current = await read();
        await fileWriteAtomic(path, JSON.stringify({ block, state: current.state }, null, 2));
      }),
    next: (receivedAt) =>
      serial(async () => {
        const current = await read();
        if (!current.block) {
          throw new AppError('not-configured', 'Máy trạm chưa được cấp dải số hồ sơ (Cài đặt → Dải số, hoặc đồng bộ với máy chủ)');
        }
        const { code, state } = dossierCodeNext(current.block, current.state as SequenceState | null, receivedAt);
        await fileWriteAtomic(path, JSON.stringify({ block: current.block, state }, null, 2));
        return code;
      }),
  };
}
