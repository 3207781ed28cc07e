/**
 * What a lab switch's interface table shows of its own running configuration, per platform: the
 * name of every subinterface of a managed port (a subinterface an operator numbered differently
 * from its VLAN keeps its own name, e.g. `XGigabitEthernet0/0/1.1201` carrying VID 201) and the
 * ifMtu of ports and subinterfaces. The platform driver's parse says which subinterfaces exist
 * (VLAN, description, state) but not their names or MTU: the device reads those itself, as a real
 * switch builds its ifTable from its configuration. Pure.
 *
 * The ifMtu model (what IF-MIB ifMtu reports; the lab picks one realistic default per platform):
 *
 * | platform | port (default) | port setting read | subinterface |
 * |---|---|---|---|
 * | openconfig | 9216 (a switch whose ports run jumbo frames) | interface config/mtu | subinterface ipv4 config/mtu, else the port's |
 * | huawei-vrp | 1500 | ifm interface mtu | its own mtu, else the main interface's when that has spread-mtu-flag true (VRP `mtu spread`), else 1500 |
 * | cisco-iosxe | 1500 | native interface mtu | its own mtu, else the main interface's |
 * | junos | 1518 media MTU with vlan-tagging (1514 without) | interface mtu (media MTU) | unit family inet mtu, else media MTU − 18 (− 14 untagged): 1500 |
 */
import type { Platform } from '../../../config/agent/model.js';
import { XE_ETHERNET_TYPES, XE_NATIVE } from '../../../drivers/vendors/cisco-iosxe-ns.js';
import { HW_ETH, HW_IFM } from '../../../drivers/vendors/huawei-vrp-ns.js';
import { OC_IF, OC_VLAN } from '../../../drivers/vendors/openconfig-ns.js';
import { all, at, bool, text, uint } from '../../../drivers/vendors/tree.js';
import type { XmlElement } from '../../../drivers/netconf/xml.js';

/** openconfig-if-ip (subinterface ipv4 config/mtu). */
export const OC_IP = 'http://openconfig.net/yang/interfaces/ip';

/** Ethernet header (14 bytes) and 802.1Q tag (4 bytes): what Junos' media MTU counts beyond the IP MTU. */
const ETH_HEADER = 14;
const DOT1Q_TAG = 4;

/** The ifMtu a platform reports when its configuration sets none. */
export interface PlatformMtuDefaults {
  /** A physical port (Junos: the media MTU of a vlan-tagging port). */
  readonly port: number;
  /** A subinterface of a port with no MTU setting. */
  readonly subinterface: number;
}

/** Default ifMtu per platform (see the table above). */
export const LAB_MTU_DEFAULTS: Readonly<Record<Platform, PlatformMtuDefaults>> = {
  openconfig: { port: 9216, subinterface: 9216 },
  'huawei-vrp': { port: 1500, subinterface: 1500 },
  'cisco-iosxe': { port: 1500, subinterface: 1500 },
  junos: { port: 1500 + ETH_HEADER + DOT1Q_TAG, subinterface: 1500 },
};

/** One subinterface as the device's interface table shows it. */
export interface ConfiguredSubinterface {
  readonly port: string;
  /** The dot1q VLAN it terminates (the number when it has no VLAN match). */
  readonly vlan: number;
  /** ifName: the platform's name of the subinterface (`port.number`, Huawei: its name leaf). */
  readonly name: string;
  readonly description: string;
  readonly mtu: number;
}

/** The interface facts of a running config the lab's SNMP view needs. */
export interface InterfaceConfig {
  /** ifMtu of each managed port. */
  readonly portMtu: ReadonlyMap<string, number>;
  /** ifMtu a subinterface without its own MTU gets, per managed port. */
  readonly inheritedMtu: ReadonlyMap<string, number>;
  /** The subinterfaces (VLAN > 0) of the managed ports, in configuration order. */
  readonly subinterfaces: readonly ConfiguredSubinterface[];
}

interface PortFacts {
  mtu: number;
  inherited: number;
}

function result(ports: readonly string[], defaults: PlatformMtuDefaults, facts: ReadonlyMap<string, PortFacts>, subs: ConfiguredSubinterface[]): InterfaceConfig {
  const of = (p: string): PortFacts => facts.get(p) ?? { mtu: defaults.port, inherited: defaults.subinterface };
  return {
    portMtu: new Map(ports.map((p) => [p, of(p).mtu])),
    inheritedMtu: new Map(ports.map((p) => [p, of(p).inherited])),
    subinterfaces: subs,
  };
}

function openconfig(data: XmlElement, ports: readonly string[]): InterfaceConfig {
  const d = LAB_MTU_DEFAULTS.openconfig;
  const facts = new Map<string, PortFacts>();
  const subs: ConfiguredSubinterface[] = [];
  for (const iface of all(data, OC_IF, 'interfaces', 'interface')) {
    const port = text(iface, OC_IF, 'name') ?? '';
    if (!ports.includes(port)) continue;
    const where = `interfaces/interface[${port}]`;
    const mtu = uint(iface, OC_IF, where, 'config', 'mtu') ?? d.port;
    facts.set(port, { mtu, inherited: mtu });
    for (const sub of all(iface, OC_IF, 'subinterfaces', 'subinterface')) {
      const index = uint(sub, OC_IF, where, 'index') ?? 0;
      if (index === 0) continue; // the port's own routed part: ifMtu is the port's
      const swhere = `${where}/subinterface[${index}]`;
      const vlan = uint(at(sub, OC_VLAN, 'vlan'), OC_VLAN, swhere, 'match', 'single-tagged', 'config', 'vlan-id') ?? index;
      const own = uint(at(sub, OC_IP, 'ipv4'), OC_IP, swhere, 'config', 'mtu');
      subs.push({ port, vlan, name: `${port}.${index}`, description: text(sub, OC_IF, 'config', 'description') ?? '', mtu: own ?? mtu });
    }
  }
  return result(ports, d, facts, subs);
}

function huawei(data: XmlElement, ports: readonly string[]): InterfaceConfig {
  const d = LAB_MTU_DEFAULTS['huawei-vrp'];
  const facts = new Map<string, PortFacts>();
  const pending: { port: string; vlan: number; name: string; description: string; own: number | undefined }[] = [];
  for (const el of all(data, HW_IFM, 'ifm', 'interfaces', 'interface')) {
    const name = text(el, HW_IFM, 'name') ?? '';
    const where = `ifm/interfaces/interface[${name}]`;
    const parent = text(el, HW_IFM, 'parent-name');
    const own = uint(el, HW_IFM, where, 'mtu');
    if (text(el, HW_IFM, 'class') === 'sub-interface' && parent !== undefined) {
      if (!ports.includes(parent)) continue;
      const vid = uint(at(el, HW_ETH, 'ethernet'), HW_ETH, where, 'l3-sub-interface', 'vlan-type-dot1q', 'vlan-type-vid');
      const vlan = vid ?? uint(el, HW_IFM, where, 'number') ?? 0;
      if (vlan > 0) pending.push({ port: parent, vlan, name, description: text(el, HW_IFM, 'description') ?? '', own });
    } else if (ports.includes(name)) {
      const mtu = own ?? d.port;
      // VRP keeps a subinterface at its own MTU unless the main interface spreads its MTU (`mtu spread`).
      facts.set(name, { mtu, inherited: bool(el, HW_IFM, false, where, 'spread-mtu-flag') ? mtu : d.subinterface });
    }
  }
  const inherited = (p: string): number => facts.get(p)?.inherited ?? d.subinterface;
  return result(ports, d, facts, pending.map(({ own, ...s }) => ({ ...s, mtu: own ?? inherited(s.port) })));
}

function ciscoIosxe(data: XmlElement, ports: readonly string[]): InterfaceConfig {
  const d = LAB_MTU_DEFAULTS['cisco-iosxe'];
  const facts = new Map<string, PortFacts>();
  const pending: { port: string; vlan: number; name: string; description: string; own: number | undefined }[] = [];
  const ifs = at(data, XE_NATIVE, 'native', 'interface');
  for (const type of XE_ETHERNET_TYPES) {
    for (const el of all(ifs, XE_NATIVE, type)) {
      const key = text(el, XE_NATIVE, 'name') ?? '';
      const [number = '', sub] = key.split('.', 2);
      const port = `${type}${number}`;
      if (!ports.includes(port)) continue;
      const where = `native/interface/${type}[${key}]`;
      const own = uint(el, XE_NATIVE, where, 'mtu');
      if (sub === undefined) {
        facts.set(port, { mtu: own ?? d.port, inherited: own ?? d.port });
        continue;
      }
      const vlan = uint(el, XE_NATIVE, where, 'encapsulation', 'dot1Q', 'vlan-id') ?? Number(sub);
      pending.push({ port, vlan, name: `${type}${key}`, description: text(el, XE_NATIVE, 'description') ?? '', own });
    }
  }
  const inherited = (p: string): number => facts.get(p)?.inherited ?? d.subinterface;
  return result(ports, d, facts, pending.map(({ own, ...s }) => ({ ...s, mtu: own ?? inherited(s.port) })));
}

function junos(data: XmlElement, ports: readonly string[]): InterfaceConfig {
  const d = LAB_MTU_DEFAULTS.junos;
  const cfg = data.name === 'configuration' ? data : data.children.find((c) => c.name === 'configuration');
  const ns = cfg?.namespace ?? '';
  const facts = new Map<string, PortFacts>();
  const subs: ConfiguredSubinterface[] = [];
  for (const iface of all(cfg, ns, 'interfaces', 'interface')) {
    const port = text(iface, ns, 'name') ?? '';
    if (!ports.includes(port)) continue;
    const where = `interfaces/interface[${port}]`;
    const overhead = ETH_HEADER + (at(iface, ns, 'vlan-tagging') !== undefined ? DOT1Q_TAG : 0);
    const media = uint(iface, ns, where, 'mtu') ?? 1500 + overhead;
    facts.set(port, { mtu: media, inherited: media - overhead });
    for (const unit of all(iface, ns, 'unit')) {
      const number = uint(unit, ns, where, 'name') ?? 0;
      const uwhere = `${where}/unit[${number}]`;
      const vlan = uint(unit, ns, uwhere, 'vlan-id') ?? number;
      if (vlan === 0) continue; // the port's own routed unit
      const own = uint(unit, ns, uwhere, 'family', 'inet', 'mtu');
      subs.push({ port, vlan, name: `${port}.${number}`, description: text(unit, ns, 'description') ?? '', mtu: own ?? media - overhead });
    }
  }
  return result(ports, d, facts, subs);
}

/**
 * The names and ifMtu of the managed `ports` and their subinterfaces in `running` (the datastore
 * root `<data>`, Junos: holding `<configuration>`). Throws DriverError PARSE_FAILED on a value that
 * is not a number where one belongs.
 */
export function configuredInterfaces(platform: Platform, running: XmlElement, ports: readonly string[]): InterfaceConfig {
  switch (platform) {
    case 'openconfig':
      return openconfig(running, ports);
    case 'huawei-vrp':
      return huawei(running, ports);
    case 'cisco-iosxe':
      return ciscoIosxe(running, ports);
    case 'junos':
      return junos(running, ports);
  }
}

/** The interface facts of a device whose configuration the lab cannot read (no driver): platform defaults only. */
export function defaultInterfaces(platform: Platform, ports: readonly string[]): InterfaceConfig {
  return result(ports, LAB_MTU_DEFAULTS[platform], new Map(), []);
}
