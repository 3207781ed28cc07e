/**
 * Real-peer checks with Prometheus' own `promtool` (Debian package `prometheus`):
 * the golden /metrics and a live scrape lint clean, the alert rules load and pass their unit
 * tests, and every dashboard expression parses as PromQL (as recording rules).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsExporter } from '../../../agent/metrics/exporter.js';
import { peerAvailable, repoRoot } from '../../support/peer.js';
import { dashboardAsRuleFile, deployPath, loadDashboard } from '../../unit/deploy/artifacts.js';
import { scenarioSnapshot } from '../../unit/agent/metrics/scenario.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function promtool(args: readonly string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile('promtool', args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(stdin ?? '');
  });
}

const available = await peerAvailable('promtool', async () => (await promtool(['--version'])).code === 0);
const tmp = mkdtempSync(join(tmpdir(), 'ecpa-promtool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.runIf(available)('promtool', () => {
  it('check metrics: the golden file is clean', async () => {
    const run = await promtool(['check', 'metrics'], readFileSync(join(repoRoot, 'test', 'golden', 'metrics.prom'), 'utf8'));
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('check metrics: a live scrape with process metrics is clean', async () => {
    const exporter = new MetricsExporter({ registry: new Registry(), snapshot: () => scenarioSnapshot, version: '0.1.0' });
    const run = await promtool(['check', 'metrics'], await exporter.render());
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('check metrics: flags a bad exposition (the check can fail)', async () => {
    const run = await promtool(['check', 'metrics'], '# HELP x_bits_per_second x\n# TYPE x_bits_per_second gauge\nx_bits_per_second 1\n');
    expect(run.code).toBe(3);
    expect(run.stdout + run.stderr).toContain('base unit');
  });

  it('check rules: alerts.yml loads, lint clean', async () => {
    const run = await promtool(['check', 'rules', '--lint=all', '--lint-fatal', deployPath('prometheus', 'alerts.yml')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('SUCCESS: 9 rules found');
  });

  it('test rules: every alert fires and stays quiet as alerts.test.yml expects', async () => {
    const run = await promtool(['test', 'rules', deployPath('prometheus', 'alerts.test.yml')]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('SUCCESS');
  });

  it('check config: the example scrape config (with its rule file) is valid', async () => {
    const run = await promtool(['check', 'config', deployPath('prometheus', 'prometheus.yml')]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('SUCCESS: 9 rules found');
  });

  it('check rules: every dashboard expression is valid PromQL', async () => {
    const file = join(tmp, 'dashboard-rules.yml');
    writeFileSync(file, dashboardAsRuleFile(loadDashboard()));
    const run = await promtool(['check', 'rules', file]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('check rules: a broken dashboard expression is caught (the check can fail)', async () => {
    const broken = { uid: 'x', templating: { list: [] }, panels: [{ id: 1, type: 'stat', title: 'bad', targets: [{ refId: 'A', expr: 'sum(rate(ecpa_device_up[$__rate_interval])' }] }] };
    const file = join(tmp, 'broken-rules.yml');
    writeFileSync(file, dashboardAsRuleFile(broken));
    const run = await promtool(['check', 'rules', file]);
    expect(run.code).toBe(1);
  });
});
