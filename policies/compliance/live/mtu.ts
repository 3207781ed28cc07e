/**
 * Network limitation "MTU: 1500" (limits on networks; the physical frame 1522 = 14 + 4 VLAN + 1500 +
 * 4 FCS), as far as the partner's device shows it: the IF-MIB ifMtu of each shared port's interface
 * on the circuit (its dot1q subinterface, or the routed port for VLAN 0) carries at least 1500-byte
 * IP packets. Larger passes, with the note that Alibaba's side carries 1500.
 */
import type { Finding, RuleDefinition } from '../types.js';
import { attachpointName, bindingOf, circuitOf, deviceEvidence, finding, interfaceNamed, liveSharedPorts, notEvaluated, offline } from './common.js';
import type { LiveEvidence } from './model.js';
import type { Circuit, SharedPort } from '../../ledger/model.js';

const ID = 'mtu';

function judge(sp: SharedPort, c: Circuit, live: LiveEvidence): Finding {
  const subject = { kind: 'shared-port', id: sp.id } as const;
  const min = live.settings.minMtu;
  const base = { device: c.device, expectedInterface: attachpointName({ port: c.port, vlan: sp.vlan }), minMtu: min };
  const dev = deviceEvidence(live, c.device);
  if (typeof dev === 'string') return notEvaluated(ID, subject, dev, base);
  if (dev.snmp.status !== 'read') return notEvaluated(ID, subject, `SNMP of ${c.device} could not be read: ${dev.snmp.reason}`, base);
  const snmp = dev.snmp.value;
  const binding = bindingOf(snmp, sp.id, 'circuit');
  const iface = binding && interfaceNamed(snmp.interfaces, binding.interfaceName);
  if (!iface) return notEvaluated(ID, subject, `no interface of ${c.device} carries the shared port on the circuit (monitoring-enabled reports it)`, base);
  const evidence = { ...base, interface: iface.name, ifIndex: iface.ifIndex, source: dev.snmp.source };
  if (iface.mtu === undefined) return notEvaluated(ID, subject, snmp.mtuUnreadable ?? `${c.device} reports no ifMtu for ${iface.name}`, evidence);
  const withMtu = { ...evidence, ifMtu: iface.mtu };
  if (iface.mtu < min) return finding(ID, subject, 'fail', `${c.device} ${iface.name} carries at most ${iface.mtu}-byte packets: below the ${min} bytes Express Connect carries`, withMtu);
  return finding(ID, subject, 'pass', iface.mtu === min
    ? `${c.device} ${iface.name} MTU ${iface.mtu}`
    : `${c.device} ${iface.name} MTU ${iface.mtu} (≥ ${min}; Alibaba's side carries ${min}, larger packets are not carried)`, withMtu);
}

export const mtu: RuleDefinition = {
  id: ID,
  title: 'Network limitation: MTU of 1500 bytes on the circuit',
  guide: 'When you connect to Alibaba Cloud, you must comply with the network limitations. (Limits on networks: MTU 1500 bytes; physical-layer frames of 1522 bytes with the VLAN tag.)',
  needs: 'telemetry',
  evaluate: ({ ledger, live }) => {
    if (!live) return offline(ID, ledger, 'SNMP ifMtu of the circuit interfaces');
    return liveSharedPorts(ledger).flatMap((sp) => {
      const c = circuitOf(ledger, sp);
      return c ? [judge(sp, c, live)] : [];
    });
  },
};
