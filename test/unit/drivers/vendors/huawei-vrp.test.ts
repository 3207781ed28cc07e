/**
 * Huawei specifics of the explicit ICMP limit (huawei-cpudefend CPCAR in the agent's own cpu-defend
 * policy, bound to MPU boards), of the aggregate ARP CPCAR in the same policy (controlPlane: agent
 * only) and of `limits`: the kbit/s ↔ pps conversions, render → parse round
 * trips against replies shaped like the NE8000 YANG, the ownership rules (never write into or bind
 * over an operator's policy), the limits an operator's policies and interfaces set, the filter.
 * Replies written here follow huawei-cpudefend / huawei-devm as published for the NE8000 M4/M8/M14
 * (element names checked against the module text; the netconfd bed validates the agent's own edit,
 * test/peers/yang).
 */
import { describe, expect, it } from 'vitest';
import { unexpressibleOf } from '../../../../agent/push/target.js';
import { DriverError, NO_REMOVALS, type DeviceLimits, type ParseScope } from '../../../../drivers/driver.js';
import { NS_BASE, serialize, type XmlElement } from '../../../../drivers/netconf/xml.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { arpCpcar, arpPpsOfCir, ppsOfArpCpcar } from '../../../../drivers/vendors/huawei-vrp-arp.js';
import { DEFAULT_POLICY_ID, icmpCbsBytes, icmpCirKbps, icmpPpsOfCir } from '../../../../drivers/vendors/huawei-vrp-cpudefend.js';
import { HW_CPUDEFEND, HW_DEVM } from '../../../../drivers/vendors/huawei-vrp-ns.js';
import { huaweiVrpDriver as driver } from '../../../../drivers/vendors/huawei-vrp.js';
import type { DeviceIntent } from '../../../../policies/intent/model.js';
import { applyEdit } from '../../../lab/netconf/datastore.js';
import { keyMapFor } from '../../../lab/fleet/keymaps.js';
import { find, recorded, removalPaths, rich } from './support.js';

const CD = `xmlns="${HW_CPUDEFEND}"`;
const DV = `xmlns="${HW_DEVM}"`;

/** A get-config reply with these cpu-defend policies and MPU boards (position → policy id or none). */
function reply(policies: readonly { id: number; description?: string; icmpKbps?: number; arp?: [number, number?]; extra?: string }[], boards: readonly [string, number?][], more = ''): XmlElement {
  const car = (protocol: string, cir: number, cbs?: number): string =>
    `<cpcar-protocol-name><protocol-name>${protocol}</protocol-name><cir>${cir}</cir>${cbs === undefined ? '' : `<cbs>${cbs}</cbs>`}</cpcar-protocol-name>`;
  const policy = (p: (typeof policies)[number]): string =>
    `<policy><id>${p.id}</id>${p.description === undefined ? '' : `<description>${p.description}</description>`}` +
    (p.icmpKbps === undefined && p.arp === undefined ? '' : `<cpcar-protocol-names>${p.icmpKbps === undefined ? '' : car('icmp', p.icmpKbps)}${p.arp === undefined ? '' : car('arp', ...p.arp)}</cpcar-protocol-names>`) +
    `${p.extra ?? ''}</policy>`;
  const board = ([position, id]: [string, number?]): string =>
    `<mpu-board><position>${position}</position>${id === undefined ? '' : `<cpudefend ${CD}><policy-id>${id}</policy-id></cpudefend>`}</mpu-board>`;
  return parseXml(`<data xmlns="${NS_BASE}"><cpudefend ${CD}><policys>${policies.map(policy).join('')}</policys></cpudefend>` +
    `<devm ${DV}><mpu-boards>${boards.map(board).join('')}</mpu-boards></devm>${more}</data>`);
}

const scope: ParseScope = { ownershipPrefix: 'ecpa:', ports: ['GigabitEthernet0/3/1'] };
const icmpOnly = (pps: number): DeviceIntent => ({ ...rich('huawei-vrp').intent, subinterfaces: [], policers: [], arp: null, icmp: { pps } });

/** `data` after the edit (the lab datastore's merge semantics with the huawei-vrp list keys). */
function applied(data: XmlElement, edit: XmlElement): XmlElement {
  const copy = parseXml(serialize(data));
  applyEdit(copy, edit, 'merge', keyMapFor('huawei-vrp'));
  return copy;
}

const policyIds = (edit: XmlElement): string[] => {
  const policys = find(edit, 'policys');
  return (policys?.children ?? []).map((p) => p.children[0]?.text ?? '');
};
const boundBoards = (edit: XmlElement): string[] => (find(edit, 'mpu-boards')?.children ?? []).map((b) => `${b.children[0]?.text ?? ''}→${find(b, 'policy-id')?.text ?? ''}`);

describe('ICMP CPCAR units: kbit/s at 128 bytes per echo request', () => {
  it('1000 pps is 1024 kbit/s with a one-second burst, and back', () => {
    expect(icmpCirKbps(1000)).toBe(1024);
    expect(icmpCbsBytes(1000)).toBe(128_000);
    expect(icmpPpsOfCir(1024)).toBe(1000);
    expect(icmpPpsOfCir(128)).toBe(125);
  });

  it('never lets fewer than the intent through, and round-trips exactly', () => {
    for (const pps of [501, 502, 503, 777, 999, 1001, 1003, 4096, 65_535, 976_562]) {
      const cir = icmpCirKbps(pps);
      expect(cir * 1000).toBeGreaterThanOrEqual(pps * 128 * 8);
      expect(icmpPpsOfCir(cir)).toBe(pps);
    }
  });

  it('caps the burst at the cbs range and refuses a rate beyond the cir range', () => {
    expect(icmpCbsBytes(100_000)).toBe(9_000_000);
    expect(() => driver.render(icmpOnly(1_000_000))).toThrow(expect.objectContaining({ code: 'NAME_INVALID', message: expect.stringMatching(/at most 1000000/) }));
  });

  it('writes cir and cbs in those units', () => {
    const edit = driver.render(icmpOnly(1000));
    const car = find(edit, 'cpcar-protocol-name');
    expect(car?.children.map((c) => [c.name, c.text])).toEqual([['protocol-name', 'icmp'], ['cir', '1024'], ['cbs', '128000']]);
    expect(car?.attributes).toEqual([{ name: 'operation', namespace: NS_BASE, value: 'replace' }]);
  });
});

describe('render → parse of the ICMP limit', () => {
  it('on a box with two MPU boards and no policy: its own policy at id 30, bound to both; then it reads back and re-renders without binding', () => {
    const data = reply([], [['9'], ['10']]);
    const edit = driver.render(icmpOnly(1000), NO_REMOVALS, driver.parse(data, scope));
    expect(policyIds(edit)).toEqual(['30']);
    expect(find(edit, 'description')?.text).toBe('ecpa:icmp-cpcar');
    expect(boundBoards(edit)).toEqual(['9→30', '10→30']);
    const after = applied(data, edit);
    const seen = driver.parse(after, scope);
    expect(seen.icmp).toEqual({ pps: 1000 });
    const again = driver.render(icmpOnly(1000), NO_REMOVALS, seen);
    expect(find(again, 'devm')).toBeUndefined();
    expect(serialize(applied(after, again))).toBe(serialize(after));
  });

  it('a changed pps replaces its CPCAR entry', () => {
    const data = reply([{ id: 30, description: 'ecpa:icmp-cpcar', icmpKbps: 1024 }], [['9', 30]]);
    const after = applied(data, driver.render(icmpOnly(2000), NO_REMOVALS, driver.parse(data, scope)));
    expect(driver.parse(after, scope).icmp).toEqual({ pps: 2000 });
  });

  it('parses no ICMP limit while a board applies no policy, or while its policy has no ICMP CPCAR', () => {
    expect(driver.parse(reply([{ id: 30, description: 'ecpa:icmp-cpcar', icmpKbps: 1024 }], [['9', 30], ['10']]), scope).icmp).toBeNull();
    expect(driver.parse(reply([{ id: 30, description: 'ecpa:icmp-cpcar' }], [['9', 30]]), scope).icmp).toBeNull();
    expect(driver.parse(reply([{ id: 30, description: 'operator', icmpKbps: 1024 }], [['9', 30]]), scope).icmp).toBeNull();
  });

  it('without `existing` (a preview, a lab seed) it writes id 30 and binds no board', () => {
    const edit = driver.render(icmpOnly(1000));
    expect(policyIds(edit)).toEqual([String(DEFAULT_POLICY_ID)]);
    expect(find(edit, 'devm')).toBeUndefined();
  });

  it('refuses (NOT_OWNED) an `existing` that parse did not return (a copy): policy 30 might be the operator\'s', () => {
    const seen = driver.parse(reply([{ id: 30, description: 'operator' }], [['9']]), scope);
    expect(policyIds(driver.render(icmpOnly(1000), NO_REMOVALS, seen))).toEqual(['29']);
    expect(() => driver.render(icmpOnly(1000), NO_REMOVALS, { ...seen })).toThrow(expect.objectContaining({ code: 'NOT_OWNED', message: expect.stringMatching(/not read by the huawei-vrp parser/) }));
    // Without ICMP in the intent nothing of cpu-defend is written, so a copy is fine.
    expect(() => driver.render({ ...icmpOnly(1000), icmp: null }, NO_REMOVALS, { ...seen })).not.toThrow();
  });

  it('the recorded netconfd reply (operator policy 1 on MPU 10): the agent holds policy 30 on MPU 9 and re-renders no binding', () => {
    const { intent, scope: s } = rich('huawei-vrp');
    const seen = driver.parse(recorded('huawei-vrp', 'rich-running.xml'), s);
    expect(seen.icmp).toEqual({ pps: 1000 });
    const edit = driver.render(intent, NO_REMOVALS, seen);
    expect(policyIds(edit)).toEqual(['30']);
    expect(find(edit, 'devm')).toBeUndefined();
  });
});

/** The rich Huawei intent (controlPlane: agent) cut down to `users` non-deleted shared ports. */
function richWith(users: number): { intent: DeviceIntent; scope: ParseScope } {
  const live = ['pc-rich0001', 'pc-rich0002', 'pc-rich0003', 'pc-rich0004', 'pc-rich0005', 'pc-rich0006', 'pc-rich0007', 'pc-rich0009', 'pc-rich0010', 'pc-rich0011', 'pc-rich0012'];
  return rich('huawei-vrp', live.slice(0, live.length - users));
}
const arpCar = (edit: XmlElement): string[][] | undefined => find(edit, 'cpcar-protocol-name', 'arp')?.children.map((c) => [c.name, c.text]);

describe('aggregate ARP CPCAR: 512 bit per frame, rounded down to whole kbit/s; cbs 128 bytes per frame', () => {
  it('6 users at 1 pps: 3 kbit/s (5.86 pps, at most 6) and 768 bytes; 11 users: 5 kbit/s, 1408 bytes', () => {
    expect(arpCpcar(1, 6)).toEqual({ cirKbps: 3, cbs: 768 });
    expect(arpPpsOfCir(3)).toBe(5.859375);
    expect(arpCpcar(1, 11)).toEqual({ cirKbps: 5, cbs: 1408 });
  });

  it('1 user at 1 pps: 1 kbit/s, the smallest cir, which is 1.95 pps (above the target: the compliance check judges it)', () => {
    expect(arpCpcar(1, 1)).toEqual({ cirKbps: 1, cbs: 128 });
    expect(arpPpsOfCir(1)).toBe(1.953125);
    expect(arpCpcar(1, 0)).toEqual(arpCpcar(1, 1));
  });

  it('never above the target once it is ≥ 2 pps in total, and reads back as exactly the ppsPerSource for those users', () => {
    for (let users = 1; users <= 300; users++) {
      for (const pps of [1, 2, 3, 5, 7, 10, 100, 1000]) {
        const car = arpCpcar(pps, users);
        if (pps * users >= 2) expect(arpPpsOfCir(car.cirKbps)).toBeLessThanOrEqual(pps * users);
        expect(ppsOfArpCpcar(car, users)).toBe(pps);
      }
    }
  });

  it('the cbs tells apart rates one cir cannot (1 user: 1, 2 and 3 pps are all 1 kbit/s); a capped cbs still reads back', () => {
    expect([1, 2, 3].map((p) => arpCpcar(p, 1))).toEqual([{ cirKbps: 1, cbs: 128 }, { cirKbps: 1, cbs: 256 }, { cirKbps: 1, cbs: 384 }]);
    expect([128, 256, 384].map((cbs) => ppsOfArpCpcar({ cirKbps: 1, cbs }, 1))).toEqual([1, 2, 3]);
    expect(arpCpcar(1000, 100)).toEqual({ cirKbps: 51_200, cbs: 9_000_000 });
    expect(ppsOfArpCpcar({ cirKbps: 51_200, cbs: 9_000_000 }, 100)).toBe(1000);
    expect(() => arpCpcar(1000, 2_000_000)).toThrow(expect.objectContaining({ code: 'NAME_INVALID', message: expect.stringMatching(/at most 1000000/) }));
  });

  it('a CPCAR that is not what the agent writes for the tenants on the box reads as its cap per user (drift)', () => {
    expect(ppsOfArpCpcar({ cirKbps: 5, cbs: 1408 }, 10)).toBe(0.977); // 11 users' CPCAR, 10 tenants left
    expect(ppsOfArpCpcar({ cirKbps: 5, cbs: undefined }, 11)).toBe(0.888);
    expect(ppsOfArpCpcar({ cirKbps: 64, cbs: 1000 }, 6)).toBe(20.833);
  });
});

describe('render → parse of the ARP CPCAR (controlPlane: agent only)', () => {
  it('the rich device (11 users) on an empty box: ARP and ICMP in the agent\'s policy, bound to both boards; reads back as the intent; re-render changes nothing', () => {
    const { intent, scope: s } = rich('huawei-vrp');
    expect(intent.controlPlane).toBe('agent');
    const data = reply([], [['9'], ['10']]);
    const edit = driver.render(intent, NO_REMOVALS, driver.parse(data, s));
    expect(arpCar(edit)).toEqual([['protocol-name', 'arp'], ['cir', '5'], ['cbs', '1408']]);
    expect(find(edit, 'cpcar-protocol-name', 'arp')?.attributes).toEqual([{ name: 'operation', namespace: NS_BASE, value: 'replace' }]);
    expect(boundBoards(edit)).toEqual(['9→30', '10→30']);
    const after = applied(data, edit);
    const seen = driver.parse(after, s);
    expect(seen.arp).toEqual({ ppsPerSource: 1 });
    expect(seen.icmp).toEqual({ pps: 1000 });
    expect(serialize(applied(after, driver.render(intent, NO_REMOVALS, seen)))).toBe(serialize(after));
  });

  it('round-trips with 1 user (1 kbit/s, 128 bytes) and with 6 users (3 kbit/s, 768 bytes)', () => {
    for (const [users, cir, cbs] of [[1, '1', '128'], [6, '3', '768']] as const) {
      const { intent, scope: s } = richWith(users);
      expect(intent.arp).toEqual({ ppsPerSource: 1, users });
      const data = reply([], [['9']]);
      const edit = driver.render(intent, NO_REMOVALS, driver.parse(data, s));
      expect(arpCar(edit)).toEqual([['protocol-name', 'arp'], ['cir', cir], ['cbs', cbs]]);
      expect(driver.parse(applied(data, edit), s).arp).toEqual({ ppsPerSource: 1 });
    }
  });

  it('the recorded netconfd reply reads back as the rich intent\'s 1 pps per user', () => {
    const { scope: s } = rich('huawei-vrp');
    expect(driver.parse(recorded('huawei-vrp', 'rich-running.xml'), s).arp).toEqual({ ppsPerSource: 1 });
    expect(driver.parse(recorded('huawei-vrp', 'rich-after-removal.xml'), s).arp).toEqual({ ppsPerSource: 1 });
  });

  it('a tenant more: the re-render resizes the CPCAR; the old size with the new tenant count reads as drift', () => {
    const six = richWith(6);
    const seven = richWith(7);
    const data = reply([], [['9']]);
    const after = applied(data, driver.render(six.intent, NO_REMOVALS, driver.parse(data, six.scope)));
    expect(driver.parse(after, seven.scope).arp).toEqual({ ppsPerSource: 1 });
    const grown = applied(after, driver.render(seven.intent, NO_REMOVALS, driver.parse(after, seven.scope)));
    expect(arpCar(grown)).toEqual([['protocol-name', 'arp'], ['cir', '3'], ['cbs', '896']]);
    expect(driver.parse(grown, seven.scope).arp).toEqual({ ppsPerSource: 1 });
    expect(ppsOfArpCpcar({ cirKbps: 3, cbs: 768 }, 7)).toBe(0.837);
  });

  it('without controlPlane: agent no ARP CPCAR is written, the plan reports the gap, and one the agent wrote before is removed', () => {
    const { intent, scope: s } = rich('huawei-vrp');
    const operator: DeviceIntent = { ...intent, controlPlane: 'operator' };
    const data = reply([], [['9']]);
    expect(find(driver.render(operator, NO_REMOVALS, driver.parse(data, s)), 'cpcar-protocol-name', 'arp')).toBeUndefined();
    expect(unexpressibleOf(driver.capabilities, operator)).toEqual([{ feature: 'arp-rate-limit', reason: expect.stringMatching(/does not let the agent own its control-plane policy.*cpcar-protocol-name arp/) }]);
    expect(unexpressibleOf(driver.capabilities, intent)).toEqual([]);
    // Held from when it was allowed: parse shows it (the plan removes it), render removes it.
    const held = applied(data, driver.render(intent, NO_REMOVALS, driver.parse(data, s)));
    const seen = driver.parse(held, s);
    expect(seen.arp).toEqual({ ppsPerSource: 1 });
    const edit = driver.render(operator, NO_REMOVALS, seen);
    expect(removalPaths(edit)).toEqual(['/config/cpudefend/policys/policy[30]/cpcar-protocol-names/cpcar-protocol-name[arp]']);
    const after = driver.parse(applied(held, edit), s);
    expect(after.arp).toBeNull();
    expect(after.icmp).toEqual({ pps: 1000 });
    expect(find(driver.render(operator, NO_REMOVALS, after), 'cpcar-protocol-name', 'arp')).toBeUndefined();
  });

  it('the ARP CPCAR goes with the last tenant (ICMP stays), and refuses a copy of `existing` like ICMP', () => {
    const { intent, scope: s } = rich('huawei-vrp');
    const data = reply([], [['9']]);
    const held = applied(data, driver.render(intent, NO_REMOVALS, driver.parse(data, s)));
    const seen = driver.parse(held, s);
    const none = driver.render({ ...intent, subinterfaces: [], policers: [], arp: null, icmp: null }, NO_REMOVALS, seen);
    expect(removalPaths(none)).toEqual(['/config/cpudefend/policys/policy[30]/cpcar-protocol-names/cpcar-protocol-name[arp]']);
    expect(find(none, 'devm')).toBeUndefined();
    expect(() => driver.render({ ...intent, icmp: null }, NO_REMOVALS, { ...seen })).toThrow(expect.objectContaining({ code: 'NOT_OWNED' }));
  });
});

describe('ownership of the cpu-defend policy and of the board bindings', () => {
  it('takes the highest free id when the operator holds 30, and never writes the operator\'s policy', () => {
    const data = reply([{ id: 30, description: 'operator CPU protection', icmpKbps: 128 }], [['9']]);
    const edit = driver.render(icmpOnly(1000), NO_REMOVALS, driver.parse(data, scope));
    expect(policyIds(edit)).toEqual(['29']);
    expect(boundBoards(edit)).toEqual(['9→29']);
    const after = applied(data, edit);
    expect(serialize(find(after, 'policy', '30') as XmlElement)).toBe(serialize(find(data, 'policy', '30') as XmlElement));
  });

  it('finds its own policy by the ownership prefix at any id', () => {
    const data = reply([{ id: 7, description: 'ecpa:icmp-cpcar', icmpKbps: 600 }, { id: 30, description: 'operator' }], [['9', 7]]);
    expect(driver.parse(data, scope).icmp).toEqual({ pps: 585 });
    expect(policyIds(driver.render(icmpOnly(1000), NO_REMOVALS, driver.parse(data, scope)))).toEqual(['7']);
  });

  it('never rebinds a board that applies the operator\'s policy (a board takes one policy)', () => {
    const data = reply([{ id: 5, description: 'operator CoPP', icmpKbps: 4000 }], [['9', 5], ['10']]);
    const edit = driver.render(icmpOnly(1000), NO_REMOVALS, driver.parse(data, scope));
    expect(boundBoards(edit)).toEqual(['10→30']);
    const seen = driver.parse(applied(data, edit), scope);
    // Converged: the agent holds what it may hold; MPU 9 stays on policy 5 (limits() reports it).
    expect(seen.icmp).toEqual({ pps: 1000 });
  });

  it('refuses (NOT_OWNED) when every policy id is the operator\'s, before writing anything', () => {
    const all30 = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, description: `op ${i + 1}` }));
    const seen = driver.parse(reply(all30, [['9']]), scope);
    expect(() => driver.render(icmpOnly(1000), NO_REMOVALS, seen)).toThrow(DriverError);
    expect(() => driver.render(icmpOnly(1000), NO_REMOVALS, seen)).toThrow(expect.objectContaining({ code: 'NOT_OWNED', message: expect.stringMatching(/every cpu-defend policy id \(1\.\.30\).*refusing to overwrite/) }));
  });

  it('an intent without ICMP writes no cpu-defend part', () => {
    const edit = driver.render({ ...icmpOnly(1000), icmp: null }, NO_REMOVALS, driver.parse(reply([], [['9']]), scope));
    expect(edit.children).toEqual([]);
  });
});

describe('limits', () => {
  const limitsOf = (data: XmlElement, s: ParseScope = scope): DeviceLimits => {
    const l = driver.limits?.(data, s);
    if (l === undefined) throw new Error('huawei-vrp has no limits()');
    return l;
  };

  it('an operator CPCAR of 128 kbit/s on an MPU board is a 125 pps limit (below the 500 pps floor), with its path', () => {
    const l = limitsOf(reply([{ id: 1, description: 'operator CPU protection', icmpKbps: 128 }], [['9', 1]]));
    expect(l.icmp).toEqual([{
      pps: 125,
      scope: 'control-plane, MPU board 9',
      origin: 'configured',
      source: "cpudefend/policys/policy[id=1]/cpcar-protocol-names/cpcar-protocol-name[icmp]/cir (the operator's policy; bound by devm/mpu-boards/mpu-board[9]/cpudefend/policy-id)",
      note: '128 kbit/s converted at 128 bytes per echo request: 125 pps (rounded down)',
    }]);
    expect(l.icmp.every((x) => x.pps <= 500)).toBe(true);
    expect(l.icmpCoverage.complete).toBe(true);
  });

  it('lists every applied policy\'s ICMP CPCAR, the agent\'s and the operator\'s, and leaves out one no board applies', () => {
    const l = limitsOf(reply([
      { id: 1, description: 'operator', icmpKbps: 128 },
      { id: 2, description: 'operator spare', icmpKbps: 64 },
      { id: 30, description: 'ecpa:icmp-cpcar', icmpKbps: 1024 },
    ], [['9', 30], ['10', 1], ['11', 30]]));
    expect(l.icmp.map((x) => [x.pps, x.scope])).toEqual([[125, 'control-plane, MPU board 10'], [1000, 'control-plane, MPU board 9, 11']]);
    expect(l.icmp[1]?.source).toContain("the agent's policy");
    expect(l.icmpCoverage).toEqual({ complete: true, note: expect.stringContaining('every MPU board applies a cpu-defend policy with an explicit ICMP CPCAR') });
  });

  it('is incomplete where the default ICMP CPCAR applies: a board without a policy, a policy without an ICMP CPCAR, no board in the reply', () => {
    const unbound = limitsOf(reply([{ id: 30, description: 'ecpa:icmp-cpcar', icmpKbps: 1024 }], [['9', 30], ['10']]));
    expect(unbound.icmpCoverage).toEqual({ complete: false, reason: expect.stringMatching(/MPU board 10 applies no cpu-defend policy.*gives no default ICMP CPCAR/) });
    const noIcmp = limitsOf(reply([{ id: 1, description: 'operator' }], [['9', 1]]));
    expect(noIcmp.icmp).toEqual([]);
    expect(noIcmp.icmpCoverage).toEqual({ complete: false, reason: expect.stringMatching(/policy 1 \(the operator's policy, MPU board 9\) sets no ICMP CPCAR rate/) });
    const noBoards = limitsOf(reply([{ id: 30, description: 'ecpa:icmp-cpcar', icmpKbps: 1024 }], []));
    expect(noBoards.icmp).toEqual([]);
    expect(noBoards.icmpCoverage).toEqual({ complete: false, reason: expect.stringMatching(/lists no MPU board.*policies with an ICMP CPCAR: 30 \(1024 kbit\/s\)/) });
  });

  it('is incomplete when an applied policy can classify ICMP elsewhere (user-defined flows, ACL lists, a total CAR)', () => {
    const extra = `<user-defined-flows><user-defined-flow><flow-id>3</flow-id><ipv4-acl-number>3001</ipv4-acl-number></user-defined-flow></user-defined-flows>` +
      `<total-car><cpu-defend-total-car><value>8000</value></cpu-defend-total-car></total-car>`;
    const l = limitsOf(reply([{ id: 1, description: 'operator', icmpKbps: 2048, extra }], [['9', 1]]));
    expect(l.icmp.map((x) => x.pps)).toEqual([2000]);
    expect(l.icmpCoverage).toEqual({ complete: false, reason: expect.stringMatching(/user-defined flow 3 \(ACL-classified\).*total-car value 8000/) });
  });

  it('reads the per-interface rates of packets to the CPU (pps) on the managed ports', () => {
    const ifm = `<ifm xmlns="urn:huawei:yang:huawei-ifm"><interfaces>
      <interface><name>GigabitEthernet0/3/1</name><cpudefend ${CD}><cp-rate-limit>
        <ports><general><protocols><protocol><protocol-type>icmp</protocol-type><cir>300</cir></protocol><protocol><protocol-type>dhcp</protocol-type><cir>100</cir></protocol></protocols></general>
        <dot1q-terminations><dot1q-termination><vlan-begin>100</vlan-begin><vlan-end>200</vlan-end><port><cir>2000</cir></port></dot1q-termination></dot1q-terminations></ports>
        <enhance><protocols><protocol><protocol-type>icmp</protocol-type><cir>800</cir></protocol></protocols></enhance>
      </cp-rate-limit></cpudefend></interface>
      <interface><name>GigabitEthernet0/9/9</name><cpudefend ${CD}><cp-rate-limit><ports><general><port><cir>50</cir></port></general></ports></cp-rate-limit></cpudefend></interface>
    </interfaces></ifm>`;
    const l = limitsOf(reply([{ id: 1, description: 'operator', icmpKbps: 2048 }], [['9', 1]], ifm));
    expect(l.icmp.map((x) => [x.pps, x.scope, x.source])).toEqual([
      [2000, 'control-plane, MPU board 9', expect.stringContaining('policy[id=1]')],
      [300, 'interface GigabitEthernet0/3/1', 'ifm/interfaces/interface[GigabitEthernet0/3/1]/cpudefend/cp-rate-limit/ports/general/protocols/protocol[icmp]/cir'],
      [2000, 'interface GigabitEthernet0/3/1 dot1q VLAN 100-200, every protocol', 'ifm/interfaces/interface[GigabitEthernet0/3/1]/cpudefend/cp-rate-limit/ports/dot1q-terminations/dot1q-termination[100-200]/port/cir'],
      [800, 'interface GigabitEthernet0/3/1 and its subinterfaces', 'ifm/interfaces/interface[GigabitEthernet0/3/1]/cpudefend/cp-rate-limit/enhance/protocols/protocol[icmp]/cir'],
    ]);
  });

  it('without an ARP CPCAR: no ARP limit, and the coverage says why (default CPCAR, huawei-arp unpublished, controlPlane: agent)', () => {
    const l = limitsOf(reply([], [['9']]));
    expect(l.arp).toEqual([]);
    expect(l.arpCoverage).toEqual({
      complete: false,
      reason: expect.stringMatching(/^MPU board 9 applies no cpu-defend policy, so its default ARP CPCAR applies.*not in the configuration.*huawei-arp-deviations-NE8000M8M14.*controlPlane: agent/),
    });
    const icmpOnlyPolicy = limitsOf(reply([{ id: 30, description: 'ecpa:icmp-cpcar', icmpKbps: 1024 }], [['9', 30]]));
    expect(icmpOnlyPolicy.arp).toEqual([]);
    expect(icmpOnlyPolicy.arpCoverage?.reason).toMatch(/^cpu-defend policy 30 \(the agent's policy, MPU board 9\) sets no ARP CPCAR rate/);
  });

  it('reports the ARP CPCAR of every applied policy, the agent\'s and the operator\'s, as an aggregate in pps at 512 bit per frame (unrounded)', () => {
    const l = limitsOf(reply([
      { id: 1, description: 'operator', icmpKbps: 2048, arp: [64] },
      { id: 2, description: 'operator spare', arp: [1] },
      { id: 30, description: 'ecpa:icmp-cpcar', icmpKbps: 1024, arp: [3, 768] },
    ], [['9', 30], ['10', 1]]));
    expect(l.arp).toEqual([
      {
        scope: 'aggregate',
        pps: 125,
        source: "cpudefend/policys/policy[id=1]/cpcar-protocol-names/cpcar-protocol-name[arp]/cir (the operator's policy; bound by devm/mpu-boards/mpu-board[10]/cpudefend/policy-id; " +
          'ARP to the CPU of MPU board 10): 64 kbit/s = 125 pps of ARP in total at 512 bit per frame (64-byte minimum Ethernet frame; unrounded: a cap); a box counting fewer bytes per frame lets a little more through',
      },
      { scope: 'aggregate', pps: 5.859375, source: expect.stringMatching(/^cpudefend\/policys\/policy\[id=30\]\/cpcar-protocol-names\/cpcar-protocol-name\[arp\]\/cir \(the agent's policy; .*3 kbit\/s = 5\.859375 pps/) },
    ]);
    // One 1 kbit/s CPCAR is 1.95 pps: never rounded down to look like 1 pps.
    expect(limitsOf(reply([{ id: 30, description: 'ecpa:icmp-cpcar', arp: [1, 128] }], [['9', 30]])).arp.map((x) => x.pps)).toEqual([1.953125]);
  });

  it('the recorded netconfd reply: the agent\'s 1000 pps on MPU 9, the operator\'s 125 pps on MPU 10; the agent\'s ARP CPCAR of 5 kbit/s for 11 users', () => {
    const { scope: s } = rich('huawei-vrp');
    const l = limitsOf(recorded('huawei-vrp', 'rich-running.xml'), s);
    expect(l.icmp.map((x) => [x.pps, x.scope])).toEqual([[125, 'control-plane, MPU board 10'], [1000, 'control-plane, MPU board 9']]);
    expect(l.icmpCoverage.complete).toBe(true);
    // The operator's policy 1 (MPU 10) sets no ARP CPCAR: that board's default applies (said in the coverage).
    expect(l.arp.map((x) => [x.scope, x.pps])).toEqual([['aggregate', 9.765625]]);
    expect(l.arp[0]?.source).toMatch(/policy\[id=30\].*the agent's policy.*MPU board 9/);
    expect(l.arpCoverage?.reason).toMatch(/cpu-defend policy 1 \(the operator's policy, MPU board 10\) sets no ARP CPCAR rate/);
  });

  it('names the path of a rate that is not a number', () => {
    const bad = parseXml(`<data xmlns="${NS_BASE}"><cpudefend ${CD}><policys><policy><id>4</id><cpcar-protocol-names><cpcar-protocol-name><protocol-name>icmp</protocol-name><cir>lots</cir></cpcar-protocol-name></cpcar-protocol-names></policy></policys></cpudefend></data>`);
    expect(() => limitsOf(bad)).toThrow(/cpudefend\/policys\/policy\[id=4\]\/cpcar-protocol-names\/cpcar-protocol-name\[icmp\]\/cir: 'lots' is not an unsigned integer/);
    expect(() => driver.parse(bad, scope)).toThrow(expect.objectContaining({ code: 'PARSE_FAILED' }));
  });
});

describe('filter and capabilities', () => {
  it('asks for every cpu-defend policy (not only the agent\'s) and the MPU boards', () => {
    const f = driver.filter(scope);
    const cpudefend = f.children.find((c) => c.name === 'cpudefend');
    expect(cpudefend?.namespace).toBe(HW_CPUDEFEND);
    expect(cpudefend?.children.map((c) => [c.name, c.children.length])).toEqual([['policys', 0]]);
    const devm = f.children.find((c) => c.name === 'devm');
    expect(devm?.namespace).toBe(HW_DEVM);
    expect(devm?.children.map((c) => [c.name, c.children.length])).toEqual([['mpu-boards', 0]]);
  });

  it('declares ICMP explicit, and ARP aggregate only with the control plane, saying why per-source is not offered', () => {
    expect(driver.capabilities.icmpLimit.level).toBe('explicit');
    expect(driver.capabilities.icmpLimit.reason).toMatch(/cpu-defend policy.*128-byte echo requests.*MPU board/);
    expect(driver.capabilities.icmpLimit.needsControlPlane).toBeUndefined();
    expect(driver.capabilities.arpRateLimit.level).toBe('aggregate');
    expect(driver.capabilities.arpRateLimit.needsControlPlane).toBe(true);
    expect(driver.capabilities.arpRateLimit.reason).toMatch(/controlPlane: agent.*cpcar-protocol-name arp.*1\.95 pps.*caps ALL ARP.*uplink neighbours.*per-source limit is not offered.*huawei-arp module is not published/);
  });
});
