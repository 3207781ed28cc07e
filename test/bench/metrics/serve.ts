/**
 * The server side of the metrics benchmark, one approach and one size per process (so its RSS and
 * CPU are that approach's alone): builds the fleet snapshot, serves it with the real MetricsServer
 * on 127.0.0.1, prints `{"url":…,"pid":…}` on stdout and runs until SIGTERM.
 *
 *   node --import tsx test/bench/metrics/serve.ts --impl renderer|prom-client --ports 50000
 */
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { MetricsServer, type MetricsSource } from '../../../agent/http/server.js';
import { MetricsExporter } from '../../../agent/metrics/exporter.js';
import { fleetSnapshot } from './fleet.js';
import { promClientExporter } from './promclient-baseline.js';

const { values } = parseArgs({ options: { impl: { type: 'string', default: 'renderer' }, ports: { type: 'string', default: '10000' } } });
const snapshot = fleetSnapshot(Number(values.ports));
const registry = new Registry();
const source: MetricsSource =
  values.impl === 'prom-client' ? promClientExporter(registry, () => snapshot) : new MetricsExporter({ registry, snapshot: () => snapshot, version: 'bench' });
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
const server = new MetricsServer({ listen: '127.0.0.1:0', metrics: source, readiness: () => ({ ready: true }) });
const on = await server.start(controller.signal);
process.stdout.write(`${JSON.stringify({ url: on.url, pid: process.pid })}\n`);
