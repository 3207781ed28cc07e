/**
 * Typed errors of the SNMP poller. Every net-snmp failure is caught at the driver boundary and
 * rethrown as one of these, with a stable `code`, the device id, and the library error as `cause`.
 * Messages never contain a community or a v3 key.
 */

/** Any SNMP failure that is not a timeout or an authentication problem. */
export class SnmpError extends Error {
  override readonly name: string = 'SnmpError';
  readonly code: string = 'ECPA_SNMP';
  /** Device id (from the agent config) the failure belongs to, when known. */
  readonly device: string | undefined;

  constructor(message: string, options: { device?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.device = options.device;
  }
}

/**
 * No answer in time: a request timed out after its retries, or the poll's deadline passed.
 * For v2c a wrong community also ends here, because an agent silently drops such requests.
 */
export class SnmpTimeoutError extends SnmpError {
  override readonly name: string = 'SnmpTimeoutError';
  override readonly code: string = 'ECPA_SNMP_TIMEOUT';
}

/** The agent refused our credentials: v3 unknown user, wrong digest, decryption failure, not in time window, authorizationError. */
export class SnmpAuthError extends SnmpError {
  override readonly name: string = 'SnmpAuthError';
  override readonly code: string = 'ECPA_SNMP_AUTH';
}

/** The settings cannot be used (e.g. a privacy protocol net-snmp does not implement). */
export class SnmpConfigError extends SnmpError {
  override readonly name: string = 'SnmpConfigError';
  override readonly code: string = 'ECPA_SNMP_CONFIG';
}

/** The poll was cancelled by its caller's AbortSignal (shutdown), not by its own deadline. */
export class SnmpAbortedError extends SnmpError {
  override readonly name: string = 'SnmpAbortedError';
  override readonly code: string = 'ECPA_SNMP_ABORTED';
}

/** The agent answered tooBig: the response would not fit its message size. The walk retries with fewer repetitions. */
export class SnmpTooBigError extends SnmpError {
  override readonly name: string = 'SnmpTooBigError';
  override readonly code: string = 'ECPA_SNMP_TOO_BIG';
}
