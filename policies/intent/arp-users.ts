/**
 * How many users an aggregate ARP limit of a device is sized for. Pure.
 */
import type { DeviceIntent } from './model.js';

/** `arp.users` (buildIntents always sets it); for an intent written by hand without it, the device's tenant policers. */
export function arpUsersOf(intent: DeviceIntent): number {
  return intent.arp?.users ?? intent.policers.length;
}
