/**
 * `ecpa check` (live) against the simulated lab fleet: the compliant example fails nothing, and each
 * scenario that breaks one partner requirement makes exactly that rule fail, with evidence, and no
 * other rule. Rules the lab's drivers cannot read (ARP/ICMP limits on some platforms) are not
 * evaluated, each with the driver's reason, which makes the report incomplete (exit 1 unless
 * --allow-incomplete).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LiveReport } from '../../../policies/compliance/live/evaluate.js';
import { exampleScenario, withFaults, type LabFault } from '../../lab/fleet/scenario.js';
import { startLab, type Lab } from '../lab-setup.js';
import { runAgainstLab } from './live-lab.js';

// No SNMP flapping: a device muted mid-check would be a second problem in every scenario.
const BASE = { ...exampleScenario(), flaps: [] };

async function withLab<T>(faults: readonly LabFault[], fn: (lab: Lab) => Promise<T>): Promise<T> {
  const lab = await startLab(withFaults(BASE, faults));
  try {
    return await fn(lab);
  } finally {
    await lab.fleet.stop();
  }
}

function failing(report: LiveReport | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of report?.rules ?? []) {
    const bad = r.findings.filter((f) => f.verdict === 'fail');
    if (bad.length > 0) out[r.id] = bad.map((f) => `${f.subject.kind}:${f.subject.id}`);
  }
  return out;
}

function findingOf(report: LiveReport | undefined, rule: string, subject: string) {
  return report?.rules.find((r) => r.id === rule)?.findings.find((f) => `${f.subject.kind}:${f.subject.id}` === subject);
}

describe('live check against the lab fleet', () => {
  it('passes the compliant example: every rule passes on every subject, the report is complete, exit 0', async () => {
    await withLab([], async (lab) => {
      const run = await runAgainstLab(lab);
      const notPassing = (run.report?.rules ?? []).flatMap((r) => r.findings.filter((f) => f.verdict !== 'pass').map((f) => `${r.id} ${f.subject.id}: ${f.verdict}: ${f.message}`));
      expect(notPassing).toEqual([]);
      expect(run.report?.complete).toBe(true);
      expect(run.code).toBe(0);
      // Each platform's limits are read from its own configuration, with the path.
      expect(findingOf(run.report, 'arp-rate-limit', 'device:hz-acc-02')?.evidence['limits']).toBeDefined();
      const junit = await runAgainstLab(lab, { format: 'junit' });
      expect(junit.code).toBe(0);
      expect(junit.stdout).toContain('<testsuite name="qos-throttling"');
    });
  }, 60_000);

  it('a missing policer fails qos-throttling only', async () => {
    await withLab([{ kind: 'missing-policer', sharedPort: 'pc-bp1v0020' }], async (lab) => {
      const run = await runAgainstLab(lab);
      expect(failing(run.report)).toEqual({ 'qos-throttling': ['shared-port:pc-bp1v0020'] });
      const f = findingOf(run.report, 'qos-throttling', 'shared-port:pc-bp1v0020');
      expect(f?.message).toContain('no policer for pc-bp1v0020 on hz-acc-04');
      expect(f?.evidence['source']).toMatch(/NETCONF get-config running/);
      expect(run.code).toBe(1);
    });
  }, 60_000);

  it('a missing ARP limit fails arp-rate-limit only', async () => {
    await withLab([{ kind: 'no-arp-limit', device: 'hz-acc-04' }], async (lab) => {
      const run = await runAgainstLab(lab);
      expect(failing(run.report)).toEqual({ 'arp-rate-limit': ['device:hz-acc-04'] });
      expect(findingOf(run.report, 'arp-rate-limit', 'device:hz-acc-04')?.message).toContain('no ARP rate limit on hz-acc-04');
    });
  }, 60_000);

  it('an ICMP limit of 300 pps fails icmp-limit only', async () => {
    await withLab([{ kind: 'icmp-limit', device: 'hz-acc-04', pps: 300 }], async (lab) => {
      const run = await runAgainstLab(lab);
      expect(failing(run.report)).toEqual({ 'icmp-limit': ['device:hz-acc-04'] });
      const f = findingOf(run.report, 'icmp-limit', 'device:hz-acc-04');
      expect(f?.message).toContain('ICMP limited to 300 pps on hz-acc-04');
      expect(f?.evidence['violating']).toEqual([expect.stringContaining('300 pps')]);
    });
  }, 60_000);

  it('a duplicate VLAN on the device fails device-vlan-unique only', async () => {
    // The fault seeds an operator-made subinterface XGigabitEthernet0/0/1.1201 (no ownership prefix)
    // terminating VID 201, which tenant pc-bp1v0007 already has on .201; SNMP shows it as its own row.
    const fault: LabFault = { kind: 'duplicate-vlan', device: 'hz-acc-02', port: 'XGigabitEthernet0/0/1', vlan: 201, description: 'manual <test> circuit' };
    await withLab([fault], async (lab) => {
      expect(lab.fleet.devices.get('hz-acc-02')?.view.interfaces.find((i) => i.name === 'XGigabitEthernet0/0/1.1201')?.alias).toBe('manual <test> circuit');
      const run = await runAgainstLab(lab);
      expect(failing(run.report)).toEqual({ 'device-vlan-unique': ['circuit:pc-bp1c0002'] });
      const f = findingOf(run.report, 'device-vlan-unique', 'circuit:pc-bp1c0002');
      expect(f?.message).toMatch(/duplicate: VLAN 201 on 2 subinterfaces/);
      expect(f?.evidence['duplicates']).toEqual([expect.stringContaining('manual <test> circuit')]);
      expect(run.code).toBe(1);
    });
  }, 60_000);

  it('an MTU below 1500 on a circuit port fails mtu only', async () => {
    await withLab([{ kind: 'small-mtu', device: 'hz-acc-03', port: 'TenGigabitEthernet1/0/1', mtu: 1400 }], async (lab) => {
      const run = await runAgainstLab(lab);
      const ports = ['pc-bp1v0013', 'pc-bp1v0014', 'pc-bp1v0015', 'pc-bp1v0016', 'pc-bp1v0017', 'pc-bp1v0018'].map((p) => `shared-port:${p}`);
      expect(failing(run.report)).toEqual({ mtu: ports });
      const f = findingOf(run.report, 'mtu', 'shared-port:pc-bp1v0014');
      expect(f?.message).toBe('hz-acc-03 TenGigabitEthernet1/0/1.301 carries at most 1400-byte packets: below the 1500 bytes Express Connect carries');
      expect(f?.evidence['ifMtu']).toBe(1400);
      expect(f?.evidence['source']).toMatch(/^SNMP v3 authPriv .*ifMtu/);
      // The other circuits' tenants pass, at their platform's MTU (OpenConfig jumbo ports: larger, with the note).
      expect(findingOf(run.report, 'mtu', 'shared-port:pc-bp1v0007')?.message).toBe('hz-acc-02 XGigabitEthernet0/0/1.201 MTU 1500');
      expect(findingOf(run.report, 'mtu', 'shared-port:pc-bp1v0001')?.message).toMatch(/MTU 9216 \(≥ 1500; Alibaba's side carries 1500/);
      expect(run.code).toBe(1);
    });
  }, 60_000);

  it('counters that cannot be read fail monitoring-enabled only', async () => {
    await withLab([{ kind: 'counters-unreadable', device: 'hz-acc-01' }], async (lab) => {
      const run = await runAgainstLab(lab);
      const ports = ['pc-bp1v0001', 'pc-bp1v0002', 'pc-bp1v0003', 'pc-bp1v0004', 'pc-bp1v0005', 'pc-bp1v0006'].map((p) => `shared-port:${p}`);
      expect(failing(run.report)).toEqual({ 'monitoring-enabled': ports });
      expect(findingOf(run.report, 'monitoring-enabled', 'shared-port:pc-bp1v0001')?.message).toMatch(/cannot be read over SNMP/);
      expect(findingOf(run.report, 'circuit-ports-up', 'circuit:pc-bp1c0001')?.verdict).toBe('not-evaluated');
    });
  }, 60_000);

  it('an oversold circuit fails circuit-bandwidth only (and the ledger is invalid: exit 1)', async () => {
    await withLab([], async (lab) => {
      const text = readFileSync(lab.ledgerFile, 'utf8');
      const oversold = text.replace('{ id: pc-bp1c0003, accessPoint: ap-cn-hangzhou-xs-B, bandwidth: 10G', '{ id: pc-bp1c0003, accessPoint: ap-cn-hangzhou-xs-B, bandwidth: 5G');
      expect(oversold).not.toBe(text);
      lab.replace(lab.ledgerFile, oversold);
      const run = await runAgainstLab(lab);
      expect(failing(run.report)).toEqual({ 'circuit-bandwidth': ['circuit:pc-bp1c0003'] });
      expect(findingOf(run.report, 'circuit-bandwidth', 'circuit:pc-bp1c0003')?.message).toMatch(/9\.55G of 5G allocated .*exceeds the circuit/);
      expect(run.code).toBe(1);
    });
  }, 60_000);

  it('an access point reached by one circuit fails access-point-circuits only', async () => {
    await withLab([], async (lab) => {
      const text = readFileSync(lab.ledgerFile, 'utf8');
      const moved = text
        .replace('  - { id: ap-cn-hangzhou-xs-B, name: Hangzhou Xiaoshan B }', '  - { id: ap-cn-hangzhou-xs-B, name: Hangzhou Xiaoshan B }\n  - { id: ap-cn-hangzhou-bj-C, name: Hangzhou Binjiang C }')
        .replace('{ id: pc-bp1c0004, accessPoint: ap-cn-hangzhou-xs-B', '{ id: pc-bp1c0004, accessPoint: ap-cn-hangzhou-bj-C');
      lab.replace(lab.ledgerFile, moved);
      const run = await runAgainstLab(lab);
      expect(failing(run.report)).toEqual({ 'access-point-circuits': ['access-point:ap-cn-hangzhou-xs-B', 'access-point:ap-cn-hangzhou-bj-C'] });
      expect(findingOf(run.report, 'access-point-circuits', 'access-point:ap-cn-hangzhou-xs-B')?.message).toMatch(/reached by 1 circuit/);
    });
  }, 60_000);

  it.skipIf(process.getuid?.() !== 0)('adds the active ICMP probe as rule icmp-probe (loopback, as root)', async () => {
    await withLab([], async (lab) => {
      const run = await runAgainstLab(lab, { 'probe-icmp': '127.0.0.1', 'probe-rate': '600', 'probe-seconds': '2' });
      const probe = run.report?.rules.find((r) => r.id === 'icmp-probe');
      expect(probe?.verdict, probe?.findings[0]?.message).toBe('pass');
      expect(probe?.findings[0]?.subject).toEqual({ kind: 'address', id: '127.0.0.1' });
      expect(Number(probe?.findings[0]?.evidence['replyPps'])).toBeGreaterThan(500);
      expect(failing(run.report)).toEqual({});
    });
  }, 60_000);
});
