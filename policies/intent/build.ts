/**
 * Ledger + agent config → the desired state of every configured device (pure: no I/O, no clock).
 *
 * Per non-deleted shared port:
 * - on the circuit's device and port, the dot1q subinterface `port.vlan` (VLAN 0 = the routed main
 *   interface) with an ownership-prefixed description; administratively up only while the port is
 *   `enabled`. Pending-acceptance and accepted ports are configured but kept down: the VLAN is
 *   reserved on the device (a clash shows up before the tenant accepts) while no traffic can flow
 *   before Alibaba Cloud has enabled the connection. Terminating/terminated ports are kept down so
 *   a `recover` is a state change, not a re-provisioning; deleted ports are absent (removed).
 * - on the attachment device (closest to the tenant), a per-tenant policer equal to the sold
 *   bandwidth, applied in and out: on the circuit subinterface when the attachment is the default
 *   one, on the attachment port as a whole when the ledger names the tenant-facing port explicitly.
 * - on every attachment device, ARP at `arpPpsPerUser` per source, with the number of users
 *   attached there (what an aggregate limit is sized by); on every device holding tenant objects,
 *   an explicit ICMP limit of `icmpLimitPps` (which must be > 500).
 * - per device, who owns its control-plane policy (devices[].controlPlane, default operator): the
 *   operator's permission, which drivers of control-plane-only platforms need; never how.
 */
import type { DeviceConfig, PushSettings } from '../../config/agent/model.js';
import type { Ledger, SharedPort } from '../ledger/model.js';
import { IntentError, type IntentProblem } from './errors.js';
import type { Attachpoint, DeviceIntent, LedgerRef, PolicerIntent, SubinterfaceIntent } from './model.js';
import { OWNERSHIP_PREFIX_PATTERN, tenantDescription } from './naming.js';

/** Partner requirement: an ICMP limit must stay above this many echo requests per second. */
export const ICMP_FLOOR_PPS = 500;
/** Highest tenant VLAN (Alibaba Cloud hosted connections use 0..2999). */
export const MAX_TENANT_VLAN = 2999;
/** Burst allowance of the tenant policer: 100 ms of traffic at the committed rate. */
export const POLICER_BURST_SECONDS = 0.1;

/**
 * What the intent needs of a device: its id, platform and control-plane owner — no address, no
 * transport settings, no secrets (a device whose secrets were not read is still a valid input).
 */
export type IntentDevice = Pick<DeviceConfig, 'id' | 'platform' | 'controlPlane'>;

/** The push settings the intent depends on. */
export type IntentSettings = Pick<PushSettings, 'arpPpsPerUser' | 'icmpLimitPps' | 'ownershipPrefix'>;

/** Committed burst in bytes for a rate in bit/s. */
export function burstBytesFor(rateBps: number): number {
  return Math.round((rateBps / 8) * POLICER_BURST_SECONDS);
}

/** Checks the push settings; returns every problem (empty when valid). */
export function checkIntentSettings(push: IntentSettings): IntentProblem[] {
  const problems: IntentProblem[] = [];
  if (!Number.isInteger(push.icmpLimitPps) || push.icmpLimitPps < 0) {
    problems.push({ code: 'ICMP_LIMIT_INVALID', where: 'push.icmpLimitPps', message: `must be an integer number of packets per second, got ${push.icmpLimitPps}` });
  } else if (push.icmpLimitPps <= ICMP_FLOOR_PPS) {
    problems.push({
      code: 'ICMP_LIMIT_TOO_LOW',
      where: 'push.icmpLimitPps',
      message: `${push.icmpLimitPps} pps would limit ICMP at or below the partner floor of ${ICMP_FLOOR_PPS} pps; set more than ${ICMP_FLOOR_PPS} (default 1000)`,
    });
  }
  if (!Number.isInteger(push.arpPpsPerUser) || push.arpPpsPerUser < 1 || push.arpPpsPerUser > 1000) {
    problems.push({ code: 'ARP_LIMIT_INVALID', where: 'push.arpPpsPerUser', message: `must be an integer 1..1000 pps, got ${push.arpPpsPerUser}` });
  }
  if (!OWNERSHIP_PREFIX_PATTERN.test(push.ownershipPrefix)) {
    problems.push({
      code: 'OWNERSHIP_PREFIX_INVALID',
      where: 'push.ownershipPrefix',
      message: `'${push.ownershipPrefix}' must match ${OWNERSHIP_PREFIX_PATTERN.source} (a letter, then letters, digits, _ . : -; at most 16)`,
    });
  }
  return problems;
}

interface Draft {
  subinterfaces: SubinterfaceIntent[];
  policers: PolicerIntent[];
  attachment: boolean;
}

/**
 * Builds the intent of every device in `devices` (also those without tenants, so stale owned
 * objects can be planned away). Returns them sorted by device id.
 * Throws IntentError listing every problem (bad settings, unknown circuit or device, VLAN out of
 * range, two tenants on one subinterface).
 */
export function buildIntents(ledger: Ledger, devices: readonly IntentDevice[], push: IntentSettings): DeviceIntent[] {
  const problems = checkIntentSettings(push);
  const drafts = new Map<string, Draft>(devices.map((d) => [d.id, { subinterfaces: [], policers: [], attachment: false }]));
  const circuits = new Map(ledger.circuits.map((c) => [c.id, c]));
  const taken = new Map<string, string>();

  for (const sp of ledger.sharedPorts) {
    if (sp.status === 'deleted') continue;
    const where = `sharedPorts[${sp.id}]`;
    const circuit = circuits.get(sp.circuitId);
    if (circuit === undefined) {
      problems.push({ code: 'UNKNOWN_CIRCUIT', where, message: `circuit '${sp.circuitId}' is not in the ledger` });
      continue;
    }
    if (!Number.isInteger(sp.vlan) || sp.vlan < 0 || sp.vlan > MAX_TENANT_VLAN) {
      problems.push({ code: 'VLAN_OUT_OF_RANGE', where, message: `VLAN ${sp.vlan} is outside 0..${MAX_TENANT_VLAN}` });
      continue;
    }
    const home = drafts.get(circuit.device);
    const attach = drafts.get(sp.attachment.device);
    for (const [dev, draft] of [[circuit.device, home], [sp.attachment.device, attach]] as const) {
      if (draft === undefined) {
        problems.push({ code: 'UNKNOWN_DEVICE', where, message: `device '${dev}' is not in the agent config (known: ${[...drafts.keys()].join(', ') || 'none'})` });
      }
    }
    if (home === undefined || attach === undefined) continue;
    const key = `${circuit.device} ${circuit.port}.${sp.vlan}`;
    const holder = taken.get(key);
    if (holder !== undefined) {
      problems.push({ code: 'DUPLICATE_OBJECT', where, message: `${circuit.port} VLAN ${sp.vlan} on ${circuit.device} is already used by ${holder}` });
      continue;
    }
    taken.set(key, sp.id);
    // An attachpoint takes one input and one output policy on every platform.
    const target = policerTarget(sp, circuit.port);
    const policed = `policer ${sp.attachment.device} ${target.port}.${target.vlan}`;
    const other = taken.get(policed);
    if (other !== undefined) {
      problems.push({ code: 'DUPLICATE_OBJECT', where, message: `the policer attachpoint ${target.port}${target.vlan > 0 ? `.${target.vlan}` : ''} on ${sp.attachment.device} is already used by ${other}` });
      continue;
    }
    taken.set(policed, sp.id);
    const ref: LedgerRef = { sharedPortId: sp.id, tenant: sp.tenant, circuitId: sp.circuitId, vlan: sp.vlan, status: sp.status };
    home.subinterfaces.push(subinterfaceOf(sp, circuit.port, ref, push.ownershipPrefix));
    attach.policers.push(policerOf(sp, target, ref));
    attach.attachment = true;
  }
  problems.push(...vlanZeroShared(drafts));
  if (problems.length > 0) throw new IntentError(problems);

  return [...devices]
    .sort((a, b) => cmp(a.id, b.id))
    .map((d) => {
      const draft = drafts.get(d.id) ?? { subinterfaces: [], policers: [], attachment: false };
      const holdsTenants = draft.subinterfaces.length > 0 || draft.policers.length > 0;
      return {
        device: d.id,
        platform: d.platform,
        ownershipPrefix: push.ownershipPrefix,
        subinterfaces: draft.subinterfaces.sort(byAttachpoint),
        policers: draft.policers.sort((a, b) => cmp(a.owner, b.owner)),
        arp: draft.attachment ? { ppsPerSource: push.arpPpsPerUser, users: draft.policers.length } : null,
        icmp: holdsTenants ? { pps: push.icmpLimitPps } : null,
        controlPlane: d.controlPlane ?? 'operator',
      };
    });
}

/** VLAN 0 makes the circuit port a routed interface for one tenant: no tagged tenant may share it. */
function vlanZeroShared(drafts: ReadonlyMap<string, Draft>): IntentProblem[] {
  const problems: IntentProblem[] = [];
  for (const [device, draft] of drafts) {
    for (const zero of draft.subinterfaces.filter((s) => s.vlan === 0)) {
      const others = draft.subinterfaces.filter((s) => s.port === zero.port && s.vlan !== 0).map((s) => s.ref.sharedPortId);
      if (others.length > 0) {
        problems.push({
          code: 'VLAN_ZERO_SHARED',
          where: `sharedPorts[${zero.ref.sharedPortId}]`,
          message: `VLAN 0 makes ${zero.port} on ${device} a routed port for one tenant, but ${others.join(', ')} also use it`,
        });
      }
    }
  }
  return problems;
}

function subinterfaceOf(sp: SharedPort, port: string, ref: LedgerRef, prefix: string): SubinterfaceIntent {
  return {
    ref,
    port,
    vlan: sp.vlan,
    description: tenantDescription(prefix, sp.id, sp.tenant, sp.description),
    enabled: sp.status === 'enabled',
    statistics: true,
  };
}

/** Where the tenant policer of `sp` sits (on `sp.attachment.device`). Default attachment: the tenant's subinterface; explicit attachment: the tenant-facing port itself. */
export function policerTarget(sp: SharedPort, circuitPort: string): Attachpoint {
  return sp.attachmentExplicit ? { port: sp.attachment.port, vlan: 0 } : { port: circuitPort, vlan: sp.vlan };
}

function policerOf(sp: SharedPort, at: Attachpoint, ref: LedgerRef): PolicerIntent {
  return { ref, owner: sp.id, rateBps: sp.bandwidth.bps, burstBytes: burstBytesFor(sp.bandwidth.bps), at };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders attachpoints by port, then VLAN. */
export function byAttachpoint(a: Attachpoint, b: Attachpoint): number {
  return cmp(a.port, b.port) || a.vlan - b.vlan;
}
