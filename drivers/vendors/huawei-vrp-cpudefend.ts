/**
 * Huawei NE8000 CPU defend (huawei-cpudefend, NE8000 M4/M8/M14 V800R022C00): the agent's explicit
 * ICMP limit is a CPCAR entry — CLI `cpu-defend policy N` / `car packet-type icmp cir <kbit/s>
 * cbs <bytes>`, YANG `/cpudefend/policys/policy[id]/cpcar-protocol-names/cpcar-protocol-name[icmp]`
 * — in a cpu-defend policy the agent owns, and so is its aggregate ARP limit on a device that lets
 * the agent own its control plane (`cpcar-protocol-name[arp]`, sized in huawei-vrp-arp.ts); the
 * policy is bound to the MPU boards
 * (`/devm/mpu-boards/mpu-board[position]/cpudefend/policy-id`; the lpu-board binding is not
 * supported on this platform: huawei-cpudefend-deviations-NE8000M8M14).
 *
 * Ownership. A board applies ONE policy, so the agent never rebinds a board that applies an
 * operator's policy (that would replace the operator's whole CPU protection) and never writes into
 * a policy it does not own. Its policy is the one whose description starts with the ownership
 * prefix; a new one takes the highest free id (30 first). It binds the boards that apply no policy.
 * Which policy limits ICMP on each board is what `limits` (huawei-vrp-limits.ts) reports.
 *
 * Units. CPCAR `cir` is kbit/s, the intent counts echo requests per second. The agent counts every
 * echo request as ECHO_REQUEST_BYTES = 128 bytes (limits-common.ts, the size every driver's limits
 * use: iputils ping sends 84-byte IPv4 packets, 106 bytes as a dot1q Ethernet frame), rounding the
 * CPCAR up, so at least `pps` such pings pass; back, kbit/s → pps rounds down. With 1024 bits per
 * packet (more than 1 kbit/s per pps) the conversion is exact both ways: 1000 pps ↔ 1024 kbit/s.
 */
import type { ArpLimitSpec, IcmpLimitSpec, ObservedDevice } from '../../policies/intent/model.js';
import { DriverError } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { CPCAR_CBS_MAX_BYTES, CPCAR_CIR_MAX_KBPS, ppsOfArpCpcar, type ArpCpcar } from './huawei-vrp-arp.js';
import { HW_CPUDEFEND, HW_DEVM } from './huawei-vrp-ns.js';
import { ECHO_REQUEST_BYTES, echoPpsOfBitRate } from './limits-common.js';
import { all, at, builder, text, uint, withOperation } from './tree.js';

const cd = builder(HW_CPUDEFEND);
const dv = builder(HW_DEVM);

/** The id of the agent's policy when the device's policies are not known (a render without `existing`). */
export const DEFAULT_POLICY_ID = 30;
/** huawei-cpudefend policy ids: `leaf id { range "1..30" }`, `max-elements 30`. */
const POLICY_IDS = { min: 1, max: 30 } as const;
const CIR_MAX_KBPS = CPCAR_CIR_MAX_KBPS;
const CBS_MAX_BYTES = CPCAR_CBS_MAX_BYTES;

/** kbit/s of a CPCAR that lets `pps` echo requests of ECHO_REQUEST_BYTES through (rounded up: never fewer). */
export function icmpCirKbps(pps: number): number {
  return Math.ceil((pps * ECHO_REQUEST_BYTES * 8) / 1000);
}

/** Echo requests per second of ECHO_REQUEST_BYTES a CPCAR of `kbps` lets through (rounded down: never more). */
export function icmpPpsOfCir(kbps: number): number {
  return echoPpsOfBitRate(kbps * 1000);
}

/** CPCAR burst: one second of echo requests at `pps`, within the cbs range. */
export function icmpCbsBytes(pps: number): number {
  return Math.min(pps * ECHO_REQUEST_BYTES, CBS_MAX_BYTES);
}

/** A CPCAR entry of a policy as read: cir kbit/s and cbs bytes, each if set. */
export interface CpcarEntry {
  readonly cirKbps: number | undefined;
  readonly cbs: number | undefined;
}

/** One cpu-defend policy as read from a reply. */
export interface CpuDefendPolicy {
  readonly id: number;
  readonly description: string | undefined;
  /** The `icmp` CPCAR entry (cir kbit/s, cbs bytes), if the policy has one. */
  readonly icmp: CpcarEntry | undefined;
  /** The `arp` CPCAR entry (cir kbit/s, cbs bytes), if the policy has one. */
  readonly arp: CpcarEntry | undefined;
  /**
   * Other settings of the policy that can decide how ICMP to the CPU is limited, as short
   * descriptions: ACL-classified user-defined flows, whitelist and blacklist ACLs (matching ICMP
   * takes their CAR instead of the icmp one), a total CAR shared by every packet to the CPU.
   */
  readonly alsoLimiting: readonly string[];
}

/** An MPU board and the cpu-defend policy it applies (undefined: none, the platform's default CPCARs). */
export interface MpuBoard {
  readonly position: string;
  readonly policyId: number | undefined;
}

/** What a reply shows of CPU defend: every policy and every MPU board with its binding. */
export interface CpuDefendState {
  readonly policies: readonly CpuDefendPolicy[];
  readonly boards: readonly MpuBoard[];
}

function alsoLimiting(p: XmlElement, where: string): string[] {
  const out: string[] = [];
  const flows = all(p, HW_CPUDEFEND, 'user-defined-flows', 'user-defined-flow').map((f) => text(f, HW_CPUDEFEND, 'flow-id') ?? '?');
  if (flows.length > 0) out.push(`user-defined flow ${flows.join(', ')} (ACL-classified)`);
  for (const list of ['whitelist', 'blacklist'] as const) {
    const el = at(p, HW_CPUDEFEND, list);
    const acl = ['acl', 'acl-number', 'ipv4-acl', 'ipv4-acl-number'].map((n) => text(el, HW_CPUDEFEND, n)).find((v) => v !== undefined);
    if (acl !== undefined) out.push(`${list} ACL ${acl}`);
  }
  const total = at(p, HW_CPUDEFEND, 'total-car', 'cpu-defend-total-car');
  const value = uint(total, HW_CPUDEFEND, `${where}/total-car/cpu-defend-total-car`, 'value');
  const level = text(total, HW_CPUDEFEND, 'level');
  if (value !== undefined || level !== undefined) {
    out.push(`total-car ${value !== undefined ? `value ${value}` : `level ${level ?? ''}`} (shared by every packet to the CPU; the YANG states no unit)`);
  }
  return out;
}

/**
 * Every cpu-defend policy and MPU board of a get-config `<data>` (those the driver's filter asks
 * for). Throws DriverError PARSE_FAILED (with the path) for an id or rate that is not a number.
 */
export function readCpuDefend(data: XmlElement): CpuDefendState {
  const policies = all(data, HW_CPUDEFEND, 'cpudefend', 'policys', 'policy').map((p): CpuDefendPolicy => {
    const raw = text(p, HW_CPUDEFEND, 'id');
    const where = `cpudefend/policys/policy[id=${raw ?? '?'}]`;
    const id = uint(p, HW_CPUDEFEND, where, 'id');
    if (id === undefined) throw new DriverError('PARSE_FAILED', 'cpudefend/policys/policy: an entry without its key leaf id');
    const cpcar = (protocol: 'icmp' | 'arp'): CpcarEntry | undefined => {
      const entry = all(p, HW_CPUDEFEND, 'cpcar-protocol-names', 'cpcar-protocol-name').find((c) => text(c, HW_CPUDEFEND, 'protocol-name') === protocol);
      const car = `${where}/cpcar-protocol-names/cpcar-protocol-name[${protocol}]`;
      return entry === undefined ? undefined : { cirKbps: uint(entry, HW_CPUDEFEND, car, 'cir'), cbs: uint(entry, HW_CPUDEFEND, car, 'cbs') };
    };
    return {
      id,
      description: text(p, HW_CPUDEFEND, 'description'),
      icmp: cpcar('icmp'),
      arp: cpcar('arp'),
      alsoLimiting: alsoLimiting(p, where),
    };
  });
  const boards = all(data, HW_DEVM, 'devm', 'mpu-boards', 'mpu-board').map((b): MpuBoard => {
    const position = text(b, HW_DEVM, 'position');
    if (position === undefined) throw new DriverError('PARSE_FAILED', 'devm/mpu-boards/mpu-board: an entry without its key leaf position');
    return { position, policyId: uint(b, HW_CPUDEFEND, `devm/mpu-boards/mpu-board[${position}]`, 'cpudefend', 'policy-id') };
  });
  return { policies, boards };
}

/** The description the agent writes on its policy (≤ 64 characters: the prefix is at most 16). */
export function agentDescription(prefix: string): string {
  return `${prefix}icmp-cpcar`;
}

/** Whether a policy is the agent's: its description starts with the ownership prefix. */
export function isAgentPolicy(prefix: string, p: CpuDefendPolicy): boolean {
  return p.description !== undefined && p.description.startsWith(prefix);
}

/** The agent's policy in `state` (the lowest id when, unexpectedly, several carry the prefix). */
export function agentPolicy(state: CpuDefendState, prefix: string): CpuDefendPolicy | undefined {
  return [...state.policies].sort((a, b) => a.id - b.id).find((p) => isAgentPolicy(prefix, p));
}

/**
 * The ICMP limit the device holds as the agent writes it: the agent's policy has an ICMP CPCAR and
 * no MPU board is left without a policy (a board applying the operator's policy keeps it). Null
 * otherwise, so the plan (re)writes the CPCAR or binds the boards.
 */
export function observedIcmp(state: CpuDefendState, prefix: string): IcmpLimitSpec | null {
  const cir = agentPolicy(state, prefix)?.icmp?.cirKbps;
  if (cir === undefined || state.boards.some((b) => b.policyId === undefined)) return null;
  return { pps: icmpPpsOfCir(cir) };
}

/**
 * The aggregate ARP limit the device holds as the agent writes it, per user of the `tenants` the
 * device holds (its agent-owned tenant policies; ppsOfArpCpcar): the agent's policy has an ARP
 * CPCAR and no MPU board is left without a policy. Null otherwise.
 */
export function observedArp(state: CpuDefendState, prefix: string, tenants: number): ArpLimitSpec | null {
  const car = agentPolicy(state, prefix)?.arp;
  if (car?.cirKbps === undefined || state.boards.some((b) => b.policyId === undefined)) return null;
  return { ppsPerSource: ppsOfArpCpcar({ cirKbps: car.cirKbps, cbs: car.cbs }, tenants) };
}

/**
 * The id of the agent's policy: its own (by description), else the highest free id. Throws
 * NOT_OWNED when every id holds an operator's policy.
 */
function policyIdFor(prefix: string, state: CpuDefendState): number {
  const own = agentPolicy(state, prefix);
  if (own !== undefined) return own.id;
  const taken = new Set(state.policies.map((p) => p.id));
  for (let id = POLICY_IDS.max; id >= POLICY_IDS.min; id--) if (!taken.has(id)) return id;
  throw new DriverError('NOT_OWNED',
    `every cpu-defend policy id (${POLICY_IDS.min}..${POLICY_IDS.max}) holds a policy the agent does not own (none has a description starting with '${prefix}'); ` +
    'refusing to overwrite one: free an id for the agent\'s ICMP CPCAR policy');
}

/**
 * The edit that makes the agent's cpu-defend policy hold `icmp` (never removed once written: the
 * ICMP limit is device-wide) and `arp` (the aggregate ARP CPCAR, huawei-vrp-arp.ts; null: an ARP
 * CPCAR the agent's policy holds is removed), each entry replaced and the policy merged, and, when
 * a limit is written, binds the policy to each MPU board that applies none. The policy ids and
 * boards come from what parse read for `existing` (stateOf). Without `existing` (a preview, a lab
 * seed) the policy takes DEFAULT_POLICY_ID and no board is bound. Nothing to write or remove: [].
 * Throws NOT_OWNED when no policy id is free, or when `existing` is given but was not returned by
 * parseHuaweiVrp (a copy): the ids on the device are then unknown, and id 30 may be the operator's.
 * Throws NAME_INVALID for a rate huawei-cpudefend cannot express.
 */
export function renderCpuDefend(prefix: string, icmp: IcmpLimitSpec | null, arp: ArpCpcar | null, existing: ObservedDevice | undefined): XmlElement[] {
  const cir = icmp === null ? undefined : icmpCirKbps(icmp.pps);
  if (icmp !== null && cir !== undefined && cir > CIR_MAX_KBPS) {
    // No DriverErrorCode names a value out of range; NAME_INVALID is the "cannot express" refusal.
    throw new DriverError('NAME_INVALID', `an ICMP limit of ${icmp.pps} pps needs a CPCAR of ${cir} kbit/s; huawei-cpudefend takes at most ${CIR_MAX_KBPS}`);
  }
  const state = stateOf(existing);
  const own = state === undefined ? undefined : agentPolicy(state, prefix);
  const dropArp = arp === null && own?.arp !== undefined;
  if (icmp === null && arp === null && !dropArp) return [];
  if (existing !== undefined && state === undefined) {
    throw new DriverError('NOT_OWNED',
      'the device state given to render was not read by the huawei-vrp parser (a copy?), so its cpu-defend policy ids and MPU boards are unknown; ' +
      'refusing to write a cpu-defend policy that may be the operator\'s');
  }
  const id = state === undefined ? DEFAULT_POLICY_ID : policyIdFor(prefix, state);
  const entry = (protocol: string, cirKbps: number, cbs: number): XmlElement =>
    withOperation(cd('cpcar-protocol-name', cd.leaf('protocol-name', protocol), cd.leaf('cir', cirKbps), cd.leaf('cbs', cbs)), 'replace');
  const entries = [
    icmp !== null && cir !== undefined && entry('icmp', cir, icmpCbsBytes(icmp.pps)),
    arp !== null && entry('arp', arp.cirKbps, arp.cbs),
    dropArp && withOperation(cd('cpcar-protocol-name', cd.leaf('protocol-name', 'arp')), 'remove'),
  ];
  const policy = cd('cpudefend', cd('policys', cd('policy', cd.leaf('id', id), cd.leaf('description', agentDescription(prefix)), cd('cpcar-protocol-names', ...entries))));
  const unbound = icmp === null && arp === null ? [] : (state?.boards ?? []).filter((b) => b.policyId === undefined);
  if (unbound.length === 0) return [policy];
  const bind = (b: MpuBoard): XmlElement => dv('mpu-board', dv.leaf('position', b.position), cd('cpudefend', cd.leaf('policy-id', id)));
  return [policy, dv('devm', dv('mpu-boards', ...unbound.map(bind)))];
}

/** Subtree filter parts: every cpu-defend policy (the operator's too) and the MPU boards with their binding. */
export function cpuDefendFilter(): XmlElement[] {
  return [cd('cpudefend', cd('policys')), dv('devm', dv('mpu-boards'))];
}

/**
 * What parse read of CPU defend, kept beside the observed object it returned: render needs the
 * policy ids and the boards, which the vendor-neutral ObservedDevice has no place for (and must
 * not show: it is compared field by field with the intent). Keyed by the object's identity, so
 * it reaches render exactly when the caller passes parse's result as `existing` (the apply path
 * and the conformance suite do); render refuses a copy (renderCpuDefend).
 */
const STATES = new WeakMap<ObservedDevice, CpuDefendState>();

/** Returns `observed` after remembering `state` for it. */
export function rememberState(observed: ObservedDevice, state: CpuDefendState): ObservedDevice {
  STATES.set(observed, state);
  return observed;
}

/** The CPU-defend state parse read for `existing`, or undefined (not from parseHuaweiVrp, or none given). */
export function stateOf(existing: ObservedDevice | undefined): CpuDefendState | undefined {
  return existing === undefined ? undefined : STATES.get(existing);
}
