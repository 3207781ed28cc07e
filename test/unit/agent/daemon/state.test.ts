/** The daemon state: last good ledger, per-device health, rates dropped on failure, cached snapshots. */
import { describe, expect, it } from 'vitest';
import { DaemonState } from '../../../../agent/daemon/state.js';
import type { PortTraffic } from '../../../../agent/metrics/state.js';
import type { Ledger } from '../../../../policies/ledger/model.js';

const ledger = (name: string): Ledger => ({ partner: { name, site: 'china' }, accessPoints: [], circuits: [], sharedPorts: [] });
const traffic: PortTraffic = {
  sharedPortId: 'p1', device: 'sw1', interface: 'Et1.101',
  counters: { receiveBytes: 1n, transmitBytes: 2n, receivePackets: 3n, transmitPackets: 4n, receiveDroppedPackets: 0n, transmitDroppedPackets: 0n },
  rates: { receiveBitsPerSecond: 1, transmitBitsPerSecond: 2, receivePacketsPerSecond: 3, transmitPacketsPerSecond: 4, receiveDroppedPacketsPerSecond: 0, transmitDroppedPacketsPerSecond: 0 },
};

describe('DaemonState', () => {
  it('keeps the last good ledger when a reload fails and reports the failure', () => {
    const s = new DaemonState();
    const good = ledger('good');
    s.ledgerAttempt(100, good, 0);
    s.ledgerAttempt(200, undefined, 3);
    const snap = s.snapshot();
    expect(snap.ledger).toBe(good);
    expect(snap.ledgerState).toEqual({ loaded: true, lastReloadSuccess: false, lastReloadSeconds: 200, validationErrors: 3 });
  });

  it('exports the ledger-decided compliance verdicts of the ledger in force, the live rules as not-evaluated', () => {
    const s = new DaemonState();
    expect(s.snapshot().compliance).toEqual([]);
    s.ledgerAttempt(100, ledger('one-circuit-partner'), 0);
    const verdicts = s.snapshot().compliance;
    // No circuits at all: the partner-level redundancy rule fails, live rules are not evaluated offline.
    expect(verdicts).toContainEqual({ ruleId: 'redundant-circuits', subject: 'partner:one-circuit-partner', evaluation: 'offline', verdict: 'fail' });
    expect(verdicts).toContainEqual(expect.objectContaining({ ruleId: 'qos-throttling', evaluation: 'offline', verdict: 'not-evaluated' }));
    s.ledgerAttempt(200, undefined, 2); // a refused reload keeps the verdicts of the ledger in force
    expect(s.snapshot().compliance).toEqual(verdicts);
  });

  it('marks a failed device down, keeps its counters, drops its rates, and counts the reason', () => {
    const s = new DaemonState();
    s.setDevices(['sw1', 'sw2']);
    s.pollSucceeded('sw1', 10, 0.1, [traffic]);
    expect(s.firstPollDone(['sw1', 'sw2'])).toBe(false);
    s.pollFailed('sw2', 1, 'timeout');
    s.pollFailed('sw1', 1, 'timeout');
    s.pollFailed('sw1', 1, 'timeout');
    const snap = s.snapshot();
    expect(s.firstPollDone(['sw1', 'sw2'])).toBe(true);
    expect(snap.devices.map((d) => [d.device, d.up, d.errorsByReason])).toEqual([['sw1', false, { timeout: 2 }], ['sw2', false, { timeout: 1 }]]);
    expect(snap.traffic[0]?.counters).toEqual(traffic.counters);
    expect(snap.traffic[0]?.rates).toBeUndefined();
    expect(snap.devices[0]?.lastSuccessfulPollSeconds).toBe(10);
  });

  it('merges per-device config states, turns them unknown when a read fails, and caches the snapshot', () => {
    const s = new DaemonState();
    s.setDevices(['sw1', 'sw2']);
    s.reconciled('sw1', 0.2, [{ sharedPortId: 'p1', state: 'in-sync' }], [{ interface: 'Et1.900', vlan: 900 }]);
    s.reconciled('sw2', 0.2, [{ sharedPortId: 'p1', state: 'missing' }], []);
    const first = s.snapshot();
    expect(s.snapshot()).toBe(first);
    expect(first.configStates).toEqual([{ sharedPortId: 'p1', state: 'drifted' }]);
    expect(first.unknownSubinterfaces).toEqual([{ device: 'sw1', interface: 'Et1.900', vlan: 900 }]);
    s.reconcileFailed('sw2', 1, 'timeout');
    expect(s.snapshot().configStates).toEqual([{ sharedPortId: 'p1', state: 'unknown' }]);
    s.setDevices(['sw1']);
    expect(s.snapshot().devices.map((d) => d.device)).toEqual(['sw1']);
  });
});
