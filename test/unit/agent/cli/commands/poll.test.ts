/** `ecpa poll --once` end to end: agent config and ledger files, the lab SNMP agent on loopback, the CLI dispatcher. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../../agent/cli/dispatch.js';
import { commands } from '../../../../../agent/cli/registry.js';
import type { Io } from '../../../../../agent/cli/command.js';
import { startLabSnmpAgent, type LabSnmpAgent } from '../../../../lab/snmp/agent.js';

let dir: string;
let sw: LabSnmpAgent;
let deadPort: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecpa-poll-'));
  sw = await startLabSnmpAgent({
    model: {
      sysName: 'acc-01',
      qos: 'huawei-vrp',
      interfaces: [
        { name: 'XGigabitEthernet0/0/1', speedMbps: 10_000 },
        { name: 'XGigabitEthernet0/0/1.201', speedMbps: 10_000, parent: 'XGigabitEthernet0/0/1', alias: 'ecpa:pc-bp1v0007 tenant=1122334455667788' },
        { name: 'XGigabitEthernet0/0/1.202', speedMbps: 10_000, parent: 'XGigabitEthernet0/0/1' },
      ],
      initialCounter: 2n ** 60n,
    },
    community: 'lab-community',
    users: [{ name: 'poller', level: 'authPriv', authProtocol: 'sha256', authKey: 'auth-secret-1', privProtocol: 'aes', privKey: 'priv-secret-1' }],
  });
  sw.setOffered('XGigabitEthernet0/0/1.201', { inBps: 300e6, outBps: 50e6 });
  sw.setPolicer('XGigabitEthernet0/0/1.201', { inBps: 200e6 });
  const dead = await startLabSnmpAgent({ model: { sysName: 'dead', interfaces: [] }, community: 'x' });
  deadPort = dead.port;
  await dead.stop(); // nothing answers on this port any more
  await writeFile(
    join(dir, 'ledger.yaml'),
    [
      'partner: { name: Lab, site: china }',
      'accessPoints:',
      '  - { id: ap-cn-hangzhou-yh-A }',
      'circuits:',
      '  - { id: pc-bp1c0002, accessPoint: ap-cn-hangzhou-yh-A, bandwidth: 10G, device: acc-01, port: XGigabitEthernet0/0/1 }',
      '  - { id: pc-bp1c0003, accessPoint: ap-cn-hangzhou-yh-A, bandwidth: 10G, device: acc-01-v3, port: XGigabitEthernet0/0/1 }',
      'sharedPorts:',
      '  - { id: pc-bp1v0007, tenant: "1122334455667788", circuit: pc-bp1c0002, vlan: 201, bandwidth: 200M, status: enabled }',
      '  - { id: pc-bp1v0008, tenant: "1470258369147025", circuit: pc-bp1c0002, vlan: 202, bandwidth: 500M, status: enabled }',
      '  - { id: pc-bp1v0009, tenant: "1592637481592637", circuit: pc-bp1c0002, vlan: 203, bandwidth: 300M, status: enabled }',
      '  - { id: pc-bp1v0010, tenant: "1592637481592637", circuit: pc-bp1c0003, vlan: 201, bandwidth: 200M, status: enabled }',
      '',
    ].join('\n'),
  );
  const device = (id: string, snmp: string[]): string[] => [
    `  - id: ${id}`,
    '    address: 127.0.0.1',
    '    platform: huawei-vrp',
    '    cli: { port: 22, username: u, password: { env: ECPA_T_PW }, hostKey: { trustOnFirstUse: true, knownHosts: ./kh } }',
    '    snmp:',
    ...snmp.map((l) => `      ${l}`),
  ];
  await writeFile(
    join(dir, 'agent.yaml'),
    [
      'ledger: ./ledger.yaml',
      'devices:',
      ...device('acc-01', ['version: "2c"', `port: ${sw.port}`, 'community: { env: ECPA_T_COMMUNITY }']),
      ...device('acc-01-v3', [
        'version: "3"', `port: ${sw.port}`, 'user: poller', 'level: authPriv', 'authProtocol: sha256',
        'authKey: { env: ECPA_T_AUTH }', 'privProtocol: aes', 'privKey: { env: ECPA_T_PRIV }',
      ]),
      ...device('gone', ['version: "2c"', `port: ${deadPort}`, 'community: { env: ECPA_T_COMMUNITY }', 'timeoutMs: 200', 'retries: 0']),
      'polling: { timeoutMs: 1000 }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await sw?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function ecpa(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { ECPA_T_COMMUNITY: 'lab-community', ECPA_T_AUTH: 'auth-secret-1', ECPA_T_PRIV: 'priv-secret-1', ECPA_T_PW: 'x' },
    cwd: dir,
  };
  const code = await runCli(commands, args, io);
  return { code, stdout, stderr };
}

describe('ecpa poll', () => {
  it('prints exact counters per interface and per shared port as JSON (v2c)', async () => {
    const r = await ecpa(['poll', '--once', '--device', 'acc-01', '--config', 'agent.yaml', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { devices: { ok: boolean; interfaces: { name: string; counters: Record<string, string> }[]; sharedPorts: { sharedPortId: string; tenant: string; vlan: number; matchedBy: string; counters: Record<string, string> }[]; unmatchedSharedPorts: { sharedPortId: string }[] }[] };
    const d = out.devices[0];
    expect(d?.ok).toBe(true);
    const sub = d?.interfaces.find((i) => i.name === 'XGigabitEthernet0/0/1.201');
    expect(typeof sub?.counters['inOctets']).toBe('string');
    expect(BigInt(sub?.counters['inOctets'] ?? '0')).toBeGreaterThan(2n ** 60n); // exact beyond 2^53
    expect(d?.sharedPorts.map((p) => [p.sharedPortId, p.tenant, p.vlan, p.matchedBy])).toEqual([
      ['pc-bp1v0007', '1122334455667788', 201, 'description'],
      ['pc-bp1v0008', '1470258369147025', 202, 'name'],
    ]);
    expect(d?.unmatchedSharedPorts.map((u) => u.sharedPortId)).toEqual(['pc-bp1v0009']);
  });

  it('prints rates with --interval (v3 authPriv), policer drops visible per tenant', async () => {
    const r = await ecpa(['poll', '--once', '--device', 'acc-01-v3', '--config', 'agent.yaml', '--interval', '0.5', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { devices: { sharedPorts: { sharedPortId: string; rates: { inBitsPerSecond: number; inDiscardsPerSecond: number } | null }[] }[] };
    // the same lab switch seen as device acc-01-v3 carries circuit pc-bp1c0003 in this ledger
    const tenant = out.devices[0]?.sharedPorts.find((p) => p.sharedPortId === 'pc-bp1v0010');
    expect(tenant?.rates?.inBitsPerSecond).toBeGreaterThan(250e6);
    expect(tenant?.rates?.inDiscardsPerSecond).toBeGreaterThan(0);
    // the Huawei CBQoS classifier statistics show the same drops on the tenant's policer
    const policers = (tenant as unknown as { policers: { direction: string; rates: { droppedBitsPerSecond: number } | null }[] }).policers;
    expect(policers.find((p) => p.direction === 'inbound')?.rates?.droppedBitsPerSecond).toBeGreaterThan(50e6);
    expect(r.stdout).not.toContain('auth-secret-1');
  });

  it('reports a device that does not answer as down and exits 1, after polling the others (text)', async () => {
    const r = await ecpa(['poll', '--once', '--config', 'agent.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/device gone: DOWN \(ECPA_SNMP_TIMEOUT\)/);
    expect(r.stdout).toMatch(/device acc-01: 3 interfaces/);
    expect(r.stdout).toMatch(/pc-bp1v0007 tenant 1122334455667788 vlan 201/);
    expect(r.stdout).not.toContain('lab-community');
  });

  it('refuses bad usage with exit 2', async () => {
    expect((await ecpa(['poll', '--config', 'agent.yaml'])).code).toBe(2);
    expect((await ecpa(['poll', '--once', '--interval', 'soon', '--config', 'agent.yaml'])).code).toBe(2);
    const unknown = await ecpa(['poll', '--once', '--device', 'nope', '--config', 'agent.yaml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no device 'nope'.*devices: acc-01, acc-01-v3, gone/);
  });
});
