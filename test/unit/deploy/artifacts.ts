/**
 * Reading the deploy/ artifacts for tests: the Grafana dashboard's PromQL expressions, the alert
 * rules and their promtool tests, and the `ecpa_` metric names any text mentions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../../support/peer.js';

/** Path of a file under deploy/. */
export const deployPath = (...parts: string[]): string => join(repoRoot, 'deploy', ...parts);

/** Every `ecpa_…` identifier in a text (PromQL, docs), in order of appearance, without duplicates. */
export function ecpaNames(text: string): string[] {
  return [...new Set(text.match(/\becpa_[a-zA-Z0-9_]+/g) ?? [])];
}

/** A Grafana panel as far as the tests look at it. */
export interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly targets?: readonly { readonly expr: string; readonly refId: string; readonly datasource?: { readonly uid: string } }[];
  readonly panels?: readonly Panel[];
}

/** The dashboard as far as the tests look at it. */
export interface Dashboard {
  readonly uid: string;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly type: string; readonly query: unknown }[] };
}

/** The dashboard JSON. */
export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(deployPath('grafana', 'ecpa-dashboard.json'), 'utf8')) as Dashboard;
}

/** Every panel, rows flattened. */
export function allPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Every (panel title, refId, expr) of the dashboard's query panels. */
export function dashboardExprs(d: Dashboard): { panel: string; refId: string; expr: string }[] {
  return allPanels(d).flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, refId: t.refId, expr: t.expr })));
}

/** One alerting rule of alerts.yml. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** The alerting rules of deploy/prometheus/alerts.yml. */
export function loadAlertRules(): AlertRule[] {
  const doc = parse(readFileSync(deployPath('prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: AlertRule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

/** The promtool unit tests of deploy/prometheus/alerts.test.yml. */
export interface RuleTests {
  readonly tests: readonly {
    readonly input_series: readonly { readonly series: string }[];
    readonly alert_rule_test?: readonly { readonly alertname: string; readonly exp_alerts: readonly unknown[] }[];
  }[];
}

/** The parsed alerts.test.yml. */
export function loadRuleTests(): RuleTests {
  return parse(readFileSync(deployPath('prometheus', 'alerts.test.yml'), 'utf8')) as RuleTests;
}

/**
 * A Prometheus rule file with one recording rule per dashboard expression, so that
 * `promtool check rules` can check the dashboard's PromQL syntax offline. Grafana variables and
 * macros are replaced by values PromQL accepts.
 */
export function dashboardAsRuleFile(d: Dashboard): string {
  const rules = dashboardExprs(d).map((e, i) => {
    const expr = e.expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m').replace(/\$\{?(\w+)\}?/g, '.*');
    return `      - record: ecpa_dashboard:panel_${i}\n        expr: ${JSON.stringify(expr)}`;
  });
  return `groups:\n  - name: ecpa-dashboard-exprs\n    rules:\n${rules.join('\n')}\n`;
}
