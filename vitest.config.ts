import { defineConfig } from 'vitest/config';

// Unit, lab and peer tests all run under `npm test`. Peer suites find their peers through the
// environment that test/peers/up.sh writes (see test/peers/README.md); in CI a missing peer fails.
// The vendor-YANG suites share three netconfd servers and each resets the datastore it pushes to,
// so their files run one at a time (a project of their own); everything else runs in parallel.
const common = { testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' } as const;
const YANG = 'test/peers/yang/**/*.test.ts';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    projects: [
      { test: { ...common, name: 'main', include: ['test/**/*.test.ts'], exclude: [YANG, '**/node_modules/**'] } },
      { test: { ...common, name: 'vendor-yang', include: [YANG], fileParallelism: false } },
    ],
  },
});
