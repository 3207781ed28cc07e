/** The probe's pure parts: option bounds, the plan over ping workers, ping's summary, the verdict. */
import { describe, expect, it } from 'vitest';
import { checkProbeOptions, judgeProbe, parsePingSummary, pingArgs, probePlan, ProbeError } from '../../../../agent/compliance/icmp-probe.js';

describe('checkProbeOptions', () => {
  it.each([
    [{ target: '198.18.0.2', ratePps: 600, seconds: 3 }, undefined],
    [{ target: '2001:db8::1', ratePps: 501, seconds: 1 }, undefined],
    [{ target: 'gw.example.net', ratePps: 600, seconds: 3 }, /not an IPv4 or IPv6 address/],
    [{ target: '198.18.0.2', ratePps: 500, seconds: 3 }, /above 500/],
    [{ target: '198.18.0.2', ratePps: 5001, seconds: 3 }, /at most 5000/],
    [{ target: '198.18.0.2', ratePps: 600, seconds: 11 }, /1\.\.10/],
    [{ target: '198.18.0.2', ratePps: 600.5, seconds: 3 }, /integer/],
  ])('%o', (o, error) => {
    if (error === undefined) expect(() => checkProbeOptions(o)).not.toThrow();
    else expect(() => checkProbeOptions(o)).toThrow(error);
    if (error !== undefined) expect(() => checkProbeOptions(o)).toThrow(ProbeError);
  });
});

describe('probePlan', () => {
  it('spreads the rate (with headroom) over workers paced at 2 ms or more', () => {
    const p = probePlan({ ratePps: 600, seconds: 3 });
    expect(p.workers).toBe(5);
    expect(p.workers * p.count).toBeGreaterThanOrEqual(600 * 3 * 1.25);
    expect(p.interval).toBeGreaterThanOrEqual(0.002);
    expect(pingArgs('198.18.0.2', p)).toEqual(['-n', '-q', '-4', '-c', String(p.count), '-i', String(p.interval), '-W', '1', '198.18.0.2']);
    expect(pingArgs('2001:db8::1', p)).toContain('-6');
  });
  it('never plans above the bound', () => {
    const p = probePlan({ ratePps: 5000, seconds: 10 });
    expect((p.workers * p.count) / 10).toBeLessThanOrEqual(5000 + p.workers);
  });
});

describe('parsePingSummary', () => {
  it.each([
    ['1800 packets transmitted, 1800 received, 0% packet loss, time 3397ms', { transmitted: 1800, received: 1800, timeMs: 3397 }],
    ['889 packets transmitted, 500 received, 43.757% packet loss, time 6333ms', { transmitted: 889, received: 500, timeMs: 6333 }],
    ['10 packets transmitted, 0 received, +10 errors, 100% packet loss, time 9012ms', { transmitted: 10, received: 0, timeMs: 9012 }],
    ['ping: socktype: SOCK_RAW\nping: socket: Operation not permitted', undefined],
  ])('%s', (text, expected) => expect(parsePingSummary(text)).toEqual(expected));
});

describe('judgeProbe', () => {
  const o = { target: '198.18.0.2', ratePps: 600, seconds: 3 };
  const plan = probePlan(o);
  it.each([
    ['no limiter', [{ transmitted: 2250, received: 2250, timeMs: 3000 }], 'pass', /750 replies\/s/],
    ['300 pps limiter', [{ transmitted: 2250, received: 930, timeMs: 3000 }], 'fail', /only 310 replies\/s.*at or below 500 pps/],
    ['loss above 2 % at a high rate', [{ transmitted: 2250, received: 2100, timeMs: 3000 }], 'fail', /6\.7% of 750/],
    ['could not send fast enough', [{ transmitted: 1200, received: 1200, timeMs: 3000 }], 'inconclusive', /could send only 400/],
  ] as const)('%s', (_, summaries, verdict, message) => {
    const r = judgeProbe(o, plan, summaries, ['ping …']);
    expect(r.verdict).toBe(verdict);
    expect(r.message).toMatch(message);
  });
});
