/** The ARP/ICMP readings made from a driver's parse and its declared capabilities. */
import { describe, expect, it } from 'vitest';
import { arpReading, arpReadingOfLimits, icmpReading, icmpReadingOfLimits, icmpUnseenOf } from '../../../../agent/compliance/limits.js';
import type { DeviceLimits, DriverCapabilities } from '../../../../drivers/driver.js';
import type { ObservedDevice } from '../../../../policies/intent/model.js';

const caps = (arp: DriverCapabilities['arpRateLimit']['level'], icmp: DriverCapabilities['icmpLimit']['level']): DriverCapabilities => ({
  arpRateLimit: { level: arp, reason: `arp ${arp}` },
  icmpLimit: { level: icmp, reason: `icmp ${icmp}` },
  perSubinterfaceStats: { level: 'always', reason: '' },
  policer: { level: 'per-tenant-policy', reason: '' },
});
const at = { port: 'Gi0/1', vlan: 101 };
const observed = (arp: number | null, icmp: number | null): ObservedDevice => ({
  subinterfaces: [],
  policers: [{ owner: 'pc-1', rateBps: 1e8, burstBytes: 1, at }, { owner: 'pc-2', rateBps: 1e8, burstBytes: 1, at: null }],
  arp: arp === null ? null : { ppsPerSource: arp },
  icmp: icmp === null ? null : { pps: icmp },
});

describe('arpReading', () => {
  it.each([
    ['unsupported platform', observed(1, null), caps('unsupported', 'explicit'), { status: 'unreadable', reason: 'the driver cannot read ARP limits on this platform: arp unsupported' }],
    ['per-source limit', observed(1, null), caps('per-source', 'explicit'), { status: 'read', value: [{ scope: 'per-source', pps: 1, source: 'src' }], source: 'src' }],
    ['no limit configured', observed(null, null), caps('per-source', 'explicit'), { status: 'read', value: [], source: 'src' }],
    ['per-port on every applied policer', observed(2, null), caps('per-port', 'explicit'), { status: 'read', value: [{ scope: 'per-port', pps: 2, at, source: 'src' }], source: 'src' }],
    ['aggregate: the per-user rate times the users (tenant policers)', observed(1, null), caps('aggregate', 'explicit'), { status: 'read', value: [{ scope: 'aggregate', pps: 2, source: 'src' }], source: 'src' }],
  ] as const)('%s', (_, o, c, expected) => expect(arpReading(o, c, 'src')).toEqual(expected));
});

describe('icmpReading', () => {
  it('cannot read where the driver cannot', () => {
    expect(icmpReading(observed(null, 300), caps('per-source', 'unsupported'), 'src')).toEqual({ status: 'unreadable', reason: 'the driver cannot read ICMP limits on this platform: icmp unsupported' });
  });
  it('reads an explicit limit', () => {
    expect(icmpReading(observed(null, 300), caps('per-source', 'explicit'), 'src')).toEqual({ status: 'read', value: [{ pps: 300, scope: 'device', origin: 'configured', source: 'src' }], source: 'src' });
  });
  it('never takes a missing explicit limit for "no limit": the platform default is unseen', () => {
    const r = icmpReading(observed(null, null), caps('per-source', 'explicit'), 'src');
    expect(r.status).toBe('unreadable');
    expect(r.status === 'unreadable' && r.reason).toMatch(/platform default applies and is not visible/);
  });
});

describe('readings of a driver that reads every limit (DeviceLimits)', () => {
  const limits = (over: Partial<DeviceLimits>): DeviceLimits => ({ arp: [], icmp: [], icmpCoverage: { complete: true, note: 'no ICMP limit by default on this platform' }, ...over });
  const operatorCopp = { pps: 300, scope: 'control-plane', origin: 'configured', source: 'native/control-plane' } as const;

  it('reports every ICMP limit found, the operator\'s too', () => {
    expect(icmpReadingOfLimits(limits({ icmp: [operatorCopp] }), 'src')).toEqual({ status: 'read', value: [operatorCopp], source: 'src' });
  });
  it('takes "none found" for "not limited" only when the driver knows nothing else limits ICMP', () => {
    expect(icmpReadingOfLimits(limits({}), 'src')).toEqual({ status: 'read', value: [], source: 'src; no ICMP limit by default on this platform' });
    const r = icmpReadingOfLimits(limits({ icmpCoverage: { complete: false, reason: 'built-in CoPP is not in the configuration' } }), 'src');
    expect(r).toEqual({ status: 'unreadable', reason: expect.stringMatching(/platform default is not visible in it: built-in CoPP is not in the configuration; measure with --probe-icmp/) });
  });
  it('reads ARP limits, and "none" as unknown where the driver cannot see them all', () => {
    const perSource = { scope: 'per-source', pps: 1, source: 'arp/speed-limits' } as const;
    expect(arpReadingOfLimits(limits({ arp: [perSource] }), 'src')).toEqual({ status: 'read', value: [perSource], source: 'src' });
    expect(arpReadingOfLimits(limits({}), 'src')).toEqual({ status: 'read', value: [], source: 'src' });
    expect(arpReadingOfLimits(limits({ arpCoverage: { complete: false, reason: 'not modelled' } }), 'src').status).toBe('unreadable');
  });
  it('says a read ICMP list may not be all when the driver says so (icmpUnseen), and only then', () => {
    expect(icmpUnseenOf(limits({ icmp: [operatorCopp], icmpCoverage: { complete: false, reason: 'default changed across releases' } }))).toEqual({ icmpUnseen: 'default changed across releases' });
    expect(icmpUnseenOf(limits({ icmp: [operatorCopp] }))).toEqual({});
    expect(icmpUnseenOf(limits({ icmpCoverage: { complete: false, reason: 'x' } }))).toEqual({});
  });
});
