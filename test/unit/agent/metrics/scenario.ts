/**
 * A fixed scenario for the golden /metrics test, the promtool peer suite and the docs: a small
 * ledger (two circuits, five shared ports in several states) and a snapshot that exercises every
 * family — exact Counter64 values above 2^53, label values that need escaping, absent rates.
 */
import type { Ledger, SharedPort, SharedPortSpec, SharedPortStatus } from '../../../../policies/ledger/model.js';
import type { MetricsSnapshot } from '../../../../agent/metrics/state.js';

const SPEC_BPS: Record<string, number> = { '100M': 100e6, '200M': 200e6, '500M': 500e6, '1G': 1e9 };

function port(id: string, tenant: string, circuitId: string, vlan: number, spec: SharedPortSpec, status: SharedPortStatus): SharedPort {
  return {
    id,
    tenant,
    circuitId,
    vlan,
    bandwidth: { spec, bps: SPEC_BPS[spec] ?? 0 },
    status,
    attachment: { device: circuitId === 'pc-circuit-a' ? 'sw-hz-01' : 'sw-hz-02', port: 'GigabitEthernet0/0/1' },
    attachmentExplicit: false,
    description: 'tenant "quoted" description, never a label',
  };
}

/** The scenario ledger. */
export const scenarioLedger: Ledger = {
  partner: { name: 'Example Carrier', site: 'china' },
  accessPoints: [{ id: 'ap-cn-hangzhou-yh-A' }],
  circuits: [
    { id: 'pc-circuit-a', accessPointId: 'ap-cn-hangzhou-yh-A', bandwidth: { spec: '1G', bps: 1e9 }, device: 'sw-hz-01', port: 'GigabitEthernet0/0/1' },
    { id: 'pc-circuit-b', accessPointId: 'ap-cn-hangzhou-yh-A', bandwidth: { spec: '1G', bps: 1e9 }, device: 'sw-hz-02', port: 'ge-0/0/2' },
  ],
  sharedPorts: [
    port('pc-sp-0001', '1234567890123456', 'pc-circuit-a', 1201, '500M', 'enabled'),
    port('pc-sp-0002', '0012345678901234', 'pc-circuit-a', 1202, '200M', 'enabled'),
    port('pc-sp-0003', '5555555555555555', 'pc-circuit-a', 1203, '500M', 'accepted'),
    port('pc-sp-0004', '7777777777777777', 'pc-circuit-b', 2001, '100M', 'enabled'),
    port('pc-sp-0005', '8888888888888888', 'pc-circuit-b', 2002, '1G', 'terminated'),
  ],
};

/** The scenario snapshot (as of 2026-11-26T10:00:00Z = 1795687200). */
export const scenarioSnapshot: MetricsSnapshot = {
  ledger: scenarioLedger,
  ledgerState: { loaded: true, lastReloadSuccess: false, lastReloadSeconds: 1795687190, validationErrors: 2 },
  traffic: [
    {
      sharedPortId: 'pc-sp-0001',
      device: 'sw-hz-01',
      interface: 'GigabitEthernet0/0/1.1201',
      // 2^64 - 1 and 2^53 + 1: must come out exactly.
      counters: {
        receiveBytes: 18446744073709551615n,
        transmitBytes: 9007199254740993n,
        receivePackets: 123456789n,
        transmitPackets: 98765432n,
        receiveDroppedPackets: 0n,
        transmitDroppedPackets: 17n,
      },
      rates: {
        receiveBitsPerSecond: 612e6,
        transmitBitsPerSecond: 250e6,
        receivePacketsPerSecond: 51000,
        transmitPacketsPerSecond: 20833.5,
        receiveDroppedPacketsPerSecond: 0,
        transmitDroppedPacketsPerSecond: 0.25,
      },
      // The agent's policer, both directions; a Cisco-like platform whose IF-MIB discards miss its drops.
      policer: {
        receive: { conformedBytes: 9007199254740993n, conformedPackets: 120000000n, droppedBytes: 4500000000n, droppedPackets: 3000000n, droppedBitsPerSecond: 112e6, droppedPacketsPerSecond: 9333.5 },
        transmit: { conformedBytes: 2000000n, conformedPackets: 2000n, droppedBytes: 0n, droppedPackets: 0n, droppedBitsPerSecond: 0, droppedPacketsPerSecond: 0 },
      },
    },
    {
      sharedPortId: 'pc-sp-0002',
      device: 'sw-hz-01',
      interface: 'GigabitEthernet0/0/1.1202',
      counters: {
        receiveBytes: 1000n,
        transmitBytes: 2000n,
        receivePackets: 10n,
        transmitPackets: 20n,
        receiveDroppedPackets: 1n,
        transmitDroppedPackets: 2n,
      },
      // First poll only: counters but no rates yet.
    },
    {
      sharedPortId: 'pc-sp-0004',
      device: 'sw-hz-02',
      interface: 'ge-0/0/2.2001',
      counters: {
        receiveBytes: 5000000n,
        transmitBytes: 6000000n,
        receivePackets: 5000n,
        transmitPackets: 6000n,
        receiveDroppedPackets: 300n,
        transmitDroppedPackets: 0n,
      },
      rates: {
        receiveBitsPerSecond: 99.5e6,
        transmitBitsPerSecond: 1.5e6,
        receivePacketsPerSecond: 8300,
        transmitPacketsPerSecond: 130,
        receiveDroppedPacketsPerSecond: 12.5,
        transmitDroppedPacketsPerSecond: 0,
      },
      // Junos-like: the policer counts only what it discards, and inbound has no rate yet.
      policer: { receive: { droppedBytes: 450000n, droppedPackets: 300n } },
    },
    // Polled but not in the ledger: not exported (nothing to join it to).
    { sharedPortId: 'pc-sp-gone', device: 'sw-hz-02', interface: 'ge-0/0/2.2999' },
  ],
  configStates: [
    { sharedPortId: 'pc-sp-0001', state: 'in-sync' },
    { sharedPortId: 'pc-sp-0002', state: 'drifted' },
    { sharedPortId: 'pc-sp-0003', state: 'missing' },
    { sharedPortId: 'pc-sp-0004', state: 'in-sync' },
  ],
  devices: [
    {
      device: 'sw-hz-01',
      up: true,
      lastSuccessfulPollSeconds: 1795687195.25,
      pollDurationSeconds: 0.182,
      reconcileDurationSeconds: 2.5,
      errorsByReason: { timeout: 3, 'config-rejected': 1 },
    },
    { device: 'sw-hz-02', up: false, lastSuccessfulPollSeconds: 1795686000, pollDurationSeconds: 5, errorsByReason: { auth: 7 } },
  ],
  unknownSubinterfaces: [
    { device: 'sw-hz-01', interface: 'GigabitEthernet0/0/1.999', vlan: 999 },
    // An ifName with characters that must be escaped in a label value.
    { device: 'sw-hz-02', interface: 'odd"name\\with\nnewline', vlan: 42 },
  ],
  compliance: [
    { ruleId: 'circuit-bandwidth', subject: 'circuit:pc-circuit-a', evaluation: 'offline', verdict: 'pass' },
    { ruleId: 'icmp-limit', subject: 'device:sw-hz-02', evaluation: 'live', verdict: 'not-evaluated' },
    { ruleId: 'qos-throttling', subject: 'shared-port:pc-sp-0001', evaluation: 'live', verdict: 'pass' },
    { ruleId: 'qos-throttling', subject: 'shared-port:pc-sp-0002', evaluation: 'live', verdict: 'fail' },
  ],
  // Every live family; a cancelled and an errored run besides the finished ones.
  liveCompliance: {
    intervalSeconds: 900,
    lastRunSeconds: 1795687100.5,
    lastRunDurationSeconds: 3.25,
    runs: { pass: 0, fail: 4, incomplete: 2, error: 1, cancelled: 1 },
  },
};

/** Fixed build labels so the golden file does not depend on the Node.js running the test. */
export const scenarioBuild = { version: '0.0.0-golden', nodeVersion: 'v20.0.0' } as const;
