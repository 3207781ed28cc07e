/**
 * Case table over the live rules: each case changes one thing of a compliant partner and names the
 * rules whose verdict changes; every other rule must still pass (so a case proves both that its
 * rule catches the problem and that nothing else does).
 */
import { describe, expect, it } from 'vitest';
import { evaluateLive } from '../../../../../policies/compliance/live/evaluate.js';
import type { DeviceEvidence, InterfaceEvidence, LiveEvidence } from '../../../../../policies/compliance/live/model.js';
import { RULES } from '../../../../../policies/compliance/registry.js';
import type { ObservedDevice } from '../../../../../policies/intent/model.js';
import type { Ledger } from '../../../../../policies/ledger/model.js';
import type { Verdict } from '../../../../../policies/compliance/types.js';
import { C3, C4, compliantEvidence, compliantLedger, sharedPort } from './fixture.js';

type Change = (ledger: Ledger, ev: LiveEvidence) => LiveEvidence;

function onDevice(ev: LiveEvidence, device: string, fn: (d: DeviceEvidence) => DeviceEvidence): LiveEvidence {
  return { ...ev, devices: ev.devices.map((d) => (d.device === device ? fn(d) : d)) };
}

function config(d: DeviceEvidence, fn: (o: ObservedDevice) => ObservedDevice): DeviceEvidence {
  if (d.config.status !== 'read') throw new Error('fixture config unreadable');
  return { ...d, config: { ...d.config, value: fn(d.config.value) } };
}

function interfaceChange(d: DeviceEvidence, name: string, fn: (i: InterfaceEvidence) => InterfaceEvidence): DeviceEvidence {
  if (d.snmp.status !== 'read') throw new Error('fixture snmp unreadable');
  const snmp = d.snmp.value;
  return { ...d, snmp: { ...d.snmp, value: { ...snmp, interfaces: snmp.interfaces.map((i) => (i.name === name ? fn(i) : i)) } } };
}

interface Case {
  readonly name: string;
  readonly ledger?: (l: Ledger) => Ledger;
  readonly change?: Change;
  /** Rules whose verdict is not pass, and the message fragment of the first non-pass finding. */
  readonly expect: Readonly<Record<string, [Verdict, string]>>;
}

const SW1 = 'sw-hz-1';
const SW2 = 'sw-hz-2';
const P1 = 'GigabitEthernet0/0/1';

const CASES: readonly Case[] = [
  { name: 'compliant partner', expect: {} },
  {
    name: 'missing policer',
    change: (_, ev) => onDevice(ev, SW1, (d) => config(d, (o) => ({ ...o, policers: o.policers.filter((p) => p.owner !== 'pc-sp-0001') }))),
    expect: { 'qos-throttling': ['fail', 'no policer for pc-sp-0001 on sw-hz-1'] },
  },
  {
    name: 'policer applied in one direction only',
    change: (_, ev) => onDevice(ev, SW1, (d) => config(d, (o) => ({ ...o, policers: o.policers.map((p) => (p.owner === 'pc-sp-0001' ? { ...p, at: null } : p)) }))),
    expect: { 'qos-throttling': ['fail', 'not applied in both directions'] },
  },
  {
    name: 'policer rate differs from the sold bandwidth',
    change: (_, ev) => onDevice(ev, SW1, (d) => config(d, (o) => ({ ...o, policers: o.policers.map((p) => (p.owner === 'pc-sp-0001' ? { ...p, rateBps: 2e8 } : p)) }))),
    expect: { 'qos-throttling': ['fail', 'differs from the sold 100M'] },
  },
  {
    name: 'policer within the rounding tolerance (Huawei kbit/s)',
    change: (_, ev) => onDevice(ev, SW1, (d) => config(d, (o) => ({ ...o, policers: o.policers.map((p) => (p.owner === 'pc-sp-0001' ? { ...p, rateBps: 100_000_000 - 512 } : p)) }))),
    expect: {},
  },
  {
    name: 'policer applied on another subinterface',
    change: (_, ev) => onDevice(ev, SW1, (d) => config(d, (o) => ({ ...o, policers: o.policers.map((p) => (p.owner === 'pc-sp-0001' ? { ...p, at: { port: P1, vlan: 999 } } : p)) }))),
    expect: { 'qos-throttling': ['fail', 'applied on GigabitEthernet0/0/1.999'] },
  },
  {
    name: 'ARP limit missing',
    change: (_, ev) => onDevice(ev, SW1, (d) => ({ ...d, arp: { status: 'read', value: [], source: 'running config' } })),
    expect: { 'arp-rate-limit': ['fail', 'no ARP rate limit on sw-hz-1'] },
  },
  {
    name: 'ARP per source 5 pps',
    change: (_, ev) => onDevice(ev, SW1, (d) => ({ ...d, arp: { status: 'read', value: [{ scope: 'per-source', pps: 5, source: 'arp speed-limit source-ip maximum 5' }], source: 'x' } })),
    expect: { 'arp-rate-limit': ['fail', 'above 1 pps per user'] },
  },
  {
    name: 'ARP per port missing on one attachpoint',
    change: (_, ev) => onDevice(ev, SW2, (d) => ({ ...d, arp: d.arp.status === 'read' ? { ...d.arp, value: d.arp.value.slice(1) } : d.arp })),
    expect: { 'arp-rate-limit': ['fail', 'no ARP limit'] },
  },
  {
    name: 'ARP limits unreadable on the platform',
    change: (_, ev) => onDevice(ev, SW1, (d) => ({ ...d, arp: { status: 'unreadable', reason: 'huawei-arp is not in the model set' } })),
    expect: { 'arp-rate-limit': ['not-evaluated', 'huawei-arp is not in the model set'] },
  },
  {
    name: 'ICMP limited to 300 pps',
    change: (_, ev) => onDevice(ev, SW2, (d) => ({ ...d, icmp: { status: 'read', value: [{ pps: 300, scope: 'control-plane', origin: 'configured', source: 'police rate 300 pps' }], source: 'x' } })),
    expect: { 'icmp-limit': ['fail', 'ICMP limited to 300 pps on sw-hz-2'] },
  },
  {
    name: 'ICMP limit of exactly 500 pps (must be greater)',
    change: (_, ev) => onDevice(ev, SW2, (d) => ({ ...d, icmp: { status: 'read', value: [{ pps: 500, scope: 'global', origin: 'configured', source: 'x' }], source: 'x' } })),
    expect: { 'icmp-limit': ['fail', 'must be greater than 500 pps'] },
  },
  {
    name: 'ICMP platform default 128 pps switched on by a feature',
    change: (_, ev) => onDevice(ev, SW1, (d) => ({
      ...d,
      icmp: { status: 'read', value: [{ pps: 128, scope: 'global', origin: 'platform-default', source: 'icmp rate-limit enable', note: 'S5720-EI default threshold' }], source: 'x' },
    })),
    expect: { 'icmp-limit': ['fail', 'ICMP limited to 128 pps'] },
  },
  {
    name: 'ICMP limits read all above 500, but a default the config does not show may apply',
    change: (_, ev) => onDevice(ev, SW2, (d) => ({
      ...d,
      icmp: { status: 'read', value: [{ pps: 1000, scope: 'global', origin: 'platform-default', source: 'icmpv4-rate-limit' }], source: 'x' },
      icmpUnseen: 'no explicit ddos-protection icmp aggregate; its default changed across releases',
    })),
    expect: { 'icmp-limit': ['not-evaluated', 'another may apply that the configuration does not show: no explicit ddos-protection icmp aggregate'] },
  },
  {
    name: 'a low ICMP limit fails even when another may apply unseen',
    change: (_, ev) => onDevice(ev, SW2, (d) => ({
      ...d,
      icmp: { status: 'read', value: [{ pps: 300, scope: 'lo0 filter', origin: 'configured', source: 'firewall filter' }], source: 'x' },
      icmpUnseen: 'no explicit ddos-protection icmp aggregate',
    })),
    expect: { 'icmp-limit': ['fail', 'ICMP limited to 300 pps on sw-hz-2'] },
  },
  {
    name: 'ICMP not rate-limited at all',
    change: (_, ev) => onDevice(ev, SW1, (d) => ({ ...d, icmp: { status: 'read', value: [], source: 'x' } })),
    expect: {},
  },
  {
    name: 'duplicate VLAN on the device',
    change: (_, ev) => onDevice(ev, SW1, (d) => config(d, (o) => ({
      ...o,
      subinterfaces: [...o.subinterfaces, { port: P1, vlan: 101, description: 'hand-made <b>x</b>', enabled: true, statistics: true, owner: null }],
    }))),
    expect: { 'device-vlan-unique': ['fail', 'VLAN 101 on 2 subinterfaces'] },
  },
  {
    name: 'VLAN on the device the ledger does not know',
    change: (_, ev) => onDevice(ev, SW1, (d) => config(d, (o) => ({
      ...o,
      subinterfaces: [...o.subinterfaces, { port: P1, vlan: 777, description: '', enabled: true, statistics: true, owner: null }],
    }))),
    expect: { 'device-vlan-unique': ['fail', 'not in the ledger: VLAN 777'] },
  },
  {
    name: 'oversold circuit',
    ledger: (l) => ({ ...l, sharedPorts: [...l.sharedPorts, sharedPort('pc-sp-0005', C3, 201, '1G')] }),
    expect: { 'circuit-bandwidth': ['fail', 'exceeds the circuit'] },
  },
  {
    name: 'an access point with one circuit',
    ledger: (l) => ({ ...l, circuits: l.circuits.filter((c) => c.id !== C4.id), sharedPorts: l.sharedPorts.filter((p) => p.circuitId !== C4.id) }),
    expect: { 'access-point-circuits': ['fail', 'reached by 1 circuit(s)'] },
  },
  {
    name: 'counters unreadable (SNMP times out)',
    change: (_, ev) => onDevice(ev, SW1, (d) => ({ ...d, snmp: { status: 'unreadable', reason: 'timeout after 2000 ms (2 retries)' } })),
    expect: {
      'monitoring-enabled': ['fail', 'cannot be read over SNMP: timeout'],
      'circuit-ports-up': ['not-evaluated', 'SNMP of sw-hz-1 could not be read'],
      mtu: ['not-evaluated', 'SNMP of sw-hz-1 could not be read'],
    },
  },
  {
    name: 'discard counters missing on a subinterface',
    change: (_, ev) => onDevice(ev, SW2, (d) => interfaceChange(d, `${P1}.101`, (i) => {
      const { inDiscards: _in, outDiscards: _out, ...rest } = i.second;
      return { ...i, second: rest };
    })),
    expect: { 'monitoring-enabled': ['fail', 'lacks counters: inDiscards, outDiscards'] },
  },
  {
    name: 'Huawei subinterface statistics off',
    change: (_, ev) => onDevice(ev, SW1, (d) => config(d, (o) => ({ ...o, subinterfaces: o.subinterfaces.map((s) => (s.vlan === 101 ? { ...s, statistics: false } : s)) }))),
    expect: { 'monitoring-enabled': ['fail', 'statistics are off on sw-hz-1'] },
  },
  {
    name: 'idle enabled tenant on a platform that needs the statistics switch',
    change: (_, ev) => onDevice(ev, SW1, (d) => interfaceChange(d, `${P1}.101`, (i) => ({ ...i, second: i.first }))),
    expect: { 'monitoring-enabled': ['not-evaluated', 'did not move'] },
  },
  {
    name: 'tenant not enabled yet: counters present and still',
    ledger: (l) => ({ ...l, sharedPorts: l.sharedPorts.map((p) => (p.id === 'pc-sp-0003' ? { ...p, status: 'accepted' } : p)) }),
    change: (_, ev) => onDevice(ev, SW1, (d) => interfaceChange(d, 'GigabitEthernet0/0/2.200', (i) => ({ ...i, second: i.first }))),
    expect: {},
  },
  {
    name: 'idle tenant on a platform that always counts',
    change: (_, ev) => onDevice(ev, SW2, (d) => interfaceChange(d, `${P1}.101`, (i) => ({ ...i, second: i.first }))),
    expect: { 'monitoring-enabled': ['not-evaluated', 'did not move'] },
  },
  {
    name: 'tenant not enabled, Huawei config unreadable: statistics switch unknown',
    ledger: (l) => ({ ...l, sharedPorts: l.sharedPorts.map((p) => (p.id === 'pc-sp-0003' ? { ...p, status: 'accepted' } : p)) }),
    change: (_, ev) => onDevice(ev, SW1, (d) => ({ ...interfaceChange(d, 'GigabitEthernet0/0/2.200', (i) => ({ ...i, second: i.first })), config: { status: 'unreadable', reason: 'timeout' } })),
    expect: {
      'monitoring-enabled': ['not-evaluated', 'whether its statistics are switched on could not be read'],
      'qos-throttling': ['not-evaluated', 'timeout'],
      'device-vlan-unique': ['not-evaluated', 'timeout'],
      'dot1q-encapsulation': ['not-evaluated', 'timeout'],
    },
  },
  {
    name: 'MTU below 1500 on a tenant subinterface',
    change: (_, ev) => onDevice(ev, SW2, (d) => interfaceChange(d, `${P1}.101`, (i) => ({ ...i, mtu: 1400 }))),
    expect: { mtu: ['fail', 'carries at most 1400-byte packets'] },
  },
  {
    name: 'jumbo MTU passes with a note',
    change: (_, ev) => onDevice(ev, SW2, (d) => interfaceChange(d, `${P1}.101`, (i) => ({ ...i, mtu: 9000 }))),
    expect: {},
  },
  {
    name: 'ifMtu not served by the agent',
    change: (_, ev) => onDevice(ev, SW2, (d) => {
      if (d.snmp.status !== 'read') return d;
      const value = { ...d.snmp.value, interfaces: d.snmp.value.interfaces.map(({ mtu: _m, ...rest }) => rest), mtuUnreadable: 'the agent serves no IF-MIB ifMtu (1.3.6.1.2.1.2.2.1.4)' };
      return { ...d, snmp: { ...d.snmp, value } };
    }),
    expect: { mtu: ['not-evaluated', 'serves no IF-MIB ifMtu'] },
  },
  {
    name: 'circuit port down',
    change: (_, ev) => onDevice(ev, SW2, (d) => interfaceChange(d, 'GigabitEthernet0/0/2', (i) => ({ ...i, operStatus: 2 }))),
    expect: { 'circuit-ports-up': ['fail', 'is down'] },
  },
  {
    name: 'running config unreadable',
    change: (_, ev) => onDevice(ev, SW2, (d) => ({ ...d, config: { status: 'unreadable', reason: 'authentication failed' } })),
    expect: {
      'qos-throttling': ['not-evaluated', 'authentication failed'],
      'device-vlan-unique': ['not-evaluated', 'authentication failed'],
      'dot1q-encapsulation': ['not-evaluated', 'authentication failed'],
    },
  },
  {
    name: 'tenant redundancy group on one circuit',
    ledger: (l) => ({ ...l, sharedPorts: l.sharedPorts.map((p) => (p.id === 'pc-sp-0002' ? { ...p, redundancyGroup: 'solo' } : p.id === 'pc-sp-0003' ? { ...p, redundancyGroup: 'solo' } : p)) }),
    expect: { 'tenant-redundancy': ['fail', 'must be on different circuits'] },
  },
  {
    name: 'tenant VLAN without an 802.1Q subinterface',
    change: (_, ev) => onDevice(ev, SW2, (d) => config(d, (o) => ({ ...o, subinterfaces: o.subinterfaces.filter((s) => s.vlan !== 300) }))),
    expect: { 'dot1q-encapsulation': ['fail', 'no 802.1Q subinterface for VLAN 300'] },
  },
  {
    name: 'a device missing from the agent config',
    change: (_, ev) => ({ ...ev, devices: ev.devices.filter((d) => d.device !== SW2) }),
    expect: {
      'circuit-ports-up': ['not-evaluated', "device 'sw-hz-2' is not in the agent config"],
      'monitoring-enabled': ['not-evaluated', 'sw-hz-2'],
      'qos-throttling': ['not-evaluated', 'sw-hz-2'],
      'arp-rate-limit': ['not-evaluated', 'sw-hz-2'],
      'icmp-limit': ['not-evaluated', 'sw-hz-2'],
      'device-vlan-unique': ['not-evaluated', 'sw-hz-2'],
      'dot1q-encapsulation': ['not-evaluated', 'sw-hz-2'],
      mtu: ['not-evaluated', 'sw-hz-2'],
    },
  },
];

describe('live compliance rules: one change, one rule', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const ledger = c.ledger ? c.ledger(compliantLedger()) : compliantLedger();
      const base = compliantEvidence(ledger);
      const live = c.change ? c.change(ledger, base) : base;
      const report = evaluateLive({ ledger, live }, RULES);
      for (const rule of report.rules) {
        const expected = c.expect[rule.id];
        if (!expected) {
          expect({ rule: rule.id, verdict: rule.verdict, findings: rule.findings.filter((f) => f.verdict !== 'pass').map((f) => f.message) })
            .toEqual({ rule: rule.id, verdict: 'pass', findings: [] });
          continue;
        }
        expect(rule.verdict, rule.id).toBe(expected[0]);
        const hit = rule.findings.find((f) => f.verdict === expected[0]);
        expect(hit?.message, rule.id).toContain(expected[1]);
      }
      expect(report.verdict).toBe(Object.values(c.expect).some(([v]) => v === 'fail') ? 'fail' : Object.keys(c.expect).length > 0 ? 'not-evaluated' : 'pass');
      expect(report.complete).toBe(!Object.values(c.expect).some(([v]) => v === 'not-evaluated'));
    });
  }
});

describe('live rules without live evidence', () => {
  it('are not evaluated, each with the reason', () => {
    for (const rule of RULES.filter((r) => r.needs !== 'ledger')) {
      const findings = rule.evaluate?.({ ledger: compliantLedger() }) ?? [];
      expect(findings).toHaveLength(1);
      expect(findings[0]?.verdict).toBe('not-evaluated');
      expect(findings[0]?.reason).toMatch(/not evaluated offline/);
    }
  });
});

describe('evidence a reviewer can verify', () => {
  it('names the device, the config source and the values read', () => {
    const ledger = compliantLedger();
    const report = evaluateLive({ ledger, live: compliantEvidence(ledger) }, RULES);
    const qos = report.rules.find((r) => r.id === 'qos-throttling')?.findings[0];
    expect(qos?.evidence).toMatchObject({ device: 'sw-hz-1', expectedAt: 'GigabitEthernet0/0/1.101', soldBps: 1e8, policerBps: 1e8, source: 'NETCONF get-config running of sw-hz-1' });
    const mon = report.rules.find((r) => r.id === 'monitoring-enabled')?.findings[0];
    expect(mon?.evidence).toMatchObject({ interface: 'GigabitEthernet0/0/1.101', inOctets: '5000 → 1005000', inRate: '800000 bit/s', statisticsEnabled: true });
    const icmp = report.rules.find((r) => r.id === 'icmp-limit')?.findings[0];
    expect(icmp?.evidence['limits']).toEqual(['1000 pps global (configured: icmp rate-limit total threshold 1000)']);
  });
});
