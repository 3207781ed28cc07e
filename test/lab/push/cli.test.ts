/**
 * `ecpa plan` and `ecpa apply` end to end, in-process, against two lab NETCONF devices
 * (openconfig and cisco-iosxe) configured through a real agent config and ledger YAML file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../../drivers/netconf/xml-compare.js';
import { labDeviceYaml, runPushCli, writeLabLedger } from './cli-harness.js';
import { startLabDevice, type LabDevice } from './fixture.js';

let dir: string;
let oc: LabDevice;
let xe: LabDevice;

const sharedPorts = [
  '{ id: pc-a101, tenant: "1234567890123456", circuit: pc-circa, vlan: 101, bandwidth: 1G, status: enabled }',
  '{ id: pc-a102, tenant: "1357924680135792", circuit: pc-circa, vlan: 102, bandwidth: 500M, status: enabled }',
  '{ id: pc-a103, tenant: "1029384756102938", circuit: pc-circa, vlan: 103, bandwidth: 200M, status: pending-acceptance }',
  '{ id: pc-b201, tenant: "1122334455667788", circuit: pc-circb, vlan: 201, bandwidth: 100M, status: enabled }',
];

function writeInputs(ports: readonly string[], maxDeletes = 5): string {
  writeLabLedger(dir, [
    '{ id: pc-circa, accessPoint: ap-cn-hangzhou-yh-A, bandwidth: 10G, device: sw-oc, port: Ethernet1 }',
    '{ id: pc-circb, accessPoint: ap-cn-hangzhou-yh-A, bandwidth: 10G, device: sw-xe, port: GigabitEthernet0/0/1 }',
  ], ports);
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, [
    'ledger: ./ledger.yaml',
    'devices:',
    ...labDeviceYaml(oc),
    ...labDeviceYaml(xe),
    'push:',
    '  confirmTimeoutS: 30',
    `  maxDeletes: ${maxDeletes}`,
    '',
  ].join('\n'));
  return config;
}

const ecpa = (args: readonly string[], confirm?: boolean): ReturnType<typeof runPushCli> => runPushCli(dir, args, confirm);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecpa-push-cli-'));
  oc = await startLabDevice('openconfig', 'sw-oc');
  xe = await startLabDevice('cisco-iosxe', 'sw-xe');
});
afterAll(async () => {
  await oc.server.stop();
  await xe.server.stop();
});

describe('ecpa plan / apply against lab devices', () => {
  it('plans, refuses without confirmation, applies with the shown hash, and re-plans to "No changes"', async () => {
    const config = writeInputs(sharedPorts);
    const before = canonicalize(oc.server.datastores.running);

    const plan = await ecpa(['plan', '--config', config, '--format', 'json']);
    expect(plan.code, plan.err).toBe(0);
    const doc = JSON.parse(plan.out) as { planHash: string; summary: { changed: number }; devices: { device: string; counts: { create: number } }[] };
    expect(doc.planHash).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(doc.summary.changed).toBe(2);
    expect(doc.devices.map((d) => [d.device, d.counts.create])).toEqual([['sw-oc', 6], ['sw-xe', 3]]);

    const text = await ecpa(['plan', '--config', config, '--device', 'sw-oc', '--payload']);
    expect(text.out).toContain('+ subinterface Ethernet1.101  [pc-a101]');
    expect(text.out).toContain('= not owned, left alone: subinterface Ethernet1.3000');
    expect(text.out).toContain('= not expressible on this platform: arp-rate-limit');
    expect(text.out).toContain('nc:operation="replace"');

    expect((await ecpa(['apply', '--config', config])).code).toBe(2); // no terminal, no --yes
    const declined = await ecpa(['apply', '--config', config], false); // operator said no
    expect(declined.code).toBe(1);
    // What the operator was asked to confirm: the plan with the unified diff of the owned config.
    expect(declined.out).toContain('diff of the owned configuration (running → after apply):');
    expect(declined.out).toMatch(/^ {4}\+.*<vlan-id>101<\/vlan-id>/m);
    const wrong = await ecpa(['apply', '--config', config, '--yes', '--plan-hash', 'sha256:0123456789abcdef']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('changed since it was shown');
    expect(canonicalize(oc.server.datastores.running)).toBe(before);

    const applied = await ecpa(['apply', '--config', config, '--yes', '--plan-hash', doc.planHash, '--confirm-timeout', '60']);
    expect(applied.code, applied.out + applied.err).toBe(0);
    expect(applied.out).toContain('sw-oc: applied');
    expect(applied.out).toContain('sw-xe: applied');

    const again = await ecpa(['plan', '--config', config]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('No changes.');
    expect(again.out).toContain('device sw-oc (openconfig): no changes');
    const twice = await ecpa(['apply', '--config', config, '--yes', '--format', 'json']);
    expect(twice.code).toBe(0);
    expect((JSON.parse(twice.out) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['no-changes', 'no-changes']);
  });

  it('stops removals beyond maxDeletes unless --force, then removes only owned objects', async () => {
    writeInputs(sharedPorts);
    await ecpa(['apply', '--config', join(dir, 'agent.yaml'), '--yes']);
    const config = writeInputs(sharedPorts.slice(2), 2);
    const refused = await ecpa(['apply', '--config', config, '--yes', '--format', 'json']);
    expect(refused.code).toBe(1);
    expect((JSON.parse(refused.out) as { refusal: { code: string } }).refusal.code).toBe('TOO_MANY_DELETES');
    const forced = await ecpa(['apply', '--config', config, '--yes', '--force']);
    expect(forced.code, forced.out + forced.err).toBe(0);
    const running = canonicalize(oc.server.datastores.running);
    expect(running).not.toContain('pc-a101');
    expect(running).toContain('pc-a103');
    expect(running).toContain('operator mgmt vlan');
    expect((await ecpa(['plan', '--config', config])).out).toContain('No changes.');
  });

  it('rejects bad flags and unknown devices with exit 2', async () => {
    const config = writeInputs(sharedPorts);
    expect((await ecpa(['apply', '--config', config, '--yes', '--confirm-timeout', '0'])).code).toBe(2);
    expect((await ecpa(['apply', '--config', config, '--yes', '--plan-hash', 'abc'])).code).toBe(2);
    const unknown = await ecpa(['plan', '--config', config, '--device', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown device 'nope'");
  });
});
