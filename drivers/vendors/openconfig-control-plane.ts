/**
 * The agent's own control-plane (CPU-bound traffic) policy on OpenConfig, for a device whose config
 * lets the agent own it (`devices[].controlPlane: agent`): OpenConfig has no per-source or per-port
 * ARP limit and no pps policer, so the only place it can limit ARP and ICMP is
 * `system/control-plane-traffic/ingress/qos` (openconfig-system-controlplane 0.2.0), which takes ONE
 * classifier and ONE scheduler policy for the whole box.
 *
 * What is written, every name with the ownership prefix:
 *   qos/classifiers/classifier[<p>control-plane] (type ETHERNET), one term per class:
 *     arp    — l2 ethertype ETHERTYPE_ARP          → forwarding-group <p>cp-arp    → queue <p>cp-arp
 *     icmp   — ipv4 protocol IP_ICMP               → forwarding-group <p>cp-icmp   → queue <p>cp-icmp
 *     icmpv6 — ipv6 protocol 58                    → forwarding-group <p>cp-icmpv6 → queue <p>cp-icmpv6
 *   qos/scheduler-policies/scheduler-policy[<p>control-plane]: one ONE_RATE_TWO_COLOR scheduler per
 *     class, input = its queue, cir in bit/s, bc = one second of packets, exceed → drop;
 *   system/control-plane-traffic/ingress/qos/{classifier,scheduler-policy}/config/name → those two.
 *
 * Sizing (policers count bits, the intent counts packets; the sizes are stated so a reviewer can redo
 * it, and the compliance reader converts back with the same sizes, so the agent's own limits read
 * back exactly):
 *   ARP    cir = ppsPerSource × users × 512 bit: a minimum Ethernet frame as an L2 policer counts it
 *          (64 bytes: the 28-byte ARP message and 14-byte header padded to 60, + 4 FCS). An
 *          aggregate: a total for every user of the device, not per user. ARP is a cap, so the
 *          smallest count a policer makes is used: one that also counts preamble and inter-frame gap
 *          (84 B) lets 0.76× through, one that leaves out the FCS (60 B) 1.07×. (Not limits-common's
 *          28-byte ARP payload: no policer counts less than the frame, and sizing by it would let
 *          0.44× of the target through.)
 *   ICMP   cir = icmpLimitPps × 1024 bit: limits-common's ECHO_REQUEST_BYTES (128: ping's default
 *          84-byte IPv4 echo is 106 bytes in an 802.1Q-tagged frame with FCS, rounded up for IP
 *          options or a second tag). A floor, so the largest count is used: a policer counting fewer
 *          bytes per echo lets more through, never fewer; echoes larger than the default get fewer
 *          than icmpLimitPps.
 *   ICMPv6 cir = icmpLimitPps × 1184 bit: the same echo over IPv6 (a 40-byte header: +20 bytes).
 *          Its own scheduler, so IPv6 (and neighbour discovery) never eats the IPv4 echo budget.
 *
 * Ownership: a control-plane classifier or scheduler policy the device holds under another name is
 * the operator's CoPP: the render refuses (DriverError NOT_OWNED) rather than replace it. The whole
 * policy goes when the device holds no tenant any more (see `controlPlaneEdit`).
 */
import type { DeviceIntent, ObservedDevice } from '../../policies/intent/model.js';
import { arpUsersOf } from '../../policies/intent/arp-users.js';
import { DriverError } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { ARP_FRAME_BITS, ECHO_REQUEST_BYTES } from './limits-common.js';
import { sanitizedPrefix } from './names.js';
import { OC_NAMES, OC_PKT_TYPES, OC_QOS, OC_QOS_TYPES, OC_SYS, OC_SYS_COPP } from './openconfig-ns.js';
import { builder, type Slot, withOperation } from './tree.js';

const qos = builder(OC_QOS);
const sys = builder(OC_SYS);
const copp = builder(OC_SYS_COPP);

/** Bits an ARP frame counts in an L2 policer: limits-common's ARP_FRAME_BITS (the 64-byte minimum Ethernet frame). */
export const ARP_BITS_PER_PACKET = ARP_FRAME_BITS;
/** Bits an ICMP echo request is sized at: limits-common's ECHO_REQUEST_BYTES (128) × 8. */
export const ICMP_ECHO_BITS = ECHO_REQUEST_BYTES * 8;
/** Bits an ICMPv6 echo request is sized at: the IPv4 size + 20 bytes of the larger IPv6 header, × 8. */
export const ICMPV6_ECHO_BITS = (ECHO_REQUEST_BYTES + 20) * 8;
/** Committed burst of the control-plane policers: one second of packets at the committed rate. */
export const CONTROL_PLANE_BURST_SECONDS = 1;

/** The classes of CPU-bound traffic the agent polices. */
export type ControlPlaneClass = 'arp' | 'icmp' | 'icmpv6';
export const CONTROL_PLANE_CLASSES: readonly ControlPlaneClass[] = ['arp', 'icmp', 'icmpv6'];

/** Bits per packet each class is sized at. */
export const BITS_PER_PACKET: Readonly<Record<ControlPlaneClass, number>> = { arp: ARP_BITS_PER_PACKET, icmp: ICMP_ECHO_BITS, icmpv6: ICMPV6_ECHO_BITS };

/** Name of the agent's control-plane classifier and scheduler policy. */
export function controlPlaneName(prefix: string): string {
  return `${sanitizedPrefix(prefix, OC_NAMES)}control-plane`;
}

/** Name of the agent's forwarding group and queue of a class. */
export function controlPlaneGroup(prefix: string, c: ControlPlaneClass): string {
  return `${sanitizedPrefix(prefix, OC_NAMES)}cp-${c}`;
}

/** Committed rate (bit/s) of each class the intent asks for on a device the agent owns the control plane of. */
export function controlPlaneRates(intent: DeviceIntent): ReadonlyMap<ControlPlaneClass, number> {
  const rates = new Map<ControlPlaneClass, number>();
  if (intent.arp !== null) rates.set('arp', intent.arp.ppsPerSource * arpUsersOf(intent) * ARP_BITS_PER_PACKET);
  if (intent.icmp !== null) {
    rates.set('icmp', intent.icmp.pps * ICMP_ECHO_BITS);
    rates.set('icmpv6', intent.icmp.pps * ICMPV6_ECHO_BITS);
  }
  return rates;
}

function identity(name: string, value: string): XmlElement {
  const leaf = qos.leaf(name, `oc-pkt-match-types:${value}`);
  leaf.prefixes = { 'oc-pkt-match-types': OC_PKT_TYPES };
  return leaf;
}

function conditions(c: ControlPlaneClass): XmlElement {
  switch (c) {
    case 'arp':
      return qos('conditions', qos('l2', qos('config', identity('ethertype', 'ETHERTYPE_ARP'))));
    case 'icmp':
      return qos('conditions', qos('ipv4', qos('config', identity('protocol', 'IP_ICMP'))));
    case 'icmpv6':
      // openconfig-packet-match-types has no ICMPv6 identity: the protocol number.
      return qos('conditions', qos('ipv6', qos('config', qos.leaf('protocol', 58))));
  }
}

function classifier(name: string, prefix: string, classes: readonly ControlPlaneClass[]): XmlElement {
  return withOperation(qos('classifier', qos.leaf('name', name), qos('config', qos.leaf('name', name), qos.leaf('type', 'ETHERNET')),
    qos('terms', ...classes.map((c) => qos('term', qos.leaf('id', c), qos('config', qos.leaf('id', c)), conditions(c),
      qos('actions', qos('config', qos.leaf('target-group', controlPlaneGroup(prefix, c)))))))), 'replace');
}

function forwardingGroup(group: string): XmlElement {
  return withOperation(qos('forwarding-group', qos.leaf('name', group), qos('config', qos.leaf('name', group), qos.leaf('output-queue', group))), 'replace');
}

function queue(group: string): XmlElement {
  return withOperation(qos('queue', qos.leaf('name', group), qos('config', qos.leaf('name', group))), 'replace');
}

function schedulerPolicy(name: string, prefix: string, rates: ReadonlyMap<ControlPlaneClass, number>): XmlElement {
  const schedulers = [...rates].map(([c, cir], i) => {
    const type = qos.leaf('type', 'oc-qos-types:ONE_RATE_TWO_COLOR');
    type.prefixes = { 'oc-qos-types': OC_QOS_TYPES };
    const seq = i + 1;
    return qos('scheduler', qos.leaf('sequence', seq), qos('config', qos.leaf('sequence', seq), type),
      qos('inputs', qos('input', qos.leaf('id', c), qos('config', qos.leaf('id', c), qos.leaf('input-type', 'QUEUE'), qos.leaf('queue', controlPlaneGroup(prefix, c))))),
      qos('one-rate-two-color', qos('config', qos.leaf('cir', cir), qos.leaf('bc', Math.ceil((cir / 8) * CONTROL_PLANE_BURST_SECONDS))),
        qos('exceed-action', qos('config', qos.leaf('drop', true)))));
  });
  return withOperation(qos('scheduler-policy', qos.leaf('name', name), qos('config', qos.leaf('name', name)), qos('schedulers', ...schedulers)), 'replace');
}

/** The parts of the control-plane edit, by the container of `qos` they go in, plus the `system` subtree. */
export interface ControlPlaneEdit {
  readonly classifiers: readonly XmlElement[];
  readonly forwardingGroups: readonly XmlElement[];
  readonly queues: readonly XmlElement[];
  readonly schedulerPolicies: readonly XmlElement[];
  readonly system: Slot;
}

const NOTHING: ControlPlaneEdit = { classifiers: [], forwardingGroups: [], queues: [], schedulerPolicies: [], system: undefined };

/** Whether `existing` (what the plan read) shows the agent's control-plane policy in effect. */
function holdsOwn(existing: ObservedDevice | undefined): boolean {
  return existing !== undefined && existing.foreignControlPlane === undefined && (existing.arp !== null || existing.icmp !== null);
}

/**
 * The control-plane part of the edit for `intent`, given what the device holds (`existing`):
 * - the device does not let the agent own its control plane: nothing (an agent policy installed
 *   earlier stays: nothing is written that the plan cannot show; docs/config.md says how to remove it);
 * - the intent asks for ARP and/or ICMP: the agent's classifier, groups, queues and scheduler policy
 *   (replaced whole, so classes the intent no longer asks for go from them), the references, and the
 *   removal of the groups and queues of classes no longer asked for;
 * - it asks for neither (no tenant left) while the device holds the agent's policy: all of it
 *   removed (its size follows the tenants; with none it would only throttle the box's own ARP).
 * Throws DriverError NOT_OWNED when `existing` shows a control-plane policy the agent does not own.
 * Without `existing` (a preview, a lab seed) it cannot check that: apply always passes it.
 */
export function controlPlaneEdit(intent: DeviceIntent, existing: ObservedDevice | undefined): ControlPlaneEdit {
  if (intent.controlPlane !== 'agent') return NOTHING;
  const prefix = intent.ownershipPrefix;
  const name = controlPlaneName(prefix);
  const rates = controlPlaneRates(intent);
  const foreign = existing?.foreignControlPlane;
  if (foreign !== undefined && rates.size > 0) {
    const what = [foreign.classifier !== null && `classifier '${foreign.classifier}'`, foreign.schedulerPolicy !== null && `scheduler policy '${foreign.schedulerPolicy}'`].filter(Boolean).join(' and ');
    throw new DriverError('NOT_OWNED', `refusing to replace the control-plane policy of ${intent.device}: its ${what} (${foreign.source}) is not the agent's; remove it from the device or set controlPlane: operator`);
  }
  // A class the intent no longer asks for, where the device held it (ARP, or the two ICMP classes).
  const held = (c: ControlPlaneClass): boolean => existing !== undefined && (c === 'arp' ? existing.arp !== null : existing.icmp !== null);
  const gone = (c: ControlPlaneClass): boolean => !rates.has(c) && held(c);
  const removeGroup = (c: ControlPlaneClass): XmlElement => withOperation(qos('forwarding-group', qos.leaf('name', controlPlaneGroup(prefix, c))), 'remove');
  const removeQueue = (c: ControlPlaneClass): XmlElement => withOperation(qos('queue', qos.leaf('name', controlPlaneGroup(prefix, c))), 'remove');
  if (rates.size === 0) {
    if (!holdsOwn(existing)) return NOTHING;
    return {
      classifiers: [withOperation(qos('classifier', qos.leaf('name', name)), 'remove')],
      forwardingGroups: CONTROL_PLANE_CLASSES.map(removeGroup),
      queues: CONTROL_PLANE_CLASSES.map(removeQueue),
      schedulerPolicies: [withOperation(qos('scheduler-policy', qos.leaf('name', name)), 'remove')],
      system: sys('system', copp('control-plane-traffic', copp('ingress', withOperation(copp('qos'), 'remove')))),
    };
  }
  const classes = [...rates.keys()];
  const dropped = CONTROL_PLANE_CLASSES.filter(gone);
  const ref = (leafName: 'classifier' | 'scheduler-policy'): XmlElement => copp(leafName, copp('config', withOperation(copp.leaf('name', name), 'replace')));
  return {
    classifiers: [classifier(name, prefix, classes)],
    forwardingGroups: [...classes.map((c) => forwardingGroup(controlPlaneGroup(prefix, c))), ...dropped.map(removeGroup)],
    queues: [...classes.map((c) => queue(controlPlaneGroup(prefix, c))), ...dropped.map(removeQueue)],
    schedulerPolicies: [schedulerPolicy(name, prefix, rates)],
    system: sys('system', copp('control-plane-traffic', copp('ingress', copp('qos', ref('classifier'), ref('scheduler-policy'))))),
  };
}
