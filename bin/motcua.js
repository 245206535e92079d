#!/usr/bin/env node
// Entry of `npx motcua`: runs the TypeScript CLI through tsx (a runtime dependency), so the
// command works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/run.ts');
