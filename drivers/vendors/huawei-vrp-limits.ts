/**
 * Every ARP and ICMP limit a Huawei NE8000 get-config reply (the driver's filter) shows, the
 * agent's and the operator's, for the live compliance check (DeviceLimits).
 *
 * ICMP: the ICMP CPCAR of the cpu-defend policy each MPU board applies (converted from kbit/s to
 * echo requests per second, huawei-vrp-cpudefend.ts), and the per-interface rates of packets to
 * the CPU on the managed ports and their subinterfaces (huawei-cpudefend's ifm augment
 * `cpudefend/cp-rate-limit`, in pps). A board that applies no policy, or a policy without an ICMP
 * CPCAR, runs the platform's default ICMP CPCAR, whose value the published NE8000 YANG does not
 * give: the coverage is then incomplete, with that reason.
 *
 * ARP: the ARP CPCAR of the cpu-defend policy each MPU board applies, the agent's (written with
 * `controlPlane: agent`, huawei-vrp-arp.ts) or the operator's, as an aggregate (all ARP to the CPU
 * of those boards), converted at 512 bit per frame, unrounded. Per-source limits (`arp speed-limit`,
 * huawei-arp) are not read: that module is not published for the NE8000 where the project can read
 * it. None found: the board's default ARP CPCAR applies, not in the configuration, and the coverage
 * says why.
 */
import type { ArpLimiter, IcmpLimiter } from '../../policies/compliance/live/model.js';
import type { DeviceLimits, ParseScope } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { arpPpsOfCir } from './huawei-vrp-arp.js';
import { icmpPpsOfCir, isAgentPolicy, readCpuDefend, type CpuDefendPolicy, type CpuDefendState } from './huawei-vrp-cpudefend.js';
import { HW_CPUDEFEND, HW_IFM } from './huawei-vrp-ns.js';
import { ARP_FRAME_BITS, ECHO_REQUEST_BYTES } from './limits-common.js';
import { interfaceEntries } from './huawei-vrp-parse.js';
import { all, at, text, uint } from './tree.js';

/** Why the driver neither renders nor reads a per-source ARP limit on this platform (capability reason and ARP coverage). */
export const HW_ARP_PER_SOURCE =
  'VRP limits ARP per source IP with arp speed-limit source-ip maximum N (huawei-arp speed-limits); the NE8000 huawei-arp module is not published where the ' +
  'project can read it — only huawei-arp-deviations-NE8000M8M14, which says nothing about speed-limits — so its element names, keys and what slot-id means ' +
  'for all slots cannot be confirmed, and the driver neither writes nor reads unconfirmed XML';

const NO_DEFAULT = 'the published NE8000 YANG gives no default ICMP CPCAR (only the config-false /cpudefend/cpcar/default-states, by protocol id)';

const conversion = (cir: number, pps: number): string =>
  `${cir} kbit/s converted at ${ECHO_REQUEST_BYTES} bytes per echo request: ${pps} pps (rounded down)`;

const arpConversion = (cir: number): string =>
  `${cir} kbit/s = ${arpPpsOfCir(cir)} pps of ARP in total at ${ARP_FRAME_BITS} bit per frame (64-byte minimum Ethernet frame; unrounded: a cap); ` +
  'a box counting fewer bytes per frame lets a little more through';

function policyLimiters(state: CpuDefendState, prefix: string): { icmp: IcmpLimiter[]; gaps: string[]; arp: ArpLimiter[]; arpGaps: string[] } {
  const icmp: IcmpLimiter[] = [];
  const gaps: string[] = [];
  const arp: ArpLimiter[] = [];
  const arpGaps: string[] = [];
  const byId = new Map(state.policies.map((p) => [p.id, p]));
  const applied = new Map<CpuDefendPolicy, string[]>();
  for (const b of state.boards) {
    if (b.policyId === undefined) {
      gaps.push(`MPU board ${b.position} applies no cpu-defend policy, so its default ICMP CPCAR applies`);
      arpGaps.push(`MPU board ${b.position} applies no cpu-defend policy, so its default ARP CPCAR applies`);
      continue;
    }
    const p = byId.get(b.policyId);
    if (p === undefined) {
      gaps.push(`MPU board ${b.position} applies cpu-defend policy ${b.policyId}, which is not in the reply`);
      arpGaps.push(`MPU board ${b.position} applies cpu-defend policy ${b.policyId}, which is not in the reply`);
      continue;
    }
    applied.set(p, [...(applied.get(p) ?? []), b.position]);
  }
  for (const [p, boards] of [...applied.entries()].sort(([a], [b]) => a.id - b.id)) {
    const owner = isAgentPolicy(prefix, p) ? "the agent's policy" : "the operator's policy";
    const bound = `bound by devm/mpu-boards/mpu-board[${boards.join(', ')}]/cpudefend/policy-id`;
    const arpCir = p.arp?.cirKbps;
    if (arpCir === undefined) {
      arpGaps.push(`cpu-defend policy ${p.id} (${owner}, MPU board ${boards.join(', ')}) sets no ARP CPCAR rate, so the default applies there`);
    } else {
      arp.push({
        scope: 'aggregate',
        pps: arpPpsOfCir(arpCir),
        source: `cpudefend/policys/policy[id=${p.id}]/cpcar-protocol-names/cpcar-protocol-name[arp]/cir (${owner}; ${bound}; ARP to the CPU of MPU board ${boards.join(', ')}): ${arpConversion(arpCir)}`,
      });
    }
    const cir = p.icmp?.cirKbps;
    if (cir === undefined) {
      gaps.push(`cpu-defend policy ${p.id} (${owner}, MPU board ${boards.join(', ')}) sets no ICMP CPCAR rate, so the default applies there`);
    } else {
      const pps = icmpPpsOfCir(cir);
      icmp.push({
        pps,
        scope: `control-plane, MPU board ${boards.join(', ')}`,
        origin: 'configured',
        source: `cpudefend/policys/policy[id=${p.id}]/cpcar-protocol-names/cpcar-protocol-name[icmp]/cir (${owner}; bound by devm/mpu-boards/mpu-board[${boards.join(', ')}]/cpudefend/policy-id)`,
        note: conversion(cir, pps),
      });
    }
    for (const other of p.alsoLimiting) gaps.push(`cpu-defend policy ${p.id} also has ${other}, which can take ICMP packets out of the ICMP CPCAR`);
  }
  if (state.boards.length === 0) {
    const withIcmp = state.policies.filter((p) => p.icmp?.cirKbps !== undefined).map((p) => `${p.id} (${p.icmp?.cirKbps ?? 0} kbit/s)`);
    gaps.push(`the reply lists no MPU board (devm/mpu-boards), so which cpu-defend policy applies is unknown${withIcmp.length > 0 ? `; policies with an ICMP CPCAR: ${withIcmp.join(', ')}` : ''}`);
  }
  if (state.boards.length === 0) arpGaps.push('the reply lists no MPU board (devm/mpu-boards), so which cpu-defend policy applies is unknown');
  return { icmp, gaps, arp, arpGaps };
}

/** The ICMP-relevant rate of packets to the CPU under one `cp-rate-limit` mode element (port or protocols). */
function modeLimiters(el: XmlElement | undefined, where: string, scope: string, protocol: string): IcmpLimiter[] {
  const out: IcmpLimiter[] = [];
  const port = at(el, HW_CPUDEFEND, 'port');
  const portCir = uint(port, HW_CPUDEFEND, `${where}/port`, 'cir');
  if (portCir !== undefined) {
    out.push({ pps: portCir, scope: `${scope}, every protocol`, origin: 'configured', source: `${where}/port/cir`, note: 'one rate of packets to the CPU shared by ICMP and every other protocol' });
  }
  for (const p of all(el, HW_CPUDEFEND, 'protocols', 'protocol')) {
    if (text(p, HW_CPUDEFEND, 'protocol-type') !== protocol) continue;
    const cir = uint(p, HW_CPUDEFEND, `${where}/protocols/protocol[${protocol}]`, 'cir');
    if (cir !== undefined) out.push({ pps: cir, scope, origin: 'configured', source: `${where}/protocols/protocol[${protocol}]/cir` });
  }
  return out;
}

/** Per-interface limits of packets to the CPU (pps) on the managed ports and their subinterfaces. */
function interfaceLimiters(data: XmlElement, scope: ParseScope): IcmpLimiter[] {
  const out: IcmpLimiter[] = [];
  const seen = new Set<string>();
  for (const { el, where } of interfaceEntries(data, scope)) {
    if (seen.has(where)) continue;
    seen.add(where);
    const name = text(el, HW_IFM, 'name') ?? '';
    const limit = at(el, HW_CPUDEFEND, 'cpudefend', 'cp-rate-limit');
    if (limit === undefined) continue;
    const base = `${where}/cpudefend/cp-rate-limit`;
    out.push(...modeLimiters(at(limit, HW_CPUDEFEND, 'ports', 'general'), `${base}/ports/general`, `interface ${name}`, 'icmp'));
    for (const d of all(limit, HW_CPUDEFEND, 'ports', 'dot1q-terminations', 'dot1q-termination')) {
      const vlans = `${text(d, HW_CPUDEFEND, 'vlan-begin') ?? '?'}-${text(d, HW_CPUDEFEND, 'vlan-end') ?? '?'}`;
      out.push(...modeLimiters(d, `${base}/ports/dot1q-terminations/dot1q-termination[${vlans}]`, `interface ${name} dot1q VLAN ${vlans}`, 'icmp'));
    }
    for (const q of all(limit, HW_CPUDEFEND, 'ports', 'qinq-terminations', 'qinq-termination')) {
      const vlans = `${text(q, HW_CPUDEFEND, 'pe-vlan') ?? '?'}/${text(q, HW_CPUDEFEND, 'ce-vlan-begin') ?? '?'}-${text(q, HW_CPUDEFEND, 'ce-vlan-end') ?? '?'}`;
      out.push(...modeLimiters(q, `${base}/ports/qinq-terminations/qinq-termination[${vlans}]`, `interface ${name} QinQ VLAN ${vlans}`, 'icmp'));
    }
    out.push(...modeLimiters(at(limit, HW_CPUDEFEND, 'enhance'), `${base}/enhance`, `interface ${name} and its subinterfaces`, 'icmp'));
  }
  return out;
}

/**
 * Every ARP and ICMP limit in a reply to the driver's filter. Throws DriverError PARSE_FAILED
 * (with the path) for a rate or id that is not a number.
 */
export function huaweiLimits(data: XmlElement, scope: ParseScope): DeviceLimits {
  const { icmp, gaps, arp, arpGaps } = policyLimiters(readCpuDefend(data), scope.ownershipPrefix);
  icmp.push(...interfaceLimiters(data, scope));
  return {
    arp,
    // Set even when ARP CPCARs are found (the gather reads it only when none is): a per-source
    // limit may always hide in huawei-arp.
    arpCoverage: {
      complete: false,
      reason: `${arpGaps.length > 0 ? `${arpGaps.join('; ')}; the default ARP CPCAR is not in the configuration (the published NE8000 YANG gives none). ` : ''}` +
        `The driver cannot read per-source ARP limits: ${HW_ARP_PER_SOURCE}. Set devices[].controlPlane: agent to have the agent write an aggregate ARP CPCAR ` +
        'in its own cpu-defend policy (a cap on all ARP to the CPU, the uplink neighbours\' too)',
    },
    icmpCoverage: gaps.length > 0
      ? { complete: false, reason: `${gaps.join('; ')}; ${NO_DEFAULT}` }
      : {
        complete: true,
        note: 'every MPU board applies a cpu-defend policy with an explicit ICMP CPCAR (NE8000 M4/M8/M14 bind policies per MPU board only), and the per-interface CPU rates of the managed ports are listed',
      },
    icmp,
  };
}
