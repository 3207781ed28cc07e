/**
 * The configuration faults of a lab scenario as a person would have typed them on the switch: not
 * the agent's objects (no ownership prefix, nothing the intent can express), merged into the
 * device's seeded configuration in the platform's own model.
 *
 * - `duplicate-vlan`: a second subinterface of the port, numbered differently from the tenant's
 *   (`<port>.<vlan>` is the tenant's), whose dot1q match is the tenant's VLAN. Every lab platform's
 *   configuration model can hold it: OpenConfig subinterface index N + vlan/match/single-tagged
 *   vlan-id; huawei-ifm sub-interface number N + l3-sub-interface vlan-type-dot1q vlan-type-vid;
 *   IOS-XE native `<Type>` `slot/port.N` + encapsulation dot1Q vlan-id; Junos unit N + vlan-id.
 *   The lab server is schema-less and accepts it on all four; whether the box itself commits it is
 *   the box's check (see docs/lab.md).
 * - `small-mtu`: the port's MTU statement lowered so that its subinterfaces carry at most `mtu`
 *   bytes of IP: OpenConfig interface config/mtu; Huawei interface mtu with spread-mtu-flag
 *   (`mtu spread`: without it VRP subinterfaces keep their own MTU); IOS-XE interface mtu; Junos
 *   interface (media) mtu = `mtu` + 14 (+ 4 on a vlan-tagging port).
 */
import type { Platform } from '../../../config/agent/model.js';
import { splitPort, XE_NATIVE } from '../../../drivers/vendors/cisco-iosxe-ns.js';
import { HW_ETH, HW_IFM, portType } from '../../../drivers/vendors/huawei-vrp-ns.js';
import { OC_IF, OC_VLAN } from '../../../drivers/vendors/openconfig-ns.js';
import { builder, configRoot, type Slot } from '../../../drivers/vendors/tree.js';
import { cloneElement, element, type XmlElement } from '../../../drivers/netconf/xml.js';
import type { DeviceIntent } from '../../../policies/intent/model.js';
import { applyEdit, type KeyMap } from '../netconf/datastore.js';
import { loadInto } from '../netconf/junos-load.js';
import { configuredInterfaces } from './platform-interfaces.js';
import type { LabFault } from './scenario.js';

/** A fault that lives in the device's configuration as an operator's statement. */
export type OperatorFault = Extract<LabFault, { kind: 'duplicate-vlan' | 'small-mtu' }>;

/** Whether `f` is one of the operator-statement faults (applied to the rendered configuration, not the intent). */
export function isOperatorFault(f: LabFault): f is OperatorFault {
  return f.kind === 'duplicate-vlan' || f.kind === 'small-mtu';
}

/** Smallest and largest MTU a `small-mtu` fault may set (IPv4 minimum; the largest jumbo the platforms take). */
const MTU_RANGE = [68, 9216] as const;
/** Subinterface numbers every lab platform accepts (Huawei S-series: 1..4096). */
const NUMBER_RANGE = [1, 4096] as const;

/** A subinterface an operator made: where, its number, the VLAN it terminates, its description. */
interface ManualSubinterface {
  readonly port: string;
  readonly number: number;
  readonly vlan: number;
  readonly description: string;
}

function fail(device: string, f: OperatorFault, why: string): never {
  throw new Error(`lab scenario: ${f.kind} on ${device} ${f.port}: ${why}`);
}

/**
 * The subinterface a duplicate-vlan fault adds: numbered `number`, else `vlan` when the port has no
 * such subinterface yet (a copy on another port), else the first of vlan+1000, vlan+2000 … that is
 * free. Throws when the VLAN is no tenant's, the number is taken or out of range, or the
 * description carries the ownership prefix.
 */
function manualSubinterface(intent: DeviceIntent, f: Extract<LabFault, { kind: 'duplicate-vlan' }>, taken: ReadonlySet<number>): ManualSubinterface {
  if (!intent.subinterfaces.some((s) => s.vlan === f.vlan)) fail(intent.device, f, `no tenant of ${intent.device} has VLAN ${f.vlan} to duplicate`);
  const description = f.description ?? `manual test circuit vlan ${f.vlan}`;
  if (description.startsWith(intent.ownershipPrefix)) fail(intent.device, f, `description '${description}' carries the ownership prefix: an operator's subinterface has none`);
  const candidates = f.number !== undefined ? [f.number] : [f.vlan, f.vlan + 1000, f.vlan + 2000, f.vlan + 3000];
  const number = candidates.find((n) => !taken.has(n));
  if (number === undefined) fail(intent.device, f, f.number !== undefined ? `subinterface number ${f.number} is taken` : `no free subinterface number among ${candidates.join(', ')}`);
  if (!Number.isInteger(number) || number < NUMBER_RANGE[0] || number > NUMBER_RANGE[1]) fail(intent.device, f, `subinterface number ${number} is not in ${NUMBER_RANGE.join('..')}`);
  return { port: f.port, number, vlan: f.vlan, description };
}

const oc = builder(OC_IF);
const ocVlan = builder(OC_VLAN);
const ifm = builder(HW_IFM);
const eth = builder(HW_ETH);
const ios = builder(XE_NATIVE);
const jx = builder('');

function ocEdits(subs: readonly ManualSubinterface[], mtus: ReadonlyMap<string, number>): Slot[] {
  const ports = [...new Set([...subs.map((s) => s.port), ...mtus.keys()])];
  return [oc('interfaces', ...ports.map((port) => {
    const mtu = mtus.get(port);
    return oc('interface', oc.leaf('name', port),
      mtu !== undefined && oc('config', oc.leaf('name', port), oc.leaf('mtu', mtu)),
      ...subs.filter((s) => s.port === port).map((s) => oc('subinterfaces', oc('subinterface', oc.leaf('index', s.number),
        oc('config', oc.leaf('index', s.number), oc.leaf('description', s.description), oc.leaf('enabled', true)),
        ocVlan('vlan', ocVlan('match', ocVlan('single-tagged', ocVlan('config', ocVlan.leaf('vlan-id', s.vlan)))))))));
  }))];
}

function huaweiEdits(subs: readonly ManualSubinterface[], mtus: ReadonlyMap<string, number>): Slot[] {
  return [ifm('ifm', ifm('interfaces',
    ...[...mtus].map(([port, mtu]) => ifm('interface', ifm.leaf('name', port), ifm.leaf('mtu', mtu), ifm.leaf('spread-mtu-flag', true))),
    ...subs.map((s) => ifm('interface', ifm.leaf('name', `${s.port}.${s.number}`), ifm.leaf('class', 'sub-interface'), ifm.leaf('type', portType(s.port)),
      ifm.leaf('parent-name', s.port), ifm.leaf('number', String(s.number)), ifm.leaf('description', s.description),
      eth('ethernet', eth('l3-sub-interface', eth('vlan-type-dot1q', eth.leaf('vlan-type-vid', s.vlan)))))),
  ))];
}

function ciscoEdits(subs: readonly ManualSubinterface[], mtus: ReadonlyMap<string, number>): Slot[] {
  return [ios('native', ios('interface',
    ...[...mtus].map(([port, mtu]) => {
      const p = splitPort(port);
      return ios(p.type, ios.leaf('name', p.number), ios.leaf('mtu', mtu));
    }),
    ...subs.map((s) => {
      const p = splitPort(s.port);
      return ios(p.type, ios.leaf('name', `${p.number}.${s.number}`), ios.leaf('description', s.description),
        ios('encapsulation', ios('dot1Q', ios.leaf('vlan-id', s.vlan))));
    }),
  ))];
}

function junosEdits(data: XmlElement, subs: readonly ManualSubinterface[], mtus: ReadonlyMap<string, number>): XmlElement {
  const cfg = data.children.find((c) => c.name === 'configuration');
  const tagged = (port: string): boolean =>
    cfg?.children.find((c) => c.name === 'interfaces')?.children.some((i) => i.name === 'interface' && i.children.some((c) => c.name === 'name' && c.text === port) && i.children.some((c) => c.name === 'vlan-tagging')) === true;
  const ports = [...new Set([...subs.map((s) => s.port), ...mtus.keys()])];
  return element('configuration', {
    children: [jx('interfaces', ...ports.map((port) => {
      const mtu = mtus.get(port);
      // Junos sets the media MTU: the IP MTU of its units is that minus the Ethernet header (and tag).
      return jx('interface', jx.leaf('name', port), mtu !== undefined && jx.leaf('mtu', mtu + 14 + (tagged(port) ? 4 : 0)),
        ...subs.filter((s) => s.port === port).map((s) => jx('unit', jx.leaf('name', s.number), jx.leaf('description', s.description), jx.leaf('vlan-id', s.vlan))));
    }))],
  });
}

/**
 * `data` (a seeded datastore root) with the operator statements of `faults` that concern
 * `intent.device` merged in; a new root (`data` is not changed). Throws (naming the device, port
 * and reason) on a fault the lab cannot represent as stated.
 */
export function withOperatorConfig(platform: Platform, data: XmlElement, intent: DeviceIntent, faults: readonly LabFault[], keyMap: KeyMap): XmlElement {
  const mine = faults.filter(isOperatorFault).filter((f) => f.device === intent.device);
  if (mine.length === 0) return data;
  const subs: ManualSubinterface[] = [];
  const mtus = new Map<string, number>();
  for (const f of mine) {
    if (f.kind === 'small-mtu') {
      if (!Number.isInteger(f.mtu) || f.mtu < MTU_RANGE[0] || f.mtu > MTU_RANGE[1]) fail(intent.device, f, `mtu ${f.mtu} is not an integer in ${MTU_RANGE.join('..')}`);
      mtus.set(f.port, f.mtu);
      continue;
    }
    const existing = configuredInterfaces(platform, data, [f.port]).subinterfaces.map((s) => Number(s.name.slice(f.port.length + 1)));
    const taken = new Set([...existing, ...subs.filter((s) => s.port === f.port).map((s) => s.number)]);
    subs.push(manualSubinterface(intent, f, taken));
  }
  if (platform === 'junos') return loadInto(data, junosEdits(data, subs, mtus), 'merge', keyMap).root;
  const edits = platform === 'openconfig' ? ocEdits(subs, mtus) : platform === 'huawei-vrp' ? huaweiEdits(subs, mtus) : ciscoEdits(subs, mtus);
  const copy = cloneElement(data);
  applyEdit(copy, configRoot(edits), 'merge', keyMap);
  return copy;
}
