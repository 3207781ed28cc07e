/**
 * Ledger-to-interface join micro-benchmark: `matchSharedPorts` (agent/telemetry/match.ts) for ONE
 * device with N tagged subinterfaces, 1,000 per 10G circuit port, each carrying the description
 * the agent writes (`ecpa:<id> tenant=<uid> <note>`), as polled from IF-MIB (ifName, ifDescr,
 * ifAlias), plus the physical ports. The ledger holds the device's N shared ports and, with
 * `--ledger`, other devices' shared ports up to that total (the daemon joins each device against
 * the whole ledger). Pure: no I/O. Prints a markdown table (median / min / max ms over the runs,
 * after a warm-up), and checks every shared port of the device was bound by its description.
 * `--reference` times the quadratic join it replaced (test/support/match-reference.ts) instead.
 *
 *   node --import tsx test/bench/daemon/match.ts [--subinterfaces 1000,10000] [--ledger 0] [--runs 5] [--reference]
 */
import { parseArgs } from 'node:util';
import { matchSharedPorts, type InterfaceIdentity, type MatchResult } from '../../../agent/telemetry/match.js';
import type { Platform } from '../../../config/agent/model.js';
import { tenantDescription } from '../../../policies/intent/naming.js';
import type { Circuit, Ledger, SharedPort } from '../../../policies/ledger/model.js';
import { referenceMatchSharedPorts } from '../../support/match-reference.js';

const { values } = parseArgs({
  options: {
    subinterfaces: { type: 'string', default: '1000,10000' },
    ledger: { type: 'string', default: '0' },
    runs: { type: 'string', default: '5' },
    reference: { type: 'boolean', default: false },
  },
});
const sizes = (values.subinterfaces ?? '').split(',').map(Number);
const ledgerTotal = Number(values.ledger);
const runs = Number(values.runs);
if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1) || !Number.isSafeInteger(ledgerTotal) || ledgerTotal < 0 || !Number.isSafeInteger(runs) || runs < 1) {
  throw new Error('--subinterfaces takes a comma list of positive integers, --ledger a total number of shared ports (0: the device only), --runs a positive integer');
}
const PER_PORT = 1000;
const PLATFORM: Platform = 'cisco-iosxe';
const PREFIX = 'ecpa:';
const join = values.reference === true ? referenceMatchSharedPorts : matchSharedPorts;

/** `count` shared ports on `device`, 1,000 per circuit port, VLANs 1..1000 on each. */
function deviceShare(device: string, count: number, first: number): { circuits: Circuit[]; sharedPorts: SharedPort[] } {
  const circuits: Circuit[] = [];
  const sharedPorts: SharedPort[] = [];
  for (let k = 0; k < count; k++) {
    const c = Math.floor(k / PER_PORT);
    if (k % PER_PORT === 0) {
      circuits.push({ id: `pc-${device}-c${c}`, accessPointId: 'ap-cn-hangzhou-yh-A', bandwidth: { spec: '100G', bps: 1e11 }, device, port: `TenGigabitEthernet1/0/${c + 1}` });
    }
    const n = first + k;
    sharedPorts.push({
      id: `pc-bp1v${String(n).padStart(7, '0')}`,
      tenant: String(1e15 + n),
      circuitId: `pc-${device}-c${c}`,
      vlan: (k % PER_PORT) + 1,
      bandwidth: { spec: '100M', bps: 1e8 },
      status: 'enabled',
      attachment: { device, port: `TenGigabitEthernet1/0/${c + 1}` },
      attachmentExplicit: false,
      description: `tenant ${n}`,
    });
  }
  return { circuits, sharedPorts };
}

function scenario(subinterfaces: number): { ledger: Ledger; interfaces: InterfaceIdentity[] } {
  const mine = deviceShare('bench', subinterfaces, 0);
  const circuits = [...mine.circuits];
  const sharedPorts = [...mine.sharedPorts];
  // Other devices' shared ports, 1,000 per device, after the device's own.
  for (let d = 0; sharedPorts.length < ledgerTotal; d++) {
    const other = deviceShare(`other-${d}`, Math.min(PER_PORT, ledgerTotal - sharedPorts.length), sharedPorts.length);
    circuits.push(...other.circuits);
    sharedPorts.push(...other.sharedPorts);
  }
  const ledger: Ledger = { partner: { name: 'bench', site: 'china' }, accessPoints: [{ id: 'ap-cn-hangzhou-yh-A' }], circuits, sharedPorts };
  const interfaces: InterfaceIdentity[] = [];
  let ifIndex = 1;
  for (const c of mine.circuits) interfaces.push({ ifIndex: ifIndex++, name: c.port.replace('TenGigabitEthernet', 'Te'), descr: c.port, alias: 'uplink to Alibaba Cloud' });
  for (const sp of mine.sharedPorts) {
    const port = circuits.find((c) => c.id === sp.circuitId)?.port ?? '';
    interfaces.push({
      ifIndex: ifIndex++,
      name: `${port.replace('TenGigabitEthernet', 'Te')}.${sp.vlan}`,
      descr: `${port}.${sp.vlan}`,
      alias: tenantDescription(PREFIX, sp.id, sp.tenant, sp.description),
    });
  }
  return { ledger, interfaces };
}

function time(fn: () => MatchResult): { ms: number[]; result: MatchResult } {
  let result = fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: ms.sort((a, b) => a - b), result };
}

console.log(`Node.js ${process.version}, ${values.reference === true ? 'reference (quadratic) join' : 'matchSharedPorts'}, ${runs} runs after a warm-up`);
console.log('| subinterfaces on the device | shared ports in the ledger | median ms | min ms | max ms | bound by description |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) {
  const { ledger, interfaces } = scenario(n);
  const { ms, result } = time(() => join(ledger, 'bench', PLATFORM, interfaces, PREFIX));
  const described = result.bindings.filter((b) => b.matchedBy === 'description' && b.role === 'circuit').length;
  if (described !== n || result.unmatched.length > 0) throw new Error(`expected ${n} shared ports bound by description, got ${described} (${result.unmatched.length} unmatched)`);
  const at = (q: number): string => (ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? NaN).toFixed(1);
  console.log(`| ${n} | ${ledger.sharedPorts.length} | ${at(0.5)} | ${at(0)} | ${(ms.at(-1) ?? NaN).toFixed(1)} | ${described} |`);
}
