import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '../../../../config/agent/model.js';
import { buildIntents, burstBytesFor, checkIntentSettings, type IntentSettings } from '../../../../policies/intent/build.js';
import { IntentError } from '../../../../policies/intent/errors.js';
import type { DeviceIntent } from '../../../../policies/intent/model.js';
import type { Ledger, SharedPort, SharedPortStatus } from '../../../../policies/ledger/model.js';

const push: IntentSettings = { arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa:' };
const devices: DeviceConfig[] = [
  { id: 'sw1', address: '192.0.2.10', platform: 'huawei-vrp', autoApply: false },
  { id: 'acc1', address: '192.0.2.11', platform: 'cisco-iosxe', autoApply: false },
  { id: 'idle', address: '192.0.2.12', platform: 'junos', autoApply: false },
];

function port(id: string, vlan: number, status: SharedPortStatus = 'enabled', over: Partial<SharedPort> = {}): SharedPort {
  return {
    id, tenant: '1234567890123456', circuitId: 'pc-c1', vlan, bandwidth: { spec: '100M', bps: 100e6 }, status,
    attachment: { device: 'sw1', port: 'GigabitEthernet0/3/1' }, attachmentExplicit: false, ...over,
  };
}

function ledger(...sharedPorts: SharedPort[]): Ledger {
  return {
    partner: { name: 'p', site: 'china' },
    accessPoints: [{ id: 'ap-1' }],
    circuits: [
      { id: 'pc-c1', accessPointId: 'ap-1', bandwidth: { spec: '10G', bps: 1e10 }, device: 'sw1', port: 'GigabitEthernet0/3/1' },
      { id: 'pc-c2', accessPointId: 'ap-1', bandwidth: { spec: '10G', bps: 1e10 }, device: 'sw1', port: 'GigabitEthernet0/3/2' },
    ],
    sharedPorts,
  };
}

function intentOf(l: Ledger, id = 'sw1', settings = push): DeviceIntent {
  const found = buildIntents(l, devices, settings).find((d) => d.device === id);
  if (found === undefined) throw new Error(`no intent for ${id}`);
  return found;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof IntentError) return e.problems.map((p) => `${p.code} ${p.where}`);
    throw e;
  }
  return [];
}

describe('buildIntents: subinterfaces', () => {
  it.each([
    { name: 'VLAN 0 is the routed main interface', vlan: 0, status: 'enabled', enabled: true },
    { name: 'VLAN 1', vlan: 1, status: 'enabled', enabled: true },
    { name: 'VLAN 2999 (highest)', vlan: 2999, status: 'enabled', enabled: true },
    { name: 'pending-acceptance: configured, down', vlan: 10, status: 'pending-acceptance', enabled: false },
    { name: 'accepted: configured, down', vlan: 10, status: 'accepted', enabled: false },
    { name: 'terminating: down', vlan: 10, status: 'terminating', enabled: false },
    { name: 'terminated: down', vlan: 10, status: 'terminated', enabled: false },
  ] as const)('$name', ({ vlan, status, enabled }) => {
    const i = intentOf(ledger(port('pc-a', vlan, status)));
    expect(i.subinterfaces).toEqual([{
      ref: { sharedPortId: 'pc-a', tenant: '1234567890123456', circuitId: 'pc-c1', vlan, status },
      port: 'GigabitEthernet0/3/1', vlan, description: 'ecpa:pc-a tenant=1234567890123456', enabled, statistics: true,
    }]);
    expect(i.policers).toHaveLength(1);
  });

  it('removes a deleted port (absent from the intent)', () => {
    const i = intentOf(ledger(port('pc-a', 10, 'deleted')));
    expect(i.subinterfaces).toEqual([]);
    expect(i.policers).toEqual([]);
    expect(i.arp).toBeNull();
    expect(i.icmp).toBeNull();
  });

  it('sorts by port then VLAN and keeps every configured device', () => {
    const all = buildIntents(ledger(port('pc-b', 20), port('pc-a', 300), port('pc-c', 5, 'enabled', { circuitId: 'pc-c2' })), devices, push);
    expect(all.map((d) => d.device)).toEqual(['acc1', 'idle', 'sw1']);
    const sw1 = all[2];
    expect(sw1?.subinterfaces.map((s) => `${s.port}.${s.vlan}`)).toEqual(['GigabitEthernet0/3/1.20', 'GigabitEthernet0/3/1.300', 'GigabitEthernet0/3/2.5']);
    expect(all[1]).toEqual({ device: 'idle', platform: 'junos', ownershipPrefix: 'ecpa:', subinterfaces: [], policers: [], arp: null, icmp: null, controlPlane: 'operator' });
  });

  it('appends the ledger note to the description, without control characters, cut at 200', () => {
    const note = `Acme & <Sons> "x"\tÜ北${'z'.repeat(300)}`;
    const [s] = intentOf(ledger(port('pc-a', 10, 'enabled', { description: note }))).subinterfaces;
    expect(s?.description.startsWith('ecpa:pc-a tenant=1234567890123456 Acme & <Sons> "x" Ü北zz')).toBe(true);
    expect([...(s?.description ?? '')]).toHaveLength(200);
  });

  it('uses the configured ownership prefix', () => {
    const [s] = intentOf(ledger(port('pc-a', 10)), 'sw1', { ...push, ownershipPrefix: 'acme-' }).subinterfaces;
    expect(s?.description).toBe('acme-pc-a tenant=1234567890123456');
  });
});

describe('buildIntents: policer, ARP and ICMP placement', () => {
  it('default attachment: policer on the tenant subinterface, bandwidth in bit/s, 100 ms burst', () => {
    const i = intentOf(ledger(port('pc-a', 10)));
    expect(i.policers).toEqual([{
      ref: expect.objectContaining({ sharedPortId: 'pc-a' }), owner: 'pc-a', rateBps: 100e6, burstBytes: 1_250_000,
      at: { port: 'GigabitEthernet0/3/1', vlan: 10 },
    }]);
    expect(i.arp).toEqual({ ppsPerSource: 1, users: 1 });
    expect(i.icmp).toEqual({ pps: 1000 });
  });

  it('attachment elsewhere: subinterface on the circuit device, policer and ARP on the access device', () => {
    const all = buildIntents(ledger(port('pc-a', 10, 'enabled', { attachment: { device: 'acc1', port: 'GigabitEthernet0/0/7' }, attachmentExplicit: true })), devices, push);
    const [acc1, , sw1] = all;
    expect(sw1?.subinterfaces.map((s) => s.vlan)).toEqual([10]);
    expect(sw1?.policers).toEqual([]);
    expect(sw1?.arp).toBeNull();
    expect(sw1?.icmp).toEqual({ pps: 1000 });
    expect(acc1?.subinterfaces).toEqual([]);
    expect(acc1?.policers.map((p) => p.at)).toEqual([{ port: 'GigabitEthernet0/0/7', vlan: 0 }]);
    expect(acc1?.arp).toEqual({ ppsPerSource: 1, users: 1 });
    expect(acc1?.icmp).toEqual({ pps: 1000 });
  });

  it('ARP counts the users attached to the device (every non-deleted shared port, any other status too), not those of its circuits', () => {
    const elsewhere = { attachment: { device: 'acc1', port: 'GigabitEthernet0/0/7' }, attachmentExplicit: true };
    const all = buildIntents(ledger(
      port('pc-a', 10), port('pc-b', 11, 'pending-acceptance'), port('pc-c', 12, 'terminated'), port('pc-d', 13, 'deleted'),
      port('pc-e', 14, 'enabled', elsewhere),
    ), devices, { ...push, arpPpsPerUser: 2 });
    expect(all.find((d) => d.device === 'sw1')?.arp).toEqual({ ppsPerSource: 2, users: 3 });
    expect(all.find((d) => d.device === 'acc1')?.arp).toEqual({ ppsPerSource: 2, users: 1 });
  });

  it("carries the device's control-plane owner (default operator) and nothing about how a platform uses it", () => {
    const withAgent: DeviceConfig[] = devices.map((d) => (d.id === 'sw1' ? { ...d, controlPlane: 'agent' } : d.id === 'acc1' ? { ...d, controlPlane: 'operator' } : d));
    const all = buildIntents(ledger(port('pc-a', 10)), withAgent, push);
    expect(all.map((d) => [d.device, d.controlPlane])).toEqual([['acc1', 'operator'], ['idle', 'operator'], ['sw1', 'agent']]);
    // The same limits whoever owns the control plane: the intent says what, the driver decides how.
    const sw1 = all.find((d) => d.device === 'sw1');
    expect(sw1 === undefined ? undefined : { ...sw1, controlPlane: 'operator' }).toEqual(intentOf(ledger(port('pc-a', 10))));
  });

  it('explicit attachment on the circuit device: the named port as a whole', () => {
    const i = intentOf(ledger(port('pc-a', 10, 'enabled', { attachment: { device: 'sw1', port: 'GigabitEthernet0/3/9' }, attachmentExplicit: true })));
    expect(i.policers.map((p) => p.at)).toEqual([{ port: 'GigabitEthernet0/3/9', vlan: 0 }]);
  });

  it.each([
    { bps: 50e6, burst: 625_000 },
    { bps: 1e9, burst: 12_500_000 },
    { bps: 10e9, burst: 125_000_000 },
  ])('burst of $bps bit/s is $burst bytes', ({ bps, burst }) => {
    expect(burstBytesFor(bps)).toBe(burst);
  });
});

describe('buildIntents: refusals', () => {
  it.each([
    { icmp: 500, code: 'ICMP_LIMIT_TOO_LOW' },
    { icmp: 1, code: 'ICMP_LIMIT_TOO_LOW' },
    { icmp: 0, code: 'ICMP_LIMIT_TOO_LOW' },
    { icmp: 500.5, code: 'ICMP_LIMIT_INVALID' },
    { icmp: -1, code: 'ICMP_LIMIT_INVALID' },
  ])('ICMP limit $icmp pps is refused ($code)', ({ icmp, code }) => {
    expect(problemsOf(() => buildIntents(ledger(), devices, { ...push, icmpLimitPps: icmp }))).toEqual([`${code} push.icmpLimitPps`]);
  });

  it('ICMP floor: 501 pps is accepted; the error message names the floor', () => {
    expect(intentOf(ledger(port('pc-a', 1)), 'sw1', { ...push, icmpLimitPps: 501 }).icmp).toEqual({ pps: 501 });
    expect(() => buildIntents(ledger(), devices, { ...push, icmpLimitPps: 400 })).toThrow(/at or below the partner floor of 500 pps/);
  });

  it.each([0, 1001, 0.5])('ARP limit %s pps is refused', (arp) => {
    expect(problemsOf(() => buildIntents(ledger(), devices, { ...push, arpPpsPerUser: arp }))).toEqual(['ARP_LIMIT_INVALID push.arpPpsPerUser']);
  });

  it.each(['', '1ecpa', 'ecpa pfx', 'x'.repeat(17), 'ecpa<']) ('ownership prefix %j is refused', (prefix) => {
    expect(problemsOf(() => buildIntents(ledger(), devices, { ...push, ownershipPrefix: prefix }))).toEqual(['OWNERSHIP_PREFIX_INVALID push.ownershipPrefix']);
  });

  it('lists every ledger problem at once', () => {
    const problems = problemsOf(() => buildIntents(ledger(
      port('pc-a', 3000),
      port('pc-b', 10, 'enabled', { circuitId: 'pc-nope' }),
      port('pc-c', 11, 'enabled', { attachment: { device: 'ghost', port: 'x' }, attachmentExplicit: true }),
      port('pc-d', 12), port('pc-e', 12),
      port('pc-f', 0, 'enabled', { circuitId: 'pc-c2' }), port('pc-g', 7, 'enabled', { circuitId: 'pc-c2' }),
    ), devices, push));
    expect(problems).toEqual([
      'VLAN_OUT_OF_RANGE sharedPorts[pc-a]',
      'UNKNOWN_CIRCUIT sharedPorts[pc-b]',
      'UNKNOWN_DEVICE sharedPorts[pc-c]',
      'DUPLICATE_OBJECT sharedPorts[pc-e]',
      'VLAN_ZERO_SHARED sharedPorts[pc-f]',
    ]);
  });

  it('two explicit attachments on one access port are refused (one policy per attachpoint)', () => {
    const at = { attachment: { device: 'acc1', port: 'GigabitEthernet0/0/7' }, attachmentExplicit: true };
    expect(problemsOf(() => buildIntents(ledger(port('pc-a', 10, 'enabled', at), port('pc-b', 11, 'enabled', at)), devices, push)))
      .toEqual(['DUPLICATE_OBJECT sharedPorts[pc-b]']);
  });

  it('the error carries a stable code and names the known devices', () => {
    try {
      buildIntents(ledger(port('pc-c', 11, 'enabled', { attachment: { device: 'ghost', port: 'x' }, attachmentExplicit: true })), devices, push);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IntentError);
      expect((e as IntentError).code).toBe('INTENT_INVALID');
      expect((e as IntentError).message).toMatch(/device 'ghost' is not in the agent config \(known: sw1, acc1, idle\)/);
    }
  });

  it('checkIntentSettings returns nothing for valid settings', () => {
    expect(checkIntentSettings(push)).toEqual([]);
  });
});
