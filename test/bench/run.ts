/**
 * `npm run bench -- <name> [args…]`: runs one committed benchmark by name, the same command
 * BENCHMARKS.md gives for it; without a name, lists them. Only the benchmarks that need no
 * third-party peer are here (the SNMP and NETCONF ones need `test/peers/*` started first: their
 * commands are in BENCHMARKS.md). Each runs in its own process, so RSS figures are its own.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Benchmark name → script under test/bench and its default arguments (as in BENCHMARKS.md). */
const BENCHMARKS: Readonly<Record<string, { readonly script: string; readonly args: readonly string[]; readonly what: string }>> = {
  plan: { script: 'push/plan.ts', args: [], what: 'plan 10,000 shared ports on 100 devices' },
  render: { script: 'push/render.ts', args: [], what: 'render N tenants on one port, every driver' },
  apply: { script: 'push/apply.ts', args: [], what: 'apply 1,000 shared ports to one lab device: one transaction vs one commit per port' },
  metrics: { script: 'metrics/run.ts', args: ['--sizes', '10000,50000', '--scrapes', '5'], what: '/metrics at 10,000 / 50,000 shared ports' },
  match: { script: 'daemon/match.ts', args: ['--subinterfaces', '1000,10000', '--runs', '10'], what: 'ledger ↔ SNMP join' },
};

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || BENCHMARKS[name] === undefined) {
  const list = Object.entries(BENCHMARKS).map(([n, b]) => `  ${n.padEnd(8)} ${b.what}`).join('\n');
  const head = name === undefined ? 'usage' : `unknown benchmark "${name}"`;
  process.stderr.write(`${head}: npm run bench -- <name> [args…]\n${list}\n(SNMP, NETCONF and daemon benchmarks need peers or a build: see BENCHMARKS.md)\n`);
  process.exit(name === undefined ? 0 : 2);
}
const bench = BENCHMARKS[name];
const args = rest.length > 0 ? rest : [...bench.args];
const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, bench.script), ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
