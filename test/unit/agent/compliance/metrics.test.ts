/** The verdicts the daemon exports: ledger rules from the offline evaluation, device rules from the last live run. */
import { describe, expect, it } from 'vitest';
import { daemonVerdicts } from '../../../../agent/compliance/metrics.js';
import { evaluateOffline } from '../../../../policies/compliance/evaluate.js';
import { evaluateLive } from '../../../../policies/compliance/live/evaluate.js';
import { RULES } from '../../../../policies/compliance/registry.js';
import { compliantEvidence, compliantLedger } from '../../policies/compliance/live/fixture.js';

describe('daemonVerdicts', () => {
  const ledger = compliantLedger();
  const offline = evaluateOffline({ ledger }).rules;
  const evidence = compliantEvidence(ledger);

  it('without a live run: every verdict offline, the device rules not evaluated', () => {
    const v = daemonVerdicts(offline, undefined);
    expect(v.every((e) => e.evaluation === 'offline')).toBe(true);
    expect(v).toContainEqual({ ruleId: 'icmp-limit', subject: 'partner:acme-carrier', evaluation: 'offline', verdict: 'not-evaluated' });
    expect(v).toContainEqual({ ruleId: 'vlan-unique', subject: 'circuit:pc-hz-a1', evaluation: 'offline', verdict: 'pass' });
  });

  it('with a live run: ledger rules offline, every other rule live, each rule and subject once', () => {
    const icmp300 = {
      ...evidence,
      devices: evidence.devices.map((d) => (d.device === 'sw-hz-2' ? { ...d, icmp: { status: 'read' as const, value: [{ pps: 300, scope: 'global', origin: 'configured' as const, source: 'limit 300' }], source: 'running config' } } : d)),
    };
    const live = evaluateLive({ ledger, live: icmp300 }, RULES).rules;
    const v = daemonVerdicts(offline, live);
    const ledgerRules = new Set(RULES.filter((r) => r.needs === 'ledger').map((r) => r.id));
    for (const e of v) expect(e.evaluation, `${e.ruleId} ${e.subject}`).toBe(ledgerRules.has(e.ruleId) ? 'offline' : 'live');
    expect(v).toContainEqual({ ruleId: 'icmp-limit', subject: 'device:sw-hz-2', evaluation: 'live', verdict: 'fail' });
    expect(v).toContainEqual({ ruleId: 'icmp-limit', subject: 'device:sw-hz-1', evaluation: 'live', verdict: 'pass' });
    expect(v).toContainEqual({ ruleId: 'qos-throttling', subject: 'shared-port:pc-sp-0003', evaluation: 'live', verdict: 'pass' });
    // The offline placeholder of a live rule is gone once the live run judged it.
    expect(v.some((e) => e.ruleId === 'icmp-limit' && e.subject === 'partner:acme-carrier')).toBe(false);
    expect(new Set(v.map((e) => `${e.ruleId} ${e.subject}`)).size).toBe(v.length);
    const keys = v.map((e) => `${e.ruleId}\u0000${e.subject}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps the offline finding of a rule the live run did not judge', () => {
    const live = evaluateLive({ ledger, live: evidence }, RULES.filter((r) => r.id !== 'mtu')).rules;
    const v = daemonVerdicts(offline, live);
    expect(v.filter((e) => e.ruleId === 'mtu')).toEqual([{ ruleId: 'mtu', subject: 'partner:acme-carrier', evaluation: 'offline', verdict: 'not-evaluated' }]);
  });
});
