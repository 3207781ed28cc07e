/** The poll loop's samples kept for the live compliance check: pairs, failures, cycles. */
import { describe, expect, it } from 'vitest';
import { PollSamples } from '../../../../agent/daemon/samples.js';
import type { DeviceSample } from '../../../../drivers/snmp/sample.js';

const sample = (deviceId: string, at: number): DeviceSample => ({
  deviceId, at, sysUpTime: at / 10, interfaces: [], durationMs: 1, pdus: 1, varbinds: 0, qos: undefined, staticRefresh: undefined, warnings: [],
});

describe('PollSamples', () => {
  it('gives nothing before two samples, then the two latest in order', () => {
    const s = new PollSamples();
    expect(s.pair('sw1')).toBeUndefined();
    const a = sample('sw1', 1000);
    s.succeeded(a);
    expect(s.pair('sw1')).toBeUndefined();
    const b = sample('sw1', 31_000);
    const c = sample('sw1', 61_000);
    s.succeeded(b);
    expect(s.pair('sw1')).toEqual({ first: a, second: b, origin: "the daemon's poll loop" });
    s.succeeded(c);
    expect(s.pair('sw1')).toMatchObject({ first: b, second: c });
    expect(s.pair('sw2')).toBeUndefined();
  });

  it('says why while the latest poll failed, and pairs again after the next success', () => {
    const s = new PollSamples();
    s.succeeded(sample('sw1', 1000));
    s.succeeded(sample('sw1', 2000));
    s.failed('sw1', Date.UTC(2026, 10, 26, 10, 0, 0), 'ECPA_SNMP_TIMEOUT: no answer in 800 ms');
    expect(s.pair('sw1')).toEqual({ failed: "the daemon's last poll of sw1 failed at 2026-11-26T10:00:00.000Z: ECPA_SNMP_TIMEOUT: no answer in 800 ms" });
    const c = sample('sw1', 5000);
    s.succeeded(c);
    expect(s.pair('sw1')).toMatchObject({ first: { at: 2000 }, second: c });
    s.failed('sw3', 0, 'ECPA_SNMP_AUTH: wrong community');
    expect(s.pair('sw3')).toMatchObject({ failed: expect.stringContaining('wrong community') });
    s.forget('sw1');
    expect(s.pair('sw1')).toBeUndefined();
    s.clear();
    expect(s.pair('sw3')).toBeUndefined();
  });

  it('resolves a wait for cycles when they are done, and false when aborted first', async () => {
    const s = new PollSamples();
    const two = s.whenCycles(2, new AbortController().signal);
    let settled = false;
    void two.then(() => { settled = true; });
    s.cycleDone();
    await Promise.resolve();
    expect(settled).toBe(false);
    s.cycleDone();
    expect(await two).toBe(true);
    expect(await s.whenCycles(1, new AbortController().signal)).toBe(true);
    const stop = new AbortController();
    const later = s.whenCycles(5, stop.signal);
    stop.abort();
    expect(await later).toBe(false);
    s.cycleDone();
    s.cycleDone();
    s.cycleDone();
    expect(s.cycles).toBe(5);
  });
});
