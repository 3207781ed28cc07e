/**
 * The lab fleet's IF-MIB ifMtu and the interfaces an operator added, over real sockets, read by
 * Net-SNMP's C tool `snmpbulkwalk` (v2c, and v3 authPriv SHA-256/AES on the IOS-XE switch) and by
 * the agent's own ifMtu reader (net-snmp npm): both see the same table, and it holds the values the
 * platform model says (platform-interfaces.ts), with a small-mtu and a duplicate-vlan fault seeded,
 * and it follows an MTU committed over NETCONF.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snmpMtuReader } from '../../../agent/compliance/gather.js';
import { loadDaemonInputs, processSecrets, type DaemonInputs } from '../../../agent/daemon/inputs.js';
import type { DeviceConfig } from '../../../config/agent/model.js';
import { NetconfClient } from '../../../drivers/netconf/client.js';
import { HW_IFM } from '../../../drivers/vendors/huawei-vrp-ns.js';
import { builder, configRoot } from '../../../drivers/vendors/tree.js';
import { bulkwalk } from '../../peers/snmpd/bulkwalk.js';
import { peerAvailable, repoRoot } from '../../support/peer.js';
import { withLabSecrets } from './example.js';
import { fleetSpecsFromConfig, startFleet, type LabFleet } from './fleet.js';
import { exampleScenario, withFaults } from './scenario.js';

const IF_MTU = '1.3.6.1.2.1.2.2.1.4';
const IF_NAME = '1.3.6.1.2.1.31.1.1.1.1';
const IF_ALIAS = '1.3.6.1.2.1.31.1.1.1.18';

const run = promisify(execFile);
const tools = await peerAvailable('snmp', async () => (await run('snmpbulkwalk', ['--version'])).stderr.includes('NET-SNMP'));

let inputs: DaemonInputs;
let fleet: LabFleet;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecpa-ifmtu-'));
  writeFileSync(join(dir, 'ledger.yaml'), readFileSync(join(repoRoot, 'config', 'examples', 'ledger.yaml'), 'utf8'));
  writeFileSync(join(dir, 'agent.yaml'), readFileSync(join(repoRoot, 'config', 'examples', 'agent.yaml'), 'utf8').replace(/knownHosts: [^,}]+/g, 'knownHosts: ./known_hosts'));
  const loaded = await loadDaemonInputs(join(dir, 'agent.yaml'), processSecrets(withLabSecrets({})));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  inputs = loaded.inputs;
  const specs = fleetSpecsFromConfig(inputs.config).map((s) => ({ ...s, netconf: { ...s.netconf, port: 0 }, snmp: { ...s.snmp, port: 0 } }));
  const scenario = withFaults({ ...exampleScenario(), flaps: [] }, [
    { kind: 'small-mtu', device: 'hz-acc-03', port: 'TenGigabitEthernet1/0/1', mtu: 1400 },
    { kind: 'duplicate-vlan', device: 'hz-acc-02', port: 'XGigabitEthernet0/0/1', vlan: 201 },
  ]);
  fleet = await startFleet({ ledger: inputs.ledger, devices: inputs.config.devices, push: inputs.config.push, specs, scenario, hostKeyDir: join(dir, 'keys') });
});
afterAll(async () => {
  await fleet?.stop();
});

function device(id: string): { cfg: DeviceConfig; port: number } {
  const cfg = inputs.config.devices.find((d) => d.id === id);
  const port = fleet.devices.get(id)?.snmpPort;
  if (!cfg?.snmp || port === undefined) throw new Error(id);
  return { cfg, port };
}

/** snmpbulkwalk arguments for a device's SNMP settings (the lab's secrets). */
function toolArgs(cfg: DeviceConfig): string[] {
  const s = cfg.snmp;
  if (s === undefined) throw new Error(cfg.id);
  if (s.version === '2c') return ['-v2c', '-c', s.community.reveal()];
  if (s.level !== 'authPriv' || s.authKey === undefined || s.privKey === undefined) throw new Error(`${cfg.id}: the test walks v3 authPriv only`);
  const auth: Readonly<Record<string, string>> = { sha256: 'SHA-256', sha: 'SHA', md5: 'MD5', sha224: 'SHA-224', sha384: 'SHA-384', sha512: 'SHA-512' };
  return ['-v3', '-l', 'authPriv', '-u', s.user, '-a', auth[s.authProtocol ?? ''] ?? '?', '-A', s.authKey.reveal(), '-x', s.privProtocol === 'aes256' ? 'AES-256' : 'AES', '-X', s.privKey.reveal()];
}

/** ifName → ifMtu as snmpbulkwalk reads them, and ifIndex → ifMtu as the agent's reader reads them. */
async function walk(id: string): Promise<{ byName: Map<string, number>; tool: Map<number, number>; agent: Map<number, number>; alias: Map<string, string> }> {
  const { cfg, port } = device(id);
  const target = `127.0.0.1:${port}`;
  const args = [...toolArgs(cfg), '-t', '2', '-r', '1'];
  const [names, mtus, aliases] = [await bulkwalk(args, target, IF_NAME), await bulkwalk(args, target, IF_MTU), await bulkwalk(args, target, IF_ALIAS)];
  const tool = new Map([...mtus].map(([i, v]) => [Number(i), Number(v)]));
  const byName = new Map([...names].map(([i, n]) => [n, tool.get(Number(i)) ?? NaN]));
  const alias = new Map([...names].map(([i, n]) => [n, aliases.get(i) ?? '']));
  const agent = new Map(await snmpMtuReader({ deviceId: id, address: '127.0.0.1', settings: { ...(cfg.snmp as NonNullable<DeviceConfig['snmp']>), port } }, AbortSignal.timeout(5000)));
  return { byName, tool, agent, alias };
}

describe.skipIf(!tools)('lab fleet IF-MIB ifMtu, as snmpbulkwalk and the agent read it', () => {
  it('every interface of every switch has an ifMtu; the C tool and the agent read the same column', async () => {
    for (const d of inputs.config.devices) {
      const { byName, tool, agent } = await walk(d.id);
      expect(tool.size, d.id).toBe(fleet.devices.get(d.id)?.view.interfaces.length);
      expect([...byName.values()].every((m) => Number.isInteger(m) && m > 0), d.id).toBe(true);
      expect(agent, d.id).toEqual(tool);
    }
  });

  it('OpenConfig: jumbo ports (9216) whose subinterfaces inherit', async () => {
    const { byName } = await walk('hz-acc-01');
    expect(byName.get('Ethernet1/1')).toBe(9216);
    expect(byName.get('Ethernet1/1.101')).toBe(9216);
    expect(byName.get('Ethernet1/10')).toBe(9216);
  });

  it('Huawei VRP: 1500, and the operator\'s duplicate of VLAN 201 is its own row beside the tenant\'s', async () => {
    const { byName, alias } = await walk('hz-acc-02');
    expect(byName.get('XGigabitEthernet0/0/1')).toBe(1500);
    expect(byName.get('XGigabitEthernet0/0/1.201')).toBe(1500);
    expect(byName.get('XGigabitEthernet0/0/1.1201')).toBe(1500);
    expect(alias.get('XGigabitEthernet0/0/1.1201')).toBe('manual test circuit vlan 201');
    expect(alias.get('XGigabitEthernet0/0/1.201')).toMatch(/^ecpa:pc-bp1v0007 /);
  });

  it('IOS-XE (SNMPv3): the small-mtu port and its subinterfaces at 1400', async () => {
    const { byName } = await walk('hz-acc-03');
    expect(byName.get('TenGigabitEthernet1/0/1')).toBe(1400);
    expect([...byName].filter(([n]) => n.startsWith('TenGigabitEthernet1/0/1.')).map(([, m]) => m)).toEqual([1400, 1400, 1400, 1400, 1400, 1400]);
  });

  it('Junos: media MTU on the ports (1518 tagged, 1514 untagged), IP MTU 1500 on the units', async () => {
    const { byName } = await walk('hz-acc-04');
    expect(byName.get('xe-0/0/1')).toBe(1518);
    expect(byName.get('xe-0/0/1.401')).toBe(1500);
    expect(byName.get('xe-0/0/2')).toBe(1514);
  });

  it('follows an MTU an operator commits over NETCONF (Huawei `mtu` + `mtu spread` on the circuit port)', async () => {
    const lab = fleet.devices.get('hz-acc-02');
    const cfg = inputs.config.devices.find((d) => d.id === 'hz-acc-02');
    if (!lab || !cfg?.netconf?.password) throw new Error('hz-acc-02');
    const client = await NetconfClient.connect({
      host: '127.0.0.1', port: lab.netconf.port, username: cfg.netconf.username, password: cfg.netconf.password,
      hostKey: { fingerprint: lab.netconf.hostKeyFingerprints[0] as string, trustOnFirstUse: false },
      connectTimeoutMs: 5000, keepaliveIntervalMs: 0, rpcTimeoutMs: 5000,
    });
    const ifm = builder(HW_IFM);
    try {
      await client.editConfig('candidate', configRoot([ifm('ifm', ifm('interfaces', ifm('interface',
        ifm.leaf('name', 'XGigabitEthernet0/0/1'), ifm.leaf('mtu', 1450), ifm.leaf('spread-mtu-flag', true))))]));
      await client.commit();
    } finally {
      await client.closeSession();
    }
    await fleet.sync();
    const { byName, tool, agent } = await walk('hz-acc-02');
    expect(byName.get('XGigabitEthernet0/0/1')).toBe(1450);
    expect(byName.get('XGigabitEthernet0/0/1.201')).toBe(1450);
    expect(byName.get('XGigabitEthernet0/0/1.1201')).toBe(1450);
    // The tenant-facing access port keeps the default.
    expect(byName.get('XGigabitEthernet0/0/2')).toBe(1500);
    expect(agent).toEqual(tool);
  });
});
