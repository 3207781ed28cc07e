/**
 * One NETCONF session of the lab server on an SSH `netconf` subsystem channel: hello (base:1.0
 * and, unless disabled, base:1.1), framing switch, one RPC at a time, standard rpc-errors,
 * fault switches (delays, dropped connections), close-session.
 */
import type { Duplex } from 'node:stream';
import { BASE_1_0, BASE_1_1 } from '../../../drivers/netconf/capabilities.js';
import { MessageDecoder, encodeMessage, type Framing } from '../../../drivers/netconf/framing.js';
import { NS_BASE, NS_XML, child, element, nc, serialize, type XmlElement } from '../../../drivers/netconf/xml.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import { LabRpcFault, type LabRpcError } from './datastore.js';
import { HANDLERS, type HandlerContext } from './handlers.js';
import { JUNOS_HANDLERS, isJunosOperation } from './junos-handlers.js';
import type { LabState } from './state.js';

/** What a lab session needs from the server. */
export interface LabSessionOptions {
  readonly state: LabState;
  readonly stream: Duplex;
  readonly username: string;
  readonly capabilities: readonly string[];
  readonly writableRunning: boolean;
  /** Ends the SSH connection (drop faults, kill-session). */
  readonly drop: () => void;
}

/** Serves one session until the channel closes. */
export class LabSession {
  readonly id: number;
  readonly #o: LabSessionOptions;
  readonly #decoder = new MessageDecoder({ maxMessageBytes: 256 * 1024 * 1024 });
  #framing: Framing = 'eom';
  #helloDone = false;
  #queue: Promise<void> = Promise.resolve();
  #ended = false;

  constructor(options: LabSessionOptions) {
    this.#o = options;
    this.id = options.state.newSessionId();
    options.state.sessions.set(this.id, { id: this.id, username: options.username, terminate: () => this.#terminate() });
    const { stream } = options;
    stream.on('data', (data: Buffer) => this.#onData(data));
    stream.on('error', () => this.#end());
    stream.on('close', () => this.#end());
    const hello = nc('hello', [nc('capabilities', options.capabilities.map((c) => nc('capability', c))), nc('session-id', String(this.id))]);
    this.#write(hello, 'eom');
  }

  #terminate(): void {
    this.#end();
    this.#o.stream.destroy();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#o.state.sessionEnded(this.id);
  }

  #write(el: XmlElement, framing: Framing): void {
    if (this.#ended) return;
    // Junos sends its messages without an XML declaration (ncclient's Junos handler relies on it).
    this.#o.stream.write(encodeMessage(Buffer.from(serialize(el, { declaration: this.#o.state.junos === undefined })), framing));
  }

  #onData(data: Buffer): void {
    if (this.#ended) return;
    try {
      this.#decoder.push(data);
      for (let m = this.#decoder.read(); m; m = this.#decoder.read()) {
        if (!this.#helloDone) this.#clientHello(m);
        else {
          const message = m;
          this.#queue = this.#queue.then(() => this.#handle(message)).catch(() => this.#terminate());
        }
      }
    } catch {
      // Broken framing: RFC 6242 leaves no way to resynchronise; close the session.
      this.#terminate();
    }
  }

  #clientHello(message: Buffer): void {
    let root: XmlElement;
    try {
      root = parseXml(message.toString('utf8'));
    } catch {
      return this.#terminate();
    }
    if (root.name !== 'hello' || root.namespace !== NS_BASE || child(root, 'session-id')) return this.#terminate();
    const caps = (child(root, 'capabilities')?.children ?? []).map((c) => c.text.trim());
    this.#helloDone = true;
    if (caps.includes(BASE_1_1) && this.#o.capabilities.includes(BASE_1_1)) {
      this.#framing = 'chunked';
      this.#decoder.useChunked();
    } else if (!caps.includes(BASE_1_0)) {
      this.#terminate();
    }
  }

  async #handle(message: Buffer): Promise<void> {
    if (this.#ended) return;
    let rpc: XmlElement;
    try {
      rpc = parseXml(message.toString('utf8'));
    } catch (error: unknown) {
      // RFC 6241 §4.3: malformed-message, without a message-id since none could be read.
      return this.#reply(nc('rpc-reply', [errorElement({ type: 'rpc', tag: 'malformed-message', message: (error as Error).message })]));
    }
    const op = rpc.children[0];
    const attrs = rpc.attributes;
    const reply = (content: XmlElement[]): XmlElement => element('rpc-reply', { namespace: NS_BASE, attributes: attrs, children: content });
    if (rpc.name !== 'rpc' || rpc.namespace !== NS_BASE || !op) {
      return this.#reply(reply([errorElement({ type: 'rpc', tag: 'malformed-message', message: 'expected <rpc> with one operation' })]));
    }
    if (!attrs.some((a) => a.name === 'message-id' && a.namespace === '')) {
      return this.#reply(reply([errorElement({ type: 'rpc', tag: 'missing-attribute', message: '<rpc> needs a message-id', info: { 'bad-attribute': 'message-id', 'bad-element': 'rpc' } })]));
    }
    const state = this.#o.state;
    const faults = state.faults;
    const count = (state.counts.get(op.name) ?? 0) + 1;
    state.counts.set(op.name, count);
    const drop = faults.dropAt && faults.dropAt.operation === op.name && (faults.dropAt.nth ?? 1) === count ? faults.dropAt.phase ?? 'before' : undefined;
    if (drop === 'before') return this.#drop();
    const delay = (faults.replyDelayMs ?? 0) + (faults.delayMs?.[op.name] ?? 0);
    let content: XmlElement;
    if (op.namespace === NS_BASE && op.name === 'close-session') {
      content = nc('ok');
    } else {
      // Junos RPCs are served only by a lab server that runs as a Junos device.
      const handler = state.junos && isJunosOperation(op) ? JUNOS_HANDLERS[op.name] : op.namespace === NS_BASE ? HANDLERS[op.name] : undefined;
      const ctx: HandlerContext = { state, sessionId: this.id, writableRunning: this.#o.writableRunning, xpath: false };
      try {
        if (!handler) throw new LabRpcFault({ type: 'protocol', tag: 'operation-not-supported', message: `operation <${op.name}> is not supported by the lab server` });
        content = handler(ctx, op);
      } catch (error: unknown) {
        if (!(error instanceof LabRpcFault)) throw error;
        content = nc('errors', error.errors.map(errorElement));
      }
    }
    if (drop === 'after') return this.#drop();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    this.#reply(reply(content.name === 'errors' ? content.children : [content]));
    if (op.name === 'close-session' && op.namespace === NS_BASE) {
      this.#end();
      this.#o.stream.end();
      this.#o.stream.destroy();
    }
  }

  #reply(el: XmlElement): void {
    this.#write(el, this.#framing);
  }

  #drop(): void {
    this.#end();
    this.#o.drop();
  }
}

/** An `<rpc-error>` element in the RFC 6241 §4.3 form. */
export function errorElement(e: LabRpcError): XmlElement {
  const info = Object.entries(e.info ?? {});
  return nc('rpc-error', [
    nc('error-type', e.type),
    nc('error-tag', e.tag),
    nc('error-severity', e.severity ?? 'error'),
    e.appTag !== undefined && nc('error-app-tag', e.appTag),
    e.path !== undefined && nc('error-path', e.path),
    e.message !== undefined && element('error-message', { namespace: NS_BASE, text: e.message, attributes: [{ name: 'lang', namespace: NS_XML, value: 'en' }] }),
    info.length > 0 && nc('error-info', info.map(([k, v]) => nc(k, v))),
  ]);
}
