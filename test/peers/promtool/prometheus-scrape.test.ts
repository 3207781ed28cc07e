/**
 * A real Prometheus 2.x server (Debian package `prometheus`) scrapes the real MetricsServer over
 * TLS with basic auth, on loopback: the exposition parses, exact label values survive escaping,
 * and a job with a wrong password is `up == 0`. Prometheus runs from this test (its own temp
 * folder and a free port) and is stopped by its pid.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsServer } from '../../../agent/http/server.js';
import { parseWebConfig } from '../../../agent/http/web-config.js';
import { MetricsExporter } from '../../../agent/metrics/exporter.js';
import { ECPA_METRIC_NAMES } from '../../../agent/metrics/families.js';
import { peerAvailable } from '../../support/peer.js';
import { makeTlsFixture } from '../../unit/agent/http/tls-fixture.js';
import { scenarioSnapshot } from '../../unit/agent/metrics/scenario.js';

const available = await peerAvailable(
  'prometheus',
  () => new Promise<boolean>((resolve) => execFile('prometheus', ['--version'], (error) => resolve(error === null))),
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Sample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

describe.runIf(available)('Prometheus scrapes ecpa', () => {
  const tls = makeTlsFixture();
  const dir = mkdtempSync(join(tmpdir(), 'ecpa-prometheus-'));
  let prometheus: ChildProcess | undefined;
  let server: MetricsServer | undefined;
  let api = '';

  async function query(expr: string): Promise<Sample[]> {
    const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; data: { result: Sample[] } };
    return body.data.result;
  }

  async function eventually(expr: string, timeoutMs = 20_000): Promise<Sample[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const result = await query(expr).catch(() => []);
      if (result.length > 0 || Date.now() > end) return result;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    const password = 'scrape-secret';
    const webConfig = parseWebConfig(
      `tls_server_config: {cert_file: ${tls.serverCert}, key_file: ${tls.serverKey}}\nbasic_auth_users: {prometheus: '${bcrypt.hashSync(password, 4)}'}\n`,
      join(dir, 'web.yml'),
    );
    const exporter = new MetricsExporter({ registry: new Registry(), snapshot: () => scenarioSnapshot, version: '0.1.0' });
    server = new MetricsServer({ listen: '127.0.0.1:0', webConfig, metrics: exporter, readiness: () => ({ ready: true }) });
    const on = await server.start();
    writeFileSync(join(dir, 'pw'), password);
    writeFileSync(join(dir, 'bad-pw'), 'wrong');
    const job = (name: string, pw: string): string =>
      `  - job_name: ${name}\n    scheme: https\n    tls_config: {ca_file: ${tls.serverCert}}\n    basic_auth: {username: prometheus, password_file: ${join(dir, pw)}}\n    static_configs: [{targets: ['127.0.0.1:${on.port}']}]\n`;
    writeFileSync(join(dir, 'prometheus.yml'), `global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n${job('ecpa', 'pw')}${job('ecpa-wrong-password', 'bad-pw')}`);
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
      stdio: 'ignore',
    });
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      const ready = await fetch(`${api}/-/ready`).then((r) => r.ok).catch(() => false);
      if (ready) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('prometheus did not become ready');
  });

  afterAll(async () => {
    if (prometheus?.pid !== undefined && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus?.once('exit', r));
      prometheus.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (prometheus.exitCode === null) prometheus.kill('SIGKILL');
    }
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    tls.remove();
  });

  it('scrapes over TLS with basic auth (up == 1) and refuses the wrong password (up == 0)', async () => {
    const up = await eventually('up{job="ecpa"} == 1');
    expect(up).toHaveLength(1);
    const wrong = await eventually('up{job="ecpa-wrong-password"} == 0');
    expect(wrong).toHaveLength(1);
  });

  it('keeps label values exactly as the snapshot had them', async () => {
    const odd = await eventually('ecpa_unknown_subinterface_info{device="sw-hz-02"}');
    expect(odd[0]?.metric['interface']).toBe('odd"name\\with\nnewline');
    const tenant = await eventually('ecpa_shared_port_allocated_bytes_per_second{shared_port="pc-sp-0002"}');
    expect(tenant[0]?.metric['tenant']).toBe('0012345678901234');
    expect(tenant[0]?.value[1]).toBe('25000000');
  });

  it('ingests every ecpa_ family and the process metrics', async () => {
    const families = await eventually('count by (__name__) ({job="ecpa",__name__=~"ecpa_.+"})');
    // The scenario exercises every family of the table.
    expect(families.length).toBe(ECPA_METRIC_NAMES.length);
    expect(await eventually('process_resident_memory_bytes{job="ecpa"}')).toHaveLength(1);
  });
});
