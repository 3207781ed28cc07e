import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import bcrypt from 'bcryptjs';
import { Registry } from 'prom-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ListenAddressError, ServerStartError } from '../../../../agent/http/errors.js';
import { parseListen } from '../../../../agent/http/listen.js';
import { snapshotReadiness } from '../../../../agent/http/readiness.js';
import { MetricsServer, acceptsGzip, type HttpLogger, type MetricsServerOptions, type Readiness } from '../../../../agent/http/server.js';
import { parseWebConfig } from '../../../../agent/http/web-config.js';
import { MetricsExporter } from '../../../../agent/metrics/exporter.js';
import { emptySnapshot } from '../../../../agent/metrics/state.js';
import { scenarioSnapshot } from '../metrics/scenario.js';
import { basic, fetchRaw } from './client.js';
import { makeTlsFixture } from './tls-fixture.js';

const tls = makeTlsFixture();
afterAll(() => tls.remove());

const PASSWORD = 'correct horse battery staple';
const HASH = bcrypt.hashSync(PASSWORD, 4);

/** Collects log lines as JSON text so tests can look for leaked secrets. */
function memoryLogger(): HttpLogger & { readonly text: () => string } {
  const lines: string[] = [];
  const add = (fields: Record<string, unknown>, message: string): void => void lines.push(JSON.stringify({ ...fields, message }));
  return { info: add, warn: add, error: add, text: () => lines.join('\n') };
}

const servers: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function serve(options: Partial<MetricsServerOptions> = {}): Promise<{ url: string; server: MetricsServer }> {
  const exporter = new MetricsExporter({ registry: new Registry(), snapshot: () => scenarioSnapshot, version: '9.9.9' });
  const server = new MetricsServer({ listen: '127.0.0.1:0', metrics: exporter, readiness: () => ({ ready: true }), ...options });
  servers.push(server);
  const on = await server.start();
  return { url: on.url, server };
}

describe('MetricsServer over http', () => {
  it('serves /metrics as text 0.0.4, with gzip when asked', async () => {
    const { url } = await serve();
    const plain = await fetchRaw(`${url}/metrics`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(plain.body.toString()).toContain('ecpa_build_info{version="9.9.9"');
    const zipped = await fetchRaw(`${url}/metrics`, { headers: { 'Accept-Encoding': 'deflate, gzip;q=0.8' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).toString()).toContain('ecpa_ledger_loaded 1');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
  });

  it('streams a body larger than one chunk intact, plain and gzip', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `x_total{i="${i}"} ${i}\n`);
    const big = {
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      async *chunks(): AsyncGenerator<string> {
        for (let i = 0; i < lines.length; i += 1000) yield lines.slice(i, i + 1000).join('');
      },
    };
    const { url } = await serve({ metrics: big });
    const expected = lines.join('');
    expect((await fetchRaw(`${url}/metrics`)).body.toString()).toBe(expected);
    expect(gunzipSync((await fetchRaw(`${url}/metrics`, { headers: { 'Accept-Encoding': 'gzip' } })).body).toString()).toBe(expected);
  });

  it('stops rendering when the scraper goes away mid-stream, and keeps serving', async () => {
    let produced = 0;
    const endless = {
      contentType: 'text/plain',
      async *chunks(): AsyncGenerator<string> {
        for (;;) {
          produced++;
          yield `${'x'.repeat(64 * 1024)}\n`;
          await new Promise((r) => setImmediate(r));
        }
      },
    };
    const { url } = await serve({ metrics: endless });
    const { connect } = await import('node:net');
    const u = new URL(url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(u.port), u.hostname, () => socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    const after = produced;
    await new Promise((r) => setTimeout(r, 200));
    expect(produced).toBe(after);
    expect((await fetchRaw(`${url}/healthz`)).status).toBe(200);
  });

  it('answers the probes, 404, 405 and HEAD', async () => {
    let readiness: Readiness = { ready: false, reason: 'ledger not loaded' };
    const { url } = await serve({ readiness: () => readiness });
    expect((await fetchRaw(`${url}/healthz`)).status).toBe(200);
    const notReady = await fetchRaw(`${url}/readyz`);
    expect([notReady.status, notReady.body.toString()]).toEqual([503, 'not ready: ledger not loaded\n']);
    readiness = { ready: true };
    expect((await fetchRaw(`${url}/readyz`)).status).toBe(200);
    expect((await fetchRaw(`${url}/nope`)).status).toBe(404);
    const post = await fetchRaw(`${url}/metrics`, { method: 'POST' });
    expect([post.status, post.headers['allow']]).toEqual([405, 'GET, HEAD']);
    const head = await fetchRaw(`${url}/metrics`, { method: 'HEAD' });
    expect([head.status, head.body.length, head.headers['content-type']]).toEqual([200, 0, 'text/plain; version=0.0.4; charset=utf-8']);
  });

  it('answers 500 without details when rendering fails, and logs the reason', async () => {
    const logger = memoryLogger();
    const failing = {
      contentType: 'text/plain',
      async *chunks(): AsyncGenerator<string> {
        yield* [];
        throw new Error('snapshot broken');
      },
    };
    const { url } = await serve({ logger, metrics: failing });
    const res = await fetchRaw(`${url}/metrics`);
    expect([res.status, res.body.toString()]).toEqual([500, 'metrics unavailable, see the agent log\n']);
    expect(logger.text()).toContain('snapshot broken');
  });

  it('stops on abort, letting an in-flight scrape finish', async () => {
    const controller = new AbortController();
    const slow = {
      contentType: 'text/plain',
      async *chunks(): AsyncGenerator<string> {
        yield await new Promise<string>((r) => setTimeout(() => r('x 1\n'), 300));
      },
    };
    const server = new MetricsServer({ listen: '127.0.0.1:0', metrics: slow, readiness: () => ({ ready: true }) });
    const on = await server.start(controller.signal);
    const inFlight = fetchRaw(`${on.url}/metrics`);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const res = await inFlight;
    expect([res.status, res.body.toString()]).toEqual([200, 'x 1\n']);
    await server.stop();
    await expect(fetchRaw(`${on.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails to start with a typed error when the port is taken or the address is bad', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const server = new MetricsServer({ listen: `127.0.0.1:${port}`, metrics: { contentType: 'x', chunks: async function* () {} }, readiness: () => ({ ready: true }) });
    await expect(server.start()).rejects.toThrow(ServerStartError);
    await expect(server.start()).rejects.toThrow(/EADDRINUSE/);
    blocker.close();
    expect(() => parseListen('localhost')).toThrow(ListenAddressError);
    expect(() => parseListen('1.2.3.4:70000')).toThrow(ListenAddressError);
    expect(parseListen('[::1]:9469')).toEqual({ host: '::1', port: 9469 });
    expect(parseListen(':9469')).toEqual({ host: '::', port: 9469 });
  });
});

describe('basic auth', () => {
  const webConfig = parseWebConfig(`basic_auth_users:\n  prometheus: '${HASH}'\n`, 'web.yml');

  it('401 with WWW-Authenticate without or with wrong credentials; 200 with the right ones', async () => {
    const logger = memoryLogger();
    const { url } = await serve({ webConfig, logger });
    const none = await fetchRaw(`${url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic realm="ecpa"/);
    const wrong = await fetchRaw(`${url}/metrics`, { headers: { Authorization: basic('prometheus', 'not-the-password') } });
    expect(wrong.status).toBe(401);
    const unknown = await fetchRaw(`${url}/metrics`, { headers: { Authorization: basic('mallory', PASSWORD) } });
    expect(unknown.status).toBe(401);
    const right = await fetchRaw(`${url}/metrics`, { headers: { Authorization: basic('prometheus', PASSWORD) } });
    expect(right.status).toBe(200);
    expect((await fetchRaw(`${url}/other`, { headers: { Authorization: basic('prometheus', PASSWORD) } })).status).toBe(404);
    expect((await fetchRaw(`${url}/other`)).status).toBe(401);
    // Probes stay open for health checkers that cannot send credentials.
    expect((await fetchRaw(`${url}/healthz`)).status).toBe(200);
    const log = logger.text();
    expect(log).toContain('"user":"prometheus","reason":"denied"');
    expect(log).not.toContain('not-the-password');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(Buffer.from(`prometheus:${PASSWORD}`).toString('base64'));
  });
});

describe('TLS', () => {
  const tlsConfig = (extra: string): ReturnType<typeof parseWebConfig> =>
    parseWebConfig(`tls_server_config:\n  cert_file: ${tls.serverCert}\n  key_file: ${tls.serverKey}\n${extra}`, 'web.yml');

  it('serves https with the configured certificate and refuses plain http', async () => {
    const { url } = await serve({ webConfig: tlsConfig('') });
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetchRaw(`${url}/metrics`, { ca: tls.read(tls.serverCert) });
    expect(res.status).toBe(200);
    await expect(fetchRaw(`${url}/metrics`)).rejects.toThrow(/self-signed|self signed/);
    const plain = await fetchRaw(url.replace('https:', 'http:') + '/metrics').catch((e: unknown) => e);
    expect(plain instanceof Error || (plain as { status: number }).status === 400).toBe(true);
  });

  it('honours min_version', async () => {
    const { url } = await serve({ webConfig: tlsConfig('  min_version: TLS13\n') });
    const { request } = await import('node:https');
    const old = await new Promise<unknown>((resolve) => {
      const req = request(`${url}/healthz`, { ca: tls.read(tls.serverCert), maxVersion: 'TLSv1.2', agent: false }, () => resolve('connected'));
      req.on('error', resolve);
      req.end();
    });
    expect(old).toBeInstanceOf(Error);
    expect((await fetchRaw(`${url}/healthz`, { ca: tls.read(tls.serverCert) })).status).toBe(200);
  });

  it('RequireAndVerifyClientCert: refuses without a client certificate, serves with one from the CA', async () => {
    const { url } = await serve({ webConfig: tlsConfig(`  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${tls.clientCa}\n`) });
    const ca = tls.read(tls.serverCert);
    await expect(fetchRaw(`${url}/healthz`, { ca })).rejects.toThrow();
    const res = await fetchRaw(`${url}/healthz`, { ca, cert: tls.read(tls.clientCert), key: tls.read(tls.clientKey) });
    expect(res.status).toBe(200);
  });

  it('RequireAnyClientCert: refuses a connection without a certificate', async () => {
    const { url } = await serve({ webConfig: tlsConfig('  client_auth_type: RequireAnyClientCert\n') });
    const ca = tls.read(tls.serverCert);
    await expect(fetchRaw(`${url}/healthz`, { ca })).rejects.toThrow();
    const res = await fetchRaw(`${url}/healthz`, { ca, cert: tls.read(tls.clientCert), key: tls.read(tls.clientKey) });
    expect(res.status).toBe(200);
  });
});

describe('helpers', () => {
  it.each([
    [undefined, false],
    ['gzip', true],
    ['br, GZIP', true],
    ['gzip;q=0', false],
    ['gzip; q=0.5, identity', true],
    ['x-gzip', false],
  ])('acceptsGzip(%j) = %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('snapshotReadiness: ledger loaded and every device polled once', () => {
    expect(snapshotReadiness(emptySnapshot(), ['sw-hz-01'])).toEqual({ ready: false, reason: 'ledger not loaded' });
    expect(snapshotReadiness(scenarioSnapshot, ['sw-hz-01', 'sw-hz-02'])).toEqual({ ready: true });
    expect(snapshotReadiness(scenarioSnapshot, ['sw-hz-01', 'sw-hz-03'])).toEqual({ ready: false, reason: 'first poll pending for 1 device(s): sw-hz-03' });
  });
});
