/**
 * Errors of the push stage. A device's failure is an ApplyDeviceError naming the phase it failed
 * in and what the device was left in; refusals before any write are PlanRefusedError
 * (policies/plan/guard.ts).
 */

/** Where a device's plan or apply stopped. */
export type PushPhase =
  | 'connect'
  | 'read'
  | 'plan'
  | 'lock'
  | 'edit'
  | 'validate'
  | 'commit'
  | 'verify'
  | 'confirm';

/**
 * What the device holds after a failure in a phase:
 * - unchanged: nothing reached running (failure before the commit, candidate discarded);
 * - rolled-back: a confirmed commit reached running and was cancelled at once;
 * - rolling-back: a confirmed commit reached running; the device's confirm timer rolls it back
 *   (the cancel could not be sent, e.g. the connection dropped);
 * - unknown: the confirming commit was sent and its answer was lost: the change may be confirmed
 *   (re-run plan to see).
 */
export type DeviceState = 'unchanged' | 'rolled-back' | 'rolling-back' | 'unknown';

/** One device failed; `phase` says where, `state` what the device was left in. */
export class ApplyDeviceError extends Error {
  override readonly name = 'ApplyDeviceError';
  readonly code = 'ECPA_APPLY_DEVICE';
  readonly device: string;
  readonly phase: PushPhase;
  readonly state: DeviceState;

  constructor(device: string, phase: PushPhase, state: DeviceState, message: string, options: { cause?: unknown } = {}) {
    super(`${device}: ${phase} failed: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.device = device;
    this.phase = phase;
    this.state = state;
  }
}

/** `code` of an error when it has a string one (typed errors of this project all do). */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return 'ECPA_UNEXPECTED';
}

/** The message of an error, or its string form. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `message` without the leading `device: ` transport errors carry (the report already names the device). */
export function withoutDevice(device: string, message: string): string {
  return message.startsWith(`${device}: `) ? message.slice(device.length + 2) : message;
}
