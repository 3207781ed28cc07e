/** `ecpa device probe` end to end against the lab server: config file → SSH → hello → output. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceProbeCommand } from '../../../../agent/cli/commands/device-probe.js';
import { runCli } from '../../../../agent/cli/dispatch.js';
import type { Io } from '../../../../agent/cli/command.js';
import { startLab, type LabFixture } from './lab-fixture.js';

let lab: LabFixture;
let config: string;

function io(env: Record<string, string> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, cwd: lab.dir };
}

beforeAll(async () => {
  lab = await startLab({ capabilities: ['http://openconfig.net/yang/interfaces?module=openconfig-interfaces&revision=2021-04-06'] });
  config = join(lab.dir, 'agent.yaml');
  writeFileSync(join(lab.dir, 'ledger.yaml'), '');
  writeFileSync(config, [
    'ledger: ./ledger.yaml',
    'devices:',
    '  - id: lab-1',
    '    address: 127.0.0.1',
    '    platform: openconfig',
    '    netconf:',
    `      port: ${lab.server.port}`,
    '      username: netconf',
    '      password: { env: LAB_PW }',
    `      hostKey: { fingerprint: "${lab.server.hostKeyFingerprints[0]}" }`,
    '  - id: lab-bad-key',
    '    address: 127.0.0.1',
    '    platform: junos',
    '    netconf:',
    `      port: ${lab.server.port}`,
    '      username: netconf',
    '      password: { env: LAB_PW }',
    `      hostKey: { fingerprint: "SHA256:${'B'.repeat(43)}" }`,
    '',
  ].join('\n'));
});
afterAll(async () => {
  await lab.server.stop();
});

describe('ecpa device probe', () => {
  it('prints capabilities, session id and the platform guess as JSON', async () => {
    const out = io({ LAB_PW: 'lab-pass' });
    const code = await runCli([deviceProbeCommand], ['device', 'probe', 'lab-1', '--config', config, '--format', 'json'], out);
    expect(out.err.join('')).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out.out.join('')) as Record<string, unknown>;
    expect(result).toMatchObject({ device: 'lab-1', framing: 'base:1.1', platform: { configured: 'openconfig', guessed: { platform: 'openconfig' } } });
    expect(result['sessionId']).toBeGreaterThan(0);
    expect(result['capabilities']).toContain('urn:ietf:params:netconf:capability:candidate:1.0');
    expect(JSON.stringify(result)).not.toContain('lab-pass');
  });

  it('prints text and exits 1 with the typed error when the host key does not match', async () => {
    const out = io({ LAB_PW: 'lab-pass' });
    expect(await runCli([deviceProbeCommand], ['device', 'probe', 'lab-1', '--config', config], out)).toBe(0);
    expect(out.out.join('')).toMatch(/session id\s+\d+/);
    const bad = io({ LAB_PW: 'lab-pass' });
    expect(await runCli([deviceProbeCommand], ['device', 'probe', 'lab-bad-key', '--config', config, '--format', 'json'], bad)).toBe(1);
    expect(JSON.parse(bad.out.join(''))).toMatchObject({ ok: false, error: { code: 'ECPA_HOST_KEY' } });
  });

  it('exits 2 for an unknown device or a missing secret', async () => {
    const out = io({ LAB_PW: 'lab-pass' });
    expect(await runCli([deviceProbeCommand], ['device', 'probe', 'nope', '--config', config], out)).toBe(2);
    expect(out.err.join('')).toContain("no device 'nope'");
    const noSecret = io();
    expect(await runCli([deviceProbeCommand], ['device', 'probe', 'lab-1', '--config', config], noSecret)).toBe(2);
    expect(noSecret.err.join('')).toContain('LAB_PW');
  });
});
