/**
 * The simulated lab fleet: one lab NETCONF server and one lab SNMP agent per device of the agent
 * config, on the ports the config names, seeded with the rendered intent of the ledger (as if the
 * partner had applied it) and carrying the scenario's traffic. The running config drives the SNMP
 * side (subinterfaces, policers), so a change the agent commits shows in the counters.
 *
 *   const fleet = await startFleet({ ledger, devices: config.devices, push: config.push,
 *     specs: fleetSpecsFromConfig(config), scenario: exampleScenario(), hostKeyDir });
 *   ...; await fleet.stop();
 */
import type { AgentConfig, DeviceConfig } from '../../../config/agent/model.js';
import { DriverError, type VendorDriver } from '../../../drivers/driver.js';
import { driverFor } from '../../../drivers/registry.js';
import { buildIntents, type IntentSettings } from '../../../policies/intent/build.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import type { LabAuthProtocol, LabPrivProtocol } from '../snmp/usm.js';
import type { OfferedLoad } from '../snmp/traffic.js';
import { LabFleetDevice, type FleetDeviceSpec } from './device.js';
import { labHostKey } from './host-keys.js';
import { interfaceLoads, ledgerPorts, type LabView } from './interfaces.js';
import { faultedIntent, faultPorts, unknownScenarioPorts, type FleetScenario } from './scenario.js';

export type { FleetDeviceSpec } from './device.js';

/** What `startFleet` needs. */
export interface FleetOptions {
  readonly ledger: Ledger;
  /** Devices of the agent config (id and platform are used). */
  readonly devices: readonly DeviceConfig[];
  readonly push: IntentSettings;
  /** How each device is reached (see fleetSpecsFromConfig); one per device. */
  readonly specs: readonly FleetDeviceSpec[];
  readonly scenario: FleetScenario;
  /** Where the devices' SSH host keys are kept across runs. */
  readonly hostKeyDir: string;
  /** Milliseconds clock of the SNMP counters (default Date.now). */
  readonly clock?: () => number;
  /** How often the running configs are checked for commits, ms (default 250). */
  readonly syncIntervalMs?: number;
  /** Where the fleet reports what it does (default: nowhere). */
  readonly log?: (message: string, fields?: Readonly<Record<string, unknown>>) => void;
}

/** A running fleet. */
export interface LabFleet {
  readonly devices: ReadonlyMap<string, LabFleetDevice>;
  readonly scenario: FleetScenario;
  /** Changes the load one shared port offers from now on (undefined: back to the scenario's spread). */
  setOffered(sharedPortId: string, load: OfferedLoad | undefined): void;
  /** Re-reads every running config now (otherwise done every syncIntervalMs). */
  sync(): Promise<void>;
  /** Stops every device and timer. */
  stop(): Promise<void>;
}

const LAB_AUTH: readonly string[] = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'];
const LAB_PRIV: readonly string[] = ['aes', 'aes256'];

/**
 * The lab side of each device of an agent config: same ports, same credentials (revealed: the lab
 * is the device). Throws when a device cannot be simulated (no NETCONF, no SNMP, or an SNMPv3
 * protocol the lab agent lacks), naming the device.
 */
export function fleetSpecsFromConfig(config: Pick<AgentConfig, 'devices'>): FleetDeviceSpec[] {
  return config.devices.map((d) => {
    const nc = d.netconf;
    const snmp = d.snmp;
    if (nc === undefined || nc.password === undefined) throw new Error(`lab fleet: device ${d.id} needs netconf settings with a password`);
    if (snmp === undefined) throw new Error(`lab fleet: device ${d.id} needs snmp settings`);
    if (!(d.address.startsWith('127.') || d.address === '::1')) throw new Error(`lab fleet: device ${d.id} address ${d.address} is not loopback`);
    const base = { id: d.id, platform: d.platform, address: d.address, netconf: { port: nc.port, username: nc.username, password: nc.password.reveal() } };
    if (snmp.version === '2c') return { ...base, snmp: { port: snmp.port, community: snmp.community.reveal() } };
    if (snmp.level === 'noAuthNoPriv' || snmp.authProtocol === undefined || snmp.authKey === undefined) {
      throw new Error(`lab fleet: device ${d.id}: the lab SNMP agent serves SNMPv3 with authentication only`);
    }
    if (!LAB_AUTH.includes(snmp.authProtocol)) throw new Error(`lab fleet: device ${d.id}: auth protocol ${snmp.authProtocol} not in ${LAB_AUTH.join(', ')}`);
    const priv = snmp.level === 'authPriv' ? snmp.privProtocol : undefined;
    if (priv !== undefined && !LAB_PRIV.includes(priv)) throw new Error(`lab fleet: device ${d.id}: privacy protocol ${priv} not in ${LAB_PRIV.join(', ')}`);
    const user = {
      name: snmp.user,
      level: snmp.level,
      authProtocol: snmp.authProtocol as LabAuthProtocol,
      authKey: snmp.authKey.reveal(),
      ...(priv !== undefined && snmp.privKey !== undefined ? { privProtocol: priv as LabPrivProtocol, privKey: snmp.privKey.reveal() } : {}),
    };
    return { ...base, snmp: { port: snmp.port, users: [user] } };
  });
}

function driverOrNone(platform: string): VendorDriver | undefined {
  try {
    return driverFor(platform);
  } catch (error: unknown) {
    if (error instanceof DriverError && error.code === 'UNKNOWN_PLATFORM') return undefined;
    throw error;
  }
}

/** Starts the fleet. Throws on a scenario naming unknown shared ports, a busy port, or a bad spec. */
export async function startFleet(options: FleetOptions): Promise<LabFleet> {
  const { ledger, scenario: initialScenario } = options;
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? Date.now;
  const unknown = unknownScenarioPorts(initialScenario, ledger);
  if (unknown.length > 0) throw new Error(`lab scenario ${initialScenario.name} names shared ports not in the ledger: ${unknown.join(', ')}`);
  const intents = new Map(buildIntents(ledger, options.devices, options.push).map((i) => [i.device, i]));
  let scenario = initialScenario;
  const devices = new Map<string, LabFleetDevice>();
  const stopAll = async (): Promise<void> => {
    await Promise.all([...devices.values()].map((d) => d.stop()));
  };
  try {
    for (const spec of options.specs) {
      const intent = intents.get(spec.id);
      if (intent === undefined) throw new Error(`lab fleet: device ${spec.id} is not in the agent config`);
      const driver = driverOrNone(spec.platform);
      if (driver === undefined) log('no driver for this platform: the device serves an empty running config and its SNMP side follows the ledger intent', { device: spec.id, platform: spec.platform });
      const ports = [...new Set([...ledgerPorts(ledger, spec.id), ...faultPorts(scenario, spec.id)])];
      const circuits = ledger.circuits.filter((c) => c.device === spec.id);
      const speedMbps = Math.max(1000, ...circuits.map((c) => c.bandwidth.bps / 1e6));
      const device = await LabFleetDevice.start({
        spec,
        driver,
        seed: scenario.seed === 'intent' ? faultedIntent(intent, scenario.faults) : undefined,
        faults: scenario.faults,
        ports,
        hostKey: labHostKey(options.hostKeyDir, spec.id),
        speedMbps,
        clock,
        ownershipPrefix: options.push.ownershipPrefix,
      });
      devices.set(spec.id, device);
      log('lab device started', { device: spec.id, platform: spec.platform, netconfPort: device.netconf.port, snmpPort: device.snmpPort, interfaces: device.view.interfaces.length });
    }
  } catch (error: unknown) {
    await stopAll();
    throw error;
  }

  const applyLoads = (): void => {
    const views = new Map<string, LabView>([...devices].map(([id, d]) => [id, d.view]));
    const loads = interfaceLoads(ledger, scenario, views);
    for (const [id, d] of devices) d.applyLoads(loads.get(id) ?? new Map());
  };
  applyLoads();

  // Only the pending timers are kept: the fleet may run for months under `ecpa start`.
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms: number): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  };
  for (const f of scenario.faults) if (f.kind === 'counters-unreadable') devices.get(f.device)?.mute(true);
  for (const flap of scenario.flaps) {
    const device = devices.get(flap.device);
    if (device === undefined) throw new Error(`lab scenario ${scenario.name}: flapping device ${flap.device} is not in the fleet`);
    const cycle = (): void =>
      later(() => {
        device.mute(true);
        log('lab device stops answering SNMP', { device: flap.device, forMs: flap.downMs });
        later(() => {
          device.mute(false);
          log('lab device answers SNMP again', { device: flap.device });
          cycle();
        }, flap.downMs);
      }, flap.upMs);
    cycle();
  }

  let syncing: Promise<void> = Promise.resolve();
  const sync = (): Promise<void> => {
    syncing = syncing.then(async () => {
      let changed = false;
      for (const d of devices.values()) {
        try {
          if (await d.sync()) {
            changed = true;
            log('lab device follows its new running config', { device: d.id, interfaces: d.view.interfaces.length, policers: d.view.policers.size });
          }
        } catch (error: unknown) {
          log('lab device cannot read its running config; keeps the previous view', { device: d.id, error: error instanceof Error ? error.message : String(error) });
        }
      }
      if (changed) applyLoads();
    });
    return syncing;
  };
  const poll = setInterval(() => void sync(), options.syncIntervalMs ?? 250);
  poll.unref();

  return {
    devices,
    get scenario() {
      return scenario;
    },
    setOffered(sharedPortId, load) {
      const offered = { ...scenario.offered };
      if (load === undefined) delete offered[sharedPortId];
      else offered[sharedPortId] = load;
      scenario = { ...scenario, offered };
      applyLoads();
    },
    sync,
    async stop() {
      clearInterval(poll);
      for (const t of timers) clearTimeout(t);
      await syncing;
      await stopAll();
    },
  };
}
