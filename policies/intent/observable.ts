/**
 * What a device holding an intent reads back as, through a driver that has the given
 * capabilities: the intent without ledger identities, with the parts the platform cannot express
 * left out (they are reported as capability gaps, never faked). The plan compares a driver's
 * parsed ObservedDevice with this; the conformance suite asserts they are deep-equal.
 */
import type { DeviceIntent, ObservedDevice } from './model.js';

/** Whether a platform carries the ARP and ICMP parts of an intent (from the driver's declared capabilities). */
export interface IntentCoverage {
  readonly arp: boolean;
  readonly icmp: boolean;
}

/** The observed form a device holding `intent` must parse back to. */
export function observableOf(intent: DeviceIntent, coverage: IntentCoverage): ObservedDevice {
  return {
    subinterfaces: intent.subinterfaces.map(({ ref, ...spec }) => ({ ...spec, owner: ref.sharedPortId })),
    policers: intent.policers.map(({ ref: _ref, ...spec }) => spec),
    // A device holds a rate per user; `users` only sizes an aggregate, which reads back as its per-user share.
    arp: coverage.arp && intent.arp !== null ? { ppsPerSource: intent.arp.ppsPerSource } : null,
    icmp: coverage.icmp ? intent.icmp : null,
  };
}
