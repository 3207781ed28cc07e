import { describe, expect, it } from 'vitest';
import { computeDeviceRates, counterDelta, deviceRebooted, RateTracker } from '../../../../agent/telemetry/rates.js';
import type { DeviceSample, InterfaceSample } from '../../../../drivers/snmp/sample.js';

function iface(over: Partial<InterfaceSample> & { counters?: InterfaceSample['counters'] }): InterfaceSample {
  return {
    ifIndex: 1,
    name: 'Gi0/0/1.101',
    descr: '',
    alias: '',
    speedBps: 1e9,
    operStatus: 1,
    counterBits: 64,
    discontinuityTime: 0,
    counters: {},
    ...over,
  };
}

function sample(at: number, sysUpTime: number, interfaces: InterfaceSample[]): DeviceSample {
  return { deviceId: 'sw1', at, sysUpTime, interfaces, durationMs: 1, pdus: 1, varbinds: 1, qos: undefined, staticRefresh: undefined, warnings: [] };
}

describe('counterDelta', () => {
  it.each([
    [10n, 30n, 64, 20n],
    [4294967000n, 200n, 32, 496n], // Counter32 wrap: 2^32 - 4294967000 + 200
    [4294967295n, 0n, 32, 1n],
    [100n, 50n, 64, undefined], // 64-bit went back: reset, no rate
    [2n ** 64n - 1n, 5n, 64, undefined], // never a 2^64-sized rate
    [2n ** 53n + 1n, 2n ** 53n + 3n, 64, 2n], // exact above 2^53
  ] as const)('%s → %s (%s-bit) = %s', (a, b, bits, want) => {
    expect(counterDelta(a, b, bits)).toBe(want);
  });
});

describe('deviceRebooted', () => {
  it('sees sysUpTime going back as a reboot', () => expect(deviceRebooted(500_000, 1_000, 30_000)).toBe(true));
  it('sees an uptime shorter than the poll interval as a reboot even though it grew', () =>
    expect(deviceRebooted(1_000, 2_500, 30_000)).toBe(true));
  it('accepts normal progress', () => expect(deviceRebooted(100_000, 103_000, 30_000)).toBe(false));
  it('treats the 497-day TimeTicks wrap as progress, not a reboot', () =>
    expect(deviceRebooted(2 ** 32 - 1_000, 2_000, 30_000)).toBe(false));
});

describe('computeDeviceRates', () => {
  const c = (inOctets: bigint, extra: Partial<Record<string, bigint>> = {}): InterfaceSample['counters'] => ({
    inOctets,
    outOctets: inOctets / 2n,
    inUcastPkts: inOctets / 1000n,
    outUcastPkts: inOctets / 2000n,
    inDiscards: 0n,
    outDiscards: 0n,
    inErrors: 0n,
    outErrors: 0n,
    ...extra,
  });

  it('computes bits/s, packets/s, discards/s and errors/s per direction', () => {
    const prev = sample(0, 100_000, [iface({ counters: c(1_000_000n) })]);
    const cur = sample(10_000, 101_000, [iface({ counters: c(13_500_000n, { inDiscards: 50n, outErrors: 10n }) })]);
    const r = computeDeviceRates(prev, cur).interfaces[0];
    expect(r?.status).toBe('rates');
    if (r?.status !== 'rates') return;
    expect(r.rates.inBitsPerSecond).toBe(10_000_000);
    expect(r.rates.outBitsPerSecond).toBe(5_000_000);
    expect(r.rates.inPacketsPerSecond).toBe(1250);
    expect(r.rates.inDiscardsPerSecond).toBe(5);
    expect(r.rates.outErrorsPerSecond).toBe(1);
  });

  it('handles a 32-bit wrap between samples', () => {
    const prev = sample(0, 100_000, [iface({ counterBits: 32, counters: { inOctets: 4_294_000_000n } })]);
    const cur = sample(10_000, 101_000, [iface({ counterBits: 32, counters: { inOctets: 32_704n } })]);
    const r = computeDeviceRates(prev, cur).interfaces[0];
    expect(r?.status === 'rates' && r.rates.inBitsPerSecond).toBe(((2 ** 32 - 4_294_000_000 + 32_704) * 8) / 10);
  });

  it('starts a new baseline after a reboot instead of a spike', () => {
    const prev = sample(0, 9_000_000, [iface({ counters: c(10n ** 12n) })]);
    const cur = sample(30_000, 1_500, [iface({ counters: c(1_000n) })]);
    const r = computeDeviceRates(prev, cur);
    expect(r.rebooted).toBe(true);
    expect(r.interfaces[0]).toMatchObject({ status: 'baseline', reason: 'device-reboot' });
  });

  it('starts a new baseline when ifCounterDiscontinuityTime changed', () => {
    const prev = sample(0, 100_000, [iface({ counters: c(10n ** 9n), discontinuityTime: 0 })]);
    const cur = sample(10_000, 101_000, [iface({ counters: c(5n), discontinuityTime: 100_500 })]);
    expect(computeDeviceRates(prev, cur).interfaces[0]).toMatchObject({ status: 'baseline', reason: 'counter-discontinuity' });
  });

  it('never yields a negative or huge rate from a 64-bit counter that went back', () => {
    const prev = sample(0, 100_000, [iface({ counters: c(10n ** 9n) })]);
    const cur = sample(10_000, 101_000, [iface({ counters: c(10n ** 6n) })]);
    const r = computeDeviceRates(prev, cur).interfaces[0];
    expect(r?.status).toBe('rates');
    if (r?.status !== 'rates') return;
    expect(r.rates.inBitsPerSecond).toBeUndefined();
    expect(r.rates.inPacketsPerSecond).toBeUndefined();
    expect(r.dropped).toContain('inOctets');
  });

  it('drops an octet rate above the line speed (several 32-bit wraps in one interval)', () => {
    const prev = sample(0, 100_000, [iface({ counterBits: 32, speedBps: 1e7, counters: { inOctets: 0n } })]);
    const cur = sample(10_000, 101_000, [iface({ counterBits: 32, speedBps: 1e7, counters: { inOctets: 4_000_000_000n } })]);
    const r = computeDeviceRates(prev, cur).interfaces[0];
    expect(r?.status === 'rates' && r.rates.inBitsPerSecond).toBeUndefined();
  });

  it('matches interfaces by name, not ifIndex, and re-baselines a renumbered one', () => {
    const prev = sample(0, 100_000, [
      iface({ ifIndex: 5, name: 'Gi0/0/1', counters: c(1000n) }),
      iface({ ifIndex: 6, name: 'Gi0/0/1.101', counters: c(2000n) }),
    ]);
    // the same names, listed in another order, one of them with a new ifIndex
    const cur = sample(10_000, 101_000, [
      iface({ ifIndex: 6, name: 'Gi0/0/1.101', counters: c(2000n + 12_500n) }),
      iface({ ifIndex: 9, name: 'Gi0/0/1', counters: c(10n) }),
    ]);
    const r = computeDeviceRates(prev, cur).interfaces;
    expect(r[0]?.key).toBe('Gi0/0/1.101');
    expect(r[0]?.status === 'rates' && r[0].rates.inBitsPerSecond).toBe(10_000);
    expect(r[1]).toMatchObject({ key: 'Gi0/0/1', status: 'baseline', reason: 'renumbered' });
  });

  it('an interface that disappears and comes back after a reboot keeps its identity by name', () => {
    const tracker = new RateTracker();
    tracker.update(sample(0, 100_000, [iface({ ifIndex: 3, name: 'xe-0/0/1.101', counters: c(100n) })]));
    tracker.update(sample(30_000, 103_000, [])); // gone
    const back = tracker.update(sample(60_000, 200, [iface({ ifIndex: 12, name: 'xe-0/0/1.101', counters: c(50n) })]));
    expect(back.interfaces[0]).toMatchObject({ key: 'xe-0/0/1.101', status: 'baseline' });
    const next = tracker.update(sample(90_000, 3_200, [iface({ ifIndex: 12, name: 'xe-0/0/1.101', counters: c(50n + 3_750n) })]));
    expect(next.interfaces[0]?.status === 'rates' && next.interfaces[0].rates.inBitsPerSecond).toBe(1_000);
  });

  it('keeps Counter64 exact above 2^53 (a double would lose the delta)', () => {
    const base = 2n ** 62n + 1n;
    const prev = sample(0, 100_000, [iface({ counters: { inOctets: base } })]);
    const cur = sample(1_000, 100_100, [iface({ counters: { inOctets: base + 3n } })]);
    const r = computeDeviceRates(prev, cur).interfaces[0];
    expect(r?.status === 'rates' && r.rates.inBitsPerSecond).toBe(24);
    // with doubles: Number(2^62+4) - Number(2^62+1) === 0
    expect(Number(base + 3n) - Number(base)).toBe(0);
  });

  it("uses each row's own read time when the walk was long (slow agents)", () => {
    // row read 1 s into a 3 s walk the first time, 0.2 s into a 0.5 s walk the second time
    const prev = sample(3_000, 100_000, [iface({ readAt: 1_000, counters: { inOctets: 0n } })]);
    const cur = sample(10_500, 101_000, [iface({ readAt: 10_200, counters: { inOctets: 9_200_000n } })]);
    const r = computeDeviceRates(prev, cur).interfaces[0];
    expect(r?.status === 'rates' && r.intervalSeconds).toBe(9.2);
    expect(r?.status === 'rates' && r.rates.inBitsPerSecond).toBeCloseTo(8_000_000, 3);
  });

  it('gives duplicate and missing ifNames distinct keys', () => {
    const r = computeDeviceRates(undefined, sample(0, 1, [iface({ ifIndex: 1, name: 'x' }), iface({ ifIndex: 2, name: 'x' }), iface({ ifIndex: 3, name: '' })]));
    expect(r.interfaces.map((i) => i.key)).toEqual(['x#1', 'x#2', '#3']);
    expect(r.interfaces.every((i) => i.status === 'baseline' && i.reason === 'first-sample')).toBe(true);
  });
});
