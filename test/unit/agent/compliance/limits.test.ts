/** The ARP/ICMP readings made from a driver's parse and its declared capabilities. */
import { describe, expect, it } from 'vitest';
import { arpReading, icmpReading } from '../../../../agent/compliance/limits.js';
import type { DriverCapabilities } from '../../../../drivers/driver.js';
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
