/**
 * The lab NETCONF-over-SSH server (ssh2's server side), used by tests and embedded by the
 * simulated fleet. `start()` listens (port 0 = ephemeral), authenticates users by password or
 * public key, serves the `netconf` subsystem and exposes the datastores and fault switches.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
// ssh2 is CommonJS: Node's ESM loader cannot see its named exports, so take them off the default.
import ssh2, { type Connection, type ParsedKey } from 'ssh2';

const { Server, utils } = ssh2;
import { BASE_1_0, BASE_1_1 } from '../../../drivers/netconf/capabilities.js';
import { nc, type XmlElement } from '../../../drivers/netconf/xml.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import type { KeyMap } from './datastore.js';
import { LabSession } from './session.js';
import { LabState, type LabDatastore, type LabFaults, type LabJunosOptions } from './state.js';
import { configurationOf, junosRoot } from './junos-load.js';

/** A user the lab accepts. */
export interface LabUser {
  readonly username: string;
  readonly password?: string;
  /** Authorised public keys, OpenSSH one-line format (`ssh-ed25519 AAAA… comment`). */
  readonly publicKeys?: readonly string[];
}

/** Options of `start`. */
export interface LabServerOptions {
  /** Listen address (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default 0: ephemeral; read the real one from the result). */
  readonly port?: number;
  /** Host private keys (PEM/OpenSSH text or Buffers). */
  readonly hostKeys: readonly (string | Buffer)[];
  readonly users: readonly LabUser[];
  /** Extra capabilities to announce (module URIs etc.), after the standard ones. */
  readonly capabilities?: readonly string[];
  /** Announce base:1.1 (default true); false makes a base:1.0-only server. */
  readonly base11?: boolean;
  /** Announce :writable-running and accept edits of running (default false). */
  readonly writableRunning?: boolean;
  /** List keys: `{namespace}element` → key leaf names (default: `name`). */
  readonly keyMap?: KeyMap;
  readonly faults?: LabFaults;
  /** Initial running config: a `<data>`/`<config>` element or its XML text (Junos: holding a `<configuration>`, or that element itself). */
  readonly initialConfig?: XmlElement | string;
  /**
   * Run as a Junos device: the datastores hold one `<configuration>`, get-config answers it
   * inside `<data>` (empty when nothing matches), the Junos RPCs are served
   * (test/lab/netconf/junos-handlers.ts), and the Junos capabilities are announced instead of
   * :confirmed-commit:1.1, :validate:1.1 and :startup.
   */
  readonly junos?: LabJunosOptions;
}

/** A running lab server. */
export interface LabServer {
  readonly host: string;
  readonly port: number;
  /** The live datastores (read them in assertions; replace via `datastores.running = …` if needed). */
  readonly datastores: Record<LabDatastore, XmlElement>;
  /** Fault switches; mutate between steps. */
  readonly faults: LabFaults;
  /** Shared state (locks, pending confirmed commit, rollbacks, sessions). */
  readonly state: LabState;
  /** The capabilities announced. */
  readonly capabilities: readonly string[];
  /** `SHA256:` fingerprints of the host keys, to pin in clients. */
  readonly hostKeyFingerprints: readonly string[];
  /** Closes the listener and every connection. */
  stop(): Promise<void>;
}

const CAP = 'urn:ietf:params:netconf:capability:';

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function parsePublic(line: string): ParsedKey {
  const k = utils.parseKey(line);
  if (k instanceof Error) throw new Error(`lab server: bad public key: ${k.message}`);
  return Array.isArray(k) ? (k[0] as ParsedKey) : k;
}

/** Starts a lab server. Resolves when it listens. Throws on bad keys or a busy port. */
export async function start(options: LabServerOptions): Promise<LabServer> {
  const initial = typeof options.initialConfig === 'string' ? parseXml(options.initialConfig) : options.initialConfig;
  const junos = options.junos;
  const root = junos ? junosRoot(initial === undefined ? undefined : initial.name === 'configuration' ? initial : configurationOf(nc('data', initial.children))) : initial ? nc('data', initial.children) : undefined;
  const state = new LabState(options.keyMap ?? {}, options.faults ?? {}, root, junos);
  const writableRunning = options.writableRunning ?? false;
  const capabilities = [
    BASE_1_0,
    ...(options.base11 === false ? [] : [BASE_1_1]),
    `${CAP}candidate:1.0`,
    `${CAP}confirmed-commit:1.0`,
    ...(junos ? [] : [`${CAP}confirmed-commit:1.1`]),
    `${CAP}validate:1.0`,
    ...(junos ? ['http://xml.juniper.net/netconf/junos/1.0', 'http://xml.juniper.net/dmi/system/1.0'] : [`${CAP}validate:1.1`, `${CAP}startup:1.0`]),
    ...(writableRunning ? [`${CAP}writable-running:1.0`] : []),
    ...(options.capabilities ?? []),
  ];
  const users = options.users.map((u) => ({ ...u, keys: (u.publicKeys ?? []).map(parsePublic) }));
  const hostKeyFingerprints = options.hostKeys.map((k) => {
    const parsed = utils.parseKey(k);
    if (parsed instanceof Error) throw new Error(`lab server: bad host key: ${parsed.message}`);
    const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
    return `SHA256:${createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
  });
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [...options.hostKeys] }, (conn) => {
    connections.add(conn);
    let username = '';
    conn.on('error', () => undefined);
    conn.on('close', () => connections.delete(conn));
    conn.on('authentication', (ctx) => {
      const user = users.find((u) => u.username === ctx.username);
      if (!user) return ctx.reject(['password', 'publickey']);
      if (ctx.method === 'password' && user.password !== undefined && sameSecret(ctx.password, user.password)) {
        username = user.username;
        return ctx.accept();
      }
      if (ctx.method === 'publickey') {
        const key = user.keys.find((k) => k.type === ctx.key.algo.replace(/^rsa-sha2-(256|512)$/, 'ssh-rsa') && k.getPublicSSH().equals(ctx.key.data));
        if (key && (!ctx.signature || key.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) === true)) {
          username = user.username;
          return ctx.accept();
        }
      }
      return ctx.reject(['password', 'publickey']);
    });
    conn.on('ready', () => {
      conn.on('session', (accept) => {
        const session = accept();
        session.on('subsystem', (acceptSub, rejectSub, info) => {
          if (info.name !== 'netconf') return rejectSub();
          const stream = acceptSub();
          new LabSession({ state, stream, username, capabilities, writableRunning, drop: () => conn.end() });
        });
      });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host,
    port,
    get datastores() {
      return state.datastores;
    },
    get faults() {
      return state.faults;
    },
    state,
    capabilities,
    hostKeyFingerprints,
    stop: () =>
      new Promise<void>((resolve) => {
        state.dispose();
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
}

