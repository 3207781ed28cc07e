import { describe, expect, it } from 'vitest';
import { ECPA_METRIC_NAMES } from '../../../agent/metrics/families.js';
import { ecpaNames, loadAlertRules, loadRuleTests } from './artifacts.js';

const rules = loadAlertRules();
const tests = loadRuleTests();

describe('alert rules', () => {
  it('has the alerts the runbook promises', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual([
      'EcpaCircuitOversold',
      'EcpaComplianceLiveStale',
      'EcpaComplianceRuleFailing',
      'EcpaConfigDrift',
      'EcpaDeviceDown',
      'EcpaLedgerReloadFailed',
      'EcpaPolicerMissing',
      'EcpaPollStale',
      'EcpaSharedPortDropsRising',
    ]);
  });

  it('use only metrics the exporter produces, in rules and in the test series', () => {
    const text = [...rules.map((r) => `${r.expr}\n${Object.values(r.annotations ?? {}).join('\n')}`), ...tests.tests.flatMap((t) => t.input_series.map((s) => s.series))].join('\n');
    expect(ecpaNames(text).filter((n) => !ECPA_METRIC_NAMES.includes(n))).toEqual([]);
  });

  it('each carry a severity, a summary and a description', () => {
    for (const r of rules) {
      expect(['critical', 'warning'], r.alert).toContain(r.labels?.['severity']);
      expect(r.annotations?.['summary'], r.alert).toMatch(/\{\{ \$labels\.\w+ \}\}|\{\{ \$value/);
      expect(r.annotations?.['description']?.length, r.alert).toBeGreaterThan(30);
    }
  });

  it('each have a firing and a quiet promtool test case', () => {
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    const inputs = tests.tests.map((t) => ({ names: t.alert_rule_test?.map((c) => c.alertname) ?? [], series: t.input_series.length }));
    for (const r of rules) {
      const mine = cases.filter((c) => c.alertname === r.alert);
      expect(mine.some((c) => c.exp_alerts.length > 0), `${r.alert} fires`).toBe(true);
      // Quiet: an evaluation expecting nothing, or a firing evaluation whose input has more series
      // than the alerts it expects (the others must stay quiet, and promtool compares exactly).
      const quiet =
        mine.some((c) => c.exp_alerts.length === 0) ||
        inputs.some((i) => i.names.includes(r.alert) && i.series > Math.max(...mine.map((c) => c.exp_alerts.length)));
      expect(quiet, `${r.alert} stays quiet`).toBe(true);
    }
  });
});
