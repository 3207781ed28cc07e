/**
 * A synthetic partner of a given size for the metrics benchmark: `ports` shared ports, 100 per
 * 10G circuit, 10 circuits per device, every port polled (counters above 2^32, rates set), one
 * config state per port, one compliance verdict per port. Deterministic (no randomness).
 */
import type { Circuit, Ledger, SharedPort } from '../../../policies/ledger/model.js';
import type { DeviceState, MetricsSnapshot, PortTraffic } from '../../../agent/metrics/state.js';
import { CONFIG_STATES } from '../../../agent/metrics/state.js';

/** Builds the snapshot of a partner with `ports` shared ports. */
export function fleetSnapshot(ports: number): MetricsSnapshot {
  const circuits: Circuit[] = [];
  const sharedPorts: SharedPort[] = [];
  const traffic: PortTraffic[] = [];
  const circuitCount = Math.ceil(ports / 100);
  for (let c = 0; c < circuitCount; c++) {
    const device = `sw-hz-${String(Math.floor(c / 10)).padStart(3, '0')}`;
    circuits.push({
      id: `pc-bp1circuit${String(c).padStart(6, '0')}`,
      accessPointId: 'ap-cn-hangzhou-yh-A',
      bandwidth: { spec: '10G', bps: 1e10 },
      device,
      port: `TenGigabitEthernet0/0/${c % 10}`,
    });
  }
  for (let i = 0; i < ports; i++) {
    const circuit = circuits[Math.floor(i / 100)];
    if (circuit === undefined) throw new Error('unreachable');
    const vlan = 1000 + (i % 100);
    const id = `pc-bp1port${String(i).padStart(10, '0')}`;
    sharedPorts.push({
      id,
      tenant: String(1_000_000_000_000_000 + i * 7919),
      circuitId: circuit.id,
      vlan,
      bandwidth: { spec: '100M', bps: 1e8 },
      status: 'enabled',
      attachment: { device: circuit.device, port: circuit.port },
      attachmentExplicit: false,
    });
    const base = BigInt(i) * 1_000_003n + 5_000_000_000n;
    traffic.push({
      sharedPortId: id,
      device: circuit.device,
      interface: `${circuit.port}.${vlan}`,
      counters: {
        receiveBytes: base * 1500n,
        transmitBytes: base * 900n,
        receivePackets: base,
        transmitPackets: base - 17n,
        receiveDroppedPackets: BigInt(i % 97),
        transmitDroppedPackets: BigInt(i % 13),
      },
      rates: {
        receiveBitsPerSecond: 12_345_678 + i,
        transmitBitsPerSecond: 8_765_432 + i,
        receivePacketsPerSecond: 1028.75,
        transmitPacketsPerSecond: 730.5,
        receiveDroppedPacketsPerSecond: i % 7,
        transmitDroppedPacketsPerSecond: 0,
      },
    });
  }
  const deviceIds = [...new Set(circuits.map((c) => c.device))];
  const devices: DeviceState[] = deviceIds.map((device) => ({
    device,
    up: true,
    lastSuccessfulPollSeconds: 1795687195,
    pollDurationSeconds: 0.4,
    reconcileDurationSeconds: 1.2,
    errorsByReason: { timeout: 1 },
  }));
  const ledger: Ledger = { partner: { name: 'Bench Carrier', site: 'china' }, accessPoints: [{ id: 'ap-cn-hangzhou-yh-A' }], circuits, sharedPorts };
  return {
    ledger,
    ledgerState: { loaded: true, lastReloadSuccess: true, lastReloadSeconds: 1795687000, validationErrors: 0 },
    traffic,
    configStates: sharedPorts.map((p, i) => ({ sharedPortId: p.id, state: CONFIG_STATES[i % 50 === 0 ? 2 : 0] ?? 'in-sync' })),
    devices,
    unknownSubinterfaces: [],
    compliance: sharedPorts.map((p) => ({ ruleId: 'qos-throttling', subject: `shared-port:${p.id}`, evaluation: 'live' as const, verdict: 'pass' as const })),
  };
}
