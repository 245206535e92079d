import type { Handlers } from './router.js';

// Compile-time checks of the contract (run by `npm run typecheck`): a handler map that lacks a
// command of the contract does not type-check.

// @ts-expect-error -- only one command has a handler, so this is not a complete Handlers map.
export const incomplete: Handlers = {
  'app:status': () => ({ version: '0', host: 'browser', configured: false, hasUsers: false, settings: null, now: '' }),
};
