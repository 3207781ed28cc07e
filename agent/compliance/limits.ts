/**
 * The ARP and ICMP limits of a device as the compliance rules read them, from what its driver
 * parsed and what the driver declares it can read. A driver that cannot read a kind of limit on
 * its platform makes that reading `unreadable` with the driver's own reason — never "no limit".
 * Pure.
 */
import type { DeviceLimits, DriverCapabilities } from '../../drivers/driver.js';
import type { ArpLimiter, IcmpLimiter, Reading } from '../../policies/compliance/live/model.js';
import type { ObservedDevice, ObservedPolicer } from '../../policies/intent/model.js';

/**
 * ARP limits: per-source from a per-source platform; per-port on every applied tenant policer's
 * attachpoint (where the driver reads them); aggregate: one total for the device's users. `source` names the read, `path` where the value sits.
 */
export function arpReading(observed: ObservedDevice, caps: DriverCapabilities, source: string, path = source): Reading<readonly ArpLimiter[]> {
  const level = caps.arpRateLimit.level;
  if (level === 'unsupported') return { status: 'unreadable', reason: `the driver cannot read ARP limits on this platform: ${caps.arpRateLimit.reason}` };
  if (observed.arp === null) return { status: 'read', value: [], source };
  const pps = observed.arp.ppsPerSource;
  if (level === 'per-source') return { status: 'read', value: [{ scope: 'per-source', pps, source: path }], source };
  // An aggregate limit is read back per user (the total over the device's tenant policers): report the total.
  if (level === 'aggregate') return { status: 'read', value: [{ scope: 'aggregate', pps: pps * Math.max(1, observed.policers.length), source: path }], source };
  // Per-port drivers report the rate common to every tenant attachpoint (null when one lacks it or they differ).
  const at = (p: ObservedPolicer): p is ObservedPolicer & { at: NonNullable<ObservedPolicer['at']> } => p.at !== null;
  const limiters = observed.policers.filter(at).map((p): ArpLimiter => ({ scope: 'per-port', pps, at: p.at, source: path }));
  return { status: 'read', value: limiters, source };
}

/**
 * ICMP limits: the explicit limit the driver reads. No explicit limit is not "no limit": the
 * platform's default then applies (Junos ddos-protection defaults changed across releases, some to
 * 100 pps in 22.3R1; Huawei S-series 128/190 pps once enabled), and it is not in the
 * configuration — so that is unreadable, with the reason, never a pass.
 */
export function icmpReading(observed: ObservedDevice, caps: DriverCapabilities, source: string, path = source): Reading<readonly IcmpLimiter[]> {
  if (caps.icmpLimit.level === 'unsupported') return { status: 'unreadable', reason: `the driver cannot read ICMP limits on this platform: ${caps.icmpLimit.reason}` };
  if (observed.icmp === null) {
    return { status: 'unreadable', reason: `no explicit ICMP limit in the running config, so the platform default applies and is not visible in the configuration (${caps.icmpLimit.reason}); set one above 500 pps (ecpa apply pushes push.icmpLimitPps) or measure with --probe-icmp` };
  }
  return { status: 'read', value: [{ pps: observed.icmp.pps, scope: 'device', origin: 'configured', source: path }], source };
}

/**
 * ARP limits of a driver that reads every limit (DeviceLimits): what it found, the agent's and the
 * operator's; none found is "no limit" unless the driver says the reply cannot show them all.
 */
export function arpReadingOfLimits(limits: DeviceLimits, source: string): Reading<readonly ArpLimiter[]> {
  if (limits.arp.length === 0 && limits.arpCoverage) {
    return { status: 'unreadable', reason: `no ARP limit in the running config, and the platform may limit ARP where it does not show: ${limits.arpCoverage.reason}` };
  }
  return { status: 'read', value: limits.arp, source };
}

/**
 * ICMP limits of a driver that reads every limit: what it found; none found is "not limited" only
 * when the driver says nothing else limits ICMP on the platform (`icmpCoverage.complete`), and
 * otherwise unreadable with the driver's reason — never a pass on an unknown default.
 */
export function icmpReadingOfLimits(limits: DeviceLimits, source: string): Reading<readonly IcmpLimiter[]> {
  if (limits.icmp.length > 0) return { status: 'read', value: limits.icmp, source };
  const cov = limits.icmpCoverage;
  if (cov.complete) return { status: 'read', value: [], source: `${source}; ${cov.note}` };
  return { status: 'unreadable', reason: `no ICMP limit in the running config, and the platform default is not visible in it: ${cov.reason}; measure with --probe-icmp` };
}

/**
 * `icmpUnseen` of the evidence: the driver's reason when it found ICMP limits but says they may
 * not be all (with none found, icmpReadingOfLimits already makes the reading unreadable).
 */
export function icmpUnseenOf(limits: DeviceLimits): { readonly icmpUnseen?: string } {
  return limits.icmp.length > 0 && !limits.icmpCoverage.complete ? { icmpUnseen: limits.icmpCoverage.reason } : {};
}
