/**
 * One NETCONF session of the daemon per device at a time: the reconcile loop (read, plan, maybe
 * apply) and the live compliance check (a read-only get-config) take the device's lease around
 * their work, so the check never reads a device in the middle of an apply (between a confirmed
 * commit and its confirm the running config may still roll back) and a switch with a small session
 * limit never sees two sessions of the agent. Waiters are served in arrival order.
 */

/** Thrown by {@link DeviceLeases.hold} when the signal aborts while waiting for the lease. */
export class LeaseAbortedError extends Error {
  override readonly name = 'LeaseAbortedError';
  readonly code = 'ECPA_LEASE_ABORTED';
}

/** See the module comment. */
export class DeviceLeases {
  /** Per device: resolves when the last holder or waiter queued so far has released. */
  readonly #tails = new Map<string, Promise<void>>();

  /**
   * Runs `task` holding the lease of `device`, after every earlier holder has released it. Aborting
   * `signal` while waiting throws LeaseAbortedError (the task does not run); once running, the task
   * handles the signal itself. Rethrows what the task throws; the lease is released either way.
   */
  async hold<T>(device: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(device) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.#tails.set(device, tail);
    try {
      await untilAborted(before, signal);
      return await task();
    } finally {
      release();
      if (this.#tails.get(device) === tail) this.#tails.delete(device);
    }
  }

  /** Whether someone holds or waits for the lease of `device`. */
  busy(device: string): boolean {
    return this.#tails.has(device);
  }
}

function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return wait;
  if (signal.aborted) return Promise.reject(new LeaseAbortedError('cancelled while waiting for the device'));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new LeaseAbortedError('cancelled while waiting for the device'));
    signal.addEventListener('abort', onAbort, { once: true });
    void wait.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
