import { describe, expect, it } from 'vitest';
import { aliasNames, aliasTokens, expectedInterfaceNames, matchSharedPorts } from '../../../../agent/telemetry/match.js';
import type { Ledger, SharedPort } from '../../../../policies/ledger/model.js';
import { referenceAliasNames, referenceMatchSharedPorts } from '../../../support/match-reference.js';

const sp = (id: string, vlan: number, over: Partial<SharedPort> = {}): SharedPort => ({
  id,
  tenant: '1234567890123456',
  circuitId: 'pc-circuit1',
  vlan,
  bandwidth: { spec: '100M', bps: 1e8 },
  status: 'enabled',
  attachment: { device: 'sw1', port: 'GigabitEthernet0/0/1' },
  attachmentExplicit: false,
  ...over,
});

const ledger = (ports: SharedPort[]): Ledger => ({
  partner: { name: 'p', site: 'china' },
  accessPoints: [{ id: 'ap-cn-hangzhou-yh-A' }],
  circuits: [{ id: 'pc-circuit1', accessPointId: 'ap-cn-hangzhou-yh-A', bandwidth: { spec: '10G', bps: 1e10 }, device: 'sw1', port: 'GigabitEthernet0/0/1' }],
  sharedPorts: ports,
});

describe('expectedInterfaceNames', () => {
  it.each([
    ['huawei-vrp', 'GigabitEthernet0/0/1', 101, ['GigabitEthernet0/0/1.101']],
    ['cisco-iosxe', 'GigabitEthernet0/0/1', 101, ['GigabitEthernet0/0/1.101']],
    ['junos', 'xe-0/0/1', 101, ['xe-0/0/1.101']],
    ['openconfig', 'eth1', 7, ['eth1.7']],
    ['huawei-vrp', 'GigabitEthernet0/0/1', 0, ['GigabitEthernet0/0/1']],
    ['junos', 'xe-0/0/1', 0, ['xe-0/0/1.0', 'xe-0/0/1']],
  ] as const)('%s %s vlan %s → %j', (platform, port, vlan, want) => {
    expect(expectedInterfaceNames(platform, port, vlan)).toEqual(want);
  });
});

describe('matchSharedPorts', () => {
  const ifs = [
    { ifIndex: 10, name: 'Gi0/0/1', descr: 'GigabitEthernet0/0/1', alias: 'uplink' },
    { ifIndex: 11, name: 'Gi0/0/1.101', descr: 'GigabitEthernet0/0/1.101', alias: '' },
    { ifIndex: 12, name: 'Gi0/0/1.202', descr: 'GigabitEthernet0/0/1.202', alias: 'ecpa: pc-b tenant 99' },
    { ifIndex: 13, name: 'Gi0/0/1.303', descr: 'GigabitEthernet0/0/1.303', alias: 'ecpa: pc-c' },
  ];

  it('matches by name convention (via ifDescr where ifName is abbreviated) and by the agent description', () => {
    const r = matchSharedPorts(ledger([sp('pc-a', 101), sp('pc-b', 999), sp('pc-z', 0)]), 'sw1', 'cisco-iosxe', ifs);
    expect(r.bindings.map((b) => [b.sharedPortId, b.ifIndex, b.matchedBy])).toEqual([
      ['pc-a', 11, 'name'],
      ['pc-b', 12, 'description'],
      ['pc-z', 10, 'name'],
    ]);
    expect(r.bindings[0]).toMatchObject({ tenant: '1234567890123456', vlan: 101, circuitId: 'pc-circuit1', device: 'sw1', role: 'circuit' });
  });

  it('reports what it expected for an unmatched shared port, and ignores deleted ones and other devices', () => {
    const r = matchSharedPorts(ledger([sp('pc-q', 555), sp('pc-d', 101, { status: 'deleted' })]), 'sw1', 'huawei-vrp', ifs);
    expect(r.unmatched).toEqual([{ sharedPortId: 'pc-q', expected: ['GigabitEthernet0/0/1.555'] }]);
    expect(matchSharedPorts(ledger([sp('pc-a', 101)]), 'sw2', 'huawei-vrp', ifs).bindings).toEqual([]);
  });

  it('only accepts descriptions that start with the ownership prefix and name the id as a whole word', () => {
    expect(aliasNames('ecpa: pc-b tenant 99', 'pc-b', 'ecpa:')).toBe(true);
    expect(aliasNames('ecpa:sp=pc-b;vlan=202', 'pc-b', 'ecpa:')).toBe(true);
    expect(aliasNames('ecpa: pc-bb', 'pc-b', 'ecpa:')).toBe(false);
    expect(aliasNames('customer pc-b', 'pc-b', 'ecpa:')).toBe(false);
  });
});

describe('matchSharedPorts edges of the alias and name indexes', () => {
  // The circuit lands on Gi0/0/1 of sw1 here, so the conventional names are Gi0/0/1.<vlan>.
  const gi = (ports: SharedPort[]): Ledger => ({
    ...ledger(ports.map((p) => (p.attachmentExplicit ? p : { ...p, attachment: { device: 'sw1', port: 'Gi0/0/1' } }))),
    circuits: [{ id: 'pc-circuit1', accessPointId: 'ap-cn-hangzhou-yh-A', bandwidth: { spec: '10G', bps: 1e10 }, device: 'sw1', port: 'Gi0/0/1' }] });
  const r = (ports: SharedPort[], ifs: { ifIndex: number; name: string; descr: string; alias: string }[], platform: 'cisco-iosxe' | 'junos' = 'cisco-iosxe') =>
    matchSharedPorts(gi(ports), 'sw1', platform, ifs).bindings.map((b) => [b.sharedPortId, b.ifIndex, b.matchedBy, b.role]);

  it('does not bind an id to an alias naming a longer id it is a prefix of', () => {
    const ifs = [
      { ifIndex: 1, name: 'Gi0/0/1.7', descr: '', alias: 'ecpa:pc-bb tenant=1' },
      { ifIndex: 2, name: 'Gi0/0/1.8', descr: '', alias: 'ecpa:pc-b tenant=1' },
    ];
    // pc-bb's VLAN has no subinterface by name: only its description can bind it, to ifIndex 1.
    expect(r([sp('pc-b', 100), sp('pc-bb', 200)], ifs)).toEqual([
      ['pc-b', 2, 'description', 'circuit'],
      ['pc-bb', 1, 'description', 'circuit'],
    ]);
    expect(r([sp('pc-b', 100)], ifs.slice(0, 1))).toEqual([]);
  });

  it('takes the first interface in poll order when two aliases name the same shared port', () => {
    const ifs = [
      { ifIndex: 5, name: 'Gi0/0/1.300', descr: '', alias: 'ecpa: pc-a' },
      { ifIndex: 3, name: 'Gi0/0/1.101', descr: '', alias: 'ecpa:pc-a tenant=1' },
    ];
    expect(r([sp('pc-a', 101)], ifs)).toEqual([['pc-a', 5, 'description', 'circuit']]);
  });

  it('on duplicated names the last row wins, and an ifName beats an ifDescr of another row', () => {
    const dupName = [
      { ifIndex: 1, name: 'Gi0/0/1.101', descr: '', alias: '' },
      { ifIndex: 2, name: 'Gi0/0/1.101', descr: '', alias: '' },
    ];
    expect(r([sp('pc-a', 101)], dupName)).toEqual([['pc-a', 2, 'name', 'circuit']]);
    const nameOverDescr = [
      { ifIndex: 1, name: 'Gi0/0/1.101', descr: 'x', alias: '' },
      { ifIndex: 2, name: 'y', descr: 'Gi0/0/1.101', alias: '' },
    ];
    expect(r([sp('pc-a', 101)], nameOverDescr)).toEqual([['pc-a', 1, 'name', 'circuit']]);
  });

  it('follows a renamed interface by its description, ahead of the conventional name', () => {
    const ifs = [
      { ifIndex: 11, name: 'Gi0/0/1.101', descr: '', alias: 'ecpa:pc-other tenant=1' },
      { ifIndex: 40, name: 'Gi0/0/1.4000', descr: 'renamed', alias: 'ecpa:pc-a tenant=1' },
    ];
    expect(r([sp('pc-a', 101)], ifs)).toEqual([['pc-a', 40, 'description', 'circuit']]);
    expect(matchSharedPorts(gi([sp('pc-a', 101)]), 'sw1', 'cisco-iosxe', ifs).bindings[0]?.interfaceName).toBe('Gi0/0/1.4000');
    // Renamed with its description gone: only the convention is left, and it fails.
    const gone = matchSharedPorts(gi([sp('pc-a', 101)]), 'sw1', 'cisco-iosxe', [{ ifIndex: 40, name: 'Gi0/0/1.4000', descr: '', alias: '' }]);
    expect(gone.bindings).toEqual([]);
    expect(gone.unmatched).toEqual([{ sharedPortId: 'pc-a', expected: ['Gi0/0/1.101'] }]);
  });

  it('matches the key=value and colon forms of a description, and no alias without the prefix', () => {
    const ifs = [
      { ifIndex: 1, name: 'a', descr: '', alias: 'ecpa:sp=pc-a;vlan=101' },
      { ifIndex: 2, name: 'b', descr: '', alias: 'ecpa: owner:pc-c' },
      { ifIndex: 3, name: 'c', descr: '', alias: 'other: pc-d' },
      { ifIndex: 4, name: 'd', descr: '', alias: ' ecpa: pc-e' },
    ];
    expect(r([sp('pc-a', 1), sp('pc-c', 2), sp('pc-d', 3), sp('pc-e', 4), sp('sp=pc-a', 5)], ifs)).toEqual([
      ['pc-a', 1, 'description', 'circuit'],
      ['pc-c', 2, 'description', 'circuit'],
      ['sp=pc-a', 1, 'description', 'circuit'],
    ]);
  });

  it('with the circuit and the attachment on one device, binds each place only to a description on its own names', () => {
    const both = sp('pc-a', 101, { attachment: { device: 'sw1', port: 'Gi0/0/9' }, attachmentExplicit: true });
    const ifs = [
      { ifIndex: 1, name: 'Gi0/0/7.1', descr: '', alias: 'ecpa:pc-a' },
      { ifIndex: 9, name: 'Gi0/0/9.101', descr: '', alias: 'ecpa:pc-a' },
      { ifIndex: 2, name: 'Gi0/0/1.101', descr: '', alias: 'ecpa:pc-a' },
    ];
    const l = gi([both]);
    expect(matchSharedPorts(l, 'sw1', 'cisco-iosxe', ifs).bindings.map((b) => [b.ifIndex, b.role, b.matchedBy])).toEqual([
      [2, 'circuit', 'description'],
      [9, 'attachment', 'description'],
    ]);
    // Only the circuit side must exist.
    const noAttachment = matchSharedPorts(l, 'sw1', 'cisco-iosxe', [ifs[2] as (typeof ifs)[number]]);
    expect(noAttachment.bindings.map((b) => b.role)).toEqual(['circuit']);
    expect(noAttachment.unmatched).toEqual([]);
  });

  it('binds Junos VLAN 0 to unit 0 before the bare port', () => {
    const ifs = [
      { ifIndex: 1, name: 'Gi0/0/1', descr: '', alias: '' },
      { ifIndex: 2, name: 'Gi0/0/1.0', descr: '', alias: '' },
    ];
    expect(r([sp('pc-z', 0)], ifs, 'junos')).toEqual([['pc-z', 2, 'name', 'circuit']]);
    expect(r([sp('pc-z', 0)], ifs.slice(0, 1), 'junos')).toEqual([['pc-z', 1, 'name', 'circuit']]);
  });
});

describe('aliasTokens', () => {
  it.each([
    ['ecpa:pc-a tenant=1234', ['pc-a', 'tenant=1234', 'tenant', '1234']],
    ['ecpa:sp=pc-b;vlan=202', ['sp=pc-b', 'vlan=202', 'sp', 'pc-b', 'vlan', '202']],
    ['ecpa: (pc-c) [x]|y/z', ['pc-c', 'x', 'y', 'z']],
    ['customer pc-b', []],
    ['ecpa:', []],
  ])('%j → %j', (alias, want) => {
    expect([...aliasTokens(alias, 'ecpa:')].sort()).toEqual([...want].sort());
  });
});

describe('matchSharedPorts agrees with the quadratic join it replaced', () => {
  // A small seeded generator (mulberry32) so a failure reproduces.
  function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it.each(Array.from({ length: 40 }, (_, k) => k + 1))('random device and ledger, seed %i', (seed) => {
    const rand = rng(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    // Few ids, ports and VLANs so that prefixes, duplicates and collisions are frequent.
    const ids = ['pc-a', 'pc-ab', 'pc-abc', 'pc-b', 'sp=pc-a', 'pc-c'];
    const ports = ['Gi0/0/1', 'Gi0/0/2', 'Gi0/0/9'];
    const vlans = [0, 1, 7, 101, 202];
    const circuits = [
      { id: 'c1', accessPointId: 'ap', bandwidth: { spec: '10G', bps: 1e10 }, device: 'sw1', port: 'Gi0/0/1' },
      { id: 'c2', accessPointId: 'ap', bandwidth: { spec: '10G', bps: 1e10 }, device: 'sw2', port: 'Gi0/0/2' },
      { id: 'c3', accessPointId: 'ap', bandwidth: { spec: '10G', bps: 1e10 }, device: 'sw1', port: 'Gi0/0/2' },
    ];
    const sharedPorts = ids.map((id) =>
      sp(id, pick(vlans), {
        circuitId: pick(['c1', 'c2', 'c3', 'c-missing']),
        status: rand() < 0.15 ? 'deleted' : 'enabled',
        attachment: { device: pick(['sw1', 'sw2']), port: pick(ports) },
      }),
    );
    const l: Ledger = { partner: { name: 'p', site: 'china' }, accessPoints: [{ id: 'ap' }], circuits, sharedPorts };
    const name = () => (rand() < 0.2 ? '' : rand() < 0.2 ? `x${Math.floor(rand() * 3)}` : `${pick(ports)}${rand() < 0.2 ? '' : `.${pick(vlans)}`}`);
    const alias = () => {
      const lead = pick(['ecpa:', 'ecpa: ', 'other:', '', 'ecpa:sp=']);
      return rand() < 0.3 ? '' : `${lead}${pick(ids)}${pick(['', ' tenant=1', ';vlan=7', ',', ' (', ':x'])}${rand() < 0.3 ? ` ${pick(ids)}` : ''}`;
    };
    const ifs = Array.from({ length: 4 + Math.floor(rand() * 12) }, (_, k) => ({ ifIndex: k + 1, name: name(), descr: name(), alias: alias() }));
    for (const device of ['sw1', 'sw2']) {
      for (const platform of ['cisco-iosxe', 'junos'] as const) {
        expect(matchSharedPorts(l, device, platform, ifs, 'ecpa:')).toEqual(referenceMatchSharedPorts(l, device, platform, ifs, 'ecpa:'));
        for (const i of ifs) for (const id of ids) expect(aliasNames(i.alias, id, 'ecpa:')).toBe(referenceAliasNames(i.alias, id, 'ecpa:'));
      }
    }
  });
});
