/**
 * `ecpa plan` / `ecpa apply` end to end (in-process, YAML inputs, two lab devices) for issue #5's
 * last gaps: a circuit dropped from the ledger leaves no owned object behind (plan lists the
 * removals on a port the ledger no longer names, apply removes them, the operator's objects stay);
 * the plan shows the unified diff of the owned configuration (text and JSON, none when nothing
 * changes); a device that is not selected needs no readable secret.
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

const A = [
  '{ id: pc-a101, tenant: "1234567890123456", circuit: pc-circa, vlan: 101, bandwidth: 1G, status: enabled }',
  '{ id: pc-a102, tenant: "1357924680135792", circuit: pc-circa, vlan: 102, bandwidth: 500M, status: enabled }',
];
const C = ['{ id: pc-c301, tenant: "1029384756102938", circuit: pc-circc, vlan: 301, bandwidth: 200M, status: enabled }'];
const B = ['{ id: pc-b201, tenant: "1122334455667788", circuit: pc-circb, vlan: 201, bandwidth: 100M, status: enabled }'];

/** Writes agent.yaml and ledger.yaml; `circuits` are the circuit lines to keep. */
function writeInputs(circuits: readonly string[], ports: readonly string[], xePassword = 'LAB_PASSWORD'): string {
  writeLabLedger(dir, circuits, ports);
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, ['ledger: ./ledger.yaml', 'devices:', ...labDeviceYaml(oc), ...labDeviceYaml(xe, xePassword), 'push:', '  maxDeletes: 20', ''].join('\n'));
  return config;
}

const CIRCUIT_A = '{ id: pc-circa, accessPoint: ap-cn-hangzhou-yh-A, bandwidth: 10G, device: sw-oc, port: Ethernet1 }';
const CIRCUIT_C = '{ id: pc-circc, accessPoint: ap-cn-hangzhou-yh-A, bandwidth: 10G, device: sw-oc, port: Ethernet2 }';
const CIRCUIT_B = '{ id: pc-circb, accessPoint: ap-cn-hangzhou-yh-A, bandwidth: 10G, device: sw-xe, port: GigabitEthernet0/0/1 }';

const ecpa = (args: readonly string[]): ReturnType<typeof runPushCli> => runPushCli(dir, args);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecpa-push-orphans-'));
  oc = await startLabDevice('openconfig', 'sw-oc');
  xe = await startLabDevice('cisco-iosxe', 'sw-xe');
});
afterAll(async () => {
  await oc.server.stop();
  await xe.server.stop();
});

interface JsonPlan {
  planHash: string;
  devices: { device: string; changed: boolean; diff?: string; portsBeyondLedger?: string[]; changes: { action: string; key: string }[] }[];
}

describe('ecpa plan / apply: a circuit dropped from the ledger, and the owned-configuration diff', () => {
  it('plans the removals on the dropped circuit\'s port with a readable diff, applies them, and leaves the operator\'s objects', async () => {
    const full = writeInputs([CIRCUIT_A, CIRCUIT_C, CIRCUIT_B], [...A, ...C, ...B]);
    const first = await ecpa(['plan', '--config', full]);
    expect(first.code, first.err).toBe(0);
    // A fresh device: the diff adds the tenant objects to an empty owned configuration.
    expect(first.out).toContain('diff of the owned configuration (running → after apply):');
    expect(first.out).toContain('    --- sw-oc owned configuration (running, as read)');
    expect(first.out).toContain('    +++ sw-oc owned configuration (after apply)');
    expect(first.out).toMatch(/^ {4}\+ +<description>ecpa:pc-a101 tenant=1234567890123456<\/description>$/m);
    const ocDiff = first.out.slice(first.out.indexOf('diff of the owned'), first.out.indexOf('device sw-xe'));
    expect(ocDiff).toContain('pc-a102');
    expect(ocDiff).not.toContain('operator mgmt vlan'); // not owned: never in the view
    expect((await ecpa(['apply', '--config', full, '--yes'])).code).toBe(0);
    const seeded = canonicalize(oc.server.datastores.running);
    expect(seeded).toContain('operator mgmt vlan');

    // In sync: "No changes", and no diff anywhere.
    const same = await ecpa(['plan', '--config', full]);
    expect(same.out).toContain('No changes.');
    expect(same.out).not.toContain('diff of the owned configuration');
    const sameJson = JSON.parse((await ecpa(['plan', '--config', full, '--format', 'json'])).out) as JsonPlan;
    expect(sameJson.devices.map((d) => d.diff)).toEqual([undefined, undefined]);

    // Circuit A (Ethernet1) leaves the ledger with its tenants; pc-c301 on Ethernet2 gets a new bandwidth.
    const smaller = writeInputs([CIRCUIT_C, CIRCUIT_B], [C[0]?.replace('200M', '300M') ?? '', ...B]);
    const plan = await ecpa(['plan', '--config', smaller, '--device', 'sw-oc']);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain('= read beyond the ledger (they hold the agent\'s objects): Ethernet1');
    expect(plan.out).toContain('- subinterface Ethernet1.101  [pc-a101]');
    expect(plan.out).toContain('- subinterface Ethernet1.102  [pc-a102]');
    expect(plan.out).toContain('- policer pc-a101');
    expect(plan.out).toContain('~ policer pc-c301');
    expect(plan.out).toContain('= not owned, left alone: subinterface Ethernet1.3000');
    // The diff: the removed tenants' lines go, the policer's rate changes, nothing else moves.
    expect(plan.out).toMatch(/^ {4}- +<description>ecpa:pc-a101 tenant=1234567890123456<\/description>$/m);
    expect(plan.out).toMatch(/^ {4}- +<cir>200000000<\/cir>$/m);
    expect(plan.out).toMatch(/^ {4}\+ +<cir>300000000<\/cir>$/m);
    expect(plan.out).not.toMatch(/^ {4}\+.*pc-a10[12]/m);

    const json = JSON.parse((await ecpa(['plan', '--config', smaller, '--format', 'json'])).out) as JsonPlan;
    const ocPlan = json.devices.find((d) => d.device === 'sw-oc');
    expect(ocPlan?.portsBeyondLedger).toEqual(['Ethernet1']);
    expect(ocPlan?.diff).toMatch(/^--- sw-oc owned configuration \(running, as read\)\n\+\+\+ sw-oc owned configuration \(after apply\)\n@@ /);
    expect(ocPlan?.diff).toMatch(/^- +<description>ecpa:pc-a102 tenant=1357924680135792<\/description>$/m);
    expect(json.devices.find((d) => d.device === 'sw-xe')?.changed).toBe(false);

    const applied = await ecpa(['apply', '--config', smaller, '--yes', '--plan-hash', json.planHash]);
    expect(applied.code, applied.out + applied.err).toBe(0);
    const running = canonicalize(oc.server.datastores.running);
    expect(running).not.toContain('pc-a101');
    expect(running).not.toContain('pc-a102');
    expect(running).toContain('operator mgmt vlan');
    const after = await ecpa(['plan', '--config', smaller]);
    expect(after.out).toContain('No changes.');
    expect(after.out).not.toContain('read beyond the ledger');
  });

  it('plans a selected device without reading the secrets of the others; a selected device with an unreadable secret cannot run', async () => {
    const config = writeInputs([CIRCUIT_A, CIRCUIT_C, CIRCUIT_B], [...A, ...C, ...B], 'NO_SUCH_PASSWORD_ENV');
    const selected = await ecpa(['plan', '--config', config, '--device', 'sw-oc', '--format', 'json']);
    expect(selected.code, selected.err).toBe(0);
    expect((JSON.parse(selected.out) as JsonPlan).devices.map((d) => d.device)).toEqual(['sw-oc']);
    const both = await ecpa(['plan', '--config', config]);
    expect(both.code).toBe(2);
    expect(both.err).toContain('NO_SUCH_PASSWORD_ENV');
  });
});
