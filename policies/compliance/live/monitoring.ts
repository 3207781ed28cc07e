/**
 * Requirement 2: traffic monitoring is enabled — for every shared port, on the interface closest to
 * the tenant, the agent reads bytes, packets and discards in both directions over SNMP and they
 * count (bps, pps and byte counts of normal and dropped traffic are then derived from them). On
 * platforms that count subinterfaces only with a switch (Huawei `statistic enable`), the switch
 * must be on in the running config. Counters of an enabled tenant must move between the two
 * samples (an idle tenant cannot show that they count: not evaluated); a tenant that is not
 * enabled (admin down) is expected to stand still.
 */
import type { SharedPort } from '../../ledger/model.js';
import type { EvidenceValue, Finding, RuleDefinition } from '../types.js';
import { attachpointName, bindingOf, circuitOf, deviceEvidence, finding, interfaceNamed, liveSharedPorts, notEvaluated, offline, subinterfaceAt } from './common.js';
import { MONITORED_COUNTERS, type DeviceEvidence, type InterfaceEvidence, type MonitoredCounter } from './model.js';

const ID = 'monitoring-enabled';
const RATE_NAME: Readonly<Record<MonitoredCounter, string>> = {
  inOctets: 'inRate', outOctets: 'outRate', inPackets: 'inPacketRate', outPackets: 'outPacketRate', inDiscards: 'inDiscardRate', outDiscards: 'outDiscardRate',
};
const round = (n: number): number => Math.round(n * 100) / 100;

function counterEvidence(i: InterfaceEvidence): Record<string, EvidenceValue> {
  const out: Record<string, EvidenceValue> = {};
  for (const c of MONITORED_COUNTERS) {
    const a = i.first[c];
    const b = i.second[c];
    if (b !== undefined) out[c] = a === undefined ? String(b) : `${a} → ${b}`;
  }
  for (const c of MONITORED_COUNTERS) {
    const r = i.rates?.[c];
    if (r === undefined) continue;
    out[RATE_NAME[c]] = c.endsWith('Octets') ? `${round(r * 8)} bit/s` : `${round(r)} pps`;
  }
  return out;
}

function advanced(i: InterfaceEvidence, counters: readonly MonitoredCounter[]): boolean {
  return counters.some((c) => {
    const a = i.first[c];
    const b = i.second[c];
    return a !== undefined && b !== undefined && b > a;
  });
}

/** The port and VLAN the shared port's traffic is monitored on: the tenant side, as the policer. */
function placeOf(sp: SharedPort, circuitDevice: string, circuitPort: string): { device: string; port: string; vlan: number; role: 'circuit' | 'attachment' } {
  return sp.attachmentExplicit
    ? { device: sp.attachment.device, port: sp.attachment.port, vlan: 0, role: 'attachment' }
    : { device: circuitDevice, port: circuitPort, vlan: sp.vlan, role: 'circuit' };
}

function judge(sp: SharedPort, dev: DeviceEvidence, place: ReturnType<typeof placeOf>): Finding {
  const subject = { kind: 'shared-port', id: sp.id } as const;
  const base = { device: dev.device, expectedInterface: attachpointName(place) };
  if (dev.snmp.status !== 'read') return finding(ID, subject, 'fail', `the counters of ${dev.device} cannot be read over SNMP: ${dev.snmp.reason}`, base);
  const snmp = dev.snmp.value;
  const binding = bindingOf(snmp, sp.id, place.role, true);
  const iface = binding && interfaceNamed(snmp.interfaces, binding.interfaceName);
  const source = { ...base, source: dev.snmp.source };
  if (!binding || !iface) {
    const expected = snmp.unmatched.find((u) => u.sharedPortId === sp.id)?.expected ?? [attachpointName(place)];
    return finding(ID, subject, 'fail', `no interface of ${dev.device} carries the shared port (looked for ${expected.join(' or ')} and an ifAlias naming it)`, source);
  }
  const evidence = { ...source, interface: iface.name, ifIndex: iface.ifIndex, matchedBy: binding.matchedBy, intervalSeconds: snmp.intervalSeconds, ...counterEvidence(iface) };
  const missing = MONITORED_COUNTERS.filter((c) => iface.second[c] === undefined);
  if (missing.length > 0) return finding(ID, subject, 'fail', `${dev.device} ${iface.name} lacks counters: ${missing.join(', ')}`, { ...evidence, missingCounters: missing });
  const sub = dev.config.status === 'read' ? subinterfaceAt(dev.config.value.subinterfaces, place.port, place.vlan) : undefined;
  const needsSwitch = dev.capabilities.perSubinterfaceStats.level === 'switch' && place.vlan > 0;
  if (needsSwitch && sub && !sub.statistics) {
    return finding(ID, subject, 'fail', `statistics are off on ${dev.device} ${iface.name}: ${dev.capabilities.perSubinterfaceStats.reason}`, { ...evidence, statisticsEnabled: false, configSource: dev.config.status === 'read' ? dev.config.source : '' });
  }
  const switchEvidence = needsSwitch ? { statisticsEnabled: sub ? sub.statistics : 'not read', ...(dev.paths?.statistics ? { statisticsPath: dev.paths.statistics } : {}) } : {};
  if (!iface.rates) return notEvaluated(ID, subject, `no rates from two samples of ${iface.name}: ${iface.noRatesReason ?? 'unknown'}`, { ...evidence, ...switchEvidence });
  if (advanced(iface, ['inOctets', 'outOctets']) && advanced(iface, ['inPackets', 'outPackets'])) {
    return finding(ID, subject, 'pass', `${dev.device} ${iface.name}: bytes, packets and discards read in both directions, counting`, { ...evidence, ...switchEvidence });
  }
  if (sp.status !== 'enabled' && needsSwitch && !sub) {
    return notEvaluated(ID, subject, `no traffic expected on ${iface.name} while ${sp.status}, and whether its statistics are switched on could not be read from the config`, { ...evidence, ...switchEvidence, status: sp.status });
  }
  if (sp.status !== 'enabled') {
    // An admin-down tenant carries no traffic: counters that exist (and statistics that are on) are all there is to see.
    return finding(ID, subject, 'pass', `${dev.device} ${iface.name}: bytes, packets and discards read in both directions; no traffic expected while ${sp.status}`, { ...evidence, ...switchEvidence, status: sp.status });
  }
  return notEvaluated(ID, subject, `the counters of ${iface.name} did not move in ${snmp.intervalSeconds} s (no tenant traffic): that they count cannot be shown`, { ...evidence, ...switchEvidence });
}

export const monitoringEnabled: RuleDefinition = {
  id: ID,
  title: 'Traffic monitoring: bps, pps and bytes of normal and dropped traffic',
  guide: 'Use switches that support bandwidth management and traffic monitoring to interconnect with tenants. Enable traffic monitoring on the switches to monitor traffic between you and your tenants. Monitoring data must include the transmission rate in bps, packet forwarding rate in pps, and byte count for both normal and dropped traffic.',
  needs: 'telemetry',
  evaluate: ({ ledger, live }) => {
    if (!live) return offline(ID, ledger, 'SNMP telemetry polled from the devices');
    return liveSharedPorts(ledger).flatMap((sp): Finding[] => {
      const circuit = circuitOf(ledger, sp);
      if (!circuit) return [];
      const place = placeOf(sp, circuit.device, circuit.port);
      const dev = deviceEvidence(live, place.device);
      return [typeof dev === 'string' ? notEvaluated(ID, { kind: 'shared-port', id: sp.id }, dev) : judge(sp, dev, place)];
    });
  },
};
