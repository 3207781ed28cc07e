/**
 * Requirement 1, device side: the circuits the ledger counts towards redundancy are up. Per circuit,
 * ifOperStatus of the circuit port as SNMP reports it on the device where the circuit lands.
 */
import type { Finding, RuleDefinition } from '../types.js';
import { deviceEvidence, finding, interfaceNamed, notEvaluated, offline, unreadable } from './common.js';

const ID = 'circuit-ports-up';
const OPER: Readonly<Record<number, string>> = { 1: 'up', 2: 'down', 3: 'testing', 4: 'unknown', 5: 'dormant', 6: 'notPresent', 7: 'lowerLayerDown' };

export const circuitPortsUp: RuleDefinition = {
  id: ID,
  title: 'The redundant circuits are up (circuit port ifOperStatus)',
  guide: 'Use two or more compliant carrier Express Connect circuits to establish redundant connections to different Alibaba Cloud access points. Each access point must be connected to at least two circuits.',
  needs: 'telemetry',
  evaluate: ({ ledger, live }) => {
    if (!live) return offline(ID, ledger, 'SNMP telemetry of the circuit ports');
    return ledger.circuits.map((c): Finding => {
      const subject = { kind: 'circuit', id: c.id } as const;
      const base = { device: c.device, port: c.port, accessPoint: c.accessPointId };
      const dev = deviceEvidence(live, c.device);
      if (typeof dev === 'string') return notEvaluated(ID, subject, dev, base);
      const why = unreadable(dev.snmp, 'SNMP', c.device);
      if (why !== undefined || dev.snmp.status !== 'read') return notEvaluated(ID, subject, why ?? 'SNMP unreadable', base);
      const port = interfaceNamed(dev.snmp.value.interfaces, c.port);
      const evidence = { ...base, source: dev.snmp.source };
      if (!port) return finding(ID, subject, 'fail', `circuit port ${c.port} is not in the interface table of ${c.device}`, { ...evidence, interfacesSeen: dev.snmp.value.interfaces.length });
      if (port.operStatus === undefined) return notEvaluated(ID, subject, `${c.device} does not report ifOperStatus of ${c.port}`, { ...evidence, ifIndex: port.ifIndex });
      const status = OPER[port.operStatus] ?? String(port.operStatus);
      const withStatus = { ...evidence, ifIndex: port.ifIndex, ifOperStatus: `${port.operStatus} (${status})` };
      return port.operStatus === 1
        ? finding(ID, subject, 'pass', `${c.device} ${c.port} is up`, withStatus)
        : finding(ID, subject, 'fail', `${c.device} ${c.port} is ${status}: the circuit does not carry traffic`, withStatus);
    });
  },
};
