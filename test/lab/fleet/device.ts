/**
 * One simulated switch of the fleet: a lab NETCONF server holding its configuration and a lab
 * SNMP agent whose interfaces and policers follow that configuration, as parsed by the
 * platform's driver (names and ifMtu as the device itself reads them: platform-interfaces.ts).
 * When a commit changes the running config, `sync()` re-derives the SNMP view: a new policer rate
 * takes effect at once; a changed interface table rebuilds the SNMP agent on the same port
 * (counters and sysUpTime restart, which the poller treats as a reboot — the lab traffic model
 * cannot add rows to a running agent).
 */
import type { Platform } from '../../../config/agent/model.js';
import { NO_REMOVALS, scopeOf, type VendorDriver } from '../../../drivers/driver.js';
import { classifierName } from '../../../drivers/vendors/huawei-vrp-parse.js';
import { canonicalize } from '../../../drivers/netconf/xml-compare.js';
import { NS_BASE, element, type XmlElement } from '../../../drivers/netconf/xml.js';
import type { DeviceIntent, ObservedDevice } from '../../../policies/intent/model.js';
import { observableOf } from '../../../policies/intent/observable.js';
import { applyEdit } from '../netconf/datastore.js';
import { junosRoot, loadInto } from '../netconf/junos-load.js';
import { start as startNetconf, type LabServer } from '../netconf/server.js';
import { startLabSnmpAgent, type LabSnmpAgent, type LabV3User } from '../snmp/agent.js';
import type { OfferedLoad } from '../snmp/traffic.js';
import { interfaceSetKey, labView, type LabView } from './interfaces.js';
import { keyMapFor } from './keymaps.js';
import { isOperatorFault, withOperatorConfig } from './operator-config.js';
import { configuredInterfaces, defaultInterfaces, type InterfaceConfig } from './platform-interfaces.js';
import type { LabFault } from './scenario.js';
import { systemEntriesOf } from './system-entries.js';

/** How a lab device is reached; secrets are plain here (this is the device side). */
export interface FleetDeviceSpec {
  readonly id: string;
  readonly platform: Platform;
  /** Loopback address the device binds (default 127.0.0.1). */
  readonly address?: string;
  /** 0 = ephemeral (read the port from the device afterwards). */
  readonly netconf: { readonly port: number; readonly username: string; readonly password: string };
  readonly snmp: { readonly port: number; readonly community?: string; readonly users?: readonly LabV3User[] };
}

/** What a device needs to start. */
export interface DeviceStartOptions {
  readonly spec: FleetDeviceSpec;
  /** The driver of the platform, or undefined when the platform has none yet. */
  readonly driver: VendorDriver | undefined;
  /** The intent to seed the running config with (faults applied), or undefined for an empty device. */
  readonly seed: DeviceIntent | undefined;
  /** The scenario's faults: those that are operator statements (duplicate-vlan, small-mtu) are merged into the seeded configuration. */
  readonly faults?: readonly LabFault[];
  /** Ports the device manages: listed in the SNMP view even without configuration, and the parse scope. */
  readonly ports: readonly string[];
  readonly hostKey: string;
  readonly speedMbps: number;
  readonly clock: () => number;
  readonly ownershipPrefix: string;
  /** Junos switches: length of a confirm-timeout minute in ms (default 60 000; tests scale it down). */
  readonly junosMinuteMs?: number;
}

/**
 * The `<data>` a device holding `intent` has: the driver's edit applied to an empty datastore.
 * Junos: the driver's `<configuration>` loaded the way the lab Junos server loads it
 * (load-configuration action="replace": replace="replace" / delete="delete").
 */
export function seededConfig(driver: VendorDriver, intent: DeviceIntent, platform: Platform): XmlElement {
  if (isJunos(driver)) return loadInto(junosRoot(), driver.render(intent), 'replace', keyMapFor(platform)).root;
  const data = systemConfig(platform);
  // Rendered against what the device holds, as apply does: the Huawei driver binds its ICMP
  // policy only to the boards it read.
  const existing = systemEntriesOf(platform) === undefined ? undefined : driver.parse(data, scopeOf(intent));
  applyEdit(data, driver.render(intent, NO_REMOVALS, existing), 'merge', keyMapFor(platform));
  return data;
}

/** The `<data>` of a device nobody configured yet: the platform's system-created entries, or nothing. */
export function systemConfig(platform: Platform): XmlElement {
  const data = element('data', { namespace: NS_BASE });
  const system = systemEntriesOf(platform);
  if (system !== undefined) applyEdit(data, system, 'merge', keyMapFor(platform));
  return data;
}

/** Whether the platform speaks the Junos XML API (its lab server then runs as a Junos device). */
export function isJunos(driver: VendorDriver | undefined): boolean {
  return driver?.transaction.load === 'junos-load-configuration';
}

/** A running lab device. */
export class LabFleetDevice {
  readonly spec: FleetDeviceSpec;
  readonly netconf: LabServer;
  readonly #options: DeviceStartOptions;
  #snmp: LabSnmpAgent;
  #snmpPort: number;
  #view: LabView;
  #setKey: string;
  #seen: XmlElement;
  #muted = false;
  #loads = new Map<string, OfferedLoad>();
  /** Set when the platform has no driver: the SNMP side follows the seed, not the running config. */
  readonly #static: ObservedDevice | undefined;

  private constructor(options: DeviceStartOptions, netconf: LabServer, snmp: LabSnmpAgent, view: LabView, fallback: ObservedDevice | undefined) {
    this.spec = options.spec;
    this.#options = options;
    this.netconf = netconf;
    this.#snmp = snmp;
    this.#snmpPort = snmp.port;
    this.#view = view;
    this.#setKey = interfaceSetKey(view);
    this.#seen = netconf.datastores.running;
    this.#static = fallback;
  }

  /** Starts the NETCONF server and the SNMP agent of one device. */
  static async start(options: DeviceStartOptions): Promise<LabFleetDevice> {
    const { spec, driver, seed } = options;
    const host = spec.address ?? '127.0.0.1';
    const faults = options.faults ?? [];
    if (driver === undefined && seed !== undefined && faults.some((f) => isOperatorFault(f) && f.device === spec.id)) {
      throw new Error(`lab fleet: device ${spec.id}: platform ${spec.platform} has no driver, so its configuration cannot hold the scenario's operator statements`);
    }
    const initial = seed !== undefined && driver !== undefined
      ? withOperatorConfig(spec.platform, seededConfig(driver, seed, spec.platform), seed, faults, keyMapFor(spec.platform))
      : systemEntriesOf(spec.platform) !== undefined ? systemConfig(spec.platform) : undefined;
    const netconf = await startNetconf({
      host,
      port: spec.netconf.port,
      hostKeys: [options.hostKey],
      users: [{ username: spec.netconf.username, password: spec.netconf.password }],
      keyMap: keyMapFor(spec.platform),
      ...(initial ? { initialConfig: initial } : {}),
      // A Junos switch serves the Junos RPCs; an empty one still answers an (empty) <configuration>.
      ...(isJunos(driver) ? { junos: options.junosMinuteMs !== undefined ? { minuteMs: options.junosMinuteMs } : {} } : {}),
    });
    // Without a driver the running config cannot be read back; the SNMP side then shows the seed.
    const fallback = driver === undefined && seed !== undefined ? observableOf(seed, { arp: true, icmp: true }) : undefined;
    try {
      const observed = fallback ?? observe(driver, netconf.datastores.running, options);
      const view = labView(observed, options.ports, options.speedMbps, interfaceConfig(fallback !== undefined, netconf.datastores.running, options));
      const snmp = await startSnmp(options, view, spec.snmp.port);
      return new LabFleetDevice(options, netconf, snmp, view, fallback);
    } catch (error: unknown) {
      await netconf.stop();
      throw error;
    }
  }

  get id(): string {
    return this.spec.id;
  }

  /** The SNMP agent now serving (replaced when the interface set changes). */
  get snmp(): LabSnmpAgent {
    return this.#snmp;
  }

  get snmpPort(): number {
    return this.#snmpPort;
  }

  get view(): LabView {
    return this.#view;
  }

  /** Whether the device reads its configuration through a driver (false: no driver for the platform). */
  get followsRunningConfig(): boolean {
    return this.#static === undefined;
  }

  /** Silences (or revives) the SNMP agent; survives an agent rebuild. */
  mute(on: boolean): void {
    this.#muted = on;
    this.#snmp.mute(on);
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** The configuration as the platform driver parses it (or the seed when there is no driver). */
  observed(): ObservedDevice {
    return this.#static ?? observe(this.#options.driver, this.netconf.datastores.running, this.#options);
  }

  /**
   * Re-reads the running config when a commit or rollback replaced it. Returns true when the SNMP
   * view changed. A running config the driver cannot parse keeps the previous view (and throws).
   */
  async sync(): Promise<boolean> {
    const running = this.netconf.datastores.running;
    if (running === this.#seen || this.#static !== undefined) return false;
    const changed = canonicalize(running) !== canonicalize(this.#seen);
    this.#seen = running;
    if (!changed) return false;
    const view = labView(this.observed(), this.#options.ports, this.#options.speedMbps, interfaceConfig(false, running, this.#options));
    const key = interfaceSetKey(view);
    if (key !== this.#setKey) {
      await this.#snmp.stop();
      this.#snmp = await startSnmp(this.#options, view, this.#snmpPort);
      this.#snmp.mute(this.#muted);
      this.#setKey = key;
      this.#view = view;
      const loads = this.#loads;
      this.#loads = new Map();
      this.applyLoads(loads);
      return true;
    }
    for (const i of view.interfaces) {
      const before = this.#view.policers.get(i.name);
      const after = view.policers.get(i.name);
      if (before?.inBps !== after?.inBps || before?.outBps !== after?.outBps) this.#snmp.setPolicer(i.name, after);
    }
    this.#view = view;
    return true;
  }

  /** Sets the traffic of every interface (absent = none). Only changed loads are touched. */
  applyLoads(loads: ReadonlyMap<string, OfferedLoad>): void {
    for (const i of this.#view.interfaces) {
      const next = loads.get(i.name);
      const prev = this.#loads.get(i.name);
      if (next?.inBps === prev?.inBps && next?.outBps === prev?.outBps && next?.packetBytes === prev?.packetBytes) continue;
      this.#snmp.setOffered(i.name, next ?? { inBps: 0, outBps: 0 });
    }
    this.#loads = new Map(loads);
  }

  /** Stops both servers. */
  async stop(): Promise<void> {
    await Promise.all([this.#snmp.stop(), this.netconf.stop()]);
  }
}

function observe(driver: VendorDriver | undefined, running: XmlElement, options: DeviceStartOptions): ObservedDevice {
  if (driver === undefined) return { subinterfaces: [], policers: [], arp: null, icmp: null };
  return driver.parse(running, { ownershipPrefix: options.ownershipPrefix, ports: [...options.ports].sort() });
}

/** Names and ifMtu of the device's interfaces: read from its running config, or platform defaults when it has no driver. */
function interfaceConfig(fromSeed: boolean, running: XmlElement, options: DeviceStartOptions): InterfaceConfig {
  const { platform } = options.spec;
  if (fromSeed || options.driver === undefined) return defaultInterfaces(platform, options.ports);
  return configuredInterfaces(platform, running, options.ports);
}

async function startSnmp(options: DeviceStartOptions, view: LabView, port: number): Promise<LabSnmpAgent> {
  const { spec } = options;
  const agent = await startLabSnmpAgent({
    model: {
      sysName: spec.id,
      sysDescr: `ecpa lab ${spec.platform} switch ${spec.id}`,
      interfaces: view.interfaces,
      // A Huawei switch serves its CBQoS classifier statistics, rows named by the driver's own classifier.
      ...(spec.platform === 'huawei-vrp' ? { qos: 'huawei-vrp' as const, qosClassifier: classifierName(options.ownershipPrefix) } : {}),
    },
    port,
    address: spec.address ?? '127.0.0.1',
    ...(spec.snmp.community !== undefined ? { community: spec.snmp.community } : {}),
    ...(spec.snmp.users !== undefined ? { users: spec.snmp.users } : {}),
    clock: options.clock,
  });
  for (const [name, policer] of view.policers) agent.setPolicer(name, policer);
  return agent;
}
