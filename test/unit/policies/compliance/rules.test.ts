import { describe, expect, it } from 'vitest';
import { evaluateOffline } from '../../../../policies/compliance/evaluate.js';
import { RULES, ruleById } from '../../../../policies/compliance/registry.js';
import type { Finding } from '../../../../policies/compliance/types.js';
import type { Ledger } from '../../../../policies/ledger/model.js';
import { circuit, port, validLedger } from '../ledger/fixtures.js';

function findings(id: string, ledger: Ledger): Finding[] {
  const rule = ruleById(id);
  if (!rule.evaluate) throw new Error(`${id} has no offline evaluation`);
  return rule.evaluate({ ledger });
}
const verdicts = (f: Finding[]) => f.map((x) => [x.subject.id, x.verdict]);

describe('compliance rules (offline)', () => {
  it('registry: stable ids, each with title, guide quote and needs', () => {
    expect(RULES.map((r) => r.id)).toEqual([
      'redundant-circuits', 'access-point-circuits', 'circuit-bandwidth', 'vlan-unique', 'tenant-redundancy',
      'monitoring-enabled', 'qos-throttling', 'arp-rate-limit', 'icmp-limit',
      'circuit-ports-up', 'device-vlan-unique', 'dot1q-encapsulation', 'mtu',
    ]);
    for (const r of RULES) {
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.guide.length).toBeGreaterThan(20);
      expect(r.evaluate).toBeDefined();
    }
    expect(() => ruleById('nope')).toThrow(/known: redundant-circuits/);
  });

  describe('redundant-circuits', () => {
    it('passes with circuits to two access points', () => {
      expect(verdicts(findings('redundant-circuits', validLedger()))).toEqual([['Test Carrier', 'pass']]);
    });
    it('fails with two circuits to one access point', () => {
      const l = validLedger({ circuits: [circuit('pc-c1', 'ap-a'), circuit('pc-c2', 'ap-a')] });
      const f = findings('redundant-circuits', l);
      expect(f[0]?.verdict).toBe('fail');
      expect(f[0]?.evidence).toEqual({ circuits: ['pc-c1', 'pc-c2'], accessPoints: ['ap-a'] });
    });
    it('fails with a single circuit', () => {
      expect(findings('redundant-circuits', validLedger({ circuits: [circuit('pc-c1', 'ap-a')] }))[0]?.verdict).toBe('fail');
    });
  });

  describe('access-point-circuits', () => {
    it('judges each access point, including one listed but reached by no circuit', () => {
      const l = validLedger({ accessPoints: [{ id: 'ap-a' }, { id: 'ap-b' }, { id: 'ap-c' }], circuits: [circuit('pc-c1', 'ap-a'), circuit('pc-c2', 'ap-a'), circuit('pc-c3', 'ap-b')] });
      expect(verdicts(findings('access-point-circuits', l))).toEqual([['ap-a', 'pass'], ['ap-b', 'fail'], ['ap-c', 'fail']]);
    });
  });

  describe('circuit-bandwidth', () => {
    it('passes at exactly the circuit bandwidth and fails above, with evidence', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1, '10G'), port('pc-b', 'pc-c2', 1, '10G'), port('pc-c', 'pc-c2', 2, '50M'), port('pc-d', 'pc-c3', 1, '5G', { status: 'deleted' })] });
      const f = findings('circuit-bandwidth', l);
      expect(verdicts(f)).toEqual([['pc-c1', 'pass'], ['pc-c2', 'fail'], ['pc-c3', 'pass'], ['pc-c4', 'pass']]);
      expect(f[1]?.evidence).toEqual({ capacityBps: 1e10, allocatedBps: 1.005e10, allocatedPercent: 100.5, sharedPorts: ['pc-b', 'pc-c'] });
      expect(f[2]?.evidence['allocatedBps']).toBe(0);
    });
  });

  describe('vlan-unique', () => {
    it('fails a circuit with a duplicate VLAN and names the ports', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 101), port('pc-b', 'pc-c1', 101), port('pc-c', 'pc-c2', 101)] });
      const f = findings('vlan-unique', l);
      expect(verdicts(f)).toEqual([['pc-c1', 'fail'], ['pc-c2', 'pass'], ['pc-c3', 'pass'], ['pc-c4', 'pass']]);
      expect(f[0]?.evidence['duplicates']).toEqual(['VLAN 101: pc-a, pc-b']);
    });
    it('fails VLAN 0 shared with another port', () => {
      const f = findings('vlan-unique', validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 0), port('pc-b', 'pc-c1', 5)] }));
      expect(f[0]?.verdict).toBe('fail');
    });
  });

  describe('tenant-redundancy', () => {
    it('passes a group on two circuits at two access points and says so', () => {
      const f = findings('tenant-redundancy', validLedger());
      expect(verdicts(f)).toEqual([['g1', 'pass']]);
      expect(f[0]?.evidence['spansAccessPoints']).toBe(true);
    });
    it('passes a group on two circuits of one access point, reporting it does not span', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1, '1G', { redundancyGroup: 'g' }), port('pc-b', 'pc-c2', 1, '1G', { redundancyGroup: 'g' })] });
      const f = findings('tenant-redundancy', l);
      expect(f[0]?.verdict).toBe('pass');
      expect(f[0]?.evidence['spansAccessPoints']).toBe(false);
      expect(f[0]?.message).toContain('one access point');
    });
    it('fails a group whose ports share one circuit, and ignores terminated ports', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1, '1G', { redundancyGroup: 'g' }), port('pc-b', 'pc-c1', 2, '1G', { redundancyGroup: 'g' }), port('pc-c', 'pc-c3', 2, '1G', { redundancyGroup: 'g', status: 'terminated' })] });
      expect(verdicts(findings('tenant-redundancy', l))).toEqual([['g', 'fail']]);
    });
    it('is not evaluated when no tenant declares a group', () => {
      const f = findings('tenant-redundancy', validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1)] }));
      expect(f).toMatchObject([{ verdict: 'not-evaluated', reason: expect.stringContaining('redundancyGroup') }]);
    });
  });

  describe('evaluateOffline', () => {
    it('passes a valid ledger; live rules are not evaluated with a reason', () => {
      const report = evaluateOffline({ ledger: validLedger() });
      expect(report.verdict).toBe('pass');
      expect(report.summary).toEqual({ pass: 5, fail: 0, 'not-evaluated': 8 });
      for (const id of ['monitoring-enabled', 'qos-throttling', 'arp-rate-limit', 'icmp-limit']) {
        const r = report.rules.find((x) => x.id === id);
        expect(r?.verdict).toBe('not-evaluated');
        expect(r?.findings[0]?.reason).toMatch(/not evaluated offline/);
      }
    });
    it('fails when one rule fails', () => {
      const report = evaluateOffline({ ledger: validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1), port('pc-b', 'pc-c1', 1)] }) });
      expect(report.verdict).toBe('fail');
      expect(report.rules.find((r) => r.id === 'vlan-unique')?.verdict).toBe('fail');
    });
  });
});
