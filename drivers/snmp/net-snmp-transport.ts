/**
 * SnmpTransport on the npm `net-snmp` module. This file is the only one that touches net-snmp:
 * it always sets the version (the library defaults to SNMPv1, which would turn every walk into
 * GETNEXTs), converts Counter64 Buffers to BigInt, maps library errors to typed errors, and
 * enforces cancellation (net-snmp has no per-request AbortSignal: we close the session).
 */
import snmp from 'net-snmp';
import type { SnmpAuthProtocol, SnmpPrivProtocol, SnmpSettings } from '../../config/agent/model.js';
import { SnmpAbortedError, SnmpAuthError, SnmpConfigError, SnmpError, SnmpTimeoutError, SnmpTooBigError } from './errors.js';
import type { BulkResponse, SnmpTarget, SnmpTransport } from './transport.js';
import { counter64FromBuffer, type SnmpValue, type SnmpVarbind } from './varbind.js';

const AUTH: Readonly<Record<SnmpAuthProtocol, snmp.AuthProtocols>> = {
  md5: snmp.AuthProtocols.md5,
  sha: snmp.AuthProtocols.sha,
  sha224: snmp.AuthProtocols.sha224,
  sha256: snmp.AuthProtocols.sha256,
  sha384: snmp.AuthProtocols.sha384,
  sha512: snmp.AuthProtocols.sha512,
};

// net-snmp implements DES, AES-128 and AES-256 in the Blumenthal (Net-SNMP, "AES256") and
// Reeder (Cisco, "AES256C") key-extension variants; AES-192 in either variant is not implemented.
const PRIV: Readonly<Partial<Record<SnmpPrivProtocol, snmp.PrivProtocols>>> = {
  des: snmp.PrivProtocols.des,
  aes: snmp.PrivProtocols.aes,
  aes256: snmp.PrivProtocols.aes256b,
  aes256c: snmp.PrivProtocols.aes256r,
};

/** Privacy protocols this transport can use, for config validation messages. */
export const SUPPORTED_PRIV_PROTOCOLS: readonly SnmpPrivProtocol[] = Object.keys(PRIV) as SnmpPrivProtocol[];

const LEVEL = {
  noAuthNoPriv: snmp.SecurityLevel.noAuthNoPriv,
  authNoPriv: snmp.SecurityLevel.authNoPriv,
  authPriv: snmp.SecurityLevel.authPriv,
} as const;

/** Converts one net-snmp varbind into the poller's form. */
export function fromNetSnmp(vb: snmp.Varbind): SnmpVarbind {
  const v: unknown = vb.value;
  const T = snmp.ObjectType;
  let value: SnmpValue;
  switch (vb.type) {
    case T.Integer:
      value = { kind: 'integer', value: Number(v) };
      break;
    case T.Counter32:
      value = { kind: 'counter32', value: Number(v) };
      break;
    case T.Gauge32:
      value = { kind: 'gauge32', value: Number(v) };
      break;
    case T.TimeTicks:
      value = { kind: 'timeticks', value: Number(v) };
      break;
    case T.Counter64:
      value = {
        kind: 'counter64',
        value: Buffer.isBuffer(v) ? counter64FromBuffer(v) : typeof v === 'bigint' ? v : BigInt(Number(v)),
      };
      break;
    case T.OctetString:
    case T.Opaque:
      value = { kind: 'octets', value: Buffer.isBuffer(v) ? v : Buffer.from(String(v ?? ''), 'utf8') };
      break;
    case T.OID:
      value = { kind: 'oid', value: String(v) };
      break;
    case T.IpAddress:
      value = { kind: 'ipAddress', value: String(v) };
      break;
    case T.NoSuchObject:
      value = { kind: 'noSuchObject' };
      break;
    case T.NoSuchInstance:
      value = { kind: 'noSuchInstance' };
      break;
    case T.EndOfMibView:
      value = { kind: 'endOfMibView' };
      break;
    default:
      value = { kind: 'null' };
  }
  return { oid: vb.oid, value };
}

function describe(target: SnmpTarget): string {
  return `${target.deviceId} (${target.address}:${target.settings.port}, SNMP v${target.settings.version})`;
}

/** Maps a net-snmp error to a typed error. Never includes credentials. */
export function mapError(error: unknown, target: SnmpTarget): SnmpError {
  const where = describe(target);
  const device = target.deviceId;
  if (error instanceof SnmpError) return error;
  if (error instanceof Error && error.name === 'RequestTimedOutError') {
    const hint = target.settings.version === '2c' ? ' (unreachable, or the community is wrong: agents drop such requests)' : '';
    return new SnmpTimeoutError(`${where}: request timed out${hint}`, { device, cause: error });
  }
  if (error instanceof snmp.ResponseInvalidError) {
    const code = (error as { code?: number }).code;
    // EAuthFailure (usmStats* reports: unknown user, wrong digest, unsupported level), ECouldNotDecrypt,
    // ENotInTimeWindow (14; absent from @types/net-snmp).
    if (code === snmp.ResponseInvalidCode.EAuthFailure || code === snmp.ResponseInvalidCode.ECouldNotDecrypt || code === 14) {
      return new SnmpAuthError(`${where}: SNMPv3 authentication failed: ${error.message}`, { device, cause: error });
    }
    return new SnmpError(`${where}: invalid response: ${error.message}`, { device, cause: error });
  }
  if (error instanceof snmp.RequestFailedError) {
    const status = (error as { status?: number }).status;
    if (status === snmp.ErrorStatus.TooBig) {
      return new SnmpTooBigError(`${where}: response too big for the agent (tooBig)`, { device, cause: error });
    }
    if (status === snmp.ErrorStatus.AuthorizationError || status === snmp.ErrorStatus.NoAccess) {
      return new SnmpAuthError(`${where}: access refused: ${error.message}`, { device, cause: error });
    }
    return new SnmpError(`${where}: request failed: ${error.message}`, { device, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SnmpError(`${where}: ${message}`, { device, cause: error });
}

function openSession(target: SnmpTarget): snmp.Session {
  const s: SnmpSettings = target.settings;
  const transport = target.address.includes(':') ? 'udp6' : 'udp4';
  // Retries and per-request timeout come from the settings; the poll's overall deadline is ours.
  const common = { port: s.port, retries: s.retries, timeout: s.timeoutMs, transport, backoff: 1.0 } as const;
  if (s.version === '2c') {
    return snmp.createSession(target.address, s.community.reveal(), { ...common, version: snmp.Version2c });
  }
  const user: snmp.User = { name: s.user, level: LEVEL[s.level] };
  if (s.level !== 'noAuthNoPriv') {
    if (!s.authProtocol || !s.authKey) {
      throw new SnmpConfigError(`${describe(target)}: level ${s.level} needs authProtocol and authKey`, { device: target.deviceId });
    }
    user.authProtocol = AUTH[s.authProtocol];
    user.authKey = s.authKey.reveal();
  }
  if (s.level === 'authPriv') {
    const priv = s.privProtocol ? PRIV[s.privProtocol] : undefined;
    if (!s.privProtocol || !s.privKey) {
      throw new SnmpConfigError(`${describe(target)}: level authPriv needs privProtocol and privKey`, { device: target.deviceId });
    }
    if (priv === undefined) {
      throw new SnmpConfigError(
        `${describe(target)}: privacy protocol '${s.privProtocol}' is not supported by net-snmp; use one of ${SUPPORTED_PRIV_PROTOCOLS.join(', ')}`,
        { device: target.deviceId },
      );
    }
    user.privProtocol = priv;
    user.privKey = s.privKey.reveal();
  }
  return snmp.createV3Session(target.address, user, {
    ...common,
    version: snmp.Version3,
    ...(s.context !== undefined ? { context: s.context } : {}),
  });
}

/** Opens a net-snmp session for one device. @throws SnmpConfigError for unusable settings. */
export function netSnmpTransport(target: SnmpTarget): SnmpTransport {
  const session = openSession(target);
  let closed = false;
  // A socket error (e.g. EMFILE) must not crash the process: it fails the pending requests instead.
  session.on('error', () => undefined);

  function request<T>(signal: AbortSignal, start: (done: (error: unknown, result?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) {
        reject(abortError(signal, target));
        return;
      }
      let settled = false;
      const onAbort = (): void => {
        if (settled) return;
        settled = true;
        reject(abortError(signal, target));
        close(); // the only way to drop net-snmp's pending request and its retry timer
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        start((error, result) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          if (error) reject(mapError(error, target));
          else resolve(result as T);
        });
      } catch (error: unknown) {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(mapError(error, target));
      }
    });
  }

  function close(): void {
    if (closed) return;
    closed = true;
    try {
      session.close();
    } catch {
      // already closed by the library after a socket error
    }
  }

  return {
    getBulk(oids, nonRepeaters, maxRepetitions, signal): Promise<BulkResponse> {
      return request<BulkResponse>(signal, (done) => {
        session.getBulk([...oids], nonRepeaters, maxRepetitions, (error, varbinds) => {
          if (error) return done(error);
          const list = (varbinds ?? []) as unknown[];
          const non: SnmpVarbind[] = [];
          const columns: SnmpVarbind[][] = [];
          list.forEach((entry, i) => {
            if (i < nonRepeaters) non.push(fromNetSnmp(entry as snmp.Varbind));
            else columns.push((entry as snmp.Varbind[]).map(fromNetSnmp));
          });
          // A short response may leave later repeaters without any varbind: keep the shape.
          while (columns.length < oids.length - nonRepeaters) columns.push([]);
          done(null, { nonRepeaters: non, columns });
        });
      });
    },
    get(oids, signal): Promise<readonly SnmpVarbind[]> {
      return request<readonly SnmpVarbind[]>(signal, (done) => {
        session.get([...oids], (error, varbinds) => {
          if (error) return done(error);
          done(null, (varbinds ?? []).map(fromNetSnmp));
        });
      });
    },
    close,
  };
}

function abortError(signal: AbortSignal, target: SnmpTarget): SnmpError {
  const reason: unknown = signal.reason;
  if (reason instanceof SnmpError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new SnmpTimeoutError(`${describe(target)}: poll deadline exceeded`, { device: target.deviceId, cause: reason });
  }
  return new SnmpAbortedError(`${describe(target)}: poll cancelled`, { device: target.deviceId, cause: reason });
}
