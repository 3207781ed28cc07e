/**
 * SNMP benchmark, fleet: one process polls D simulated devices × S subinterfaces every I seconds
 * (the lab agents run in a separate process, fleet-agents.ts), computing rates, for C cycles.
 * Reports the poller process's CPU (fraction of one core over the steady-state cycles, i.e.
 * after the first poll that also reads the static columns), its peak RSS, and cycle durations.
 *
 *   node --import tsx test/bench/snmp/fleet.ts [--devices 100] [--subinterfaces 500] [--interval 30] [--cycles 4] [--concurrency 16]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SnmpPoller } from '../../../drivers/snmp/poller.js';
import type { SnmpTarget } from '../../../drivers/snmp/transport.js';
import { RateTracker } from '../../../agent/telemetry/rates.js';
import { Secret } from '../../../config/secrets/secret.js';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '100' },
    subinterfaces: { type: 'string', default: '500' },
    interval: { type: 'string', default: '30' },
    cycles: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '16' },
  },
});
const devices = Number(values.devices);
const subs = Number(values.subinterfaces);
const intervalMs = Number(values.interval) * 1000;
const cycles = Number(values.cycles);
const concurrency = Number(values.concurrency);

const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fleet-agents.ts', import.meta.url)), String(devices), String(subs)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const ports = await new Promise<number[]>((resolve, reject) => {
  const rl = createInterface({ input: child.stdout });
  rl.on('line', (line) => {
    if (line.startsWith('READY ')) resolve(JSON.parse(line.slice(6)) as number[]);
  });
  child.once('exit', (code) => reject(new Error(`fleet-agents exited with ${code}`)));
});

const community = new Secret('public', { kind: 'inline' });
const targets: SnmpTarget[] = ports.map((port, i) => ({
  deviceId: `fleet-${i}`,
  address: '127.0.0.1',
  settings: { version: '2c', port, community, timeoutMs: 5000, retries: 1, maxRepetitions: 25 },
}));
const poller = new SnmpPoller({ staticRefreshMs: 600_000 });
const tracker = new RateTracker();
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);

const cycleMs: number[] = [];
let failures = 0;
let rated = 0;
let cpuStart = process.cpuUsage();
let wallStart = performance.now();
for (let c = 0; c < cycles; c++) {
  const started = performance.now();
  if (c === 1) {
    // steady state starts after the first (cold) cycle
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
  }
  const results = await poller.pollAll(targets, { timeoutMs: 20_000, concurrency });
  for (const r of results) {
    if (!r.ok) {
      failures++;
      continue;
    }
    rated += tracker.update(r.sample).interfaces.filter((i) => i.status === 'rates').length;
  }
  const took = performance.now() - started;
  cycleMs.push(took);
  if (c < cycles - 1) await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - took)));
}
// the steady-state window ends one interval after the last cycle started (what a daemon would use)
const lastStart = performance.now() - (cycleMs[cycleMs.length - 1] ?? 0);
const windowMs = Math.max(performance.now(), lastStart + intervalMs) - wallStart;
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
clearInterval(rssTimer);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
child.kill('SIGTERM');

const steadyCycles = Math.max(1, cycles - 1);
console.log(`\nfleet: ${devices} devices × ${subs + 1} interfaces, every ${intervalMs / 1000} s, ${cycles} cycles (1 cold + ${steadyCycles} steady), concurrency ${concurrency}`);
console.log('| figure | value |');
console.log('|---|---:|');
console.log(`| cycle durations, ms | ${cycleMs.map((m) => m.toFixed(0)).join(', ')} |`);
console.log(`| poller CPU per steady cycle, ms | ${(cpuMs / steadyCycles).toFixed(0)} |`);
console.log(`| poller CPU, fraction of one core (steady, per ${intervalMs / 1000} s) | ${(cpuMs / windowMs).toFixed(3)} |`);
console.log(`| CPU per 1,000 interfaces polled, ms | ${((cpuMs / steadyCycles / (devices * (subs + 1))) * 1000).toFixed(1)} |`);
console.log(`| poller peak RSS, MB | ${(peakRss / 1048576).toFixed(0)} |`);
console.log(`| failed device polls | ${failures} |`);
console.log(`| interface rates computed | ${rated} |`);
