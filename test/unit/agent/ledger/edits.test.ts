import { describe, expect, it } from 'vitest';
import { parseLedgerText } from '../../../../config/ledger/load.js';
import { planEdit, type LedgerEdit } from '../../../../agent/ledger/edits.js';
import { yamlScalar } from '../../../../agent/ledger/text-edit.js';
import { exampleLedger, SMALL_LEDGER } from '../../config/helpers.js';

const plan = (text: string, edit: LedgerEdit) => planEdit(parseLedgerText(text, 'l.yaml'), edit);
function after(text: string, edit: LedgerEdit): string {
  const p = plan(text, edit);
  if (!p.ok) throw new Error(`refused: ${p.issues.map((i) => i.message).join('; ')}`);
  return p.after;
}
const NEW = { id: 'pc-bp1v0100', tenant: '1234567890123456', circuit: 'pc-bp1c0001', vlan: 120, bandwidth: '200M', status: 'pending-acceptance' };

describe('ledger edits (text)', () => {
  it('modify-vlan changes exactly one value and keeps every other byte', () => {
    const before = exampleLedger();
    const out = after(before, { action: 'modify-vlan', id: 'pc-bp1v0003', vlan: 110 });
    expect(out).toBe(before.replace('circuit: pc-bp1c0001, vlan: 103,', 'circuit: pc-bp1c0001, vlan: 110,'));
  });

  it('create inserts a flow line after the last port of the circuit, in the neighbours\' style', () => {
    const before = exampleLedger();
    const out = after(before, { action: 'create', port: { ...NEW, redundancyGroup: 'acme-ha', description: 'Acme, second port' } });
    const lines = out.split('\n');
    const i = lines.findIndex((l) => l.includes('pc-bp1v0100'));
    expect(lines[i - 1]).toContain('pc-bp1v0006');
    expect(lines[i]).toBe('  - { id: pc-bp1v0100, tenant: "1234567890123456", circuit: pc-bp1c0001, vlan: 120, bandwidth: 200M, status: pending-acceptance, redundancyGroup: acme-ha, description: "Acme, second port" }');
    expect(out.replace(`${lines[i]}\n`, '')).toBe(before);
  });

  it('create in a block-style ledger writes a block mapping, and the result loads', () => {
    const out = after(SMALL_LEDGER, { action: 'create', port: { ...NEW, id: 'pc-p2', circuit: 'pc-c2', vlan: 20, attachment: { device: 'sw2', port: 'ge-0/0/9' } } });
    expect(out).toBe(`${SMALL_LEDGER}  - id: pc-p2\n    tenant: "1234567890123456"\n    circuit: pc-c2\n    vlan: 20\n    bandwidth: 200M\n    status: pending-acceptance\n    attachment: { device: sw2, port: ge-0/0/9 }\n`);
    expect(parseLedgerText(out, 'l.yaml').issues).toEqual([]);
  });

  it('create into an empty list uses the Document API and keeps comments', () => {
    const text = `# keep me\n${SMALL_LEDGER.replace(/sharedPorts:[\s\S]*$/, 'sharedPorts: [] # none yet\n')}`;
    const out = after(text, { action: 'create', port: { ...NEW, circuit: 'pc-c1', id: 'pc-p9' } });
    expect(out).toContain('# keep me');
    expect(parseLedgerText(out, 'l.yaml').ledger?.sharedPorts.map((p) => [p.id, p.tenant])).toEqual([['pc-p9', '1234567890123456']]);
  });

  it('remove takes the port\'s line(s) and nothing else; the last one leaves an empty list', () => {
    const before = exampleLedger();
    const line = before.split('\n').find((l) => l.includes('pc-bp1v0010')) ?? '';
    expect(after(before, { action: 'remove', id: 'pc-bp1v0010' })).toBe(before.replace(`${line}\n`, ''));
    const terminated = SMALL_LEDGER.replace('status: enabled', 'status: terminated');
    const out = after(terminated, { action: 'remove', id: 'pc-p1' });
    expect(out).toBe(`${SMALL_LEDGER.split('  # first tenant')[0]}  # first tenant\n  []\n`);
    expect(parseLedgerText(out, 'l.yaml').issues).toEqual([]);
  });

  it('remove in a block-style list keeps the comments around the port', () => {
    const text = `${SMALL_LEDGER.replace('    status: enabled\n', '    status: terminated   # ends 2026-12\n')}  # second tenant\n  - id: pc-p2\n    tenant: "1000000000000002"\n    circuit: pc-c2\n    vlan: 10\n    bandwidth: 50M\n    status: enabled\n# end of ledger\n`;
    const out = after(text, { action: 'remove', id: 'pc-p1' });
    expect(out).toBe(text.replace(/  - id: pc-p1\n[\s\S]*?# ends 2026-12\n/, ''));
    expect(out).toContain('  # first tenant\n  # second tenant\n  - id: pc-p2');
    expect(out.endsWith('# end of ledger\n')).toBe(true);
  });

  it('edits a ledger written as one flow sequence through the Document API, keeping comments', () => {
    const text = `${SMALL_LEDGER.replace(/sharedPorts:[\s\S]*$/, '')}# tenants\nsharedPorts: [ { id: pc-p1, tenant: "1000000000000001", circuit: pc-c1, vlan: 10, bandwidth: 500M, status: terminated }, { id: pc-p2, tenant: "1000000000000002", circuit: pc-c2, vlan: 10, bandwidth: 50M, status: enabled } ]\n`;
    const removed = after(text, { action: 'remove', id: 'pc-p1' });
    expect(removed).toContain('# tenants');
    expect(parseLedgerText(removed, 'l.yaml').ledger?.sharedPorts.map((p) => p.id)).toEqual(['pc-p2']);
    const created = after(text, { action: 'create', port: { ...NEW, id: 'pc-p3', circuit: 'pc-c1', vlan: 11 } });
    expect(parseLedgerText(created, 'l.yaml').ledger?.sharedPorts.map((p) => [p.id, p.tenant])).toEqual([['pc-p1', '1000000000000001'], ['pc-p2', '1000000000000002'], ['pc-p3', '1234567890123456']]);
    expect(after(text, { action: 'modify-vlan', id: 'pc-p2', vlan: 12 })).toBe(text.replace('circuit: pc-c2, vlan: 10', 'circuit: pc-c2, vlan: 12'));
  });

  it('keeps the quoting style of a replaced value', () => {
    const quoted = SMALL_LEDGER.replace('bandwidth: 500M', 'bandwidth: "500M"').replace('status: enabled', "status: 'enabled'");
    const out = after(after(quoted, { action: 'change-bandwidth', id: 'pc-p1', bandwidth: '200M' }), { action: 'terminate', id: 'pc-p1' });
    expect(out).toBe(quoted.replace('"500M"', '"200M"').replace("'enabled'", "'terminated'"));
  });

  it('terminate, recover and mark-deleted change the status only', () => {
    const t = after(SMALL_LEDGER, { action: 'terminate', id: 'pc-p1' });
    expect(t).toBe(SMALL_LEDGER.replace('status: enabled', 'status: terminated'));
    expect(after(t, { action: 'recover', id: 'pc-p1' })).toBe(SMALL_LEDGER);
    expect(after(t, { action: 'mark-deleted', id: 'pc-p1' })).toBe(SMALL_LEDGER.replace('status: enabled', 'status: deleted'));
  });

  it('keeps a BOM and CRLF line endings', () => {
    const crlf = `\uFEFF${SMALL_LEDGER.replace(/\n/g, '\r\n')}`;
    const out = after(crlf, { action: 'create', port: { ...NEW, id: 'pc-p2', circuit: 'pc-c2', vlan: 20 } });
    expect(out.startsWith('\uFEFF')).toBe(true);
    expect(out.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(after(crlf, { action: 'modify-vlan', id: 'pc-p1', vlan: 11 })).toBe(crlf.replace('vlan: 10', 'vlan: 11'));
  });

  describe('refusals, with the console\'s codes', () => {
    const refusal = (text: string, edit: LedgerEdit) => {
      const p = plan(text, edit);
      if (p.ok) throw new Error('was not refused');
      return p.issues.map((i) => [i.alibabaCode ?? i.code, i.ids ?? []]);
    };
    it.each<[string, LedgerEdit, string, string[], number?]>([
      ['VLAN in use', { action: 'create', port: { ...NEW, vlan: 101 } }, 'OperationFailed.VlanIdAlreadyInUse', ['pc-bp1v0001', 'pc-bp1v0100']],
      ['VLAN out of range', { action: 'modify-vlan', id: 'pc-bp1v0001', vlan: 3000 }, 'IllegalParam.VlanId', []],
      ['VLAN 0 on a busy circuit', { action: 'modify-vlan', id: 'pc-bp1v0001', vlan: 0 }, 'vlan-zero-exclusive', ['pc-bp1v0001', 'pc-bp1v0002'], 5],
      ['a spec Alibaba does not sell', { action: 'change-bandwidth', id: 'pc-bp1v0001', bandwidth: '3G' }, 'spec-invalid', []],
      ['more than the circuit', { action: 'change-bandwidth', id: 'pc-bp1v0016', bandwidth: '1G' }, 'bandwidth-exceeded', ['pc-bp1c0003', 'pc-bp1v0013', 'pc-bp1v0014', 'pc-bp1v0015', 'pc-bp1v0016', 'pc-bp1v0017', 'pc-bp1v0018']],
      ['an unknown port', { action: 'terminate', id: 'pc-nope' }, 'ResourceNotFound.PhysicalConnectionId', ['pc-nope']],
      ['an unknown circuit', { action: 'create', port: { ...NEW, circuit: 'pc-nope' } }, 'ResourceNotFound.PhysicalConnectionId', ['pc-nope']],
      ['removing an enabled port', { action: 'remove', id: 'pc-bp1v0001' }, 'IncorrectStatus.PhysicalConnection', ['pc-bp1v0001']],
      ['recovering an enabled port', { action: 'recover', id: 'pc-bp1v0001' }, 'IncorrectStatus.PhysicalConnection', ['pc-bp1v0001']],
      ['terminating a terminated port', { action: 'terminate', id: 'pc-bp1v0010' }, 'IncorrectStatus.PhysicalConnection', ['pc-bp1v0010']],
      ['modifying a terminated port', { action: 'modify-vlan', id: 'pc-bp1v0010', vlan: 299 }, 'IncorrectStatus.PhysicalConnection', ['pc-bp1v0010']],
      ['a duplicate id', { action: 'create', port: { ...NEW, id: 'pc-bp1v0002' } }, 'duplicate-id', ['pc-bp1v0002']],
      ['a tenant that is not digits', { action: 'create', port: { ...NEW, tenant: 'acme' } }, 'invalid-value', []],
    ])('refuses %s', (_what, edit, code, ids, count = 1) => {
      const issues = refusal(exampleLedger(), edit);
      expect(issues[0]).toEqual([code, ids]);
      expect(issues).toHaveLength(count);
    });

    it('refuses to edit a ledger whose structure is broken', () => {
      const p = plan(SMALL_LEDGER.replace('site: international', 'site: mars'), { action: 'terminate', id: 'pc-p1' });
      expect(p).toMatchObject({ ok: false, reason: 'invalid-ledger' });
    });

    it('allows an edit that fixes an existing rule violation and refuses one that adds another', () => {
      const broken = exampleLedger().replace('circuit: pc-bp1c0001, vlan: 102', 'circuit: pc-bp1c0001, vlan: 101');
      expect(plan(broken, { action: 'modify-vlan', id: 'pc-bp1v0002', vlan: 102 }).ok).toBe(true);
      expect(plan(broken, { action: 'modify-vlan', id: 'pc-bp1v0003', vlan: 104 }).ok).toBe(false);
    });
  });

  it.each([
    ['200M', '200M'], ['pc-bp1v0001', 'pc-bp1v0001'], ['123', '"123"'], ['true', '"true"'], ['yes', '"yes"'],
    ['a, b', '"a, b"'], ['x: y', '"x: y"'], ['#c', '"#c"'], ['Ethernet1/10', 'Ethernet1/10'], ['', '""'], ['null', '"null"'],
  ])('yamlScalar(%j) = %s', (value, literal) => {
    expect(yamlScalar(value)).toBe(literal);
  });
});
