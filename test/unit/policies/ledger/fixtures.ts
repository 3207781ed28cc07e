/** In-memory ledgers for policy tests: a valid base and small builders to break one rule at a time. */
import { parseBandwidth } from '../../../../policies/ledger/bandwidth.js';
import type { Circuit, Ledger, SharedPort, SharedPortSpec, SharedPortStatus } from '../../../../policies/ledger/model.js';

export function circuit(id: string, accessPointId: string, bandwidth = '10G', device = 'hz-acc-01'): Circuit {
  const bw = parseBandwidth(bandwidth);
  if (!bw) throw new Error(`bad bandwidth ${bandwidth}`);
  return { id, accessPointId, bandwidth: bw, device, port: 'Ethernet1/1' };
}

export function port(id: string, circuitId: string, vlan: number, spec: SharedPortSpec = '100M', extra: Partial<SharedPort> & { status?: SharedPortStatus } = {}): SharedPort {
  return {
    id,
    tenant: '1234567890123456',
    circuitId,
    vlan,
    bandwidth: { spec, bps: parseBandwidth(spec)?.bps ?? 0 },
    status: 'enabled',
    attachment: { device: 'hz-acc-01', port: 'Ethernet1/1' },
    attachmentExplicit: false,
    ...extra,
  };
}

/** Two access points, two circuits each, one port per circuit: every rule passes. */
export function validLedger(overrides: Partial<Ledger> = {}): Ledger {
  return {
    partner: { name: 'Test Carrier', site: 'china' },
    accessPoints: [{ id: 'ap-a' }, { id: 'ap-b' }],
    circuits: [circuit('pc-c1', 'ap-a'), circuit('pc-c2', 'ap-a', '10G', 'hz-acc-02'), circuit('pc-c3', 'ap-b', '10G', 'hz-acc-03'), circuit('pc-c4', 'ap-b', '10G', 'hz-acc-04')],
    sharedPorts: [
      port('pc-p1', 'pc-c1', 101, '1G', { redundancyGroup: 'g1' }),
      port('pc-p2', 'pc-c3', 101, '1G', { redundancyGroup: 'g1' }),
      port('pc-p3', 'pc-c2', 201),
      port('pc-p4', 'pc-c4', 401),
    ],
    ...overrides,
  };
}
