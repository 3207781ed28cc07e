import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../../../policies/ledger/invariants.js';
import type { LedgerLocator } from '../../../../policies/ledger/position.js';
import { circuit, port, validLedger } from './fixtures.js';

const errors = (l: Parameters<typeof checkLedger>[0], devices?: ReadonlySet<string>) =>
  checkLedger(l, devices ? { knownDevices: devices } : {}).filter((v) => v.severity === 'error');

describe('checkLedger', () => {
  it('accepts a valid ledger', () => {
    expect(checkLedger(validLedger())).toEqual([]);
  });

  describe('VLANs', () => {
    it('refuses a VLAN used twice on one circuit, naming both ports, with the console code', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 101), port('pc-b', 'pc-c1', 101)] });
      const v = errors(l);
      expect(v).toHaveLength(1);
      expect(v[0]).toMatchObject({ code: 'vlan-in-use', alibabaCode: 'OperationFailed.VlanIdAlreadyInUse', ids: ['pc-a', 'pc-b'], path: ['sharedPorts', 1, 'vlan'] });
      expect(v[0]?.message).toContain('pc-a');
      expect(v[0]?.message).toContain('pc-b');
    });

    it.each([
      ['deleted', 'deleted', 0],
      ['terminated (still holds the VLAN)', 'terminated', 1],
      ['pending-acceptance', 'pending-acceptance', 1],
    ] as const)('a duplicate whose other port is %s gives %i error(s)', (_label, status, count) => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 101, '100M', { status }), port('pc-b', 'pc-c1', 101)] });
      expect(errors(l)).toHaveLength(count);
    });

    it('allows the same VLAN on different circuits', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 101), port('pc-b', 'pc-c2', 101)] });
      expect(errors(l)).toEqual([]);
    });

    it.each([[-1], [3000], [1.5]])('refuses VLAN %s with IllegalParam.VlanId', (vlan) => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', vlan)] });
      expect(errors(l)).toMatchObject([{ code: 'vlan-out-of-range', alibabaCode: 'IllegalParam.VlanId', ids: ['pc-a'] }]);
    });

    it.each([[0], [2999], [1]])('accepts VLAN %s', (vlan) => {
      expect(errors(validLedger({ sharedPorts: [port('pc-a', 'pc-c1', vlan)] }))).toEqual([]);
    });

    it('VLAN 0 (routed port) may be alone on its circuit', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 0), port('pc-b', 'pc-c2', 5)] });
      expect(errors(l)).toEqual([]);
    });

    it('VLAN 0 excludes every other shared port on the circuit', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 5), port('pc-z', 'pc-c1', 0), port('pc-b', 'pc-c1', 6)] });
      const v = errors(l);
      expect(v.map((x) => x.code)).toEqual(['vlan-zero-exclusive', 'vlan-zero-exclusive']);
      expect(v.map((x) => x.ids)).toEqual([['pc-z', 'pc-a'], ['pc-z', 'pc-b']]);
    });

    it('a deleted port does not block VLAN 0', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 5, '100M', { status: 'deleted' }), port('pc-z', 'pc-c1', 0)] });
      expect(errors(l)).toEqual([]);
    });
  });

  describe('bandwidth', () => {
    it('accepts a circuit filled exactly', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1, '5G'), port('pc-b', 'pc-c1', 2, '5G')] });
      expect(errors(l)).toEqual([]);
    });

    it('refuses a sum over the circuit, at the port that tips it over, with the console message', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1, '5G'), port('pc-b', 'pc-c1', 2, '5G'), port('pc-c', 'pc-c1', 3, '50M')] });
      const v = errors(l);
      expect(v).toMatchObject([{ code: 'bandwidth-exceeded', ids: ['pc-c1', 'pc-a', 'pc-b', 'pc-c'], path: ['sharedPorts', 2, 'bandwidth'] }]);
      expect(v[0]?.message).toMatch(/^Insufficient bandwidth resources/);
      expect(v[0]?.message).toContain('10.05G');
    });

    it('does not count deleted ports but counts terminated ones', () => {
      const base = [port('pc-a', 'pc-c1', 1, '10G')];
      expect(errors(validLedger({ sharedPorts: [...base, port('pc-b', 'pc-c1', 2, '1G', { status: 'deleted' })] }))).toEqual([]);
      expect(errors(validLedger({ sharedPorts: [...base, port('pc-b', 'pc-c1', 2, '1G', { status: 'terminated' })] }))).toHaveLength(1);
    });

    it('uses SI units: a 1G circuit holds two 500M ports', () => {
      const l = validLedger({ circuits: [circuit('pc-c1', 'ap-a', '1G')], accessPoints: [{ id: 'ap-a' }], sharedPorts: [port('pc-a', 'pc-c1', 1, '500M'), port('pc-b', 'pc-c1', 2, '500M')] });
      expect(errors(l)).toEqual([]);
    });

    it('refuses a spec Alibaba does not sell', () => {
      const l = validLedger({ sharedPorts: [{ ...port('pc-a', 'pc-c1', 1), bandwidth: { spec: '3G', bps: 3e9 } as never }] });
      expect(errors(l)).toMatchObject([{ code: 'spec-invalid', ids: ['pc-a'] }]);
    });
  });

  describe('references and ids', () => {
    it('refuses a shared port on an unknown circuit and a circuit at an unknown access point', () => {
      const l = validLedger({ circuits: [...validLedger().circuits, circuit('pc-c9', 'ap-zz')], sharedPorts: [port('pc-a', 'pc-nope', 1)] });
      expect(errors(l).map((v) => [v.code, v.alibabaCode, v.ids])).toEqual([
        ['unknown-access-point', 'AccessPoint.NotFound', ['pc-c9', 'ap-zz']],
        ['unknown-circuit', 'ResourceNotFound.PhysicalConnectionId', ['pc-a', 'pc-nope']],
      ]);
    });

    it('refuses ids used twice, across circuits and shared ports too', () => {
      const l = validLedger({ accessPoints: [{ id: 'ap-a' }, { id: 'ap-b' }, { id: 'ap-a' }], sharedPorts: [port('pc-c1', 'pc-c2', 1), port('pc-x', 'pc-c2', 2), port('pc-x', 'pc-c3', 3)] });
      expect(errors(l).map((v) => [v.code, v.ids])).toEqual([
        ['duplicate-id', ['ap-a']],
        ['duplicate-id', ['pc-c1']],
        ['duplicate-id', ['pc-x']],
      ]);
    });

    it('checks devices only when the agent config gives them', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1, '100M', { attachment: { device: 'sw-9', port: 'x' }, attachmentExplicit: true })] });
      expect(errors(l)).toEqual([]);
      const v = errors(l, new Set(['hz-acc-01', 'hz-acc-02', 'hz-acc-03']));
      expect(v.map((x) => [x.code, x.ids])).toEqual([
        ['unknown-device', ['pc-c4', 'hz-acc-04']],
        ['unknown-device', ['pc-a', 'sw-9']],
      ]);
    });

    it('warns about an access point no circuit reaches', () => {
      const v = checkLedger(validLedger({ accessPoints: [{ id: 'ap-a' }, { id: 'ap-b' }, { id: 'ap-c' }] }));
      expect(v).toMatchObject([{ severity: 'warning', code: 'unused-access-point', ids: ['ap-c'] }]);
    });

    it('warns about a redundancy group naming two tenants', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1, '100M', { redundancyGroup: 'g' }), port('pc-b', 'pc-c3', 1, '100M', { redundancyGroup: 'g', tenant: '99' })] });
      expect(checkLedger(l)).toMatchObject([{ severity: 'warning', code: 'redundancy-group-tenants', ids: ['pc-b', 'g'] }]);
    });

    it('refuses an unknown status and a tenant that is not digits', () => {
      const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 1, '100M', { status: 'active' as never, tenant: '12ab' })] });
      expect(errors(l).map((v) => v.code)).toEqual(['status-invalid', 'tenant-invalid']);
    });
  });

  it('reports every violation at once, with positions from the injected locator', () => {
    const locator: LedgerLocator = {
      locate: (section, index, key) => ({ path: [section, ...(index !== undefined ? [index] : []), ...(key ? [key] : [])], position: { file: 'l.yaml', line: 10 + (index ?? 0), column: 3 } }),
    };
    const l = validLedger({ sharedPorts: [port('pc-a', 'pc-c1', 7), port('pc-b', 'pc-c1', 7), port('pc-c', 'pc-nope', 3000)] });
    const v = checkLedger(l, { locator });
    expect(v.map((x) => x.code).sort()).toEqual(['unknown-circuit', 'vlan-in-use', 'vlan-out-of-range']);
    const dup = v.find((x) => x.code === 'vlan-in-use');
    expect(dup?.position).toEqual({ file: 'l.yaml', line: 11, column: 3 });
    expect(dup?.message).toContain('l.yaml:10:3');
  });
});
