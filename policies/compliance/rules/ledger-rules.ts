/**
 * Partner-guide requirements that the ledger alone decides (partner-guide.txt, "Requirements for
 * Express Connect partners"). Each is a pure function of the ledger.
 */
import { formatBps } from '../../ledger/bandwidth.js';
import { holdsResources } from '../../ledger/invariants.js';
import type { Ledger, SharedPort } from '../../ledger/model.js';
import type { Finding, RuleDefinition } from '../types.js';

const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];

/** Ports that carry (or will carry) traffic: what redundancy is about. Terminated ports carry none. */
function inService(port: SharedPort): boolean {
  return port.status === 'pending-acceptance' || port.status === 'accepted' || port.status === 'enabled';
}

export const redundantCircuits: RuleDefinition = {
  id: 'redundant-circuits',
  title: 'At least two circuits, to different access points',
  guide: 'Use two or more compliant carrier Express Connect circuits to establish redundant connections to different Alibaba Cloud access points.',
  needs: 'ledger',
  evaluate: ({ ledger }) => {
    const aps = unique(ledger.circuits.map((c) => c.accessPointId));
    const ok = ledger.circuits.length >= 2 && aps.length >= 2;
    return [{
      ruleId: 'redundant-circuits',
      subject: { kind: 'partner', id: ledger.partner.name },
      verdict: ok ? 'pass' : 'fail',
      message: ok
        ? `${ledger.circuits.length} circuits reach ${aps.length} access points`
        : `${ledger.circuits.length} circuit(s) reach ${aps.length} access point(s); at least 2 circuits to 2 different access points are required`,
      evidence: { circuits: ledger.circuits.map((c) => c.id), accessPoints: aps },
    }];
  },
};

export const accessPointCircuits: RuleDefinition = {
  id: 'access-point-circuits',
  title: 'Each access point is reached by at least two circuits',
  guide: 'Each access point must be connected to at least two circuits.',
  needs: 'ledger',
  evaluate: ({ ledger }) => {
    const ids = unique([...ledger.accessPoints.map((a) => a.id), ...ledger.circuits.map((c) => c.accessPointId)]);
    return ids.map((ap): Finding => {
      const circuits = ledger.circuits.filter((c) => c.accessPointId === ap).map((c) => c.id);
      const ok = circuits.length >= 2;
      return {
        ruleId: 'access-point-circuits',
        subject: { kind: 'access-point', id: ap },
        verdict: ok ? 'pass' : 'fail',
        message: ok ? `reached by ${circuits.length} circuits` : `reached by ${circuits.length} circuit(s); at least 2 are required`,
        evidence: { circuits, devices: unique(ledger.circuits.filter((c) => c.accessPointId === ap).map((c) => c.device)) },
      };
    });
  },
};

export const circuitBandwidth: RuleDefinition = {
  id: 'circuit-bandwidth',
  title: 'Bandwidth sold on a circuit does not exceed the circuit',
  guide: 'Plan tenant bandwidth carefully. Ensure that the total bandwidth allocated to all hosted connections does not exceed the bandwidth of the Express Connect circuit.',
  needs: 'ledger',
  evaluate: ({ ledger }) =>
    ledger.circuits.map((c): Finding => {
      const ports = ledger.sharedPorts.filter((p) => p.circuitId === c.id && holdsResources(p));
      const allocated = ports.reduce((sum, p) => sum + p.bandwidth.bps, 0);
      const ok = allocated <= c.bandwidth.bps;
      const percent = c.bandwidth.bps > 0 ? Math.round((allocated / c.bandwidth.bps) * 1000) / 10 : 0;
      return {
        ruleId: 'circuit-bandwidth',
        subject: { kind: 'circuit', id: c.id },
        verdict: ok ? 'pass' : 'fail',
        message: `${formatBps(allocated)} of ${c.bandwidth.spec} allocated (${percent}%)${ok ? '' : ': exceeds the circuit'}`,
        evidence: { capacityBps: c.bandwidth.bps, allocatedBps: allocated, allocatedPercent: percent, sharedPorts: ports.map((p) => p.id) },
      };
    }),
};

export const vlanUnique: RuleDefinition = {
  id: 'vlan-unique',
  title: 'VLAN ids are unique on each circuit',
  guide: 'Plan VLAN IDs for tenants. Ensure that the VLAN ID for each shared port is unique on the same Express Connect circuit.',
  needs: 'ledger',
  evaluate: ({ ledger }) =>
    ledger.circuits.map((c): Finding => {
      const ports = ledger.sharedPorts.filter((p) => p.circuitId === c.id && holdsResources(p));
      const byVlan = new Map<number, string[]>();
      for (const p of ports) byVlan.set(p.vlan, [...(byVlan.get(p.vlan) ?? []), p.id]);
      const duplicates = [...byVlan].filter(([, ids]) => ids.length > 1).map(([vlan, ids]) => `VLAN ${vlan}: ${ids.join(', ')}`);
      const zeroShared = byVlan.has(0) && ports.length > 1;
      const ok = duplicates.length === 0 && !zeroShared;
      const problems = [...duplicates, ...(zeroShared ? ['VLAN 0 (routed port) shared with other shared ports'] : [])];
      return {
        ruleId: 'vlan-unique',
        subject: { kind: 'circuit', id: c.id },
        verdict: ok ? 'pass' : 'fail',
        message: ok ? `${ports.length} shared ports, ${byVlan.size} distinct VLANs` : problems.join('; '),
        evidence: { vlans: [...byVlan.keys()].sort((a, b) => a - b).map(String), duplicates: problems },
      };
    }),
};

function groupsOf(ledger: Ledger): Map<string, SharedPort[]> {
  const groups = new Map<string, SharedPort[]>();
  for (const p of ledger.sharedPorts) {
    if (p.redundancyGroup === undefined || !inService(p)) continue;
    groups.set(p.redundancyGroup, [...(groups.get(p.redundancyGroup) ?? []), p]);
  }
  return groups;
}

export const tenantRedundancy: RuleDefinition = {
  id: 'tenant-redundancy',
  title: 'Tenants with a redundancy group have shared ports on different circuits',
  guide: 'For tenants with high-availability requirements, configure their shared ports for redundancy across different Express Connect circuits to connect to Alibaba Cloud.',
  needs: 'ledger',
  evaluate: ({ ledger }) => {
    const apOf = new Map(ledger.circuits.map((c) => [c.id, c.accessPointId]));
    const groups = groupsOf(ledger);
    if (groups.size === 0) {
      return [{
        ruleId: 'tenant-redundancy',
        subject: { kind: 'partner', id: ledger.partner.name },
        verdict: 'not-evaluated',
        message: 'no shared port in service names a redundancy group',
        reason: 'no tenant declares a redundancy group (redundancyGroup) in the ledger',
        evidence: {},
      }];
    }
    return [...groups].map(([group, ports]): Finding => {
      const circuits = unique(ports.map((p) => p.circuitId));
      const aps = unique(circuits.map((c) => apOf.get(c) ?? '?'));
      const ok = circuits.length >= 2;
      const spans = aps.length >= 2;
      return {
        ruleId: 'tenant-redundancy',
        subject: { kind: 'redundancy-group', id: group },
        verdict: ok ? 'pass' : 'fail',
        message: ok
          ? `${ports.length} shared ports on ${circuits.length} circuits, ${spans ? `spanning ${aps.length} access points` : 'all at one access point (circuit redundancy only)'}`
          : `all ${ports.length} shared port(s) are on circuit ${circuits[0] ?? '?'}; they must be on different circuits`,
        evidence: { tenants: unique(ports.map((p) => p.tenant)), sharedPorts: ports.map((p) => p.id), circuits, accessPoints: aps, spansAccessPoints: spans },
      };
    });
  },
};
