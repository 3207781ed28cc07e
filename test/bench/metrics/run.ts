/**
 * Metrics benchmark: scrape latency and size of /metrics, and the serving process's RSS and CPU,
 * at 10,000 and 50,000 shared ports, for the production renderer and for prom-client's usual
 * approach (Gauge/Counter objects with labels set per series). The scraper is `curl` in its own
 * process, so CPU figures are the server's alone (read from /proc/<pid>/stat). Prints a markdown
 * table for docs/benchmarks/metrics.md.
 *
 *   node --import tsx test/bench/metrics/run.ts [--sizes 10000,50000] [--scrapes 5] [--impls renderer,prom-client]
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,50000' },
    scrapes: { type: 'string', default: '5' },
    impls: { type: 'string', default: 'renderer,prom-client' },
  },
});
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const serveFile = fileURLToPath(new URL('./serve.ts', import.meta.url));

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
}

function statusKiB(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]);
}

function curl(url: string, gzip: boolean): { seconds: number; bytes: number } {
  const args = ['-sS', '-o', '/dev/null', '--max-time', '300', '-w', '%{http_code} %{time_total} %{size_download}'];
  if (gzip) args.push('-H', 'Accept-Encoding: gzip');
  const [code, seconds, bytes] = execFileSync('curl', [...args, url]).toString().trim().split(' ');
  if (code !== '200') throw new Error(`scrape of ${url} answered ${code}`);
  return { seconds: Number(seconds), bytes: Number(bytes) };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Row {
  impl: string;
  ports: number;
  mb: number;
  gzipMb: number;
  firstS: number;
  medianS: number;
  medianGzipS: number;
  cpuS: number;
  rssIdle: number;
  rssAfter: number;
  rssPeak: number;
}

async function measure(impl: string, ports: number, scrapes: number): Promise<Row> {
  const child = spawn(process.execPath, ['--import', 'tsx', serveFile, '--impl', impl, '--ports', String(ports)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve.ts exited ${code}`)));
  });
  const { url, pid } = JSON.parse(first) as { url: string; pid: number };
  try {
    const rssIdle = statusKiB(pid, 'VmRSS');
    const t0 = curl(`${url}/metrics`, false);
    const plain: number[] = [];
    const zipped: number[] = [];
    const cpu: number[] = [];
    let gzipBytes = 0;
    for (let i = 0; i < scrapes; i++) {
      const c0 = cpuMs(pid);
      plain.push(curl(`${url}/metrics`, false).seconds);
      cpu.push(cpuMs(pid) - c0);
      const z = curl(`${url}/metrics`, true);
      zipped.push(z.seconds);
      gzipBytes = z.bytes;
    }
    return {
      impl,
      ports,
      mb: t0.bytes / 1e6,
      gzipMb: gzipBytes / 1e6,
      firstS: t0.seconds,
      medianS: median(plain),
      medianGzipS: median(zipped),
      cpuS: median(cpu) / 1000,
      rssIdle: rssIdle / 1024,
      rssAfter: statusKiB(pid, 'VmRSS') / 1024,
      rssPeak: statusKiB(pid, 'VmHWM') / 1024,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

const rows: Row[] = [];
for (const ports of values.sizes.split(',').map(Number)) {
  for (const impl of values.impls.split(',')) {
    const row = await measure(impl, ports, Number(values.scrapes));
    process.stderr.write(`${JSON.stringify(row)}\n`);
    rows.push(row);
  }
}
const f = (n: number, d = 2): string => n.toFixed(d);
process.stdout.write(
  [
    '| approach | shared ports | body MB | gzip MB | first scrape s | median scrape s | median gzip scrape s | server CPU s / scrape | RSS idle MiB | RSS after MiB | RSS peak MiB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.impl} | ${r.ports} | ${f(r.mb, 1)} | ${f(r.gzipMb, 1)} | ${f(r.firstS)} | ${f(r.medianS)} | ${f(r.medianGzipS)} | ${f(r.cpuS)} | ${f(r.rssIdle, 0)} | ${f(r.rssAfter, 0)} | ${f(r.rssPeak, 0)} |`,
    ),
  ].join('\n') + '\n',
);
