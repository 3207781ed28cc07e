import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../config/issues.js';
import { LedgerError } from '../../../config/issues.js';
import { loadLedgerFile, parseLedgerText, requireValidLedger } from '../../../config/ledger/load.js';
import { EXAMPLE_LEDGER, exampleLedger, SMALL_LEDGER, where } from './helpers.js';

const load = (text: string, devices?: string[]) => parseLedgerText(text, 'l.yaml', devices ? { knownDevices: new Set(devices) } : {});
const errors = (text: string) => load(text).issues.filter((i) => i.severity === 'error');

describe('ledger loader', () => {
  it('loads the example lab: 4 devices, 4 circuits of 10G, 2 per access point, ~24 ports, no issue', async () => {
    const loaded = await loadLedgerFile(EXAMPLE_LEDGER, { knownDevices: new Set(['hz-acc-01', 'hz-acc-02', 'hz-acc-03', 'hz-acc-04']) });
    expect(loaded.issues).toEqual([]);
    const l = loaded.ledger;
    expect(l?.circuits.map((c) => [c.device, c.accessPointId, c.bandwidth.bps])).toEqual([
      ['hz-acc-01', 'ap-cn-hangzhou-yh-A', 1e10],
      ['hz-acc-02', 'ap-cn-hangzhou-yh-A', 1e10],
      ['hz-acc-03', 'ap-cn-hangzhou-xs-B', 1e10],
      ['hz-acc-04', 'ap-cn-hangzhou-xs-B', 1e10],
    ]);
    expect(l?.sharedPorts).toHaveLength(24);
    expect(l?.sharedPorts.filter((p) => p.status === 'terminated')).toHaveLength(1);
    expect(l?.sharedPorts.every((p) => p.vlan > 0)).toBe(true);
    expect(l?.sharedPorts.every((p) => /^\d{16}$/.test(p.tenant))).toBe(true);
  });

  it('defaults the attachment to the circuit device and port, and keeps an explicit one', () => {
    const l = load(exampleLedger()).ledger;
    expect(l?.sharedPorts[0]).toMatchObject({ attachment: { device: 'hz-acc-01', port: 'Ethernet1/1' }, attachmentExplicit: false });
    expect(l?.sharedPorts[5]).toMatchObject({ attachment: { device: 'hz-acc-01', port: 'Ethernet1/10' }, attachmentExplicit: true });
  });

  it('two ports on VLAN 101 of one circuit: names both, the code, and the line of the second', () => {
    const text = exampleLedger().replace('id: pc-bp1v0002, tenant: "1357924680135792", circuit: pc-bp1c0001, vlan: 102', 'id: pc-bp1v0002, tenant: "1357924680135792", circuit: pc-bp1c0001, vlan: 101');
    const issues = errors(text);
    expect(issues).toHaveLength(1);
    const second = where(text, 'vlan: 101', 1);
    expect(issues[0]).toMatchObject({ code: 'vlan-in-use', alibabaCode: 'OperationFailed.VlanIdAlreadyInUse', ids: ['pc-bp1v0001', 'pc-bp1v0002'], line: second.line, column: second.column + 'vlan: '.length, path: 'sharedPorts[1].vlan' });
    expect(formatIssue(issues[0]!)).toBe(`l.yaml:${second.line}:${second.column + 6}: error [OperationFailed.VlanIdAlreadyInUse] VLAN 101 on circuit pc-bp1c0001 is already used by shared port pc-bp1v0001 (l.yaml:${where(text, 'vlan: 101').line}:${where(text, 'vlan: 101').column + 6}); shared port pc-bp1v0002 cannot use it`);
  });

  it('refuses an unquoted account id with a message telling to quote it', () => {
    const text = exampleLedger().replace('tenant: "1357924680135792"', 'tenant: 1357924680135792');
    const issues = errors(text);
    const at = where(text, '1357924680135792');
    expect(issues).toMatchObject([{ code: 'unquoted-account-id', line: at.line, column: at.column }]);
    expect(issues[0]?.message).toContain('must be quoted ("1357924680135792")');
  });

  it('keeps the digits of a 19-digit quoted id exactly', () => {
    const text = SMALL_LEDGER.replace('"1000000000000001"', '"9007199254740993123"');
    expect(load(text).ledger?.sharedPorts[0]?.tenant).toBe('9007199254740993123');
  });

  it('refuses unknown keys with a did-you-mean, at the key', () => {
    const text = SMALL_LEDGER.replace('    vlan: 10', '    vlna: 10');
    const issues = errors(text);
    const at = where(text, 'vlna');
    expect(issues).toContainEqual(expect.objectContaining({ code: 'unknown-key', line: at.line, column: at.column, message: expect.stringContaining("did you mean 'vlan'?") }));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'missing-key', message: expect.stringContaining("'vlan'") }));
  });

  it.each([
    ['vlan: 10', 'vlan: 3000', 'vlan-out-of-range', 'IllegalParam.VlanId', '3000'],
    ['vlan: 10', 'vlan: "10"', 'invalid-type', undefined, '"10"'],
    ['vlan: 10', 'vlan: -1', 'vlan-out-of-range', 'IllegalParam.VlanId', '-1'],
    ['bandwidth: 500M', 'bandwidth: 3G', 'spec-invalid', undefined, '3G'],
    ['bandwidth: 1G\n    device: sw1', 'bandwidth: 1000\n    device: sw1', 'bandwidth-syntax', undefined, '1000'],
    ['status: enabled', 'status: active', 'invalid-value', undefined, 'active'],
    ['site: international', 'site: europe', 'invalid-value', undefined, 'europe'],
    ['id: pc-p1', 'id: PC_P1', 'invalid-value', undefined, 'PC_P1'],
  ])('%s → %s gives %s at the value', (from, to, code, alibabaCode, at) => {
    const text = SMALL_LEDGER.replace(from, to);
    const issues = errors(text);
    const pos = where(text, at);
    expect(issues[0]).toMatchObject({ code, line: pos.line, column: pos.column, ...(alibabaCode ? { alibabaCode } : {}) });
  });

  it('says which values are allowed, with a did-you-mean', () => {
    const issues = errors(SMALL_LEDGER.replace('status: enabled', 'status: enabeld'));
    expect(issues[0]?.message).toContain('one of pending-acceptance, accepted, enabled, terminating, terminated, deleted');
    expect(issues[0]?.message).toContain("did you mean 'enabled'?");
  });

  it('reports all errors at once, in file order', () => {
    const text = SMALL_LEDGER.replace('vlan: 10', 'vlan: 5000').replace('site: international', 'site: mars').replace('port: ge-0/0/1\n  - id: pc-c2', 'prot: ge-0/0/1\n  - id: pc-c2');
    const issues = errors(text);
    expect(issues.map((i) => i.code)).toEqual(['invalid-value', 'missing-key', 'unknown-key', 'vlan-out-of-range']);
    expect(issues.map((i) => i.line)).toEqual([...issues.map((i) => i.line)].sort((a, b) => a - b));
  });

  it('refuses a duplicate key and still reports the other problems', () => {
    const text = SMALL_LEDGER.replace('    vlan: 10\n', '    vlan: 10\n    vlan: 11\n').replace('site: international', 'site: mars');
    const issues = errors(text);
    const dup = where(text, 'vlan: 11');
    expect(issues).toContainEqual(expect.objectContaining({ code: 'yaml-duplicate-key', line: dup.line }));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'invalid-value', path: 'partner.site' }));
  });

  it('refuses anchors and aliases (an edit of one entry must not change another)', () => {
    const text = SMALL_LEDGER.replace('    bandwidth: 1G\n    device: sw1', '    bandwidth: &bw 1G\n    device: sw1').replace('    bandwidth: 1G\n    device: sw2', '    bandwidth: *bw\n    device: sw2');
    const codes = errors(text).map((i) => [i.code, i.line]);
    expect(codes).toEqual([['yaml-anchor', where(text, '&bw').line], ['yaml-alias', where(text, '*bw').line]]);
  });

  it('refuses a merge key in the ledger as an unknown key', () => {
    const text = SMALL_LEDGER.replace('  - id: pc-c2\n', '  - <<: {}\n    id: pc-c2\n');
    expect(errors(text).map((i) => i.code)).toContain('unknown-key');
  });

  it.each([
    ['an empty file', '', 'empty-file', 1],
    ['only comments', '# nothing\n', 'empty-file', 1],
    ['a list at the top', '- a\n- b\n', 'not-a-mapping', 1],
    ['a scalar at the top', 'hello\n', 'not-a-mapping', 1],
    ['a tab as indentation', 'partner:\n\tname: x\n', 'yaml-tab-as-indent', 2],
    ['two documents', `${SMALL_LEDGER}---\na: 1\n`, 'yaml-multiple-documents', 26],
    ['an unclosed flow mapping', 'partner: { name: x\n', 'yaml-bad-indent', 2],
  ])('%s gives a clear error', (_what, text, code, line) => {
    const issues = errors(text);
    expect(issues[0]).toMatchObject({ code, line });
    expect(issues[0]?.message.length).toBeGreaterThan(20);
  });

  it('accepts a UTF-8 BOM, with positions as the editor shows them', () => {
    const loaded = load(`\uFEFF${SMALL_LEDGER.replace('vlan: 10', 'vlan: 9999')}`);
    expect(loaded.bom).toBe(true);
    expect(loaded.issues).toMatchObject([{ code: 'vlan-out-of-range', line: 23, column: 11 }]);
  });

  it('accepts CRLF line endings', () => {
    const loaded = load(SMALL_LEDGER.replace(/\n/g, '\r\n'));
    expect(loaded.issues).toEqual([]);
    expect(loaded.ledger?.sharedPorts).toHaveLength(1);
  });

  it('checks devices against the agent config when given', () => {
    const issues = load(SMALL_LEDGER, ['sw1']).issues;
    expect(issues).toMatchObject([{ code: 'unknown-device', ids: ['pc-c2', 'sw2'], line: where(SMALL_LEDGER, 'sw2').line }]);
  });

  it('names the path of rule violations by the file index even when an earlier entry was unreadable', () => {
    const text = exampleLedger()
      .replace('id: pc-bp1v0001, tenant: "1234567890123456"', 'id: pc-bp1v0001, tenant: 1234567890123456')
      .replace('circuit: pc-bp1c0001, vlan: 103', 'circuit: pc-bp1c0001, vlan: 102');
    const dup = errors(text).find((i) => i.code === 'vlan-in-use');
    expect(dup).toMatchObject({ path: 'sharedPorts[2].vlan', line: where(text, 'vlan: 102', 1).line });
  });

  it('requireValidLedger returns the model or throws a LedgerError with every issue', () => {
    expect(requireValidLedger(load(SMALL_LEDGER)).sharedPorts).toHaveLength(1);
    const bad = load(SMALL_LEDGER.replace('vlan: 10', 'vlan: 5000').replace('site: international', 'site: mars'));
    let thrown: unknown;
    try {
      requireValidLedger(bad);
    } catch (error: unknown) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LedgerError);
    expect((thrown as LedgerError).code).toBe('ECPA_LEDGER_INVALID');
    expect((thrown as LedgerError).issues).toHaveLength(2);
    expect((thrown as LedgerError).message).toContain('l.yaml:23:11: error [IllegalParam.VlanId]');
  });

  it('loadLedgerFile throws FileReadError with the reason for a missing file', async () => {
    await expect(loadLedgerFile('/nonexistent/ledger.yaml')).rejects.toMatchObject({ name: 'FileReadError', code: 'ECPA_FILE_UNREADABLE', message: expect.stringContaining('ENOENT') });
  });
});
