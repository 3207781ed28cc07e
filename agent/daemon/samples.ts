/**
 * The poll loop's latest SNMP samples per device, kept for the live compliance check: it judges the
 * counters the exporter exports (the two latest polls, `polling.intervalMs` apart) instead of
 * polling every device twice more. Holds the last two successful samples of each device and
 * whether the latest poll failed; counts finished poll cycles so the first live run can wait for
 * two of them.
 */
import type { DeviceSample } from '../../drivers/snmp/sample.js';
import type { SamplePair } from '../compliance/gather.js';

interface Entry {
  previous?: DeviceSample;
  latest?: DeviceSample;
  /** Set when the latest poll failed; cleared by the next success. */
  failure?: { readonly atMs: number; readonly reason: string };
}

/** What the poll loop says of a device, for the live check (see `gatherLiveEvidence`'s `samples`). */
export type SampleAnswer = SamplePair | { readonly failed: string } | undefined;

/** See the module comment. */
export class PollSamples {
  readonly #devices = new Map<string, Entry>();
  #cycles = 0;
  #waiters: { readonly cycles: number; readonly resolve: (reached: boolean) => void }[] = [];

  /** A successful poll of `sample.deviceId`: the latest sample becomes the previous one. */
  succeeded(sample: DeviceSample): void {
    const e = this.#devices.get(sample.deviceId) ?? {};
    const next: Entry = { latest: sample };
    if (e.latest !== undefined) next.previous = e.latest;
    this.#devices.set(sample.deviceId, next);
  }

  /** A failed poll of `deviceId` at `atMs` (clock ms); `reason` is shown in the evidence. Earlier samples stay. */
  failed(deviceId: string, atMs: number, reason: string): void {
    const e = this.#devices.get(deviceId) ?? {};
    this.#devices.set(deviceId, { ...e, failure: { atMs, reason } });
  }

  /** Drops every device's samples (the live check is off); the cycle count stays. */
  clear(): void {
    this.#devices.clear();
  }

  /** Drops a device (it left the config). */
  forget(deviceId: string): void {
    this.#devices.delete(deviceId);
  }

  /** A poll cycle over every device has finished. */
  cycleDone(): void {
    this.#cycles++;
    const ready = this.#waiters.filter((w) => w.cycles <= this.#cycles);
    this.#waiters = this.#waiters.filter((w) => w.cycles > this.#cycles);
    for (const w of ready) w.resolve(true);
  }

  /** Poll cycles finished so far. */
  get cycles(): number {
    return this.#cycles;
  }

  /** Resolves true once `n` cycles have finished, false when `signal` aborts first. Never rejects. */
  whenCycles(n: number, signal: AbortSignal): Promise<boolean> {
    if (this.#cycles >= n) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        cycles: n,
        resolve: (reached: boolean): void => {
          signal.removeEventListener('abort', onAbort);
          resolve(reached);
        },
      };
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /**
   * The device's two latest samples; `{ failed }` when its latest poll failed (the reason, with the
   * time); undefined when the poll loop has fewer than two samples of it (a device just added, or
   * one that never answered twice): the live check then polls it itself.
   */
  pair(deviceId: string): SampleAnswer {
    const e = this.#devices.get(deviceId);
    if (e?.failure !== undefined) return { failed: `the daemon's last poll of ${deviceId} failed at ${new Date(e.failure.atMs).toISOString()}: ${e.failure.reason}` };
    if (e?.previous === undefined || e.latest === undefined) return undefined;
    return { first: e.previous, second: e.latest, origin: "the daemon's poll loop" };
  }
}
