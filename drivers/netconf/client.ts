/**
 * The NETCONF client the drivers use: connect over SSH (drivers/ssh), open the `netconf`
 * subsystem, run the session, and offer every RFC 6241 operation as a typed method. Each
 * method checks the server's capabilities before sending (CapabilityError, nothing sent).
 */
import type { ClientChannel } from 'ssh2';
import { sshConnect, type PresentedHostKey, type SshConnectOptions } from '../ssh/connect.js';
import type { Capabilities } from './capabilities.js';
import { ConnectError, SessionClosedError, TimeoutError, type NetconfError } from './errors.js';
import {
  buildCancelCommit,
  buildCommit,
  buildCopyConfig,
  buildDeleteConfig,
  buildDiscardChanges,
  buildEditConfig,
  buildGet,
  buildGetConfig,
  buildKillSession,
  buildLock,
  buildValidate,
  type CommitOptions,
  type ConfigContent,
  type Datastore,
  type EditConfigOptions,
  type Filter,
} from './operations.js';
import { NetconfSession, type RpcOptions, type RpcReply, type SessionOptions } from './session.js';
import { nc, type XmlElement } from './xml.js';

/** What `NetconfClient.connect` needs: SSH settings plus NETCONF timeouts. */
export interface NetconfConnectOptions extends SshConnectOptions {
  /** Default timeout of one RPC. */
  readonly rpcTimeoutMs: number;
  /** Timeout of commit and validate, which can take minutes on big configs (default 5 × rpcTimeoutMs). */
  readonly commitTimeoutMs?: number;
  /** Wait for the server hello (default connectTimeoutMs). */
  readonly helloTimeoutMs?: number;
  readonly maxMessageBytes?: number;
  /** Capabilities to announce (default base:1.0 and base:1.1). */
  readonly clientCapabilities?: readonly string[];
  /** Quirk of yuma123 netconfd: see SessionOptions.settleAfterHelloMs. */
  readonly settleAfterHelloMs?: number;
}

/** A connected NETCONF client. Always `close()` it (or `closeSession()`). */
export class NetconfClient {
  readonly session: NetconfSession;
  /** The host key the server presented (fingerprint is public; safe to print). */
  readonly hostKey: PresentedHostKey | undefined;
  readonly #commitTimeoutMs: number | undefined;
  readonly #end: () => void;

  /** Wraps an open session (tests and the lab use this with a stream of their own). */
  constructor(session: NetconfSession, options: { hostKey?: PresentedHostKey; commitTimeoutMs?: number; end?: () => void } = {}) {
    this.session = session;
    this.hostKey = options.hostKey;
    this.#commitTimeoutMs = options.commitTimeoutMs;
    this.#end = options.end ?? (() => undefined);
    session.onClose(() => this.#end());
  }

  /**
   * Connects over SSH, opens the `netconf` subsystem and exchanges hellos.
   * Throws HostKeyError, AuthError, ConnectError, TimeoutError, ProtocolError, FramingError, AbortedError.
   */
  static async connect(options: NetconfConnectOptions): Promise<NetconfClient> {
    const device = options.device ?? `${options.host}:${options.port}`;
    const { client, hostKey } = await sshConnect(options);
    const end = (): void => {
      client.end();
    };
    let channel: ClientChannel;
    try {
      channel = await new Promise<ClientChannel>((resolve, reject) => {
        const timer = setTimeout(() => reject(new TimeoutError('the server did not open the netconf subsystem in time', options.connectTimeoutMs, { device })), options.connectTimeoutMs);
        client.subsys('netconf', (error, stream) => {
          clearTimeout(timer);
          if (error) reject(new ConnectError('the server refused the netconf subsystem', { device, cause: error }));
          else resolve(stream);
        });
      });
    } catch (error: unknown) {
      end();
      throw error;
    }
    const sessionOptions: SessionOptions = {
      device,
      helloTimeoutMs: options.helloTimeoutMs ?? options.connectTimeoutMs,
      rpcTimeoutMs: options.rpcTimeoutMs,
      ...(options.maxMessageBytes !== undefined ? { maxMessageBytes: options.maxMessageBytes } : {}),
      ...(options.clientCapabilities ? { capabilities: options.clientCapabilities } : {}),
      ...(options.settleAfterHelloMs !== undefined ? { settleAfterHelloMs: options.settleAfterHelloMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    let session: NetconfSession;
    try {
      session = await NetconfSession.open(channel, sessionOptions);
    } catch (error: unknown) {
      end();
      throw error;
    }
    // A dead SSH connection (keepalive timeout, reset) must close the session and reject pending RPCs.
    client.once('close', () => session.close(new SessionClosedError('the SSH connection closed', { device })));
    return new NetconfClient(session, { hostKey, commitTimeoutMs: options.commitTimeoutMs ?? options.rpcTimeoutMs * 5, end });
  }

  get sessionId(): number {
    return this.session.sessionId;
  }

  get capabilities(): Capabilities {
    return this.session.capabilities;
  }

  /** Why the session closed, or undefined while open. */
  get closedReason(): NetconfError | undefined {
    return this.session.closedReason;
  }

  /** Sends any operation element (vendor RPCs included). See NetconfSession.rpc for errors. */
  async rpc(operation: XmlElement, options: RpcOptions = {}): Promise<RpcReply> {
    return this.session.rpc(operation, options);
  }

  /** `<get>`; returns the `<data>` element (empty when the server sent none). */
  async get(filter?: Filter, options: RpcOptions = {}): Promise<XmlElement> {
    return dataOf(await this.rpc(buildGet(this.capabilities, filter), options));
  }

  /** `<get-config>`; returns the `<data>` element. */
  async getConfig(source: Datastore, filter?: Filter, options: RpcOptions = {}): Promise<XmlElement> {
    return dataOf(await this.rpc(buildGetConfig(this.capabilities, source, filter), options));
  }

  /** `<edit-config>`; resolves with the reply (check `warnings`). */
  async editConfig(target: Datastore, config: ConfigContent, editOptions: EditConfigOptions = {}, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildEditConfig(this.capabilities, target, config, editOptions), options);
  }

  /** `<copy-config>`. */
  async copyConfig(target: Datastore, source: Datastore | { readonly config: ConfigContent }, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildCopyConfig(this.capabilities, target, source), this.#long(options));
  }

  /** `<delete-config>` (startup or candidate). */
  async deleteConfig(target: Exclude<Datastore, 'running'>, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildDeleteConfig(this.capabilities, target), options);
  }

  /** `<lock>`; throws LockDeniedError (with `holderSessionId`) when someone else holds it. */
  async lock(target: Datastore, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildLock(this.capabilities, 'lock', target), options);
  }

  /** `<unlock>`. */
  async unlock(target: Datastore, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildLock(this.capabilities, 'unlock', target), options);
  }

  /** `<validate>` a datastore or inline config. */
  async validate(source: Datastore | { readonly config: ConfigContent }, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildValidate(this.capabilities, source), this.#long(options));
  }

  /** `<commit>`: plain, confirmed (`confirmed`, `confirmTimeoutS`, `persist`) or confirming (`persistId`). */
  async commit(commitOptions: CommitOptions = {}, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildCommit(this.capabilities, commitOptions), this.#long(options));
  }

  /** `<cancel-commit>`: rolls back a pending confirmed commit now. */
  async cancelCommit(persistId?: string, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildCancelCommit(this.capabilities, persistId), this.#long(options));
  }

  /** `<discard-changes>`: candidate := running. */
  async discardChanges(options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildDiscardChanges(this.capabilities), options);
  }

  /** `<kill-session>` of another session (releases its locks). */
  async killSession(sessionId: number, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildKillSession(sessionId), options);
  }

  /**
   * `<close-session>` then closes the transport, whatever the reply: a server that never
   * answers close-session must not hang the caller (ncclient#46). Never throws.
   */
  async closeSession(timeoutMs = 5_000): Promise<void> {
    if (!this.session.closedReason) {
      try {
        await this.rpc(nc('close-session'), { timeoutMs });
      } catch {
        // Closing anyway below; a failed goodbye is not worth reporting.
      }
    }
    this.close();
  }

  /** Closes the transport now; pending RPCs are rejected. */
  close(): void {
    this.session.close();
    this.#end();
  }

  #long(options: RpcOptions): RpcOptions {
    return options.timeoutMs === undefined && this.#commitTimeoutMs !== undefined ? { ...options, timeoutMs: this.#commitTimeoutMs } : options;
  }
}

function dataOf(reply: RpcReply): XmlElement {
  return reply.data ?? nc('data');
}
