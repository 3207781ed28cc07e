import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecpa, scratch } from './helpers.js';

const LEDGER = 'config/examples/ledger.yaml';

function setup(): { dir: string; file: string; before: string } {
  const dir = scratch();
  const file = join(dir, LEDGER);
  return { dir, file, before: readFileSync(file, 'utf8') };
}

const CREATE = ['ledger', 'create-port', '--id', 'pc-bp1v0100', '--circuit', 'pc-bp1c0001', '--tenant', '1234567890123456', '--vlan', '120', '--bandwidth', '200M', '--redundancy-group', 'acme-ha'];

describe('ecpa ledger edits', () => {
  it('create-port writes the port, keeps every comment, and the ledger stays valid', async () => {
    const { dir, file, before } = setup();
    const r = await ecpa(CREATE, { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('created shared port pc-bp1v0100 for tenant 1234567890123456 on pc-bp1c0001: VLAN 120, 200M, pending-acceptance\n');
    const after = readFileSync(file, 'utf8');
    const comments = (t: string) => t.split('\n').filter((l) => l.includes('#'));
    expect(comments(after)).toEqual(comments(before));
    expect(after.split('\n')).toHaveLength(before.split('\n').length + 1);
    expect(readdirSync(join(dir, 'config/examples')).sort()).toEqual(['agent.yaml', 'ledger.yaml']);
    expect((await ecpa(['ledger', 'check'], { cwd: dir })).code).toBe(0);
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const { dir, file, before } = setup();
    const r = await ecpa(['ledger', 'modify-vlan', 'pc-bp1v0003', '--vlan', '110', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- ${LEDGER}\n+++ ${LEDGER} (edited)\n@@ `);
    expect(r.stdout).toMatch(/\n-  - \{ id: pc-bp1v0003, .*vlan: 103,.*\n\+  - \{ id: pc-bp1v0003, .*vlan: 110,/);
    expect(r.stdout).toContain('(dry run: nothing written)');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('a refused edit exits 1 with the console code and leaves the file byte-identical', async () => {
    const { dir, file, before } = setup();
    const r = await ecpa([...CREATE.slice(0, 8), '--vlan', '101', '--bandwidth', '200M'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[OperationFailed.VlanIdAlreadyInUse]');
    expect(r.stderr).toContain('pc-bp1v0001');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it.each([
    [['ledger', 'change-bandwidth', 'pc-bp1v0016', '--bandwidth', '1G'], 'Insufficient bandwidth resources'],
    [['ledger', 'change-bandwidth', 'pc-bp1v0016', '--bandwidth', '3G'], 'the specified bandwidth value is incorrect'],
    [['ledger', 'modify-vlan', 'pc-bp1v0016', '--vlan', '3000'], '[IllegalParam.VlanId]'],
    [['ledger', 'remove', 'pc-bp1v0001'], 'terminate it first'],
    [['ledger', 'recover', 'pc-bp1v0001'], '[IncorrectStatus.PhysicalConnection]'],
    [['ledger', 'terminate', 'pc-nope'], '[ResourceNotFound.PhysicalConnectionId]'],
    [[...CREATE, '--attachment-device', 'sw-x', '--attachment-port', 'p1'], '[unknown-device] shared port pc-bp1v0100 is attached on device sw-x, which is not in the agent config'],
  ])('refuses %j (exit 1, file unchanged)', async (argv, message) => {
    const { dir, file, before } = setup();
    const r = await ecpa(argv, { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('terminate, then remove: the console order', async () => {
    const { dir, file, before } = setup();
    expect((await ecpa(['ledger', 'terminate', 'pc-bp1v0003'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before.replace('vlan: 103, bandwidth: 200M, status: enabled', 'vlan: 103, bandwidth: 200M, status: terminated'));
    const r = await ecpa(['ledger', 'remove', 'pc-bp1v0003', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'remove', ok: true, written: true, dryRun: false });
    expect(readFileSync(file, 'utf8')).not.toContain('pc-bp1v0003');
  });

  it('recover a terminated port, change bandwidth, mark deleted', async () => {
    const { dir, file } = setup();
    expect((await ecpa(['ledger', 'recover', 'pc-bp1v0010'], { cwd: dir })).stdout).toBe('recovered shared port pc-bp1v0010: terminated → enabled\n');
    expect((await ecpa(['ledger', 'change-bandwidth', 'pc-bp1v0010', '--bandwidth', '500M'], { cwd: dir })).code).toBe(0);
    expect((await ecpa(['ledger', 'terminate', 'pc-bp1v0010'], { cwd: dir })).code).toBe(0);
    expect((await ecpa(['ledger', 'remove', 'pc-bp1v0010', '--mark-deleted'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('vlan: 204, bandwidth: 500M, status: deleted');
  });

  it('refuses when the file changed on disk during the edit (exit 2, other change kept)', async () => {
    const { dir, file } = setup();
    let stdout = '';
    // Simulate a concurrent writer: change the file between load and commit via a tiny race helper.
    const { planEdit } = await import('../../../agent/ledger/edits.js');
    const { loadLedgerFile } = await import('../../../config/ledger/load.js');
    const { commitEdit } = await import('../../../agent/ledger/store.js');
    const loaded = await loadLedgerFile(file);
    const plan = planEdit(loaded, { action: 'terminate', id: 'pc-bp1v0001' });
    if (!plan.ok) throw new Error('plan refused');
    writeFileSync(file, `${loaded.source}# someone else\n`);
    await expect(commitEdit(loaded, plan.after)).rejects.toThrow(/changed on disk/);
    stdout = readFileSync(file, 'utf8');
    expect(stdout.endsWith('# someone else\n')).toBe(true);
    expect(dir).toBeTruthy();
  });

  it.each([
    [['ledger', 'modify-vlan', '--vlan', '5'], 'exactly one SHARED_PORT_ID'],
    [['ledger', 'modify-vlan', 'pc-a', '--vlan', 'ten'], "--vlan must be an integer; got 'ten'"],
    [['ledger', 'modify-vlan', 'pc-a'], '--vlan is required'],
    [['ledger', 'create-port', '--id', 'pc-x'], '--tenant is required'],
    [[...CREATE, '--attachment-device', 'hz-acc-01'], 'give both --attachment-device and --attachment-port'],
    [[...CREATE, '--status', 'terminated'], '--status must be one of pending-acceptance, accepted, enabled'],
  ])('exits 2 on a usage error %j', async (argv, message) => {
    const { dir, file, before } = setup();
    const r = await ecpa(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses to edit an invalid ledger (exit 1), file unchanged', async () => {
    const { dir, file, before } = setup();
    writeFileSync(file, before.replace('site: china', 'site: mars'));
    const r = await ecpa(['ledger', 'terminate', 'pc-bp1v0001'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is invalid; fix it before editing');
    expect(readFileSync(file, 'utf8')).toBe(before.replace('site: china', 'site: mars'));
  });
});
