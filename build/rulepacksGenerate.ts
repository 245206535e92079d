// Writes the generated rule packs under resources/rulepacks/: the working-day calendar 2024–2031 (from
// the statutory rules + announced changes in shared/domain/calendar) and the status mapping. The
// catalogue and agency samples are hand-written data files beside them.
// Run: npx tsx build/rulepacksGenerate.ts   (tests check that the committed files equal this output)
import { writeFileSync } from 'node:fs';
import { generatedRulePacks } from '../shared/domain/rulepacks/generated.js';

const dir = new URL('../resources/rulepacks/', import.meta.url);
for (const [name, pack] of Object.entries(generatedRulePacks())) {
  writeFileSync(new URL(name, dir), `${JSON.stringify(pack, null, 2)}\n`);
  console.log(`wrote resources/rulepacks/${name}`);
}
