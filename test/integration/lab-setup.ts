/**
 * The daemon integration tests' lab: the example ledger and agent config copied to a temporary
 * folder, the fleet started on ephemeral ports, and the config rewritten to those ports with a
 * 1 s poll interval. Secrets come from generated ECPA_LAB_* variables.
 */
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDaemonInputs, processSecrets } from '../../agent/daemon/inputs.js';
import { withLabSecrets } from '../lab/fleet/example.js';
import { fleetSpecsFromConfig, startFleet, type LabFleet } from '../lab/fleet/fleet.js';
import type { FleetScenario } from '../lab/fleet/scenario.js';
import { repoRoot } from '../support/peer.js';

/** A started lab with its config files. */
export interface Lab {
  readonly dir: string;
  readonly configFile: string;
  readonly ledgerFile: string;
  readonly env: Record<string, string | undefined>;
  readonly fleet: LabFleet;
  /** The agent config text for the fleet's ports, with `patch` applied to the example text. */
  configText(patch?: (text: string) => string): string;
  /** Replaces a file atomically (as editors and git do). */
  replace(file: string, text: string): void;
}

/** Starts the lab for `scenario` (ports ephemeral). */
export async function startLab(scenario: FleetScenario, patch: (text: string) => string = (t) => t): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'ecpa-daemon-'));
  const examples = join(repoRoot, 'config', 'examples');
  const ledgerFile = join(dir, 'ledger.yaml');
  writeFileSync(ledgerFile, readFileSync(join(examples, 'ledger.yaml'), 'utf8'));
  const exampleText = readFileSync(join(examples, 'agent.yaml'), 'utf8')
    .replace(/knownHosts: [^,}]+/g, 'knownHosts: ./known_hosts')
    .replace(/polling:\n(?:[ \t]+.*\n)+/, 'polling:\n  intervalMs: 1000\n  timeoutMs: 800\n')
    .replace(/^(\s+listen:) \S+/m, '$1 127.0.0.1:0');
  const env = withLabSecrets({});
  const configFile = join(dir, 'agent.yaml');
  if (!/listen: 127\.0\.0\.1:0\b/.test(exampleText)) throw new Error('lab setup: could not set exporter.listen to an ephemeral port in the example config');
  writeFileSync(configFile, exampleText);
  const loaded = await loadDaemonInputs(configFile, processSecrets(env));
  if (!loaded.ok) throw new Error(`example config invalid: ${JSON.stringify(loaded.errors)}`);
  const { config, ledger } = loaded.inputs;
  const specs = fleetSpecsFromConfig(config).map((s) => ({ ...s, netconf: { ...s.netconf, port: 0 }, snmp: { ...s.snmp, port: 0 } }));
  const fleet = await startFleet({ ledger, devices: config.devices, push: config.push, specs, scenario, hostKeyDir: join(dir, 'hostkeys'), syncIntervalMs: 100 });
  const configText = (extra: (text: string) => string = (t) => t): string => {
    let text = exampleText;
    for (const [i, d] of config.devices.entries()) {
      const lab = fleet.devices.get(d.id);
      if (lab === undefined) throw new Error(`no lab device ${d.id}`);
      text = text.replace(`port: ${18301 + i}`, `port: ${lab.netconf.port}`).replace(`port: ${18311 + i}`, `port: ${lab.snmpPort}`);
    }
    return extra(patch(text));
  };
  writeFileSync(configFile, configText());
  const replace = (file: string, text: string): void => {
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  };
  return { dir, configFile, ledgerFile, env, fleet, configText, replace };
}

/** One sample of a /metrics text: value of `name` whose labels include every pair of `labels`. */
export function sample(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const brace = line.indexOf('}');
    const labelText = line.startsWith(`${name}{`) ? line.slice(name.length + 1, brace) : '';
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) {
      return Number(line.slice((brace >= 0 && line.startsWith(`${name}{`) ? brace + 1 : name.length)).trim());
    }
  }
  return undefined;
}

/** Polls `probe` every 100 ms until it returns a value or `ms` pass; throws with `what` on timeout. */
export async function eventually<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error: unknown) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function freeTcpPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The example ledger and agent config copied to a new temporary folder (`prefix`), for `ecpa start`
 * tests: free ports instead of the example's 18301-18314 (so a running `npm start` does not
 * collide), known_hosts in that folder, 1 s polls. Returns the agent config's path.
 */
export async function exampleOnFreePorts(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'ledger.yaml'), readFileSync(join(repoRoot, 'config', 'examples', 'ledger.yaml'), 'utf8'));
  let text = readFileSync(join(repoRoot, 'config', 'examples', 'agent.yaml'), 'utf8')
    .replace(/knownHosts: [^,}]+/g, 'knownHosts: ./known_hosts')
    .replace(/polling:\n(?:[ \t]+.*\n)+/, 'polling:\n  intervalMs: 1000\n  timeoutMs: 800\n');
  for (let i = 0; i < 4; i++) {
    text = text.replace(`port: ${18301 + i}`, `port: ${await freeTcpPort()}`).replace(`port: ${18311 + i}`, `port: ${await freeTcpPort()}`);
  }
  const configFile = join(dir, 'agent.yaml');
  writeFileSync(configFile, text);
  return configFile;
}
