/**
 * Render micro-benchmark: one device, N enabled tagged tenants on ONE circuit port (the shape that
 * made the sibling merge of drivers/vendors/tree.ts quadratic), rendered by every vendor driver
 * into its edit-config payload. Rendering runs inside the device's candidate lock on apply, so its
 * time is lock-hold time. Also renders the removal of all N (the other big edit). Pure: no I/O.
 * Prints a markdown table (median / min / max ms over the runs, after a warm-up).
 *
 *   node --import tsx test/bench/push/render.ts [--ports 1000,2000] [--runs 5]
 */
import { parseArgs } from 'node:util';
import type { Platform } from '../../../config/agent/model.js';
import { driverFor } from '../../../drivers/registry.js';
import { buildIntents } from '../../../policies/intent/build.js';
import type { DeviceIntent } from '../../../policies/intent/model.js';
import { observableOf } from '../../../policies/intent/observable.js';
import { fleetDevices, fleetLedger } from './fleet.js';

const { values } = parseArgs({ options: { ports: { type: 'string', default: '1000,2000' }, runs: { type: 'string', default: '5' } } });
const sizes = (values.ports ?? '').split(',').map(Number);
const runs = Number(values.runs);
if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1 || n > 2999) || !Number.isSafeInteger(runs) || runs < 1) {
  throw new Error('--ports takes a comma list of 1..2999 (one VLAN per tenant), --runs a positive integer');
}
const push = { arpPpsPerUser: 1, icmpLimitPps: 1000, ownershipPrefix: 'ecpa:' };
const PLATFORMS: readonly [Platform, string][] = [
  ['openconfig', 'Ethernet1'],
  ['huawei-vrp', 'GigabitEthernet0/3/1'],
  ['cisco-iosxe', 'GigabitEthernet0/0/1'],
  ['junos', 'ge-0/0/1'],
];

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
const fmt = (xs: number[]): string => `${median(xs).toFixed(1)} | ${xs[0]?.toFixed(1)} | ${xs[xs.length - 1]?.toFixed(1)}`;

console.log(`render benchmark: one device, tenants on one port, ${runs} runs after a warm-up; node ${process.version}\n`);
console.log('| platform | tenants on the port | create all: median ms | min | max | remove all: median ms | min | max |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [platform, port] of PLATFORMS) {
  const driver = driverFor(platform);
  for (const n of sizes) {
    const devices = fleetDevices(1, platform);
    const [intent] = buildIntents(fleetLedger(devices.map((d) => d.id), n, port), devices, push);
    const full = intent as DeviceIntent;
    const held = observableOf(full, { arp: false, icmp: false });
    const empty: DeviceIntent = { ...full, subinterfaces: [], policers: [], arp: null, icmp: null };
    const create = time(() => driver.render(full));
    const remove = time(() => driver.render(empty, held));
    console.log(`| ${platform} | ${n} | ${fmt(create)} | ${fmt(remove)} |`);
  }
}
