/**
 * The daemon's live compliance check against the simulated lab fleet: live verdicts appear in
 * /metrics beside the offline ones, follow a change made on a switch (an ICMP limit of 300 pps put
 * on hz-acc-04 and taken off again), follow a ledger change at once after the reload (with an
 * interval far longer than the test), and go back to the offline placeholders when the check is
 * turned off. No timing assertion beyond `eventually` with generous bounds.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Daemon } from '../../agent/daemon/daemon.js';
import { processSecrets } from '../../agent/daemon/inputs.js';
import { createDaemonLogger } from '../../agent/daemon/logger.js';
import { driverFor } from '../../drivers/registry.js';
import type { LiveReport } from '../../policies/compliance/live/evaluate.js';
import { seededConfig } from '../lab/fleet/device.js';
import { exampleScenario, faultedIntent } from '../lab/fleet/scenario.js';
import { eventually, sample, startLab, type Lab } from './lab-setup.js';

let lab: Lab;
let daemon: Daemon;
let url: string;
const logLines: Record<string, unknown>[] = [];
const reports: LiveReport[] = [];

async function metrics(): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

const verdict = (text: string, rule: string, subject: string, evaluation: string, v: string): number | undefined =>
  sample(text, 'ecpa_compliance_rule_verdict', { rule, subject, evaluation, verdict: v });

/** Finished live runs so far (pass + fail + incomplete). */
const finishedRuns = (text: string): number =>
  ['pass', 'fail', 'incomplete'].reduce((n, outcome) => n + (sample(text, 'ecpa_compliance_live_runs_total', { outcome }) ?? 0), 0);

beforeAll(async () => {
  // No SNMP flapping: a device muted during a run would be a second change in the verdicts.
  lab = await startLab({ ...exampleScenario(), flaps: [] }, (t) => `${t}\ncompliance:\n  intervalMs: 2000\n`);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  daemon = new Daemon({
    configFile: lab.configFile,
    secrets: processSecrets(lab.env),
    logger: createDaemonLogger('info', sink),
    version: 'test',
    onLiveRun: (_outcome, report) => {
      if (report !== undefined) reports.push(report);
    },
  });
  url = (await daemon.start()).url;
}, 60_000);

afterAll(async () => {
  await daemon?.stop();
  await lab?.fleet.stop();
});

describe('ecpa daemon: live compliance against the lab fleet', () => {
  it('exports live verdicts per rule and subject, the ledger rules offline, and the run metrics', async () => {
    const text = await eventually('a live icmp-limit verdict for hz-acc-04', 30_000, async () => {
      const t = await metrics();
      return verdict(t, 'icmp-limit', 'device:hz-acc-04', 'live', 'pass') === 1 ? t : undefined;
    });
    expect(verdict(text, 'icmp-limit', 'device:hz-acc-04', 'live', 'fail')).toBe(0);
    // A rule the ledger alone decides stays offline; the live rules' offline placeholder is gone.
    expect(verdict(text, 'redundant-circuits', 'partner:Example Carrier', 'offline', 'pass')).toBe(1);
    expect(sample(text, 'ecpa_compliance_rule_verdict', { rule: 'icmp-limit', evaluation: 'offline' })).toBeUndefined();
    // The policer of Vandelay (200M on hz-acc-02) is read and matches the ledger.
    expect(verdict(text, 'qos-throttling', 'shared-port:pc-bp1v0012', 'live', 'pass')).toBe(1);
    // Counters judged from the poll loop's samples: Vandelay sends 150 Mbit/s, they move.
    expect(verdict(text, 'monitoring-enabled', 'shared-port:pc-bp1v0012', 'live', 'pass')).toBe(1);
    expect(sample(text, 'ecpa_compliance_live_interval_seconds')).toBe(2);
    expect(sample(text, 'ecpa_compliance_live_last_run_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 120);
    expect(sample(text, 'ecpa_compliance_live_run_duration_seconds')).toBeGreaterThan(0);
    expect(finishedRuns(text)).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ecpa_compliance_live_runs_total', { outcome: 'error' })).toBe(0);
    // Every device was read, its SNMP evidence taken from the poll loop (no second polling).
    const report = reports.at(-1);
    expect(report?.devices.map((d) => d.device)).toEqual(['hz-acc-01', 'hz-acc-02', 'hz-acc-03', 'hz-acc-04']);
    for (const d of report?.devices ?? []) {
      expect(d.config, d.device).toMatch(/^read \(NETCONF get-config running/);
      expect(d.snmp, d.device).toContain("(the daemon's poll loop)");
    }
    expect(logLines.some((l) => l['msg'] === 'live compliance run done')).toBe(true);
  }, 60_000);

  it('sees an ICMP limit of 300 pps put on hz-acc-04 at the next run, and its removal at the one after', async () => {
    const device = lab.fleet.devices.get('hz-acc-04');
    const intent = daemon.inputs.intents.get('hz-acc-04');
    if (device === undefined || intent === undefined) throw new Error('no hz-acc-04 in the lab');
    const good = device.netconf.datastores.running;
    // What a person at the switch would leave: the same configuration with ddos-protection icmp at 300 pps.
    device.netconf.datastores.running = seededConfig(driverFor('junos'), faultedIntent(intent, [{ kind: 'icmp-limit', device: 'hz-acc-04', pps: 300 }]), 'junos');
    const failed = await eventually('icmp-limit fails live on hz-acc-04', 30_000, async () => {
      const t = await metrics();
      return verdict(t, 'icmp-limit', 'device:hz-acc-04', 'live', 'fail') === 1 ? t : undefined;
    });
    expect(verdict(failed, 'icmp-limit', 'device:hz-acc-04', 'live', 'pass')).toBe(0);
    expect(sample(failed, 'ecpa_compliance_live_runs_total', { outcome: 'fail' })).toBeGreaterThanOrEqual(1);
    const finding = reports.at(-1)?.rules.find((r) => r.id === 'icmp-limit')?.findings.find((f) => f.subject.id === 'hz-acc-04');
    expect(finding?.message).toContain('300 pps');
    expect(logLines.some((l) => l['msg'] === 'live compliance run done' && Array.isArray(l['failing']) && (l['failing'] as string[]).includes('icmp-limit device:hz-acc-04'))).toBe(true);

    device.netconf.datastores.running = good;
    await eventually('icmp-limit passes live on hz-acc-04 again', 30_000, async () => (verdict(await metrics(), 'icmp-limit', 'device:hz-acc-04', 'live', 'pass') === 1 ? true : undefined));
  }, 90_000);

  it('after a reload runs at once: a ledger change shows in the live verdicts although the interval is 10 minutes', async () => {
    lab.replace(lab.configFile, lab.configText((t) => t.replace('compliance:\n  intervalMs: 2000', 'compliance:\n  intervalMs: 600000')));
    const slow = await eventually('the 10-minute interval in force', 30_000, async () => {
      const t = await metrics();
      return sample(t, 'ecpa_compliance_live_interval_seconds') === 600 ? t : undefined;
    });
    // Let the run the config reload started finish, so the next one can only come from the next reload.
    const before = await eventually('the run after the config reload', 30_000, async () => {
      const t = await metrics();
      return finishedRuns(t) > finishedRuns(slow) ? t : undefined;
    });
    const original = readFileSync(lab.ledgerFile, 'utf8');
    // Vandelay upgraded to 300M in the ledger; the switch still polices it at 200M.
    lab.replace(lab.ledgerFile, original.replace('vlan: 206, bandwidth: 200M', 'vlan: 206, bandwidth: 300M'));
    const after = await eventually('qos-throttling fails live for pc-bp1v0012', 30_000, async () => {
      const t = await metrics();
      return verdict(t, 'qos-throttling', 'shared-port:pc-bp1v0012', 'live', 'fail') === 1 ? t : undefined;
    });
    expect(finishedRuns(after)).toBeGreaterThan(finishedRuns(before));
    expect(sample(after, 'ecpa_shared_port_allocated_bytes_per_second', { shared_port: 'pc-bp1v0012' })).toBe(300e6 / 8);
    lab.replace(lab.ledgerFile, original);
    await eventually('qos-throttling passes live for pc-bp1v0012 again', 30_000, async () => (verdict(await metrics(), 'qos-throttling', 'shared-port:pc-bp1v0012', 'live', 'pass') === 1 ? true : undefined));
  }, 120_000);

  it('turned off by a reload, exports the device rules offline again (not evaluated)', async () => {
    lab.replace(lab.configFile, lab.configText((t) => t.replace('compliance:\n  intervalMs: 2000', 'compliance:\n  intervalMs: 0')));
    const off = await eventually('the live check off', 30_000, async () => {
      const t = await metrics();
      return sample(t, 'ecpa_compliance_live_interval_seconds') === 0 ? t : undefined;
    });
    expect(sample(off, 'ecpa_compliance_rule_verdict', { rule: 'icmp-limit', evaluation: 'live' })).toBeUndefined();
    expect(verdict(off, 'icmp-limit', 'partner:Example Carrier', 'offline', 'not-evaluated')).toBe(1);
    expect(verdict(off, 'redundant-circuits', 'partner:Example Carrier', 'offline', 'pass')).toBe(1);
    // With its verdicts gone, the time and duration of the run that gave them go too; the counts stay.
    expect(sample(off, 'ecpa_compliance_live_last_run_timestamp_seconds')).toBeUndefined();
    expect(sample(off, 'ecpa_compliance_live_run_duration_seconds')).toBeUndefined();
    expect(finishedRuns(off)).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
