/** Loading the daemon's inputs: everything valid, or every error of the first file that fails. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDaemonInputs } from '../../../../agent/daemon/inputs.js';
import { formatIssue } from '../../../../config/issues.js';
import { withLabSecrets } from '../../../lab/fleet/example.js';
import { repoRoot } from '../../../support/peer.js';

const examples = join(repoRoot, 'config', 'examples');
function setup(config: (t: string) => string = (t) => t, ledger: (t: string) => string = (t) => t): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecpa-inputs-'));
  writeFileSync(join(dir, 'ledger.yaml'), ledger(readFileSync(join(examples, 'ledger.yaml'), 'utf8')));
  writeFileSync(join(dir, 'agent.yaml'), config(readFileSync(join(examples, 'agent.yaml'), 'utf8')));
  return join(dir, 'agent.yaml');
}
const secrets = (env: Record<string, string | undefined> = withLabSecrets({})) => ({ env, readFile: async (p: string) => readFileSync(p, 'utf8') });

describe('loadDaemonInputs', () => {
  it('loads the example config and ledger with one intent per device', async () => {
    const r = await loadDaemonInputs(setup(), secrets());
    expect(r.ok).toBe(true);
    if (r.ok) expect([...r.inputs.intents.keys()]).toEqual(['hz-acc-01', 'hz-acc-02', 'hz-acc-03', 'hz-acc-04']);
  });

  it('refuses an invalid ledger with every error at its file:line:col', async () => {
    const r = await loadDaemonInputs(setup(undefined, (t) => t.replace('vlan: 102,', 'vlan: 101,').replace('bandwidth: 50M, status: enabled', 'bandwidth: 55M, status: enabled')), secrets());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.stage).toBe('ledger');
    expect(r.errors.length).toBeGreaterThanOrEqual(2);
    for (const e of r.errors) expect(formatIssue(e)).toMatch(/ledger\.yaml:\d+:\d+: error/);
  });

  it('refuses a config whose secrets are missing, naming the variable and never a value', async () => {
    const r = await loadDaemonInputs(setup(), secrets({}));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.stage).toBe('config');
    expect(r.errors.map((e) => e.message).join('\n')).toContain('ECPA_LAB_PASSWORD is not set');
  });

  it('refuses an unreadable ledger and an invalid config', async () => {
    const gone = await loadDaemonInputs(setup((t) => t.replace('ledger: ./ledger.yaml', 'ledger: ./missing.yaml')), secrets());
    expect(gone.ok === false && gone.stage === 'ledger' && gone.errors[0]?.code).toBe('ECPA_FILE_UNREADABLE');
    const bad = await loadDaemonInputs(setup((t) => t.replace('intervalMs: 30000', 'intervalMs: 10')), secrets());
    expect(bad.ok === false && bad.stage).toBe('config');
  });
});
