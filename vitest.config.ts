import { defineConfig } from 'vitest/config';

// One runner for unit, device-peer and end-to-end tests. Device and e2e tests spawn real
// processes (scanimage, socat, softhsm, chromium), so they get generous timeouts; speed is
// measured by bench/, never here.
export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'out/**', 'tests/fixtures/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
