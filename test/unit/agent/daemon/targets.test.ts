/** The daemon's push targets: built once per inputs generation, rebuilt on a reload. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDaemonInputs, type DaemonInputs } from '../../../../agent/daemon/inputs.js';
import { TargetCache } from '../../../../agent/daemon/targets.js';
import { buildTargets, managedPorts, managedPortsByDevice } from '../../../../agent/push/target.js';
import { withLabSecrets } from '../../../lab/fleet/example.js';
import { repoRoot } from '../../../support/peer.js';

const examples = join(repoRoot, 'config', 'examples');
const exampleLedger = readFileSync(join(examples, 'ledger.yaml'), 'utf8');

/** Writes the example config and `ledger` into `dir` and loads them, as the daemon does at start and on a reload. */
async function load(dir: string, ledger: string): Promise<DaemonInputs> {
  writeFileSync(join(dir, 'ledger.yaml'), ledger);
  writeFileSync(join(dir, 'agent.yaml'), readFileSync(join(examples, 'agent.yaml'), 'utf8'));
  const r = await loadDaemonInputs(join(dir, 'agent.yaml'), { env: withLabSecrets({}), readFile: async (p: string) => readFileSync(p, 'utf8') });
  if (!r.ok) throw new Error(`example inputs refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r.inputs;
}

describe('TargetCache', () => {
  it('gives every device the target buildTargets would build, using the intents of the inputs', async () => {
    const inputs = await load(mkdtempSync(join(tmpdir(), 'ecpa-targets-')), exampleLedger);
    const cache = new TargetCache();
    const fresh = buildTargets(inputs.config, inputs.ledger);
    expect([...cache.targets(inputs).keys()]).toEqual(inputs.config.devices.map((d) => d.id));
    for (const want of fresh) {
      const got = cache.target(inputs, want.device.id);
      expect(got).toEqual(want);
      // No second intent build: the target holds the very intent the inputs were validated with.
      expect(got?.intent).toBe(inputs.intents.get(want.device.id));
    }
    expect(cache.target(inputs, 'no-such-device')).toBeUndefined();
  });

  it('reuses the targets of one generation across runs', async () => {
    const inputs = await load(mkdtempSync(join(tmpdir(), 'ecpa-targets-')), exampleLedger);
    const cache = new TargetCache();
    const first = cache.target(inputs, 'hz-acc-02');
    expect(first).toBeDefined();
    expect(cache.target(inputs, 'hz-acc-02')).toBe(first);
    expect(cache.targets(inputs)).toBe(cache.targets(inputs));
  });

  it('builds new targets for reloaded inputs, and keeps each generation its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecpa-targets-'));
    const cache = new TargetCache();
    const before = await load(dir, exampleLedger);
    const old = cache.target(before, 'hz-acc-02');
    // The operator upgrades Vandelay from 200M to 300M and the daemon reloads.
    const changed = exampleLedger.replace('vlan: 206, bandwidth: 200M', 'vlan: 206, bandwidth: 300M');
    expect(changed).not.toBe(exampleLedger);
    const after = await load(dir, changed);
    const now = cache.target(after, 'hz-acc-02');
    const rate = (t: typeof now) => t?.intent.policers.find((p) => p.owner === 'pc-bp1v0012')?.rateBps;
    expect(rate(old)).toBe(200e6);
    expect(rate(now)).toBe(300e6);
    expect(now).not.toBe(old);
    expect(now).toEqual(buildTargets(after.config, after.ledger, ['hz-acc-02'])[0]);
    // A run still holding the old inputs keeps seeing the old generation.
    expect(cache.target(before, 'hz-acc-02')).toBe(old);
  });
});

describe('managedPortsByDevice', () => {
  it('holds the same ports as managedPorts for every device', async () => {
    const inputs = await load(mkdtempSync(join(tmpdir(), 'ecpa-targets-')), exampleLedger);
    const all = managedPortsByDevice(inputs.ledger);
    for (const d of inputs.config.devices) expect(all.get(d.id) ?? []).toEqual(managedPorts(inputs.ledger, d.id));
    expect([...all.keys()].sort()).toEqual(inputs.config.devices.map((d) => d.id).filter((id) => managedPorts(inputs.ledger, id).length > 0).sort());
  });
});
