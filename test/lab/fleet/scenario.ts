/**
 * Scenarios of the simulated lab fleet: what traffic each tenant offers, which device flaps, and
 * which partner requirement a device breaks. A scenario is plain data, so a test (or the live
 * compliance suite) states in a few lines the one thing it changes:
 *
 *   const s = withFaults(exampleScenario(), [{ kind: 'icmp-limit', device: 'hz-acc-02', pps: 300 }]);
 *
 * Faults are applied to the device's seeded intent before the platform driver renders it, so the
 * lab device holds exactly the broken configuration a real switch would; the operator's own
 * statements (duplicate-vlan, small-mtu: nothing the intent can express) are then merged into the
 * rendered configuration (operator-config.ts). counters-unreadable instead silences the device's
 * SNMP agent. Faults shape the seeded configuration: with `seed: 'empty'` only counters-unreadable
 * applies.
 */
import type { Ledger, SharedPort } from '../../../policies/ledger/model.js';
import type { DeviceIntent } from '../../../policies/intent/model.js';
import type { OfferedLoad } from '../snmp/traffic.js';

/** One requirement a lab device breaks on purpose. */
export type LabFault =
  /** The tenant's policer is absent from its device's configuration (requirement: QoS = sold bandwidth). */
  | { readonly kind: 'missing-policer'; readonly sharedPort: string }
  /** The tenant's policer exists with another rate (e.g. the spec of a previous contract). */
  | { readonly kind: 'wrong-policer-rate'; readonly sharedPort: string; readonly rateBps: number }
  /** The device holds no ARP rate limit although tenants are attached to it. */
  | { readonly kind: 'no-arp-limit'; readonly device: string }
  /** The device limits ICMP to `pps` (below the partner floor of 500 pps when < 501). */
  | { readonly kind: 'icmp-limit'; readonly device: string; readonly pps: number }
  /**
   * An operator-made subinterface (no ownership prefix) on `port` terminates `vlan`, a tenant's VLAN:
   * numbered `number` (default: `vlan` when `port` has no such subinterface yet, else vlan+1000, +2000 …),
   * described `description` (default `manual test circuit vlan <vlan>`).
   */
  | { readonly kind: 'duplicate-vlan'; readonly device: string; readonly port: string; readonly vlan: number; readonly number?: number; readonly description?: string }
  /** The MTU of `port` is lowered: its subinterfaces carry at most `mtu`-byte IP packets (their ifMtu), below 1500 when < 1500. */
  | { readonly kind: 'small-mtu'; readonly device: string; readonly port: string; readonly mtu: number }
  /** The device's SNMP agent never answers (wrong ACL, agent down). */
  | { readonly kind: 'counters-unreadable'; readonly device: string };

/** A device whose SNMP agent stops answering `downMs` out of every `upMs + downMs`. */
export interface FlapSpec {
  readonly device: string;
  readonly upMs: number;
  readonly downMs: number;
}

/** Everything that makes one lab run differ from another. */
export interface FleetScenario {
  readonly name: string;
  /** Offered load per shared-port id; enabled ports not listed get the spread. */
  readonly offered: Readonly<Record<string, OfferedLoad>>;
  /** Load of the other enabled ports: a deterministic 20–80 % of the sold bandwidth, or none. */
  readonly spread: 'deterministic' | 'idle';
  readonly flaps: readonly FlapSpec[];
  readonly faults: readonly LabFault[];
  /** What the devices hold at start: the rendered intent of the ledger (as if applied) or nothing. */
  readonly seed: 'intent' | 'empty';
}

/** Average packet size of the lab traffic (bytes). */
export const LAB_PACKET_BYTES = 500;

/**
 * The example lab: Initech (pc-bp1v0003, 200M on hz-acc-01) offers 300 Mbit/s and is policed to
 * 200M — 100 Mbit/s of drops; Vandelay (pc-bp1v0012, 200M on hz-acc-02) offers 150 Mbit/s; the
 * other enabled tenants a deterministic spread; hz-acc-03 stops answering SNMP for 20 s of every
 * 2 minutes, first after 100 s (so the first minute shows every port with a rate).
 */
export function exampleScenario(): FleetScenario {
  return {
    name: 'example',
    offered: {
      'pc-bp1v0003': { inBps: 300e6, outBps: 80e6, packetBytes: LAB_PACKET_BYTES },
      'pc-bp1v0012': { inBps: 150e6, outBps: 40e6, packetBytes: LAB_PACKET_BYTES },
    },
    spread: 'deterministic',
    flaps: [{ device: 'hz-acc-03', upMs: 100_000, downMs: 20_000 }],
    faults: [],
    seed: 'intent',
  };
}

/** The scenario with `faults` added (one requirement broken at a time in the compliance suite). */
export function withFaults(scenario: FleetScenario, faults: readonly LabFault[]): FleetScenario {
  return { ...scenario, name: `${scenario.name}+${faults.map((f) => f.kind).join('+')}`, faults: [...scenario.faults, ...faults] };
}

/** FNV-1a of a string, as a fraction in [0, 1): the same id always gets the same load. */
function fraction(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

/** The load a shared port offers in a scenario; undefined when it offers none (not enabled, or idle spread). */
export function offeredLoad(scenario: FleetScenario, port: SharedPort): OfferedLoad | undefined {
  if (port.status !== 'enabled') return undefined;
  const explicit = scenario.offered[port.id];
  if (explicit !== undefined) return explicit;
  if (scenario.spread === 'idle') return undefined;
  const share = 0.2 + 0.6 * fraction(port.id);
  const inBps = Math.round(port.bandwidth.bps * share);
  return { inBps, outBps: Math.round(inBps * 0.4), packetBytes: LAB_PACKET_BYTES };
}

/** Shared ports of the ledger a scenario names but the ledger lacks (a typo in a test). */
export function unknownScenarioPorts(scenario: FleetScenario, ledger: Ledger): string[] {
  const ids = new Set(ledger.sharedPorts.map((p) => p.id));
  const named = [
    ...Object.keys(scenario.offered),
    ...scenario.faults.flatMap((f) => ('sharedPort' in f ? [f.sharedPort] : [])),
  ];
  return named.filter((id) => !ids.has(id));
}

/** Ports of `device` the scenario's faults name (the lab device manages them even when the ledger does not). */
export function faultPorts(scenario: FleetScenario, device: string): string[] {
  return scenario.faults.flatMap((f) => ((f.kind === 'duplicate-vlan' || f.kind === 'small-mtu') && f.device === device ? [f.port] : []));
}

/**
 * The intent a lab device is seeded with: the device's intent with the scenario's faults on agent
 * objects applied (the operator-statement faults are added to the rendered configuration). Pure.
 */
export function faultedIntent(intent: DeviceIntent, faults: readonly LabFault[]): DeviceIntent {
  let out = intent;
  for (const f of faults) {
    switch (f.kind) {
      case 'missing-policer':
        out = { ...out, policers: out.policers.filter((p) => p.owner !== f.sharedPort) };
        break;
      case 'wrong-policer-rate':
        out = { ...out, policers: out.policers.map((p) => (p.owner === f.sharedPort ? { ...p, rateBps: f.rateBps } : p)) };
        break;
      case 'no-arp-limit':
        if (f.device === out.device) out = { ...out, arp: null };
        break;
      case 'icmp-limit':
        if (f.device === out.device) out = { ...out, icmp: { pps: f.pps } };
        break;
      case 'duplicate-vlan':
      case 'small-mtu':
      case 'counters-unreadable':
        break;
    }
  }
  return out;
}
