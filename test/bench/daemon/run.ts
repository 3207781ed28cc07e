/**
 * Daemon benchmark: RSS and CPU of `ecpa run` (the built dist/, a process of its own) polling a
 * lab fleet of N shared ports over real SNMP and NETCONF on loopback. The fleet (one lab SNMP agent
 * and NETCONF server per device) runs in this process; the daemon's figures are read from
 * /proc/<pid>. Figures and the command: docs/benchmarks/daemon.md.
 *
 *   npm run build && node --import tsx test/bench/daemon/run.ts --sizes 10000,50000 --cycles 3 [--rss-trace FILE]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDaemonInputs, processSecrets } from '../../../agent/daemon/inputs.js';
import { withLabSecrets } from '../../lab/fleet/example.js';
import { fleetSpecsFromConfig, startFleet } from '../../lab/fleet/fleet.js';
import { exampleScenario } from '../../lab/fleet/scenario.js';
import { repoRoot } from '../../support/peer.js';
import { agentYaml, benchLedger, deviceIds, ledgerYaml } from './partner.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,50000' }, cycles: { type: 'string', default: '3' }, interval: { type: 'string', default: '30000' }, 'rss-trace': { type: 'string' } } });
const sizes = (values.sizes ?? '').split(',').map(Number);
const cycles = Number(values.cycles);
const intervalMs = Number(values.interval);
const main = join(repoRoot, 'dist', 'agent', 'cli', 'main.js');
if (!existsSync(main)) throw new Error(`${main} missing: run npm run build first`);
const TICK = 100; // USER_HZ on Linux

function proc(pid: number): { cpuS: number; rssMiB: number; hwmMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(fields[11]) + Number(fields[12])) / TICK;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { cpuS, rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function bench(ports: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ecpa-bench-daemon-'));
  const ledger = benchLedger(ports);
  writeFileSync(join(dir, 'ledger.yaml'), ledgerYaml(ledger));
  const ids = deviceIds(ledger);
  const configFile = join(dir, 'agent.yaml');
  writeFileSync(configFile, agentYaml(ids.map((id, i) => ({ id, netconfPort: 20000 + i, snmpPort: 30000 + i })), intervalMs));
  const env = withLabSecrets({});
  const loaded = await loadDaemonInputs(configFile, processSecrets(env));
  if (!loaded.ok) throw new Error(`bench inputs invalid: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  const { config } = loaded.inputs;
  const labStart = Date.now();
  const specs = fleetSpecsFromConfig(config).map((s) => ({ ...s, netconf: { ...s.netconf, port: 0 }, snmp: { ...s.snmp, port: 0 } }));
  const fleet = await startFleet({ ledger, devices: config.devices, push: config.push, specs, scenario: { ...exampleScenario(), offered: {}, flaps: [] }, hostKeyDir: join(dir, 'keys') });
  const labSeconds = (Date.now() - labStart) / 1000;
  writeFileSync(configFile, agentYaml(ids.map((id) => ({ id, netconfPort: fleet.devices.get(id)?.netconf.port ?? 0, snmpPort: fleet.devices.get(id)?.snmpPort ?? 0 })), intervalMs));
  const listen = `127.0.0.1:${await freePort()}`;
  const started = Date.now();
  const child = spawn(process.execPath, [main, 'run', '--config', configFile, '--listen', listen, '--log-level', 'warn'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
  const pid = child.pid as number;
  // --rss-trace FILE: the agent's RSS over time (seconds since spawn, RSS, peak, CPU), every 250 ms.
  const trace: string[] = ['seconds rss_mib hwm_mib cpu_s'];
  const tracer = values['rss-trace'] === undefined ? undefined : setInterval(() => {
    if (child.exitCode !== null) return; // gone: the loop below reports it
    const p = proc(pid);
    trace.push(`${((Date.now() - started) / 1000).toFixed(2)} ${p.rssMiB.toFixed(0)} ${p.hwmMiB.toFixed(0)} ${p.cpuS.toFixed(2)}`);
  }, 250);
  const url = `http://${listen}`;
  let readySeconds = NaN;
  let readyCpuS = NaN;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`daemon exited: ${stderr}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) {
      readySeconds = (Date.now() - started) / 1000;
      // Start-up CPU: load, first poll of every device (with the ledger join) and the first reconciles so far.
      readyCpuS = proc(pid).cpuS;
      break;
    }
    await sleep(200);
  }
  // One more cycle so every port has a rate, then the measured window.
  await sleep(intervalMs + 2000);
  const before = proc(pid);
  const labBefore = process.cpuUsage();
  const t0 = Date.now();
  await sleep(cycles * intervalMs);
  const after = proc(pid);
  const labCpuS = (process.cpuUsage(labBefore).user + process.cpuUsage(labBefore).system) / 1e6;
  const windowS = (Date.now() - t0) / 1000;
  const text = await (await fetch(`${url}/metrics`)).text();
  const rated = text.split('\n').filter((l) => l.startsWith('ecpa_shared_port_receive_bytes_per_second{')).length;
  const inSync = text.split('\n').filter((l) => l.startsWith('ecpa_shared_port_config_state{') && l.includes('state="in-sync"') && l.endsWith(' 1')).length;
  const pollDurations = text.split('\n').filter((l) => l.startsWith('ecpa_device_poll_duration_seconds{')).map((l) => Number(l.split(' ').at(-1)));
  if (tracer !== undefined) {
    clearInterval(tracer);
    writeFileSync(`${values['rss-trace']}.${ports}`, `${trace.join('\n')}\n`);
  }
  const stopAt = Date.now();
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const stopSeconds = (Date.now() - stopAt) / 1000;
  await fleet.stop();
  const cpuPerCycle = (after.cpuS - before.cpuS) / cycles;
  return `| ${ports} | ${ids.length} | ${labSeconds.toFixed(1)} | ${readySeconds.toFixed(1)} | ${readyCpuS.toFixed(1)} | ${(intervalMs / 1000).toFixed(0)} | ${cpuPerCycle.toFixed(2)} | ${(100 * (after.cpuS - before.cpuS) / windowS).toFixed(1)} | ${after.rssMiB.toFixed(0)} | ${after.hwmMiB.toFixed(0)} | ${Math.max(...pollDurations).toFixed(2)} | ${rated} | ${inSync} | ${(labCpuS / cycles).toFixed(2)} | ${stopSeconds.toFixed(2)} (exit ${code}) |`;
}

console.log(`Node.js ${process.version}, ${cycles} cycles measured per size`);
console.log('| shared ports | devices | lab start s | daemon ready s | daemon CPU s to ready | poll interval s | daemon CPU s / cycle | daemon CPU % of one core | RSS MiB | RSS peak MiB | slowest device poll s | ports with rates | ports in-sync | lab CPU s / cycle | SIGTERM → exit s |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) console.log(await bench(n));
