/** Shared-port traffic from rates, and the binding cache that keeps the ledger join off the hot path. */
import { describe, expect, it } from 'vitest';
import { BindingCache, countersOf, portRatesOf } from '../../../../agent/daemon/traffic.js';
import type { InterfaceIdentity, MatchResult } from '../../../../agent/telemetry/match.js';
import type { InterfaceSample } from '../../../../drivers/snmp/sample.js';
import type { Ledger } from '../../../../policies/ledger/model.js';

const ledger = (): Ledger => ({ partner: { name: 'x', site: 'china' }, accessPoints: [], circuits: [], sharedPorts: [] });
const ifs = (alias: string): InterfaceIdentity[] => [{ ifIndex: 1, name: 'Et1.101', descr: 'Et1.101', alias }];

describe('BindingCache', () => {
  it('joins again only when the ledger or an interface identity changed', () => {
    let calls = 0;
    const cache = new BindingCache((): MatchResult => {
      calls++;
      return { bindings: [], unmatched: [] };
    });
    const l = ledger();
    cache.match(l, 'sw1', 'openconfig', ifs('ecpa-p1'), 'ecpa-');
    cache.match(l, 'sw1', 'openconfig', ifs('ecpa-p1'), 'ecpa-');
    expect(calls).toBe(1);
    cache.match(l, 'sw1', 'openconfig', ifs('ecpa-p2'), 'ecpa-');
    expect(calls).toBe(2);
    cache.match(ledger(), 'sw1', 'openconfig', ifs('ecpa-p2'), 'ecpa-');
    expect(calls).toBe(3);
    cache.forget('sw1');
    cache.match(ledger(), 'sw1', 'openconfig', ifs('ecpa-p2'), 'ecpa-');
    expect(calls).toBe(4);
  });
});

describe('countersOf / portRatesOf', () => {
  const sample = (counters: InterfaceSample['counters']): InterfaceSample => ({ ifIndex: 1, name: 'x', descr: 'x', alias: '', speedBps: 1e9, operStatus: 1, counterBits: 64, counters, discontinuityTime: 0 });
  it('sums unicast, multicast and broadcast packets and keeps octets exact', () => {
    const c = countersOf(sample({ inOctets: 2n ** 60n, outOctets: 5n, inUcastPkts: 1n, inMulticastPkts: 2n, outUcastPkts: 3n, inDiscards: 7n }));
    expect(c).toEqual({ receiveBytes: 2n ** 60n, transmitBytes: 5n, receivePackets: 3n, transmitPackets: 3n, receiveDroppedPackets: 7n, transmitDroppedPackets: 0n });
  });
  it('has no counters without octets, and no rates when one rate is unknown (never a made-up zero)', () => {
    expect(countersOf(sample({ inUcastPkts: 1n, outUcastPkts: 1n }))).toBeUndefined();
    const r = { inBitsPerSecond: 1, outBitsPerSecond: 2, inPacketsPerSecond: 3, outPacketsPerSecond: 4, inDiscardsPerSecond: 0, outDiscardsPerSecond: 0, inErrorsPerSecond: 0, outErrorsPerSecond: 0 };
    expect(portRatesOf(r)?.receiveBitsPerSecond).toBe(1);
    expect(portRatesOf({ ...r, inDiscardsPerSecond: undefined })).toBeUndefined();
  });
});
