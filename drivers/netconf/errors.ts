/**
 * NETCONF errors. `NetconfError` is the base of all of them (it is the SSH layer's
 * `TransportError`, so connect/auth/host-key/timeout/closed errors are NetconfErrors too);
 * catch it to catch everything a session can throw, or switch on `code`.
 */
import { TransportError, type SessionErrorOptions } from '../ssh/errors.js';
import type { XmlElement } from './xml.js';

export {
  AbortedError,
  AuthError,
  ConnectError,
  HostKeyError,
  SessionClosedError,
  TimeoutError,
  TransportError as NetconfError,
  type HostKeyProblem,
  type SessionErrorOptions,
} from '../ssh/errors.js';
export { XmlError } from './xml-parse.js';

/** Framing broke (bad chunk header, message over the size limit, EOF mid-message); the session is closed. */
export class FramingError extends TransportError {
  override readonly name = 'FramingError';
  override readonly code = 'ECPA_NETCONF_FRAMING';
}

/** The peer broke the protocol (bad hello, unparseable reply, no common base version); the session is closed. */
export class ProtocolError extends TransportError {
  override readonly name = 'ProtocolError';
  override readonly code = 'ECPA_NETCONF_PROTOCOL';
}

/** The request itself is wrong (e.g. persist and persist-id together); nothing was sent. */
export class InvalidRequestError extends TransportError {
  override readonly name = 'InvalidRequestError';
  override readonly code = 'ECPA_NETCONF_INVALID_REQUEST';
}

/** The server lacks a capability the operation needs; nothing was sent. */
export class CapabilityError extends TransportError {
  override readonly name = 'CapabilityError';
  override readonly code = 'ECPA_NETCONF_CAPABILITY';
  /** The missing capability, short form (`:candidate`). */
  readonly capability: string;

  constructor(operation: string, capability: string, options: SessionErrorOptions = {}) {
    super(`${operation} needs the ${capability} capability, which the server does not advertise`, options);
    this.capability = capability;
  }
}

/** One `<rpc-error>` (RFC 6241 §4.3), parsed. */
export interface RpcErrorInfo {
  readonly type: string;
  readonly tag: string;
  readonly severity: 'error' | 'warning';
  readonly appTag?: string;
  readonly path?: string;
  readonly message?: string;
  /** `<error-info>` children as name → text (e.g. `session-id`, `bad-element`). */
  readonly info: Readonly<Record<string, string>>;
  /** The `<error-info>` element itself, for vendor-specific content. */
  readonly infoXml?: XmlElement;
}

/** The server answered with one or more `<rpc-error>` of severity error. Warnings ride along. */
export class RpcError extends TransportError {
  override readonly name: string = 'RpcError';
  override readonly code: string = 'ECPA_NETCONF_RPC';
  /** Every rpc-error of the reply, errors and warnings, in order. */
  readonly errors: readonly RpcErrorInfo[];
  /** The operation that failed (`edit-config`). */
  readonly operation: string;

  constructor(operation: string, errors: readonly RpcErrorInfo[], options: SessionErrorOptions = {}) {
    super(`${operation} failed: ${describeRpcErrors(errors)}`, options);
    this.operation = operation;
    this.errors = errors;
  }

  /** The first error of severity error (there is always one). */
  get first(): RpcErrorInfo {
    return this.errors.find((e) => e.severity === 'error') ?? (this.errors[0] as RpcErrorInfo);
  }
}

/** `lock-denied`: someone else holds the lock; `holderSessionId` is who (0 = a non-NETCONF holder). */
export class LockDeniedError extends RpcError {
  override readonly name = 'LockDeniedError';
  override readonly code = 'ECPA_NETCONF_LOCK_DENIED';
  readonly holderSessionId: number | undefined;

  constructor(operation: string, errors: readonly RpcErrorInfo[], options: SessionErrorOptions = {}) {
    super(operation, errors, options);
    const sid = errors.find((e) => e.tag === 'lock-denied')?.info['session-id'];
    this.holderSessionId = sid !== undefined && /^\d+$/.test(sid.trim()) ? Number(sid.trim()) : undefined;
  }
}

/** `tag[ at path]: message` for each error, joined; what an operator reads in a log. */
export function describeRpcErrors(errors: readonly RpcErrorInfo[]): string {
  return errors
    .map((e) => {
      const where = e.path ? ` at ${e.path.trim()}` : '';
      const msg = e.message ? `: ${e.message.trim()}` : '';
      const holder = e.tag === 'lock-denied' && e.info['session-id'] ? ` (held by session ${e.info['session-id']})` : '';
      return `${e.severity === 'warning' ? 'warning ' : ''}${e.tag}${where}${msg}${holder}`;
    })
    .join('; ');
}
