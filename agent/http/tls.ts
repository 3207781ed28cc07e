/**
 * Maps an exporter-toolkit `tls_server_config` onto Node.js TLS server options, and enforces the
 * client-certificate modes Node has no single switch for (Go's RequireAnyClientCert and
 * VerifyClientCertIfGiven) right after the handshake.
 */
import type { TLSSocket, TlsOptions } from 'node:tls';
import { TLS_VERSIONS, type ClientAuthType, type TlsServerConfig } from './web-config.js';

/** Node TLS server options for the config. */
export function tlsServerOptions(tls: TlsServerConfig): TlsOptions {
  const verify = tls.clientAuthType === 'RequireAndVerifyClientCert';
  return {
    cert: tls.cert,
    key: tls.key,
    minVersion: TLS_VERSIONS[tls.minVersion],
    ...(tls.maxVersion === undefined ? {} : { maxVersion: TLS_VERSIONS[tls.maxVersion] }),
    requestCert: tls.clientAuthType !== 'NoClientCert',
    rejectUnauthorized: verify,
    ...(tls.clientCa === undefined ? {} : { ca: tls.clientCa }),
  };
}

/**
 * Whether a connection that completed the handshake satisfies the client-auth mode. Node lets
 * through what `rejectUnauthorized: false` allows; the two Go modes in between are checked here.
 */
export function clientCertAcceptable(mode: ClientAuthType, socket: TLSSocket): boolean {
  const presented = Object.keys(socket.getPeerCertificate()).length > 0;
  switch (mode) {
    case 'NoClientCert':
    case 'RequestClientCert':
      return true;
    case 'RequireAnyClientCert':
      return presented;
    case 'VerifyClientCertIfGiven':
      return !presented || socket.authorized;
    case 'RequireAndVerifyClientCert':
      return presented && socket.authorized;
  }
}
