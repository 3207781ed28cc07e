/**
 * The OpenConfig driver's control-plane policy (drivers/vendors/openconfig-control-plane.ts): only on
 * a device that lets the agent own it, sized from the intent at the stated packet sizes, parsed back
 * so a re-plan is empty, removed whole when the last tenant leaves, never over an operator's policy;
 * and the device-dependent capability gap (agent/push/target.ts unexpressibleOf).
 */
import { describe, expect, it } from 'vitest';
import { unexpressibleOf } from '../../../../agent/push/target.js';
import { NO_REMOVALS } from '../../../../drivers/driver.js';
import type { XmlElement } from '../../../../drivers/netconf/xml.js';
import { ARP_BITS_PER_PACKET, controlPlaneRates, ICMP_ECHO_BITS, ICMPV6_ECHO_BITS } from '../../../../drivers/vendors/openconfig-control-plane.js';
import { openconfigDriver as driver } from '../../../../drivers/vendors/openconfig.js';
import type { DeviceIntent, ObservedDevice } from '../../../../policies/intent/model.js';
import { observableOf } from '../../../../policies/intent/observable.js';
import { planDevice } from '../../../../policies/plan/build.js';
import { appliedToEmpty, find, recorded, removalPaths, rich } from './support.js';

const { intent: full, scope } = rich('openconfig');
const operator: DeviceIntent = { ...full, controlPlane: 'operator' };
const leaf = (el: XmlElement | undefined, name: string): string | undefined => (el === undefined ? undefined : find(el, name)?.text);
const held = (intent: DeviceIntent): ObservedDevice => driver.parse(appliedToEmpty(driver.render(intent)), scope);
const FOREIGN = { classifier: 'COPP-CLASSIFIER', schedulerPolicy: null, source: 'system/control-plane-traffic/ingress/qos' };

describe('openconfig control-plane policy: render', () => {
  it('is rendered only where the device lets the agent own its control plane', () => {
    expect(find(driver.render(full), 'control-plane-traffic')).toBeDefined();
    for (const i of [operator, { ...full, controlPlane: undefined }] as DeviceIntent[]) {
      const edit = driver.render(i);
      expect([find(edit, 'control-plane-traffic'), find(edit, 'classifier'), find(edit, 'scheduler-policy', 'ecpa:control-plane')]).toEqual([undefined, undefined, undefined]);
    }
  });

  it('sizes ARP as an aggregate of ppsPerSource × users at 512 bit, ICMP at 1024 bit, ICMPv6 at 1184 bit, one second of burst', () => {
    expect([ARP_BITS_PER_PACKET, ICMP_ECHO_BITS, ICMPV6_ECHO_BITS]).toEqual([512, 1024, 1184]);
    const users = full.policers.length;
    expect(full.arp).toEqual({ ppsPerSource: 1, users });
    const edit = driver.render({ ...full, arp: { ppsPerSource: 2, users: 3 }, icmp: { pps: 1500 } });
    const policy = find(edit, 'scheduler-policy', 'ecpa:control-plane');
    const scheds = (policy === undefined ? [] : (find(policy, 'schedulers')?.children ?? [])).map((s) => [leaf(s, 'queue'), leaf(s, 'cir'), leaf(s, 'bc'), leaf(s, 'drop')]);
    expect(scheds).toEqual([
      ['ecpa:cp-arp', String(2 * 3 * 512), String((2 * 3 * 512) / 8), 'true'],
      ['ecpa:cp-icmp', '1536000', '192000', 'true'],
      ['ecpa:cp-icmpv6', '1776000', '222000', 'true'],
    ]);
    // A hand-made intent without `users` counts its policers (one per user).
    expect(controlPlaneRates({ ...full, arp: { ppsPerSource: 1 } }).get('arp')).toBe(users * 512);
  });

  it('classifies ARP by ethertype, ICMP and ICMPv6 by protocol, into owned groups and queues, and installs both names', () => {
    const edit = driver.render(full);
    const classifier = find(edit, 'classifier', 'ecpa:control-plane');
    const term = (id: string): XmlElement | undefined => (classifier === undefined ? undefined : find(classifier, 'term', id));
    expect(leaf(term('arp'), 'ethertype')).toBe('oc-pkt-match-types:ETHERTYPE_ARP');
    expect(find(term('arp') ?? edit, 'ethertype')?.prefixes).toEqual({ 'oc-pkt-match-types': 'http://openconfig.net/yang/packet-match-types' });
    expect(leaf(term('icmp'), 'protocol')).toBe('oc-pkt-match-types:IP_ICMP');
    expect(leaf(term('icmpv6'), 'protocol')).toBe('58');
    expect(['arp', 'icmp', 'icmpv6'].map((c) => leaf(term(c), 'target-group'))).toEqual(['ecpa:cp-arp', 'ecpa:cp-icmp', 'ecpa:cp-icmpv6']);
    expect(leaf(find(edit, 'forwarding-group', 'ecpa:cp-icmp'), 'output-queue')).toBe('ecpa:cp-icmp');
    const installed = find(edit, 'control-plane-traffic');
    expect([leaf(find(installed ?? edit, 'classifier'), 'name'), leaf(find(installed ?? edit, 'scheduler-policy'), 'name')]).toEqual(['ecpa:control-plane', 'ecpa:control-plane']);
    expect(installed?.namespace).toBe('http://openconfig.net/yang/system-controlplane');
  });

  it('carries the ownership prefix in every name', () => {
    const edit = driver.render({ ...full, ownershipPrefix: 'ops.x' });
    expect(find(edit, 'classifier', 'ops.xcontrol-plane')).toBeDefined();
    expect(find(edit, 'forwarding-group', 'ops.xcp-arp')).toBeDefined();
  });

  it('a device holding circuits only (no attachment) gets ICMP without an ARP class', () => {
    const edit = driver.render({ ...full, arp: null });
    expect(find(edit, 'term', 'arp')).toBeUndefined();
    expect(find(edit, 'forwarding-group', 'ecpa:cp-arp')).toBeUndefined();
    expect(find(edit, 'term', 'icmp')).toBeDefined();
  });
});

describe('openconfig control-plane policy: parse and plan', () => {
  it('reads back as the intent (per-user ARP share), and is not mistaken for a tenant policer', () => {
    const seen = held(full);
    expect([seen.arp, seen.icmp, seen.foreignControlPlane]).toEqual([{ ppsPerSource: 1 }, { pps: 1000 }, undefined]);
    expect(seen.policers.map((p) => p.owner)).toEqual(full.policers.map((p) => p.owner));
    expect(planDevice({ intent: full, observed: seen, unexpressible: unexpressibleOf(driver.capabilities, full, seen) }).changes).toEqual([]);
  });

  it('re-rendering over what it wrote sends the same edit (replace), so a re-apply changes nothing', () => {
    const seen = held(full);
    expect(driver.render(full, NO_REMOVALS, seen)).toEqual(driver.render(full));
  });

  it('a policy sized for other users than the device holds reads back as another per-user share (drift shown by the plan)', () => {
    const seen = held({ ...full, arp: { ppsPerSource: 1, users: full.policers.length + 3 } });
    expect(seen.arp?.ppsPerSource).toBe(Math.round(((full.policers.length + 3) / full.policers.length) * 1000) / 1000);
    const changes = planDevice({ intent: full, observed: seen, unexpressible: [] }).changes.map((c) => `${c.action} ${c.kind} ${c.fields.map((f) => `${f.field} ${String(f.before)}→${String(f.after)}`).join()}`);
    expect(changes).toEqual([`modify arp-limit ppsPerSource ${String(seen.arp?.ppsPerSource)}→1`]);
  });

  it('the ICMP limit read back is the lower of the IPv4 and IPv6 echo rates', () => {
    const data = appliedToEmpty(driver.render(full));
    const v6 = find(data, 'scheduler', '3');
    const cir = v6 === undefined ? undefined : find(v6, 'cir');
    if (cir === undefined) throw new Error('no ICMPv6 cir');
    cir.text = String(700 * ICMPV6_ECHO_BITS);
    expect(driver.parse(data, scope).icmp).toEqual({ pps: 700 });
  });

  it('parses the recorded netconfd reply of the rich intent with the control plane it holds', () => {
    const seen = driver.parse(recorded('openconfig', 'rich-running.xml'), scope);
    expect([seen.arp, seen.icmp]).toEqual([observableOf(full, { arp: true, icmp: true }).arp, { pps: 1000 }]);
  });
});

describe('openconfig control-plane policy: ownership and removal', () => {
  it('refuses (NOT_OWNED) to install its policy over a control-plane policy it does not own', () => {
    const existing: ObservedDevice = { ...held(operator), foreignControlPlane: FOREIGN };
    expect(() => driver.render(full, NO_REMOVALS, existing)).toThrow(expect.objectContaining({
      code: 'NOT_OWNED', message: expect.stringContaining("its classifier 'COPP-CLASSIFIER' (system/control-plane-traffic/ingress/qos) is not the agent's"),
    }));
    // Nothing to install (no tenant) or the operator keeps the control plane: no refusal, no control-plane edit.
    expect(() => driver.render({ ...full, subinterfaces: [], policers: [], arp: null, icmp: null }, NO_REMOVALS, existing)).not.toThrow();
    expect(find(driver.render(operator, NO_REMOVALS, existing), 'control-plane-traffic')).toBeUndefined();
  });

  it('removes the whole policy when the device holds no tenant any more, and only then', () => {
    const seen = held(full);
    const none: DeviceIntent = { ...full, subinterfaces: [], policers: [], arp: null, icmp: null };
    const paths = removalPaths(driver.render(none, NO_REMOVALS, seen));
    expect(paths).toEqual([
      '/config/qos/classifiers/classifier[ecpa:control-plane]',
      '/config/qos/forwarding-groups/forwarding-group[ecpa:cp-arp]',
      '/config/qos/forwarding-groups/forwarding-group[ecpa:cp-icmp]',
      '/config/qos/forwarding-groups/forwarding-group[ecpa:cp-icmpv6]',
      '/config/qos/queues/queue[ecpa:cp-arp]',
      '/config/qos/queues/queue[ecpa:cp-icmp]',
      '/config/qos/queues/queue[ecpa:cp-icmpv6]',
      '/config/qos/scheduler-policies/scheduler-policy[ecpa:control-plane]',
      '/config/system/control-plane-traffic/ingress/qos',
    ]);
    expect(driver.render(none, NO_REMOVALS, held(operator)).children).toEqual([]);
    expect(driver.render(none).children).toEqual([]);
    // Still tenants: nothing of the policy is removed.
    expect(removalPaths(driver.render(full, NO_REMOVALS, seen))).toEqual([]);
  });

  it('drops the ARP class (its group and queue) when the device no longer holds an attachment', () => {
    const paths = removalPaths(driver.render({ ...full, arp: null }, NO_REMOVALS, held(full)));
    expect(paths).toEqual(['/config/qos/forwarding-groups/forwarding-group[ecpa:cp-arp]', '/config/qos/queues/queue[ecpa:cp-arp]']);
  });
});

describe('openconfig capabilities on a device (unexpressibleOf)', () => {
  it('declares an aggregate ARP limit and an explicit ICMP limit, both needing the control plane', () => {
    expect([driver.capabilities.arpRateLimit.level, driver.capabilities.arpRateLimit.needsControlPlane]).toEqual(['aggregate', true]);
    expect([driver.capabilities.icmpLimit.level, driver.capabilities.icmpLimit.needsControlPlane]).toEqual(['explicit', true]);
    expect(driver.capabilities.arpRateLimit.reason).toMatch(/controlPlane: agent.*not per user/);
  });

  it('reports both requirements as not expressible on a device that keeps its control plane, with why', () => {
    const gaps = unexpressibleOf(driver.capabilities, operator);
    expect(gaps.map((g) => g.feature)).toEqual(['arp-rate-limit', 'icmp-limit']);
    for (const g of gaps) expect(g.reason).toMatch(/^dut does not let the agent own its control-plane policy \(devices\[\]\.controlPlane: operator/);
    expect(unexpressibleOf(driver.capabilities, full)).toEqual([]);
    expect(unexpressibleOf(driver.capabilities, full, held(full))).toEqual([]);
  });

  it("reports them with the operator's policy when the device holds one", () => {
    const gaps = unexpressibleOf(driver.capabilities, full, { ...held(operator), foreignControlPlane: FOREIGN });
    expect(gaps.map((g) => g.reason)).toEqual([0, 1].map(() => expect.stringMatching(/holds a control-plane policy that is not the agent's \(classifier 'COPP-CLASSIFIER' at system\/control-plane-traffic\/ingress\/qos\).*NOT_OWNED/)));
  });

  it('asks only for what the intent asks of the device', () => {
    expect(unexpressibleOf(driver.capabilities, { ...operator, arp: null }).map((g) => g.feature)).toEqual(['icmp-limit']);
    expect(unexpressibleOf(driver.capabilities, { ...operator, arp: null, icmp: null })).toEqual([]);
  });
});
