import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecpa, scratch } from './helpers.js';

interface Report {
  verdict: string;
  ledgerValid: boolean;
  summary: Record<string, number>;
  rules: { id: string; title: string; guide: string; needs: string; verdict: string; findings: { subject: { kind: string; id: string }; verdict: string; evidence: Record<string, unknown>; reason?: string }[] }[];
}

describe('ecpa check --offline', () => {
  it('prints a JSON report whose rules carry ids, verdicts and evidence', async () => {
    const r = await ecpa(['check', '--offline', '--format', 'json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(r.stdout) as Report;
    expect(report.verdict).toBe('pass');
    expect(report.ledgerValid).toBe(true);
    expect(report.rules.map((x) => [x.id, x.verdict])).toEqual([
      ['redundant-circuits', 'pass'], ['access-point-circuits', 'pass'], ['circuit-bandwidth', 'pass'], ['vlan-unique', 'pass'], ['tenant-redundancy', 'pass'],
      ['monitoring-enabled', 'not-evaluated'], ['qos-throttling', 'not-evaluated'], ['arp-rate-limit', 'not-evaluated'], ['icmp-limit', 'not-evaluated'],
      ['circuit-ports-up', 'not-evaluated'], ['device-vlan-unique', 'not-evaluated'], ['dot1q-encapsulation', 'not-evaluated'], ['mtu', 'not-evaluated'],
    ]);
    const bw = report.rules.find((x) => x.id === 'circuit-bandwidth');
    expect(bw?.guide).toContain('does not exceed the bandwidth of the Express Connect circuit');
    expect(bw?.findings[2]).toMatchObject({ subject: { kind: 'circuit', id: 'pc-bp1c0003' }, verdict: 'pass', evidence: { capacityBps: 1e10, allocatedBps: 9.55e9 } });
    expect(report.rules.find((x) => x.id === 'icmp-limit')?.findings[0]?.reason).toContain('not evaluated offline');
  });

  it('exits 1 when a rule fails, and says which in the text table', async () => {
    const dir = scratch();
    const file = join(dir, 'config/examples/ledger.yaml');
    // Move every circuit of access point B to A: redundancy and per-access-point rules fail.
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('accessPoint: ap-cn-hangzhou-xs-B', 'accessPoint: ap-cn-hangzhou-yh-A'));
    const r = await ecpa(['check', '--offline'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/redundant-circuits\s+FAIL\s+partner Example Carrier\s+4 circuit\(s\) reach 1 access point/);
    expect(r.stdout).toMatch(/access-point-circuits\s+FAIL\s+access-point ap-cn-hangzhou-xs-B\s+reached by 0 circuit/);
    expect(r.stdout).toContain('→ FAIL');
  });

  it('exits 1 on an invalid ledger and lists its errors', async () => {
    const dir = scratch();
    const file = join(dir, 'config/examples/ledger.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('circuit: pc-bp1c0001, vlan: 102', 'circuit: pc-bp1c0001, vlan: 101'));
    const r = await ecpa(['check', '--offline', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report & { ledgerIssues: { code: string }[] };
    expect(report.ledgerIssues.map((i) => i.code)).toEqual(['vlan-in-use']);
    expect(report.rules.find((x) => x.id === 'vlan-unique')?.verdict).toBe('fail');
  });

  it('writes a markdown report a partner can attach', async () => {
    const r = await ecpa(['check', '--offline', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Express Connect partner requirements — Example Carrier');
    expect(r.stdout).toContain('| `vlan-unique` | VLAN ids are unique on each circuit | PASS |');
    expect(r.stdout).toContain('> Plan VLAN IDs for tenants.');
  });

  it('--rule limits the report', async () => {
    const r = await ecpa(['check', '--offline', '--format', 'json', '--rule', 'vlan-unique', '--rule', 'icmp-limit']);
    expect((JSON.parse(r.stdout) as Report).rules.map((x) => x.id)).toEqual(['vlan-unique', 'icmp-limit']);
  });

  it('without --offline it checks the live devices: with their secrets unset it cannot run (exit 2) and says so', async () => {
    const r = await ecpa(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read the secrets');
  });
});

describe('help', () => {
  it('ecpa --help lists every command', async () => {
    const r = await ecpa(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['check', 'ledger check', 'ledger create-port', 'ledger modify-vlan', 'ledger change-bandwidth', 'ledger terminate', 'ledger recover', 'ledger remove']) {
      expect(r.stdout).toMatch(new RegExp(`\\n  ${c}\\s`));
    }
  });
  it('ecpa ledger create-port --help describes every option', async () => {
    const r = await ecpa(['ledger', 'create-port', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--ledger', '--config', '--id', '--circuit', '--tenant', '--vlan', '--bandwidth', '--status', '--redundancy-group', '--attachment-device', '--attachment-port', '--description', '--dry-run', '--format']) {
      expect(r.stdout).toContain(o);
    }
  });
});
