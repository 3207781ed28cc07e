/**
 * The ARP rule over aggregate limits (one limit for all ARP of a device, e.g. OpenConfig's
 * control-plane path): it passes at or below the per-user target times the device's users, and the
 * message says it is a total, not a per-user guarantee.
 */
import { describe, expect, it } from 'vitest';
import { arpRateLimit } from '../../../../../policies/compliance/live/arp.js';
import type { ArpLimiter, DeviceEvidence, LiveEvidence } from '../../../../../policies/compliance/live/model.js';
import type { Finding } from '../../../../../policies/compliance/types.js';
import { compliantEvidence, compliantLedger } from './fixture.js';

const SW1 = 'sw-hz-1'; // pc-sp-0001 and pc-sp-0003 are attached there: 2 users
const ledger = compliantLedger();

function judged(limits: readonly ArpLimiter[], settings: Partial<LiveEvidence['settings']> = {}): Finding | undefined {
  const base = compliantEvidence(ledger);
  const aggregate: Pick<DeviceEvidence, 'capabilities' | 'arp'> = {
    capabilities: { ...(base.devices.find((d) => d.device === SW1)?.capabilities ?? { icmpLimit: { level: 'explicit', reason: '' }, perSubinterfaceStats: { level: 'always', reason: '' } }), arpRateLimit: { level: 'aggregate', reason: 'control-plane path', needsControlPlane: true } },
    arp: { status: 'read', value: limits, source: 'NETCONF get-config running of sw-hz-1' },
  };
  const live: LiveEvidence = { ...base, settings: { ...base.settings, ...settings }, devices: base.devices.map((d) => (d.device === SW1 ? { ...d, ...aggregate } : d)) };
  return arpRateLimit.evaluate?.({ ledger, live }).find((f) => f.subject.id === SW1);
}

const agg = (pps: number, source = 'classifier[ecpa:control-plane]/term[arp] …/cir = 1024 bit/s'): ArpLimiter => ({ scope: 'aggregate', pps, source });

describe('arp-rate-limit with an aggregate limit', () => {
  it.each([
    { pps: 2, verdict: 'pass' },
    { pps: 1, verdict: 'pass' },
    { pps: 0.5, verdict: 'pass' },
    { pps: 2.001, verdict: 'fail' },
    { pps: 125, verdict: 'fail' },
  ] as const)('$pps pps in total for 2 users at 1 pps per user: $verdict', ({ pps, verdict }) => {
    expect(judged([agg(pps)])?.verdict).toBe(verdict);
  });

  it('says the limit is a total for all users, not per user, with the sizing', () => {
    const f = judged([agg(2)]);
    expect(f?.message).toBe("ARP limited to 2 pps in total on sw-hz-1 (at most 1 pps × 2 user(s); a total for all 2 user(s) of sw-hz-1, not per user: one user can take the others' share)");
    expect(f?.evidence).toMatchObject({ scope: 'aggregate', users: 2, maxTotalPps: 2, limits: ['2 pps aggregate (classifier[ecpa:control-plane]/term[arp] …/cir = 1024 bit/s)'] });
  });

  it('fails above target × users, naming the total it would need', () => {
    expect(judged([agg(125, 'COPP')])?.message).toBe("ARP limited to 125 pps in total on sw-hz-1: more than 1 pps × 2 user(s) = 2 pps (a total for all 2 user(s) of sw-hz-1, not per user: one user can take the others' share)");
  });

  it('scales with the per-user target', () => {
    expect(judged([agg(6)], { arpPpsPerUser: 3 })?.verdict).toBe('pass');
    expect(judged([agg(7)], { arpPpsPerUser: 3 })?.verdict).toBe('fail');
  });

  it('every aggregate must hold when two terms carry ARP (which one a frame meets first is unknown)', () => {
    expect(judged([agg(1), agg(50)])?.verdict).toBe('fail');
  });

  it('a 0 pps aggregate drops all ARP: a fail that says so', () => {
    expect(judged([agg(0)])?.message).toBe('ARP limited to 0 pps in total on sw-hz-1: every ARP frame to the device is dropped');
  });

  it('a per-source limit at the target still passes first (it is per user)', () => {
    expect(judged([agg(125), { scope: 'per-source', pps: 1, source: 's' }])?.message).toMatch(/per source \(per user\)/);
  });
});
