/**
 * The OpenConfig driver's `limits` (drivers/vendors/openconfig-limits.ts) and its reader of the
 * control-plane path (openconfig-control-plane-parse.ts): every ARP/ICMP limit on
 * system/control-plane-traffic, the agent's and the operator's, converted from bit/s at the stated
 * sizes, with paths; unknown (never "no limit", never a guess) when the box shows none or a rate
 * that is not a packet rate. Read from netconfd replies recorded with the driver's filter.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceLimits } from '../../../../drivers/driver.js';
import type { XmlElement } from '../../../../drivers/netconf/xml.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { readControlPlane, termMatch } from '../../../../drivers/vendors/openconfig-control-plane-parse.js';
import { ppsOf } from '../../../../drivers/vendors/openconfig-limits.js';
import { OC_QOS } from '../../../../drivers/vendors/openconfig-ns.js';
import { openconfigDriver as driver } from '../../../../drivers/vendors/openconfig.js';
import { arpReadingOfLimits, icmpReadingOfLimits } from '../../../../agent/compliance/limits.js';
import { appliedToEmpty, find, recorded, rich } from './support.js';

const { intent: full, scope } = rich('openconfig');
const limitsOf = (data: XmlElement): DeviceLimits => {
  const l = driver.limits?.(data, scope);
  if (l === undefined) throw new Error('no limits()');
  return l;
};
const COPP = 'openconfig-system:system/openconfig-system-controlplane:control-plane-traffic/ingress/qos: classifier[COPP-CLASSIFIER]';

describe('openconfig limits', () => {
  it("reads the agent's policy (recorded reply of the rich intent): an ARP aggregate for all users, ICMP and ICMPv6 echo rates", () => {
    const l = limitsOf(recorded('openconfig', 'rich-running.xml'));
    const users = full.policers.length;
    expect(l.arp).toEqual([{
      scope: 'aggregate',
      pps: users,
      source: `openconfig-system:system/openconfig-system-controlplane:control-plane-traffic/ingress/qos: classifier[ecpa:control-plane]/term[arp] → forwarding-group[ecpa:cp-arp] → queue[ecpa:cp-arp] → scheduler-policy[ecpa:control-plane]/scheduler[1]/one-rate-two-color/config/cir = ${users * 512} bit/s (the agent's) = ${users} pps of ARP in total at 512 bit per frame (64-byte minimum Ethernet frame)`,
    }]);
    expect(l.icmp.map((i) => [i.pps, i.scope, i.origin, i.note])).toEqual([
      [1000, 'control-plane', 'configured', "1024000 bit/s at 1024 bit per echo request (128 bytes: ping's default IPv4 echo in a tagged frame, rounded up); larger echoes get fewer"],
      [1000, 'control-plane ICMPv6', 'configured', "1184000 bit/s at 1184 bit per echo request (148 bytes: ping's default IPv6 echo in a tagged frame, rounded up); larger echoes get fewer"],
    ]);
    expect(l.icmpCoverage).toEqual({ complete: true, note: expect.stringMatching(/^the agent's control-plane policy \(classifier 'ecpa:control-plane', scheduler policy 'ecpa:control-plane'\) classifies ICMP, and an installed control-plane policy replaces the box's own classification/) });
    expect(l.arpCoverage).toBeUndefined();
    expect(icmpReadingOfLimits(l, 'src')).toMatchObject({ status: 'read' });
  });

  it("reads an operator's CoPP (recorded reply): numeric ethertype and protocol, a two-rate policer's pir, a percentage left out with why", () => {
    const l = limitsOf(recorded('openconfig', 'operator-copp-running.xml'));
    expect(l.arp.map((a) => [a.scope, a.pps, a.source])).toEqual([[
      'aggregate', 125,
      `${COPP}/term[ARP] → forwarding-group[COPP-ARP] → queue[COPP-Q-ARP] → scheduler-policy[COPP-SCHEDULER]/scheduler[10]/one-rate-two-color/config/cir = 64000 bit/s (the operator's) = 125 pps of ARP in total at 512 bit per frame (64-byte minimum Ethernet frame)`,
    ]]);
    expect(l.icmp.map((i) => [i.pps, i.scope, i.source])).toEqual([[
      390, 'control-plane', `${COPP}/term[ICMP] → forwarding-group[COPP-ICMP] → queue[COPP-Q-ICMP] → scheduler-policy[COPP-SCHEDULER]/scheduler[20]/two-rate-three-color/config/pir = 400000 bit/s (the operator's)`,
    ]]);
    // ICMPv6 has no term of its own: the catch-all one carries it, policed at a percentage.
    expect(l.icmp[0]?.note).toContain(`ICMPv6 limits left out: the operator's control-plane policy limits ICMPv6 at ${COPP}/term[DEFAULT] → forwarding-group[COPP-DEFAULT] → queue[COPP-Q-DEFAULT] → scheduler-policy[COPP-SCHEDULER]/scheduler[30] in a form the driver cannot turn into packets per second: one-rate-two-color drops above a rate given as a percentage (cir-pct), which is not a packet rate`);
  });

  it('is unknown, with the way out, on a box without a control-plane policy in its configuration', () => {
    const l = limitsOf(recorded('openconfig', 'seed.xml'));
    expect([l.arp, l.icmp]).toEqual([[], []]);
    expect(l.icmpCoverage.complete).toBe(false);
    const reason = l.icmpCoverage.complete ? '' : l.icmpCoverage.reason;
    expect(reason).toMatch(/^the box has no control-plane policy in its configuration .*built-in control-plane protection \(CoPP\) is not in its configuration.*devices\[\]\.controlPlane: agent/);
    expect(l.arpCoverage?.reason).toBe(reason);
    expect(arpReadingOfLimits(l, 'src')).toMatchObject({ status: 'unreadable' });
    expect(icmpReadingOfLimits(l, 'src')).toMatchObject({ status: 'unreadable' });
  });

  it('an ICMP rate that is not a packet rate makes ICMP unknown, never a pass on the others', () => {
    const data = recorded('openconfig', 'operator-copp-running.xml');
    const sched = find(data, 'scheduler', '20');
    const pir = sched === undefined ? undefined : find(sched, 'pir');
    if (pir === undefined) throw new Error('fixture changed');
    pir.name = 'pir-pct';
    pir.text = '5';
    const l = limitsOf(data);
    expect(l.icmp).toEqual([]);
    expect(l.icmpCoverage).toEqual({ complete: false, reason: expect.stringMatching(/limits ICMP at .*term\[ICMP\].*two-rate-three-color drops above a rate given as a percentage \(pir-pct\)/) });
    expect(l.arp).toHaveLength(1);
  });

  it('a policy that does not police a protocol says so', () => {
    const data = appliedToEmpty(driver.render({ ...full, arp: null }));
    const l = limitsOf(data);
    expect(l.arp).toEqual([]);
    expect(l.arpCoverage?.reason).toMatch(/^the agent's control-plane policy \(classifier 'ecpa:control-plane', scheduler policy 'ecpa:control-plane'\) does not police ARP/);
    expect(l.icmp).toHaveLength(2);
  });

  it('refuses a malformed rate with its path', () => {
    const data = recorded('openconfig', 'operator-copp-running.xml');
    const cir = find(data, 'cir');
    if (cir === undefined) throw new Error('fixture changed');
    cir.text = 'fast';
    expect(() => limitsOf(data)).toThrow(expect.objectContaining({ code: 'PARSE_FAILED', message: expect.stringContaining("scheduler[10]/one-rate-two-color/config/cir: 'fast' is not an unsigned integer") }));
  });

  it('converts bit/s to packets at the stated sizes (ICMP rounded down: the guaranteed rate)', () => {
    expect([ppsOf('arp', 4096), ppsOf('arp', 1000), ppsOf('icmp', 1_024_000), ppsOf('icmp', 1_023_999), ppsOf('icmpv6', 1_184_000)]).toEqual([8, 1.953, 1000, 999, 1000]);
  });

  it('fetches what it reads: the control-plane references and the qos classifiers, groups, queues and policies', () => {
    const f = driver.filter(scope);
    for (const name of ['classifiers', 'forwarding-groups', 'queues', 'scheduler-policies']) expect(find(f, name)?.namespace).toBe(OC_QOS);
    expect(find(f, 'control-plane-traffic')?.namespace).toBe('http://openconfig.net/yang/system-controlplane');
    expect(find(f, 'system')?.namespace).toBe('http://openconfig.net/yang/system');
  });
});

describe('which classifier terms carry a protocol', () => {
  const term = (conditions: string): XmlElement => parseXml(`<term xmlns="${OC_QOS}"><id>t</id><conditions>${conditions}</conditions></term>`);
  it.each([
    ['<l2><config><ethertype>oc-pkt-match-types:ETHERTYPE_ARP</ethertype></config></l2>', 'explicit', 'none', 'none'],
    ['<l2><config><ethertype>2054</ethertype></config></l2>', 'explicit', 'none', 'none'],
    ['<ipv4><config><protocol>oc-pkt-match-types:IP_ICMP</protocol></config></ipv4>', 'none', 'explicit', 'none'],
    ['<ipv4><config><protocol>1</protocol><source-address>192.0.2.0/24</source-address></config></ipv4>', 'none', 'explicit', 'none'],
    ['<ipv4><config><protocol>oc-pkt-match-types:IP_TCP</protocol></config></ipv4>', 'none', 'none', 'none'],
    ['<ipv4><config><dscp>46</dscp></config></ipv4>', 'none', 'broad', 'none'],
    ['<ipv6><config><protocol>58</protocol></config></ipv6>', 'none', 'none', 'explicit'],
    ['<l2><config><ethertype>ETHERTYPE_IPV4</ethertype></config></l2>', 'none', 'broad', 'none'],
    ['<transport><config><destination-port>22</destination-port></config></transport>', 'none', 'none', 'none'],
    ['', 'broad', 'broad', 'broad'],
  ])('%s → arp %s, icmp %s, icmpv6 %s', (conditions, arp, icmp, icmpv6) => {
    const t = term(conditions);
    expect([termMatch(t, 'arp'), termMatch(t, 'icmp'), termMatch(t, 'icmpv6')]).toEqual([arp, icmp, icmpv6]);
  });

  it('an installed classifier without a scheduler policy yields no limit, and no problem', () => {
    const data = appliedToEmpty(driver.render(full));
    const installed = find(data, 'control-plane-traffic');
    const qos = installed === undefined ? undefined : find(installed, 'qos');
    if (qos === undefined) throw new Error('no installed qos');
    qos.children = qos.children.filter((c) => c.name !== 'scheduler-policy');
    const read = readControlPlane(data);
    expect([read.classifier, read.schedulerPolicy, read.policers, read.problems]).toEqual(['ecpa:control-plane', undefined, [], []]);
  });
});
