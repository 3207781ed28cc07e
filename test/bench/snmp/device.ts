/**
 * SNMP benchmark, one device: the agent's poll of the netns snmpd with 1,000 macvlans
 * (test/peers/snmpd, 127.0.0.1:18163) side by side with `snmpbulkwalk` of the same columns (the
 * C tool, one process per column because Net-SNMP 5.9's snmpbulkwalk walks one subtree per run)
 * and prometheus-snmp-exporter 0.21 (test/peers/snmp-exporter, 127.0.0.1:18116) scraping its
 * if_mib module and a module of exactly our columns. Runs interleaved, prints a markdown table.
 *
 *   bash test/peers/snmpd/start.sh && bash test/peers/snmp-exporter/start.sh
 *   node --import tsx test/bench/snmp/device.ts [--reps 15] [--max-repetitions 25]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { SnmpPoller } from '../../../drivers/snmp/poller.js';
import { COMMON_COLUMNS, HC_COLUMNS, STATIC_COLUMNS, SYS_UPTIME, TRAFFIC_COUNTERS } from '../../../drivers/snmp/oids.js';
import type { SnmpTarget } from '../../../drivers/snmp/transport.js';
import { Secret } from '../../../config/secrets/secret.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: { reps: { type: 'string', default: '15' }, 'max-repetitions': { type: 'string', default: '25' } },
});
const reps = Number(values.reps);
const maxRep = Number(values['max-repetitions']);
const HOSTPORT = '127.0.0.1:18163';
const EXPORTER = 'http://127.0.0.1:18116';

const target: SnmpTarget = {
  deviceId: 'netns-1000',
  address: '127.0.0.1',
  settings: { version: '2c', port: 18163, community: new Secret('public', { kind: 'inline' }), timeoutMs: 5000, retries: 1, maxRepetitions: maxRep },
};
const dynamicColumns = [...Object.values(COMMON_COLUMNS), ...TRAFFIC_COUNTERS.map((c) => HC_COLUMNS[c])];
const staticColumns = Object.values(STATIC_COLUMNS);

interface Timing {
  wallMs: number;
  cpuMs?: number;
}
const results = new Map<string, Timing[]>();
const record = (name: string, t: Timing): void => void results.set(name, [...(results.get(name) ?? []), t]);

async function timeIt(name: string, fn: () => Promise<void>, withCpu = false): Promise<void> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  record(name, withCpu ? { wallMs, cpuMs: (c.user + c.system) / 1000 } : { wallMs });
}

async function bulkwalkAll(columns: readonly string[]): Promise<void> {
  await run('snmpget', ['-v2c', '-c', 'public', '-On', HOSTPORT, SYS_UPTIME]);
  for (const col of columns) {
    await run('snmpbulkwalk', ['-v2c', '-c', 'public', '-On', '-Oq', `-Cr${maxRep}`, HOSTPORT, col], { maxBuffer: 64 << 20 });
  }
}

async function scrape(module: string): Promise<void> {
  const res = await fetch(`${EXPORTER}/snmp?target=${HOSTPORT}&module=${module}`);
  if (!res.ok) throw new Error(`snmp_exporter ${module}: HTTP ${res.status}`);
  await res.text();
}

const warm = new SnmpPoller({ staticRefreshMs: 3_600_000 });
let interfaces = 0;
let varbinds = 0;
const first = await warm.pollDevice(target, { timeoutMs: 30_000 });
if (!first.ok) throw first.error;
interfaces = first.sample.interfaces.length;

for (let i = 0; i < reps; i++) {
  await timeIt('ecpa poll, counters (static columns cached)', async () => {
    const r = await warm.pollDevice(target, { timeoutMs: 30_000 });
    if (!r.ok) throw r.error;
    varbinds = r.sample.varbinds;
  }, true);
  await timeIt('snmpbulkwalk, the same 14 counter columns + snmpget sysUpTime', () => bulkwalkAll(dynamicColumns));
  await timeIt('ecpa poll, full (counters + static columns)', async () => {
    const r = await new SnmpPoller({ staticRefreshMs: 1 }).pollDevice(target, { timeoutMs: 30_000 });
    if (!r.ok) throw r.error;
  }, true);
  await timeIt('snmpbulkwalk, the same 19 columns + snmpget sysUpTime', () => bulkwalkAll([...dynamicColumns, ...staticColumns]));
  await timeIt('snmp_exporter 0.21, module ecpa_columns (same 19 columns + sysUpTime)', () => scrape('ecpa_columns'));
  await timeIt('snmp_exporter 0.21, module if_mib (ifTable + ifXTable)', () => scrape('if_mib'));
  await timeIt('process start of snmpbulkwalk x15 (empty subtree), for reference', async () => {
    for (let k = 0; k < 15; k++) await run('snmpbulkwalk', ['-v2c', '-c', 'public', '-On', HOSTPORT, '1.3.6.1.2.1.31.1.1.1.99']);
  });
}

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
};
console.log(`\n${interfaces} interfaces on ${HOSTPORT} (Net-SNMP snmpd 5.9 in netns), ${reps} runs each, interleaved, maxRepetitions ${maxRep}; ecpa counter poll = ${varbinds} varbinds\n`);
console.log('| method | median wall ms | p90 wall ms | ecpa CPU ms (median) | CPU ms per 1,000 interfaces |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, ts] of results) {
  const walls = ts.map((t) => t.wallMs);
  const cpus = ts.flatMap((t) => (t.cpuMs === undefined ? [] : [t.cpuMs]));
  const cpu = cpus.length ? q(cpus, 0.5) : undefined;
  console.log(`| ${name} | ${q(walls, 0.5).toFixed(1)} | ${q(walls, 0.9).toFixed(1)} | ${cpu === undefined ? '' : cpu.toFixed(1)} | ${cpu === undefined ? '' : ((cpu * 1000) / interfaces).toFixed(1)} |`);
}
