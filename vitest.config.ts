import { defineConfig } from 'vitest/config';

// Unit, lab and peer tests all run under `npm test`. Peer suites find their peers through the
// environment that test/peers/up.sh writes (see test/peers/README.md); in CI a missing peer fails.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
