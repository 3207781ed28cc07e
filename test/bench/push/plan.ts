/**
 * Pure plan benchmark: ledger → intents → plans for 10,000 shared ports on 100 devices (no I/O),
 * against devices that are empty (everything to create) and devices already in sync (the steady
 * state of a reconcile loop), plus rendering every device's payload. Prints a markdown table.
 *
 *   node --import tsx test/bench/push/plan.ts [--devices 100] [--per-device 100] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { driverFor } from '../../../drivers/registry.js';
import { buildIntents } from '../../../policies/intent/build.js';
import { observableOf } from '../../../policies/intent/observable.js';
import type { ObservedDevice } from '../../../policies/intent/model.js';
import { planDevice } from '../../../policies/plan/build.js';
import { planHash } from '../../../policies/plan/hash.js';
import { unexpressibleOf } from '../../../agent/push/target.js';
import { fleetDevices, fleetLedger } from './fleet.js';

const { values } = parseArgs({ options: { devices: { type: 'string', default: '100' }, 'per-device': { type: 'string', default: '100' }, runs: { type: 'string', default: '5' } } });
const nDevices = Number(values.devices);
const perDevice = Number(values['per-device']);
const runs = Number(values.runs);
const push = { arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa:' };
const devices = fleetDevices(nDevices, 'openconfig');
const ledger = fleetLedger(devices.map((d) => d.id), perDevice, 'Ethernet1');
const driver = driverFor('openconfig');
const EMPTY: ObservedDevice = { subinterfaces: [], policers: [], arp: null, icmp: null };

function time(fn: () => unknown): number[] {
  const out: number[] = [];
  fn(); // warm-up
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

const median = (xs: number[]): number => xs[Math.floor(xs.length / 2)] ?? NaN;
const intents = buildIntents(ledger, devices, push);
const synced = intents.map((i) => observableOf(i, { arp: false, icmp: false }));
let changes = 0;
const rows: [string, number[]][] = [
  ['ledger → intents (buildIntents)', time(() => buildIntents(ledger, devices, push))],
  ['ledger → plans, devices empty (all to create)', time(() => {
    const plans = buildIntents(ledger, devices, push).map((intent) => planDevice({ intent, observed: EMPTY, unexpressible: unexpressibleOf(driver.capabilities, intent) }));
    changes = plans.reduce((n, p) => n + p.changes.length, 0);
    planHash(plans);
  })],
  ['ledger → plans, devices in sync (no changes)', time(() => {
    const plans = buildIntents(ledger, devices, push).map((intent, i) => planDevice({ intent, observed: synced[i] as ObservedDevice, unexpressible: unexpressibleOf(driver.capabilities, intent) }));
    if (plans.some((p) => p.changes.length > 0)) throw new Error('in-sync plan is not empty');
    planHash(plans);
  })],
  ['render every device payload (openconfig)', time(() => intents.forEach((i) => driver.render(i)))],
];
console.log(`plan benchmark: ${ledger.sharedPorts.length} shared ports on ${nDevices} devices, ${runs} runs after a warm-up; node ${process.version}`);
console.log(`changes planned on empty devices: ${changes}\n`);
console.log('| step | median ms | min ms | max ms |');
console.log('|---|---:|---:|---:|');
for (const [name, xs] of rows) console.log(`| ${name} | ${median(xs).toFixed(1)} | ${xs[0]?.toFixed(1)} | ${xs[xs.length - 1]?.toFixed(1)} |`);
console.log(`\nheap used after: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
