import { describe, expect, it } from 'vitest';
import { ECPA_METRIC_NAMES } from '../../../agent/metrics/families.js';
import { allPanels, dashboardAsRuleFile, dashboardExprs, ecpaNames, loadDashboard } from './artifacts.js';

const dashboard = loadDashboard();

describe('Grafana dashboard', () => {
  it('queries only metrics the exporter produces', () => {
    const exprs = dashboardExprs(dashboard);
    expect(exprs.length).toBeGreaterThan(15);
    const variables = dashboard.templating.list.map((v) => JSON.stringify(v.query));
    const used = ecpaNames([...exprs.map((e) => e.expr), ...variables].join('\n'));
    expect(used.filter((n) => !ECPA_METRIC_NAMES.includes(n))).toEqual([]);
    // No metric outside the ecpa_ table sneaks in (process_*, up …): every selector is ecpa_.
    for (const e of exprs) expect(e.expr, e.panel).not.toMatch(/\b(process|nodejs|up|snmp)_?\w*\{/);
  });

  it('covers the views operators need', () => {
    const used = new Set(ecpaNames(dashboardExprs(dashboard).map((e) => e.expr).join('\n')));
    for (const name of [
      'ecpa_shared_port_receive_bytes_per_second',
      'ecpa_shared_port_allocated_bytes_per_second',
      'ecpa_shared_port_receive_dropped_packets_total',
      'ecpa_shared_port_receive_utilisation_ratio',
      'ecpa_circuit_capacity_bytes_per_second',
      'ecpa_circuit_allocated_bytes_per_second',
      'ecpa_device_up',
      'ecpa_shared_port_config_state',
      'ecpa_compliance_rule_verdict',
    ]) {
      expect(used.has(name), name).toBe(true);
    }
  });

  it('is provisionable: templated data source, tenant/circuit/device variables, unique ids', () => {
    const vars = dashboard.templating.list.map((v) => [v.name, v.type]);
    expect(vars).toEqual([
      ['DS_PROMETHEUS', 'datasource'],
      ['tenant', 'query'],
      ['circuit', 'query'],
      ['device', 'query'],
    ]);
    const panels = allPanels(dashboard);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels.filter((x) => x.type !== 'row')) {
      expect(p.datasource?.uid, p.title).toBe('${DS_PROMETHEUS}');
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource?.uid, `${p.title} ${t.refId}`).toBe('${DS_PROMETHEUS}');
    }
  });

  it('filters per-port panels by the tenant, circuit and device variables', () => {
    for (const e of dashboardExprs(dashboard).filter((x) => x.expr.includes('ecpa_shared_port_'))) {
      expect(e.expr, e.panel).toContain('tenant=~"$tenant"');
      expect(e.expr, e.panel).toContain('device=~"$device"');
    }
  });

  it('turns into a rule file for promtool (variables replaced)', () => {
    const rules = dashboardAsRuleFile(dashboard);
    expect(rules).not.toMatch(/\$\w/);
    expect(rules.match(/- record:/g)?.length).toBe(dashboardExprs(dashboard).length);
  });
});
