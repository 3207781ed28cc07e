/**
 * Network limitation "the whole path must support 802.1Q VLAN encapsulation", as far as the partner's
 * device shows it: every tenant VLAN (1..2999) sold on a circuit is terminated as an 802.1Q
 * subinterface on the circuit port. The rest of the path (carrier handoff, Alibaba side) is not
 * visible to the agent and the finding says so.
 */
import type { Circuit, Ledger } from '../../ledger/model.js';
import type { Finding, RuleDefinition } from '../types.js';
import { deviceEvidence, distinct, finding, liveSharedPortsOf, notEvaluated, offline, unreadable } from './common.js';
import type { LiveEvidence } from './model.js';

const ID = 'dot1q-encapsulation';

function judge(ledger: Ledger, c: Circuit, live: LiveEvidence): Finding {
  const vlans = distinct(liveSharedPortsOf(ledger, c.id).filter((p) => p.vlan > 0).map((p) => p.vlan));
  const subject = { kind: 'circuit', id: c.id } as const;
  if (vlans.length === 0) return finding(ID, subject, 'pass', `no tagged tenant VLAN is sold on ${c.id} (routed port or unused): nothing to encapsulate`, { device: c.device, port: c.port });
  const base = { device: c.device, port: c.port, ledgerVlans: vlans.map(String) };
  const dev = deviceEvidence(live, c.device);
  if (typeof dev === 'string') return notEvaluated(ID, subject, dev, base);
  if (dev.config.status !== 'read') return notEvaluated(ID, subject, unreadable(dev.config, 'the running config', c.device) ?? '', base);
  const seen = new Set(dev.config.value.subinterfaces.filter((s) => s.port === c.port && s.vlan > 0).map((s) => s.vlan));
  const missing = vlans.filter((v) => !seen.has(v));
  const evidence = { ...base, source: dev.config.source, ...(dev.paths?.subinterface ? { configPath: dev.paths.subinterface } : {}), dot1qVlans: distinct([...seen]).map(String), scope: 'partner circuit port only; the carrier path beyond it is not visible' };
  return missing.length === 0
    ? finding(ID, subject, 'pass', `${c.device} ${c.port} terminates every tenant VLAN as 802.1Q (${vlans.length})`, evidence)
    : finding(ID, subject, 'fail', `${c.device} ${c.port} has no 802.1Q subinterface for VLAN ${missing.join(', ')}`, { ...evidence, missingVlans: missing.map(String) });
}

export const dot1qEncapsulation: RuleDefinition = {
  id: ID,
  title: 'Network limitation: 802.1Q encapsulation of the tenant VLANs on the circuit port',
  guide: 'When you connect to Alibaba Cloud, you must comply with the network limitations. (Limits on networks: the whole path must support 802.1Q VLAN encapsulation.)',
  needs: 'devices',
  evaluate: ({ ledger, live }) => {
    if (!live) return offline(ID, ledger, "the devices' running configuration");
    return ledger.circuits.map((c) => judge(ledger, c, live));
  },
};
