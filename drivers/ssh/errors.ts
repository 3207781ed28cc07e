/**
 * Errors of a device session over SSH (NETCONF today, CLI later). Every error has a stable `code`
 * a caller can switch on, a message that names the device but never a secret, and the library
 * error it came from as `cause`. `drivers/netconf/errors.ts` re-exports the base as `NetconfError`.
 */

/** Options common to every session error. */
export interface SessionErrorOptions {
  /** The lower-level error (ssh2, socket, parser) this one wraps. */
  readonly cause?: unknown;
  /** Device id or `host:port`, so a message in a log says which device failed. */
  readonly device?: string;
}

/** Base of every transport/session error; `code` is stable, `message` is for humans. */
export class TransportError extends Error {
  override readonly name: string = 'TransportError';
  readonly code: string = 'ECPA_TRANSPORT';
  readonly device: string | undefined;

  constructor(message: string, options: SessionErrorOptions = {}) {
    super(options.device ? `${options.device}: ${message}` : message, options.cause === undefined ? {} : { cause: options.cause });
    this.device = options.device;
  }
}

/** TCP connect or SSH handshake failed (refused, unreachable, reset, handshake timeout). */
export class ConnectError extends TransportError {
  override readonly name = 'ConnectError';
  override readonly code = 'ECPA_CONNECT';
}

/** The server refused our credentials, or the configured key file cannot be used. */
export class AuthError extends TransportError {
  override readonly name = 'AuthError';
  override readonly code = 'ECPA_AUTH';
}

/** Why a host key was refused. */
export type HostKeyProblem = 'unknown' | 'changed' | 'revoked' | 'mismatch' | 'unreadable';

/** The server's host key is unknown, changed, revoked or differs from the pinned fingerprint. */
export class HostKeyError extends TransportError {
  override readonly name = 'HostKeyError';
  override readonly code = 'ECPA_HOST_KEY';
  readonly problem: HostKeyProblem;
  /** `SHA256:…` fingerprint the server presented (public information, safe to log). */
  readonly presented: string | undefined;

  constructor(message: string, problem: HostKeyProblem, presented: string | undefined, options: SessionErrorOptions = {}) {
    super(message, options);
    this.problem = problem;
    this.presented = presented;
  }
}

/** An operation did not finish in time (connect, hello, one RPC). The session may still be usable. */
export class TimeoutError extends TransportError {
  override readonly name = 'TimeoutError';
  override readonly code = 'ECPA_TIMEOUT';
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options: SessionErrorOptions = {}) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The session is closed (dropped, closed by either side, aborted); pending work was rejected. */
export class SessionClosedError extends TransportError {
  override readonly name = 'SessionClosedError';
  override readonly code = 'ECPA_SESSION_CLOSED';
}

/** The caller's AbortSignal fired; the operation was abandoned. */
export class AbortedError extends TransportError {
  override readonly name = 'AbortedError';
  override readonly code = 'ECPA_ABORTED';
}
