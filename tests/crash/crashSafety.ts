import { parseArgs } from 'node:util';
import { crashSafetyRun, phases, summaryFormat, type Phase } from './crashRun.js';

// `npm run crash:check -- --rounds 50 [--seed n] [--phase intake,scan,sync] [--work dir]`:
// prints one line per round and a summary; exit 1 on any violation, 2 on bad arguments.

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { rounds: { type: 'string', default: '50' }, seed: { type: 'string' }, phase: { type: 'string' }, work: { type: 'string' } },
  strict: true,
});
const rounds = Number(values.rounds);
const seed = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
const chosen = (values.phase?.split(',') ?? phases) as Phase[];
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed) || chosen.some((p) => !phases.includes(p))) {
  process.stderr.write(`crash:check: --rounds must be a positive integer, --seed an integer, --phase a list of ${phases.join(',')}\n`);
  process.exit(2);
}
const summary = await crashSafetyRun({ rounds, seed, phases: chosen, ...(values.work ? { workDir: values.work } : {}) });
process.stdout.write(`${summaryFormat(summary)}\n`);
process.exit(summary.violations.length > 0 ? 1 : 0);
