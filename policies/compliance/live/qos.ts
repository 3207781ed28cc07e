/**
 * Requirement 3: a bandwidth policer equal to the sold bandwidth, in both directions, on the access
 * device closest to the tenant (the shared port's attachment): on the tenant's subinterface, or on
 * the tenant-facing port when the ledger names one. Read from the running config the driver parsed;
 * only the agent's own (ownership-prefixed) policies are recognised.
 */
import { formatBps } from '../../ledger/bandwidth.js';
import type { SharedPort } from '../../ledger/model.js';
import type { Finding, RuleDefinition } from '../types.js';
import { attachpointName, circuitOf, deviceEvidence, finding, liveSharedPorts, notEvaluated, offline, policersOf, unreadable } from './common.js';
import type { LiveEvidence } from './model.js';

const ID = 'qos-throttling';

function judge(sp: SharedPort, circuitPort: string, live: LiveEvidence): Finding {
  const subject = { kind: 'shared-port', id: sp.id } as const;
  const target = sp.attachmentExplicit ? { port: sp.attachment.port, vlan: 0 } : { port: circuitPort, vlan: sp.vlan };
  const base = { device: sp.attachment.device, expectedAt: attachpointName(target), soldBandwidth: sp.bandwidth.spec, soldBps: sp.bandwidth.bps };
  const dev = deviceEvidence(live, sp.attachment.device);
  if (typeof dev === 'string') return notEvaluated(ID, subject, dev, base);
  if (dev.config.status !== 'read') return notEvaluated(ID, subject, unreadable(dev.config, 'the running config', dev.device) ?? '', base);
  const evidence = { ...base, source: dev.config.source, ...(dev.paths?.policer ? { configPath: dev.paths.policer } : {}) };
  const policers = policersOf(dev.config.value.policers, sp.id);
  if (policers.length === 0) return finding(ID, subject, 'fail', `no policer for ${sp.id} on ${dev.device}`, { ...evidence, policersOnDevice: dev.config.value.policers.map((p) => p.owner) });
  const applied = policers.filter((p) => p.at !== null);
  const here = applied.find((p) => p.at?.port === target.port && p.at.vlan === target.vlan);
  if (!here) {
    const where = applied.map((p) => (p.at ? attachpointName(p.at) : '')).filter(Boolean);
    return finding(ID, subject, 'fail', where.length === 0
      ? `the policer of ${sp.id} is not applied in both directions anywhere on ${dev.device}`
      : `the policer of ${sp.id} is applied on ${where.join(', ')}, not on ${attachpointName(target)}`, { ...evidence, appliedAt: where });
  }
  const withRate = { ...evidence, policerBps: here.rateBps, policer: formatBps(here.rateBps), burstBytes: here.burstBytes, directions: 'input and output' };
  const off = Math.abs(here.rateBps - sp.bandwidth.bps) / sp.bandwidth.bps;
  return off <= live.settings.policerTolerance
    ? finding(ID, subject, 'pass', `${formatBps(here.rateBps)} in and out on ${dev.device} ${attachpointName(target)} (sold ${sp.bandwidth.spec})`, withRate)
    : finding(ID, subject, 'fail', `policer ${formatBps(here.rateBps)} on ${dev.device} ${attachpointName(target)} differs from the sold ${sp.bandwidth.spec}`, withRate);
}

export const qosThrottling: RuleDefinition = {
  id: ID,
  title: 'Bandwidth QoS throttling on the access device closest to the tenant',
  guide: 'Configure bandwidth Quality of Service (QoS) throttling and address resolution protocol (ARP) packet rate limiting on the access device closest to the tenant.',
  needs: 'devices',
  evaluate: ({ ledger, live }) => {
    if (!live) return offline(ID, ledger, "the devices' running configuration");
    return liveSharedPorts(ledger).flatMap((sp) => {
      const circuit = circuitOf(ledger, sp);
      return circuit ? [judge(sp, circuit.port, live)] : [];
    });
  },
};
