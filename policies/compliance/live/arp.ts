/**
 * Requirement 4: ARP packet rate limiting of about 1 pps per user on every access device a tenant
 * is attached to. A per-source (per user) limit at or below the target passes; an aggregate limit
 * (all ARP of the device, e.g. on its control-plane path) passes when it is at or below the target
 * times the users of the device — a total, not per user: one user may take the others' share (said
 * in the message); a per-port limit passes when every tenant attachpoint of the device has one at
 * or below the target times the tenants behind it (it equals a per-user limit only with one user
 * per attachpoint — said in the message).
 */
import type { Attachpoint } from '../../intent/model.js';
import type { Ledger } from '../../ledger/model.js';
import type { Finding, RuleDefinition } from '../types.js';
import { attachpointName, circuitOf, deviceEvidence, distinct, finding, liveSharedPorts, notEvaluated, offline, unreadable } from './common.js';
import type { ArpLimiter, LiveEvidence } from './model.js';

const ID = 'arp-rate-limit';

/** Tenant attachpoints per attachment device, with how many shared ports sit behind each. */
function attachpoints(ledger: Ledger): Map<string, Map<string, { at: Attachpoint; users: number }>> {
  const out = new Map<string, Map<string, { at: Attachpoint; users: number }>>();
  for (const sp of liveSharedPorts(ledger)) {
    const circuit = circuitOf(ledger, sp);
    if (!circuit) continue;
    const at = sp.attachmentExplicit ? { port: sp.attachment.port, vlan: 0 } : { port: circuit.port, vlan: sp.vlan };
    const dev = out.get(sp.attachment.device) ?? new Map<string, { at: Attachpoint; users: number }>();
    const entry = dev.get(attachpointName(at)) ?? { at, users: 0 };
    entry.users += 1;
    dev.set(attachpointName(at), entry);
    out.set(sp.attachment.device, dev);
  }
  return out;
}

const describe = (l: ArpLimiter): string => `${l.pps} pps ${l.scope}${l.at ? ` on ${attachpointName(l.at)}` : ''} (${l.source})`;

function judge(device: string, points: Map<string, { at: Attachpoint; users: number }>, live: LiveEvidence): Finding {
  const subject = { kind: 'device', id: device } as const;
  const target = live.settings.arpPpsPerUser;
  const base = { targetPpsPerUser: target, tenantAttachpoints: [...points.keys()] };
  const dev = deviceEvidence(live, device);
  if (typeof dev === 'string') return notEvaluated(ID, subject, dev, base);
  if (dev.arp.status !== 'read') {
    const reason = unreadable(dev.arp, 'the ARP limits', device) ?? '';
    const cap = dev.capabilities.arpRateLimit;
    return notEvaluated(ID, subject, reason, { ...base, ...(reason.includes(cap.reason) ? {} : { capability: `${cap.level}: ${cap.reason}` }) });
  }
  const limiters = dev.arp.value;
  const evidence = { ...base, source: dev.arp.source, limits: limiters.map(describe) };
  if (limiters.length === 0) return finding(ID, subject, 'fail', `no ARP rate limit on ${device}`, evidence);
  const perSource = limiters.filter((l) => l.scope === 'per-source');
  const okSource = perSource.filter((l) => l.pps > 0 && l.pps <= target);
  if (okSource.length > 0) {
    return finding(ID, subject, 'pass', `ARP limited to ${Math.min(...okSource.map((l) => l.pps))} pps per source (per user) on ${device}`, { ...evidence, scope: 'per-source' });
  }
  if (perSource.length > 0) {
    return finding(ID, subject, 'fail', `ARP per-source limit of ${distinct(perSource.map((l) => l.pps)).join('/')} pps on ${device} is above ${target} pps per user`, { ...evidence, scope: 'per-source' });
  }
  const users = [...points.values()].reduce((n, p) => n + p.users, 0);
  const aggregate = limiters.filter((l) => l.scope === 'aggregate');
  if (aggregate.length > 0) {
    // Several aggregates (two terms matching ARP): which one a frame meets first is not known, so all must hold.
    const highest = Math.max(...aggregate.map((l) => l.pps));
    const total = `a total for all ${users} user(s) of ${device}, not per user: one user can take the others' share`;
    const evidenceAgg = { ...evidence, scope: 'aggregate', users, maxTotalPps: target * users };
    if (aggregate.every((l) => l.pps > 0) && highest <= target * users) {
      return finding(ID, subject, 'pass', `ARP limited to ${highest} pps in total on ${device} (at most ${target} pps × ${users} user(s); ${total})`, evidenceAgg);
    }
    if (aggregate.some((l) => !(l.pps > 0))) {
      return finding(ID, subject, 'fail', `ARP limited to 0 pps in total on ${device}: every ARP frame to the device is dropped`, evidenceAgg);
    }
    return finding(ID, subject, 'fail', `ARP limited to ${distinct(aggregate.map((l) => l.pps)).join('/')} pps in total on ${device}: more than ${target} pps × ${users} user(s) = ${target * users} pps (${total})`, evidenceAgg);
  }
  const problems: string[] = [];
  for (const [name, { at, users }] of points) {
    const l = limiters.find((x) => x.scope === 'per-port' && x.at?.port === at.port && x.at.vlan === at.vlan);
    if (!l) problems.push(`${name}: no ARP limit`);
    else if (!(l.pps > 0 && l.pps <= target * users)) problems.push(`${name}: ${l.pps} pps for ${users} user(s)`);
  }
  if (problems.length > 0) return finding(ID, subject, 'fail', `ARP per-port limits on ${device} do not hold ${target} pps per user: ${problems.join('; ')}`, { ...evidence, scope: 'per-port', problems });
  return finding(ID, subject, 'pass', `ARP limited per port on every tenant attachpoint of ${device} (${target} pps per user; per port, so per user only with one user per attachpoint)`, { ...evidence, scope: 'per-port' });
}

export const arpRateLimit: RuleDefinition = {
  id: ID,
  title: 'ARP rate limiting, typically 1 pps per user',
  guide: 'Configure bandwidth Quality of Service (QoS) throttling and address resolution protocol (ARP) packet rate limiting on the access device closest to the tenant. The ARP packet rate is typically set to 1 pps per user.',
  needs: 'devices',
  evaluate: ({ ledger, live }) => {
    if (!live) return offline(ID, ledger, "the devices' running configuration");
    return [...attachpoints(ledger)].map(([device, points]) => judge(device, points, live));
  },
};
