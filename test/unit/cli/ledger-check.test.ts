import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecpa, scratch } from './helpers.js';

describe('ecpa ledger check', () => {
  it('exits 0 on the example ledger', async () => {
    const r = await ecpa(['ledger', 'check', 'config/examples/ledger.yaml']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('config/examples/ledger.yaml: valid (2 access points, 4 circuits, 24 shared ports, 14 tenants; 0 errors, 0 warnings)\n');
  });

  it('finds the ledger through the default agent config and checks devices', async () => {
    const dir = scratch();
    const r = await ecpa(['ledger', 'check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { file: string; config: string; valid: boolean };
    expect(out).toMatchObject({ file: 'config/examples/ledger.yaml', config: 'config/examples/agent.yaml', valid: true });
    const text = readFileSync(join(dir, 'config/examples/agent.yaml'), 'utf8').replace('id: hz-acc-04', 'id: hz-acc-99');
    writeFileSync(join(dir, 'config/examples/agent.yaml'), text);
    const bad = await ecpa(['ledger', 'check'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('[unknown-device] circuit pc-bp1c0004 lands on device hz-acc-04, which is not in the agent config');
  });

  it('uses $ECPA_CONFIG', async () => {
    const dir = scratch();
    const r = await ecpa(['ledger', 'check'], { cwd: '/', env: { ECPA_CONFIG: join(dir, 'config/examples/agent.yaml') } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${join(dir, 'config/examples/ledger.yaml')}: valid`);
  });

  it('two shared ports on VLAN 101 of one circuit: exit 1, names both ports, the code and the line of the second', async () => {
    const dir = scratch();
    const file = join(dir, 'config/examples/ledger.yaml');
    const text = readFileSync(file, 'utf8').replace('circuit: pc-bp1c0001, vlan: 102', 'circuit: pc-bp1c0001, vlan: 101');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('pc-bp1v0002')) + 1;
    const r = await ecpa(['ledger', 'check', 'config/examples/ledger.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    const first = r.stdout.split('\n')[0] ?? '';
    expect(first).toMatch(new RegExp(`^config/examples/ledger\\.yaml:${line}:\\d+: error \\[OperationFailed\\.VlanIdAlreadyInUse\\] `));
    expect(first).toContain('pc-bp1v0001');
    expect(first).toContain('pc-bp1v0002');
    expect(r.stdout).toContain('INVALID');

    const json = await ecpa(['ledger', 'check', 'config/examples/ledger.yaml', '--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { valid: boolean; issues: { line: number; code: string; alibabaCode: string; ids: string[] }[] };
    expect(out.valid).toBe(false);
    expect(out.issues).toMatchObject([{ line, code: 'vlan-in-use', alibabaCode: 'OperationFailed.VlanIdAlreadyInUse', ids: ['pc-bp1v0001', 'pc-bp1v0002'] }]);
  });

  it('exits 2 on an unreadable file, with the reason on stderr', async () => {
    const r = await ecpa(['ledger', 'check', 'no/such/ledger.yaml', '--format', 'json']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('cannot read no/such/ledger.yaml: ENOENT');
  });

  it('exits 2 when the agent config is invalid, listing its problems', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'bad.yaml'), 'ledger: x.yaml\ndevices: []\npolling: { intervall: 5 }\n');
    const r = await ecpa(['ledger', 'check', '--config', 'bad.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.yaml:3:12: error [unknown-key] polling.intervall: unknown key 'intervall' (did you mean 'intervalMs'?)");
  });

  it.each([
    [['ledger', 'check', 'a.yaml', 'b.yaml'], 'at most one LEDGER'],
    [['ledger', 'check', 'a.yaml', '--ledger', 'b.yaml'], 'either as LEDGER or as --ledger'],
    [['ledger', 'check', '--format', 'xml'], '--format must be one of text, json'],
    [['ledger', 'check', '--nope'], "Unknown option '--nope'"],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const r = await ecpa(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('does not print a secret from an inline secret in the agent config', async () => {
    const dir = scratch();
    const file = join(dir, 'config/examples/agent.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('password: { env: ECPA_LAB_PASSWORD }', 'password: topsecret-inline-pw'));
    const r = await ecpa(['ledger', 'check', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('inline-secret');
    expect(r.stdout + r.stderr).not.toContain('topsecret');
  });
});
