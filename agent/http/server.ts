/**
 * The exporter's HTTP(S) endpoint: `/metrics` (Prometheus text 0.0.4, gzip when asked), `/healthz`
 * (the process answers), `/readyz` (ledger loaded and first poll done, as the readiness function
 * says), 404 for anything else. TLS and basic auth come from an exporter-toolkit web config; basic
 * auth guards every path but the two probes, which reveal nothing and must work for
 * Docker/Kubernetes health checks that cannot send credentials.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { BasicAuth } from './basic-auth.js';
import { ServerStartError } from './errors.js';
import { DEFAULT_LISTEN, parseListen } from './listen.js';
import { clientCertAcceptable, tlsServerOptions } from './tls.js';
import type { WebConfig } from './web-config.js';

/** What `/metrics` serves (the MetricsExporter fits): the body as a stream of text chunks. */
export interface MetricsSource {
  readonly contentType: string;
  chunks(): AsyncIterable<string>;
}

/** Resolves when `sink` drains, or when the response closes first (client went away). */
function drained(sink: Writable, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      sink.off('drain', done);
      res.off('close', done);
      resolve();
    };
    sink.on('drain', done);
    res.on('close', done);
  });
}

/** Answer of the readiness function. */
export interface Readiness {
  readonly ready: boolean;
  /** Why not, for the /readyz body (e.g. `ledger not loaded`). */
  readonly reason?: string;
}

/** The logger subset the server uses (pino-compatible). Fields never carry credentials. */
export interface HttpLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Options of {@link MetricsServer}. */
export interface MetricsServerOptions {
  /** `host:port`; default {@link DEFAULT_LISTEN}. */
  readonly listen?: string;
  readonly webConfig?: WebConfig;
  readonly metrics: MetricsSource;
  readonly readiness: () => Readiness;
  readonly logger?: HttpLogger;
  /** How long stop() waits for in-flight requests before cutting connections, ms (default 5000). */
  readonly closeTimeoutMs?: number;
}

/** Where the server listens once started. */
export interface ListeningOn {
  readonly host: string;
  readonly port: number;
  /** Base URL, e.g. `https://127.0.0.1:9469`. */
  readonly url: string;
}

/** True when the Accept-Encoding header accepts gzip (q > 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}

/** The endpoint; see the module comment. `start()`/`stop()`, or abort the signal given to start. */
export class MetricsServer {
  readonly #options: MetricsServerOptions;
  readonly #auth: BasicAuth | undefined;
  #server: Server | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: MetricsServerOptions) {
    this.#options = options;
    const users = options.webConfig?.basicAuthUsers;
    this.#auth = users !== undefined && users.size > 0 ? new BasicAuth(users) : undefined;
  }

  /**
   * Listens. Aborting `signal` stops the server gracefully.
   * @throws ListenAddressError for a bad listen address; ServerStartError when it cannot listen.
   */
  async start(signal?: AbortSignal): Promise<ListeningOn> {
    if (this.#server !== undefined) throw new ServerStartError('the metrics server is already started');
    const { host, port } = parseListen(this.#options.listen ?? DEFAULT_LISTEN);
    if (signal?.aborted === true) throw new ServerStartError('the metrics server was aborted before it started');
    const tls = this.#options.webConfig?.tls;
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.#handle(req, res).catch((error: unknown) => this.#fail(res, error));
    };
    const server = tls === undefined ? createHttpServer(handler) : createHttpsServer(tlsServerOptions(tls), handler);
    if (tls !== undefined) {
      server.on('secureConnection', (socket: TLSSocket) => {
        if (!clientCertAcceptable(tls.clientAuthType, socket)) socket.destroy();
      });
      server.on('tlsClientError', (error: Error) => this.#options.logger?.warn({ err: error.message }, 'TLS handshake failed'));
    }
    server.requestTimeout = 30_000;
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        this.#server = undefined;
        reject(new ServerStartError(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
      };
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        // After listen, a server error (EMFILE …) is logged; it must not crash the daemon.
        server.on('error', (error: Error) => this.#options.logger?.error({ err: error.message }, 'metrics endpoint error'));
        resolve();
      });
    });
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const on = { host: address.address, port: address.port, url: `${tls === undefined ? 'http' : 'https'}://${shown}:${address.port}` };
    this.#options.logger?.info({ url: on.url, tls: tls !== undefined, basicAuth: this.#auth !== undefined }, 'metrics endpoint listening');
    return on;
  }

  /** Stops accepting, lets in-flight requests finish (up to closeTimeoutMs), then closes. Idempotent. */
  stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return Promise.resolve();
    this.#stopping ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => server.closeAllConnections(), this.#options.closeTimeoutMs ?? 5000);
      server.close(() => {
        clearTimeout(timer);
        this.#server = undefined;
        this.#stopping = undefined;
        resolve();
      });
      server.closeIdleConnections();
    });
    return this.#stopping;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      this.#send(req, res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    if (path === '/healthz') {
      this.#send(req, res, 200, 'ok\n');
      return;
    }
    if (path === '/readyz') {
      const r = this.#options.readiness();
      this.#send(req, res, r.ready ? 200 : 503, r.ready ? 'ready\n' : `not ready: ${r.reason ?? 'starting'}\n`);
      return;
    }
    if (this.#auth !== undefined) {
      const result = await this.#auth.check(req.headers.authorization);
      if (!result.ok) {
        // Logs the user name and the reason, never the password or the header.
        this.#options.logger?.warn({ remote: req.socket.remoteAddress, user: result.user, reason: result.reason }, 'basic auth failed');
        this.#send(req, res, 401, 'unauthorized\n', { 'WWW-Authenticate': 'Basic realm="ecpa", charset="UTF-8"' });
        return;
      }
    }
    if (path !== '/metrics') {
      this.#send(req, res, 404, 'not found\n');
      return;
    }
    await this.#stream(req, res);
  }

  /**
   * Streams the exposition chunk by chunk (gzip when accepted), honouring back-pressure. The first
   * chunk is rendered before the headers go out, so an early failure is still a clean 500; a
   * failure later can only cut the connection, which Prometheus counts as a failed scrape.
   */
  async #stream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': this.#options.metrics.contentType, Vary: 'Accept-Encoding' };
    const zip = acceptsGzip(req.headers['accept-encoding']);
    if (zip) headers['Content-Encoding'] = 'gzip';
    if (req.method === 'HEAD') {
      res.writeHead(200, headers);
      res.end();
      return;
    }
    const chunks = this.#options.metrics.chunks()[Symbol.asyncIterator]();
    let next = await chunks.next();
    res.writeHead(200, headers);
    let sink: Writable = res;
    if (zip) {
      // Level 1: at 50,000 shared ports it compresses 343 MB to 19 MB in a fraction of the time of
      // the default level 6 (docs/benchmarks/metrics.md).
      const gz = createGzip({ level: 1 });
      gz.pipe(res);
      sink = gz;
    }
    while (next.done !== true) {
      if (res.destroyed) {
        await chunks.return?.();
        sink.destroy();
        return;
      }
      if (!sink.write(next.value)) await drained(sink, res);
      next = await chunks.next();
    }
    sink.end();
  }

  #send(req: IncomingMessage, res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers, 'Content-Length': data.length });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  #fail(res: ServerResponse, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#options.logger?.error({ err: message }, 'scrape failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('metrics unavailable, see the agent log\n');
  }
}
