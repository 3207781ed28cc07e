/**
 * Assembly of the observed form shared by the vendor parsers: policies and their applications
 * are read separately on every platform and joined here; lists are sorted like the intent's.
 */
import { byAttachpoint } from '../../policies/intent/build.js';
import type { ArpLimitSpec, Attachpoint, IcmpLimitSpec, ObservedDevice, ObservedPolicer, ObservedSubinterface } from '../../policies/intent/model.js';

/** An owned policy as read from a device, before joining its applications. */
export interface PolicyRead {
  readonly owner: string;
  readonly name: string;
  readonly rateBps: number;
  readonly burstBytes: number;
}

/** One application of a named policy to an attachpoint in one direction. */
export interface ApplicationRead {
  readonly policy: string;
  readonly direction: 'input' | 'output';
  readonly at: Attachpoint;
}

/** Joins policies with applications: `at` = the first attachpoint holding the policy both ways. */
export function joinPolicers(policies: readonly PolicyRead[], applications: readonly ApplicationRead[]): ObservedPolicer[] {
  return policies
    .map((p) => {
      const input = applications.filter((a) => a.policy === p.name && a.direction === 'input').map((a) => a.at);
      const both = applications
        .filter((a) => a.policy === p.name && a.direction === 'output' && input.some((i) => i.port === a.at.port && i.vlan === a.at.vlan))
        .map((a) => a.at)
        .sort(byAttachpoint);
      return { owner: p.owner, rateBps: p.rateBps, burstBytes: p.burstBytes, at: both[0] ?? null };
    })
    .sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
}

/** The observed device with lists in intent order. */
export function observed(
  subinterfaces: readonly ObservedSubinterface[],
  policers: readonly ObservedPolicer[],
  arp: ArpLimitSpec | null,
  icmp: IcmpLimitSpec | null,
): ObservedDevice {
  return { subinterfaces: [...subinterfaces].sort(byAttachpoint), policers, arp, icmp };
}
