/**
 * What the daemon's inputs cost, in-process, for the daemon benchmark's partner of N shared ports
 * (test/bench/daemon/partner.ts): loading them (`loadDaemonInputs`: agent config, ledger YAML,
 * validation, intents) with the peak RSS it causes and the heap the loaded inputs keep, then the
 * push targets of every device as the reconcile loop used to build them (`buildTargets` of the
 * whole ledger for each device's run) against `TargetCache` (once per inputs generation).
 * One size per process, since the peak RSS is the process's. Figures: docs/benchmarks/daemon.md.
 *
 *   node --expose-gc --import tsx test/bench/daemon/inputs.ts --ports 50000
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDaemonInputs, processSecrets } from '../../../agent/daemon/inputs.js';
import { TargetCache } from '../../../agent/daemon/targets.js';
import { buildTargets } from '../../../agent/push/target.js';
import { withLabSecrets } from '../../lab/fleet/example.js';
import { agentYaml, benchLedger, deviceIds, ledgerYaml } from './partner.js';

const { values } = parseArgs({ options: { ports: { type: 'string', default: '50000' } } });
const ports = Number(values.ports);
if (!Number.isSafeInteger(ports) || ports < 100) throw new Error('--ports takes one number of shared ports (at least 100)');
const maybeGc = (globalThis as { gc?: () => void }).gc;
if (maybeGc === undefined) throw new Error('run with node --expose-gc');
const gc: () => void = maybeGc;
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const dir = mkdtempSync(join(tmpdir(), 'ecpa-bench-inputs-'));
{
  const ledger = benchLedger(ports);
  writeFileSync(join(dir, 'ledger.yaml'), ledgerYaml(ledger));
  writeFileSync(join(dir, 'agent.yaml'), agentYaml(deviceIds(ledger).map((id, i) => ({ id, netconfPort: 20000 + i, snmpPort: 30000 + i })), 30000));
}
const heapBefore = heap();
const rssBefore = process.memoryUsage().rss;
const peakBefore = peakRss();
let t = process.hrtime.bigint();
const loaded = await loadDaemonInputs(join(dir, 'agent.yaml'), processSecrets(withLabSecrets({})));
const loadMs = Number(process.hrtime.bigint() - t) / 1e6;
const loadPeak = peakRss();
if (!loaded.ok) throw new Error(`bench inputs refused: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
const inputs = loaded.inputs;
const kept = heap() - heapBefore;
const ids = inputs.config.devices.map((d) => d.id);

const cpuMs = (fn: () => void): number => {
  const c = process.cpuUsage();
  fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
};
const perRun = cpuMs(() => {
  for (const id of ids) buildTargets(inputs.config, inputs.ledger, [id]);
});
const cache = new TargetCache();
t = process.hrtime.bigint();
for (const id of ids) cache.target(inputs, id);
const cachedMs = Number(process.hrtime.bigint() - t) / 1e6;
// The garbage of one old per-device run: the intents of the whole ledger, of which it kept one device's.
const h0 = heap();
const oneRun = buildTargets(inputs.config, inputs.ledger, [ids[0] ?? '']);
const wholeLedger = buildTargets(inputs.config, inputs.ledger);
const intentsMiB = mib(heap() - h0);
if (oneRun.length !== 1 || wholeLedger.length !== ids.length) throw new Error('unexpected target count');

console.log(`Node.js ${process.version}, ${ports} shared ports on ${ids.length} devices`);
console.log('| shared ports | devices | load ms | RSS before load MiB | peak RSS before load MiB | peak RSS after load MiB | heap kept by the inputs MiB | buildTargets per device, all devices, CPU ms | TargetCache, all devices, ms | heap of one whole-ledger intent build MiB |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| ${ports} | ${ids.length} | ${loadMs.toFixed(0)} | ${mib(rssBefore)} | ${mib(peakBefore)} | ${mib(loadPeak)} | ${mib(kept)} | ${perRun.toFixed(0)} | ${cachedMs.toFixed(1)} | ${intentsMiB} |`);
