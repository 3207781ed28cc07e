/**
 * Requirement 7, device side: on the circuit port, no two subinterfaces carry the same VLAN, and
 * every VLAN the device terminates there is one the ledger sold on that circuit (an unknown VLAN
 * is a tenant the ledger cannot keep unique).
 */
import type { Circuit } from '../../ledger/model.js';
import type { Finding, RuleDefinition } from '../types.js';
import { deviceEvidence, distinct, finding, liveSharedPortsOf, notEvaluated, offline, unreadable } from './common.js';
import type { LiveEvidence } from './model.js';
import type { Ledger } from '../../ledger/model.js';

const ID = 'device-vlan-unique';

function judge(ledger: Ledger, c: Circuit, live: LiveEvidence): Finding {
  const subject = { kind: 'circuit', id: c.id } as const;
  const base = { device: c.device, port: c.port };
  const dev = deviceEvidence(live, c.device);
  if (typeof dev === 'string') return notEvaluated(ID, subject, dev, base);
  if (dev.config.status !== 'read') return notEvaluated(ID, subject, unreadable(dev.config, 'the running config', c.device) ?? '', base);
  const subs = dev.config.value.subinterfaces.filter((s) => s.port === c.port && s.vlan > 0);
  const ledgerVlans = new Set(liveSharedPortsOf(ledger, c.id).map((p) => p.vlan));
  const byVlan = new Map<number, string[]>();
  for (const s of subs) byVlan.set(s.vlan, [...(byVlan.get(s.vlan) ?? []), s.description === '' ? '(no description)' : s.description]);
  const duplicates = [...byVlan].filter(([, d]) => d.length > 1).map(([vlan, d]) => `VLAN ${vlan} on ${d.length} subinterfaces: ${d.join(' | ')}`);
  const unknown = [...byVlan.keys()].filter((v) => !ledgerVlans.has(v)).sort((a, b) => a - b).map((v) => `VLAN ${v} (${(byVlan.get(v) ?? []).join(' | ')})`);
  const evidence = {
    ...base,
    source: dev.config.source,
    ...(dev.paths?.subinterface ? { configPath: dev.paths.subinterface } : {}),
    deviceVlans: distinct(subs.map((s) => s.vlan)).map(String),
    ledgerVlans: distinct([...ledgerVlans]).map(String),
    ...(duplicates.length > 0 ? { duplicates } : {}),
    ...(unknown.length > 0 ? { notInLedger: unknown } : {}),
  };
  if (duplicates.length === 0 && unknown.length === 0) {
    return finding(ID, subject, 'pass', `${subs.length} subinterfaces on ${c.device} ${c.port}, every VLAN once and in the ledger`, evidence);
  }
  const parts = [...(duplicates.length > 0 ? [`duplicate: ${duplicates.join('; ')}`] : []), ...(unknown.length > 0 ? [`not in the ledger: ${unknown.join('; ')}`] : [])];
  return finding(ID, subject, 'fail', `${c.device} ${c.port}: ${parts.join('; ')}`, evidence);
}

export const deviceVlanUnique: RuleDefinition = {
  id: ID,
  title: 'On the device, each VLAN of a circuit port is terminated once and known to the ledger',
  guide: 'Plan VLAN IDs for tenants. Ensure that the VLAN ID for each shared port is unique on the same Express Connect circuit.',
  needs: 'devices',
  evaluate: ({ ledger, live }) => {
    if (!live) return offline(ID, ledger, "the devices' running configuration");
    return ledger.circuits.map((c) => judge(ledger, c, live));
  },
};
