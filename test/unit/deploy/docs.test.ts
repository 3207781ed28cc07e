/** docs/metrics.md documents every exported metric and no metric that does not exist. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ECPA_METRIC_NAMES } from '../../../agent/metrics/families.js';
import { repoRoot } from '../../support/peer.js';
import { ecpaNames } from './artifacts.js';

const page = readFileSync(join(repoRoot, 'docs', 'metrics.md'), 'utf8');

describe('docs/metrics.md', () => {
  it('has a table row for every metric family', () => {
    for (const name of ECPA_METRIC_NAMES) expect(page, name).toContain(`| \`${name}\` |`);
  });

  it('mentions no ecpa_ metric the exporter does not produce', () => {
    expect(ecpaNames(page).filter((n) => !ECPA_METRIC_NAMES.includes(n) && !n.endsWith('_') /* a prefix, e.g. `ecpa_shared_port_…` */)).toEqual([]);
  });
});
