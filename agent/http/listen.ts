/** Parsing of the exporter listen address. */
import { isIP } from 'node:net';
import { ListenAddressError } from './errors.js';

/** Default listen address: loopback only, the port allocated to ecpa in the Prometheus port list style. */
export const DEFAULT_LISTEN = '127.0.0.1:9469';

/** A parsed listen address. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `host:port`, `[v6]:port` or `:port` (all addresses). Port 0 asks the OS for a free port.
 * @throws ListenAddressError naming the bad value.
 */
export function parseListen(value: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = Number(m?.[3]);
  const host = m?.[1] ?? m?.[2] ?? '';
  if (m === null || port > 65535) throw new ListenAddressError(`listen address '${value}' is not host:port (e.g. ${DEFAULT_LISTEN}, [::1]:9469, :9469)`);
  if (m[1] !== undefined && isIP(host) !== 6) throw new ListenAddressError(`listen address '${value}': '${host}' is not an IPv6 address`);
  return { host: host === '' ? '::' : host, port };
}
