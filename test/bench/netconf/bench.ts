/**
 * NETCONF benchmark (not a test): round trips per second (sequential get-config) and the time
 * of one edit-config of N list entries, for our client and ncclient, against the lab server (in
 * its own process) and yuma123 netconfd (test/peers/netconfd/start.sh must be running).
 *
 *   npx tsx test/bench/netconf/bench.ts [--rounds 300] [--entries 1000] [--no-netconfd]
 *
 * Results go to stdout as a Markdown table; docs/benchmarks/netconf.md records them.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { NetconfClient, type NetconfConnectOptions } from '../../../drivers/netconf/client.js';
import { parseFragment } from '../../../drivers/netconf/operations.js';
import { peerRunDir, repoRoot } from '../../support/peer.js';

const run = promisify(execFile);
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '300' }, entries: { type: 'string', default: '1000' }, 'no-netconfd': { type: 'boolean', default: false } } });
const ROUNDS = Number(values.rounds);
const ENTRIES = Number(values.entries);
const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const secret = (v: string) => ({ reveal: () => v, describe: () => 'inline' });

interface Figures { connectMs: number; rttPerS: number; editMs: number }

async function ours(options: NetconfConnectOptions): Promise<Figures> {
  const t0 = performance.now();
  const c = await NetconfClient.connect(options);
  const connectMs = performance.now() - t0;
  const filter = { subtree: `<interfaces xmlns="${IF}"><interface><name>none</name></interface></interfaces>` };
  await c.getConfig('running', filter);
  const t1 = performance.now();
  for (let i = 0; i < ROUNDS; i += 1) await c.getConfig('running', filter);
  const rttPerS = ROUNDS / ((performance.now() - t1) / 1000);
  let xml = '';
  for (let i = 0; i < ENTRIES; i += 1) {
    xml += `<interface><name>bench${i}</name><description>bench entry ${i}</description><type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type></interface>`;
  }
  // Timed from the caller's XML text, as ncclient's is: build + frame + send + server + reply.
  const t2 = performance.now();
  await c.editConfig('candidate', parseFragment(`<interfaces xmlns="${IF}">${xml}</interfaces>`), {}, { timeoutMs: 120_000 });
  const editMs = performance.now() - t2;
  await c.discardChanges();
  await c.closeSession();
  return { connectMs, rttPerS, editMs };
}

async function ncclient(port: number, user: string, password: string): Promise<Figures> {
  const { stdout } = await run('/usr/bin/python3', [join(repoRoot, 'test/bench/netconf/ncclient-bench.py'), String(port), user, password, String(ROUNDS), String(ENTRIES)], { timeout: 300_000 });
  const r = JSON.parse(stdout) as { connect_ms: number; rtt_per_s: number; edit_ms: number };
  return { connectMs: r.connect_ms, rttPerS: r.rtt_per_s, editMs: r.edit_ms };
}

function row(server: string, client: string, f: Figures): string {
  return `| ${server} | ${client} | ${f.connectMs.toFixed(0)} | ${f.rttPerS.toFixed(0)} | ${f.editMs.toFixed(0)} |`;
}

const rows: string[] = [];
const lab = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/bench/netconf/lab-main.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
try {
  const first = await new Promise<string>((resolve) => createInterface({ input: lab.stdout }).once('line', resolve));
  const { port, fingerprint } = JSON.parse(first) as { port: number; fingerprint: string };
  const labOptions: NetconfConnectOptions = {
    host: '127.0.0.1', port, username: 'bench', password: secret('bench'), hostKey: { fingerprint, trustOnFirstUse: false },
    connectTimeoutMs: 10_000, keepaliveIntervalMs: 0, rpcTimeoutMs: 60_000,
  };
  rows.push(row('lab server', 'ecpa (TypeScript)', await ours(labOptions)));
  rows.push(row('lab server', 'ncclient 0.6.13', await ncclient(port, 'bench', 'bench')));
} finally {
  lab.stdin?.end();
}
const run1 = peerRunDir('netconfd');
if (!values['no-netconfd'] && existsSync(join(run1, 'ssh', 'ssh_host_ed25519_key.pub'))) {
  const pub = readFileSync(join(run1, 'ssh', 'ssh_host_ed25519_key.pub'), 'utf8').split(/\s+/)[1] as string;
  const fingerprint = `SHA256:${createHash('sha256').update(Buffer.from(pub, 'base64')).digest('base64').replace(/=+$/, '')}`;
  const options: NetconfConnectOptions = {
    host: '127.0.0.1', port: 18830, username: 'netconf', password: secret('netconf'), hostKey: { fingerprint, trustOnFirstUse: false },
    connectTimeoutMs: 10_000, keepaliveIntervalMs: 0, rpcTimeoutMs: 120_000,
  };
  rows.push(row('netconfd 2.13', 'ecpa (TypeScript)', await ours(options)));
  rows.push(row('netconfd 2.13', 'ncclient 0.6.13', await ncclient(18830, 'netconf', 'netconf')));
}
process.stdout.write([`rounds=${ROUNDS} entries=${ENTRIES} node=${process.version}`, '', '| server | client | connect ms | get-config round trips/s | edit-config of ' + ENTRIES + ' entries ms |', '|---|---|---|---|---|', ...rows, ''].join('\n'));
