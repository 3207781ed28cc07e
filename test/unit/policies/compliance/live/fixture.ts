/**
 * A compliant partner for the live-rule case tables: two access points, four circuits on two
 * switches (sw-hz-1 Huawei VRP, sw-hz-2 Cisco IOS-XE), tenants in a redundancy group, and the
 * evidence a compliant fleet yields (every policer, ARP 1 pps per source, ICMP 1000 pps, counters
 * that move). `compliantEvidence` derives the evidence from the ledger, so cases change one thing.
 */
import type { DeviceEvidence, InterfaceEvidence, LiveEvidence, MonitoredCounter } from '../../../../../policies/compliance/live/model.js';
import { DEFAULT_LIVE_SETTINGS } from '../../../../../policies/compliance/live/model.js';
import type { ObservedPolicer, ObservedSubinterface } from '../../../../../policies/intent/model.js';
import type { Circuit, Ledger, SharedPort, SharedPortSpec } from '../../../../../policies/ledger/model.js';

const BPS: Record<string, number> = { '100M': 1e8, '200M': 2e8, '500M': 5e8, '1G': 1e9, '2G': 2e9, '10G': 1e10 };

function circuit(id: string, ap: string, device: string, port: string, spec = '10G'): Circuit {
  return { id, accessPointId: ap, bandwidth: { spec, bps: BPS[spec] ?? 0 }, device, port };
}

/** A shared port with the default attachment (the circuit's device and port). */
export function sharedPort(id: string, c: Circuit, vlan: number, spec: SharedPortSpec, redundancyGroup?: string): SharedPort {
  return {
    id,
    tenant: '1234567890123456',
    circuitId: c.id,
    vlan,
    bandwidth: { spec, bps: BPS[spec] ?? 0 },
    status: 'enabled',
    attachment: { device: c.device, port: c.port },
    attachmentExplicit: false,
    ...(redundancyGroup ? { redundancyGroup } : {}),
  };
}

export const C1 = circuit('pc-hz-a1', 'ap-cn-hangzhou-A', 'sw-hz-1', 'GigabitEthernet0/0/1');
export const C2 = circuit('pc-hz-a2', 'ap-cn-hangzhou-A', 'sw-hz-2', 'GigabitEthernet0/0/1');
export const C3 = circuit('pc-hz-b1', 'ap-cn-hangzhou-B', 'sw-hz-1', 'GigabitEthernet0/0/2', '1G');
export const C4 = circuit('pc-hz-b2', 'ap-cn-hangzhou-B', 'sw-hz-2', 'GigabitEthernet0/0/2');

/** The compliant ledger. */
export function compliantLedger(): Ledger {
  return {
    partner: { name: 'acme-carrier', site: 'china' },
    accessPoints: [{ id: 'ap-cn-hangzhou-A' }, { id: 'ap-cn-hangzhou-B' }],
    circuits: [C1, C2, C3, C4],
    sharedPorts: [
      sharedPort('pc-sp-0001', C1, 101, '100M', 'ha-shop'),
      sharedPort('pc-sp-0002', C2, 101, '100M', 'ha-shop'),
      sharedPort('pc-sp-0003', C3, 200, '500M'),
      sharedPort('pc-sp-0004', C4, 300, '1G'),
    ],
  };
}

export const PLATFORMS: Record<string, string> = { 'sw-hz-1': 'huawei-vrp', 'sw-hz-2': 'cisco-iosxe' };

const counters = (base: bigint, step: bigint): Record<MonitoredCounter, bigint> => ({
  inOctets: base + step * 1000n,
  outOctets: base + step * 900n,
  inPackets: base + step * 2n,
  outPackets: base + step * 2n,
  inDiscards: base,
  outDiscards: base,
});

/** An interface whose counters moved by `step` units over 10 s. */
export function movingInterface(ifIndex: number, name: string, alias = '', step = 1000n): InterfaceEvidence {
  const first = counters(5000n, 0n);
  const second = counters(5000n, step);
  const rates: Partial<Record<MonitoredCounter, number>> = {};
  for (const k of Object.keys(first) as MonitoredCounter[]) rates[k] = Number(second[k] - first[k]) / 10;
  return { ifIndex, name, alias, operStatus: 1, mtu: 1500, first, second, rates };
}

/** The evidence a compliant fleet yields for `ledger`. */
export function compliantEvidence(ledger: Ledger): LiveEvidence {
  const devices = [...new Set(ledger.circuits.map((c) => c.device))].sort();
  return {
    settings: DEFAULT_LIVE_SETTINGS,
    gatheredAt: '2026-11-26T10:00:00.000Z',
    devices: devices.map((device): DeviceEvidence => {
      const circuits = ledger.circuits.filter((c) => c.device === device);
      const ports = ledger.sharedPorts.filter((p) => p.status !== 'deleted' && circuits.some((c) => c.id === p.circuitId));
      const portOf = (p: SharedPort): string => circuits.find((c) => c.id === p.circuitId)?.port ?? '';
      const subinterfaces: ObservedSubinterface[] = ports.map((p) => ({
        port: portOf(p), vlan: p.vlan, description: `ecpa:${p.id} tenant=${p.tenant}`, enabled: true, statistics: true, owner: p.id,
      }));
      const policers: ObservedPolicer[] = ports.map((p) => ({ owner: p.id, rateBps: p.bandwidth.bps, burstBytes: p.bandwidth.bps / 80, at: { port: portOf(p), vlan: p.vlan } }));
      let ifIndex = 0;
      const interfaces: InterfaceEvidence[] = [
        ...circuits.map((c) => movingInterface(++ifIndex, c.port, 'circuit', 5000n)),
        ...ports.map((p) => movingInterface(++ifIndex, `${portOf(p)}.${p.vlan}`, `ecpa:${p.id} tenant=${p.tenant}`)),
      ];
      const huawei = PLATFORMS[device] === 'huawei-vrp';
      return {
        device,
        platform: PLATFORMS[device] ?? 'openconfig',
        capabilities: {
          arpRateLimit: huawei ? { level: 'per-source', reason: 'arp speed-limit source-ip' } : { level: 'per-port', reason: 'DAI per interface' },
          icmpLimit: { level: 'explicit', reason: 'icmp limit' },
          perSubinterfaceStats: huawei ? { level: 'switch', reason: 'statistic enable' } : { level: 'always', reason: 'always counted' },
        },
        config: { status: 'read', value: { subinterfaces, policers, arp: null, icmp: null }, source: `NETCONF get-config running of ${device}` },
        arp: huawei
          ? { status: 'read', value: [{ scope: 'per-source', pps: 1, source: 'arp speed-limit source-ip maximum 1' }], source: 'running config' }
          : { status: 'read', value: ports.map((p) => ({ scope: 'per-port' as const, pps: 1, at: { port: portOf(p), vlan: p.vlan }, source: 'ip arp inspection limit rate 1' })), source: 'running config' },
        icmp: { status: 'read', value: [{ pps: 1000, scope: 'global', origin: 'configured', source: 'icmp rate-limit total threshold 1000' }], source: 'running config' },
        snmp: {
          status: 'read',
          source: 'SNMP IF-MIB ifXTable/ifTable, two samples',
          value: {
            interfaces,
            intervalSeconds: 10,
            bindings: ports.map((p) => ({ sharedPortId: p.id, role: 'circuit' as const, interfaceName: `${portOf(p)}.${p.vlan}`, matchedBy: 'description' })),
            unmatched: [],
          },
        },
      };
    }),
  };
}
