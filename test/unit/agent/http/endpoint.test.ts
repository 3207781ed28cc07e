import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { startExporterEndpoint } from '../../../../agent/http/endpoint.js';
import { WebConfigError } from '../../../../agent/http/errors.js';
import { emptySnapshot, type MetricsSnapshot } from '../../../../agent/metrics/state.js';
import { scenarioSnapshot } from '../metrics/scenario.js';
import { fetchRaw } from './client.js';
import { makeTlsFixture } from './tls-fixture.js';

const tls = makeTlsFixture();
afterAll(() => tls.remove());

describe('startExporterEndpoint', () => {
  it('serves the snapshot with the web config, ready once the ledger is loaded and devices polled', async () => {
    const file = join(tls.dir, 'web.yml');
    writeFileSync(file, 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n');
    let snapshot: MetricsSnapshot = emptySnapshot();
    const controller = new AbortController();
    const { listening } = await startExporterEndpoint({
      settings: { listen: '127.0.0.1:0', webConfigFile: file },
      registry: new Registry(),
      snapshot: () => snapshot,
      devices: () => ['sw-hz-01', 'sw-hz-02'],
      version: '1.0.0',
      signal: controller.signal,
    });
    const ca = tls.read(tls.serverCert);
    expect((await fetchRaw(`${listening.url}/readyz`, { ca })).status).toBe(503);
    snapshot = scenarioSnapshot;
    expect((await fetchRaw(`${listening.url}/readyz`, { ca })).status).toBe(200);
    expect((await fetchRaw(`${listening.url}/metrics`, { ca })).body.toString()).toContain('ecpa_build_info{version="1.0.0"');
    controller.abort();
  });

  it('refuses a bad web config before listening, naming the file and field', async () => {
    const file = join(tls.dir, 'bad.yml');
    writeFileSync(file, 'basic_auth_users:\n  prometheus: plaintext\n');
    const start = startExporterEndpoint({
      settings: { listen: '127.0.0.1:0', webConfigFile: file },
      registry: new Registry(),
      snapshot: emptySnapshot,
      devices: () => [],
      version: '1',
    });
    await expect(start).rejects.toBeInstanceOf(WebConfigError);
    await expect(start).rejects.toThrow(`${file}:2:3: basic_auth_users.prometheus: must be a bcrypt hash`);
  });
});
