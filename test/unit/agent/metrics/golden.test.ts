/**
 * Golden /metrics: the fixed scenario rendered and compared byte for byte with
 * test/golden/metrics.prom. After an intended change, regenerate and review the diff:
 *   UPDATE_GOLDEN=1 npx vitest run test/unit/agent/metrics
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSnapshot } from '../../../../agent/metrics/render.js';
import { repoRoot } from '../../../support/peer.js';
import { scenarioBuild, scenarioSnapshot } from './scenario.js';

const goldenPath = join(repoRoot, 'test', 'golden', 'metrics.prom');

describe('golden /metrics', () => {
  it('renders the scenario exactly as test/golden/metrics.prom', () => {
    const text = renderSnapshot(scenarioSnapshot, scenarioBuild);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(goldenPath, text);
    expect(text).toBe(readFileSync(goldenPath, 'utf8'));
  });
});
