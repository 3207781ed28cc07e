/**
 * The aggregate ARP limit on Huawei NE8000: an ARP CPCAR (huawei-cpudefend
 * `cpcar-protocol-name[arp]`, cir kbit/s, cbs bytes) in the agent's own cpu-defend policy
 * (huawei-vrp-cpudefend.ts), written only on a device whose config lets the agent own its control
 * plane (`devices[].controlPlane: agent`). It caps ALL ARP sent to the CPU of the boards applying
 * that policy — the tenants' and the box's own uplink neighbours' alike — so it is a total for the
 * device, not per user (the per-source form, `arp speed-limit`, needs huawei-arp: HW_ARP_PER_SOURCE).
 *
 * Sizing, for `ppsPerSource` per user and `users` (the tenants attached to the device):
 *   cir = max(1, floor(ppsPerSource × users × 512 / 1000)) kbit/s — 512 bit is a minimum Ethernet
 *         frame (64 bytes) as a policer counts it, the size the OpenConfig control-plane policer
 *         uses too. Rounded DOWN: a cap, never above the target. cir takes whole kbit/s, so the
 *         smallest cap is 1 kbit/s ≈ 1.95 frames/s: a device with one user at 1 pps gets 1.95 pps
 *         in total, above its target, and the compliance check says so (never hidden).
 *   cbs = ppsPerSource × users × 128 bytes — one second of ARP at the target, counting each frame
 *         at 128 bytes so that the bucket holds that many whole frames however the box counts an
 *         ARP frame (64-byte minimum, 68 with a dot1q tag, 72 QinQ, 84–92 with preamble and gap):
 *         a host's retry burst passes, and a bucket smaller than one frame (which would drop every
 *         ARP) is impossible. Small (1408 bytes for 11 users at 1 pps).
 *
 * Reading back (ppsOfArpCpcar): kbit/s granularity maps several ppsPerSource to one cir (1 user:
 * 1, 2 and 3 pps all give 1 kbit/s), but the cbs is exact, so the ppsPerSource whose render gives
 * both the cir and the cbs for those users is found; a CPCAR that is not what the agent writes reads
 * as the cap per user, cir × 1000 / 512 / users, so the plan rewrites it.
 */
import { DriverError } from '../driver.js';
import { ARP_FRAME_BITS } from './limits-common.js';

/** Bytes of burst per ARP frame of the target (room for one frame however the box counts it). */
export const ARP_BURST_BYTES_PER_FRAME = 128;
/** cpcar-protocol-name `cir` range (kbit/s) and `cbs` range (bytes), huawei-cpudefend. */
export const CPCAR_CIR_MAX_KBPS = 1_000_000;
export const CPCAR_CBS_MAX_BYTES = 9_000_000;

/** An ARP CPCAR as written and read: cir kbit/s, cbs bytes. */
export interface ArpCpcar {
  readonly cirKbps: number;
  readonly cbs: number;
}

function sized(frames: number): ArpCpcar {
  return {
    cirKbps: Math.max(1, Math.floor((frames * ARP_FRAME_BITS) / 1000)),
    cbs: Math.min(Math.ceil(frames * ARP_BURST_BYTES_PER_FRAME), CPCAR_CBS_MAX_BYTES),
  };
}

/** The ARP CPCAR the agent writes for `ppsPerSource` per user and `users` (at least 1). Throws NAME_INVALID beyond the cir range. */
export function arpCpcar(ppsPerSource: number, users: number): ArpCpcar {
  const car = sized(ppsPerSource * Math.max(1, users));
  if (car.cirKbps > CPCAR_CIR_MAX_KBPS) {
    // No DriverErrorCode names a value out of range; NAME_INVALID is the "cannot express" refusal.
    throw new DriverError('NAME_INVALID', `an ARP limit of ${ppsPerSource} pps × ${users} users needs a CPCAR of ${car.cirKbps} kbit/s; huawei-cpudefend takes at most ${CPCAR_CIR_MAX_KBPS}`);
  }
  return car;
}

/** ARP frames per second an ARP CPCAR of `cirKbps` lets through at ARP_FRAME_BITS each (exact, unrounded: 1 kbit/s = 1.953125). */
export function arpPpsOfCir(cirKbps: number): number {
  return (cirKbps * 1000) / ARP_FRAME_BITS;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The per-user rate an ARP CPCAR holds for the `tenants` the device holds (at least 1): the
 * ppsPerSource whose arpCpcar is exactly this cir and cbs when there is one, else the cap per user
 * (cir × 1000 / 512 / users, to 3 decimals), which differs from what the agent writes — except
 * for a cir that is a whole number of pps per user with only the cbs changed (e.g. 64 kbit/s for
 * 125 users at 1 pps): the plan compares rates, so that burst is not rewritten.
 */
export function ppsOfArpCpcar(car: { readonly cirKbps: number; readonly cbs: number | undefined }, tenants: number): number {
  const users = Math.max(1, tenants);
  const perUser = arpPpsOfCir(car.cirKbps) / users;
  // The cbs names the rate exactly unless capped; a capped one comes with ≥ 2 users, where the
  // rounded-down cir leaves less than one pps per user of doubt: the next whole pps up.
  const candidates = [car.cbs === undefined ? undefined : car.cbs / (ARP_BURST_BYTES_PER_FRAME * users), Math.ceil(perUser), Math.floor(perUser)];
  for (const p of candidates) {
    if (p === undefined || !(p > 0) || !Number.isInteger(p)) continue;
    const written = sized(p * users);
    if (written.cirKbps === car.cirKbps && written.cbs === car.cbs) return p;
  }
  return round3(perUser);
}
