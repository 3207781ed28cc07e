/**
 * Requirement 5: if ICMP is rate-limited at all, the limit is greater than 500 echo requests per
 * second. Judged per device that holds tenant objects (circuit and attachment devices) over every
 * limit that applies to ICMP, configured or a platform default a configured feature switches on.
 */
import type { Finding, RuleDefinition } from '../types.js';
import { circuitOf, deviceEvidence, distinct, finding, liveSharedPorts, notEvaluated, offline, unreadable } from './common.js';
import type { IcmpLimiter, LiveEvidence } from './model.js';

const ID = 'icmp-limit';

const describe = (l: IcmpLimiter): string =>
  `${l.pps} pps ${l.scope} (${l.origin}: ${l.source}${l.note ? `; ${l.note}` : ''})`;

function judge(device: string, live: LiveEvidence): Finding {
  const subject = { kind: 'device', id: device } as const;
  const floor = live.settings.icmpFloorPps;
  const dev = deviceEvidence(live, device);
  if (typeof dev === 'string') return notEvaluated(ID, subject, dev, { floorPps: floor });
  if (dev.icmp.status !== 'read') {
    const reason = unreadable(dev.icmp, 'the ICMP limits', device) ?? '';
    const cap = dev.capabilities.icmpLimit;
    return notEvaluated(ID, subject, reason, { floorPps: floor, ...(reason.includes(cap.reason) ? {} : { capability: `${cap.level}: ${cap.reason}` }) });
  }
  const limits = dev.icmp.value;
  const evidence = { floorPps: floor, source: dev.icmp.source, limits: limits.map(describe) };
  if (limits.length === 0) return finding(ID, subject, 'pass', `ICMP is not rate-limited on ${device}`, evidence);
  const low = limits.filter((l) => !(l.pps > floor));
  if (low.length > 0) {
    return finding(ID, subject, 'fail', `ICMP limited to ${distinct(low.map((l) => l.pps)).join('/')} pps on ${device}: must be greater than ${floor} pps`, { ...evidence, violating: low.map(describe) });
  }
  const lowest = Math.min(...limits.map((l) => l.pps));
  if (dev.icmpUnseen !== undefined) {
    return notEvaluated(ID, subject, `every ICMP limit read on ${device} is above ${floor} pps (lowest ${lowest} pps), but another may apply that the configuration does not show: ${dev.icmpUnseen}; set one explicitly above ${floor} pps or measure with --probe-icmp`, { ...evidence, unseen: dev.icmpUnseen });
  }
  return finding(ID, subject, 'pass', `every ICMP limit read on ${device} is above ${floor} pps (lowest ${lowest} pps; what was read: see source)`, evidence);
}

export const icmpLimit: RuleDefinition = {
  id: ID,
  title: 'ICMP rate limit above 500 echo requests per second',
  guide: 'If the partner network rate-limits the internet control message protocol (ICMP), ensure that the rate limit is greater than 500 ICMP ECHO REQUEST packets per second.',
  needs: 'devices',
  evaluate: ({ ledger, live }) => {
    if (!live) return offline(ID, ledger, "the devices' running configuration");
    const devices = new Set<string>();
    for (const sp of liveSharedPorts(ledger)) {
      const circuit = circuitOf(ledger, sp);
      if (circuit) devices.add(circuit.device);
      devices.add(sp.attachment.device);
    }
    return distinct([...devices]).map((d) => judge(d, live));
  },
};
