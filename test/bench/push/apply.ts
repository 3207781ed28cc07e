/**
 * Apply benchmark against one lab NETCONF device (openconfig, loopback SSH, in this process):
 * 1,000 shared ports in ONE transaction (ecpa apply: plan session + one lock/edit/validate/commit
 * confirmed/verify/confirm session) vs ONE COMMIT PER SHARED PORT (the Terraform-provider pattern:
 * per resource a session, lock, edit-config, commit, unlock — no confirmed commit, no verify).
 * Counts round trips (RPCs, from the lab server) and sessions. Prints a markdown table.
 *
 *   node --import tsx test/bench/push/apply.ts [--ports 1000]
 */
import { parseArgs } from 'node:util';
import { applyTargets } from '../../../agent/push/apply-run.js';
import { connectOptions } from '../../../agent/push/connect.js';
import { planTargets } from '../../../agent/push/plan-run.js';
import { buildTargets, type PushTarget } from '../../../agent/push/target.js';
import { NetconfClient } from '../../../drivers/netconf/client.js';
import type { DeviceIntent } from '../../../policies/intent/model.js';
import { pushSettings, startLabDevice, type LabDevice } from '../../lab/push/fixture.js';
import { fleetLedger } from './fleet.js';

const { values } = parseArgs({ options: { ports: { type: 'string', default: '1000' } } });
const nPorts = Number(values.ports);

function counts(d: LabDevice): Map<string, number> {
  return new Map(d.server.state.counts);
}
function rpcsSince(d: LabDevice, before: Map<string, number>): { total: number; by: string } {
  const by: string[] = [];
  let total = 0;
  for (const [op, n] of [...d.server.state.counts].sort()) {
    const delta = n - (before.get(op) ?? 0);
    if (delta > 0) {
      by.push(`${op} ${delta}`);
      total += delta;
    }
  }
  return { total, by: by.join(', ') };
}

async function inSync(target: PushTarget): Promise<boolean> {
  const [o] = await planTargets([target], { concurrency: 1 });
  return o?.ok === true && o.plan.changes.length === 0;
}

async function oneTransaction(): Promise<string> {
  const d = await startLabDevice('openconfig', 'bench');
  try {
    const [target] = buildTargets({ devices: [d.device], push: pushSettings() }, fleetLedger(['bench'], nPorts, 'Ethernet1'));
    const t = target as PushTarget;
    const before = counts(d);
    const t0 = performance.now();
    const [planned] = await planTargets([t], { concurrency: 1 });
    if (!planned?.ok) throw new Error('plan failed');
    const tPlan = performance.now() - t0;
    const [r] = await applyTargets([{ target: t, plan: planned.plan }], { concurrency: 1, confirmTimeoutS: 120 });
    const total = performance.now() - t0;
    if (r?.status !== 'applied') throw new Error(`apply failed: ${r?.message}`);
    const rpcs = rpcsSince(d, before);
    if (!(await inSync(t))) throw new Error('device not in sync after apply');
    return `| one transaction (ecpa apply) | ${(total / 1000).toFixed(2)} | ${(tPlan / 1000).toFixed(2)} | 2 | 1 | ${rpcs.total} (${rpcs.by}) |`;
  } finally {
    await d.server.stop();
  }
}

/** The intent restricted to one shared port's objects. */
function onlyPort(intent: DeviceIntent, id: string): DeviceIntent {
  return { ...intent, subinterfaces: intent.subinterfaces.filter((s) => s.ref.sharedPortId === id), policers: intent.policers.filter((p) => p.ref.sharedPortId === id) };
}

async function commitPerPort(): Promise<string> {
  const d = await startLabDevice('openconfig', 'bench');
  try {
    const ledger = fleetLedger(['bench'], nPorts, 'Ethernet1');
    const [target] = buildTargets({ devices: [d.device], push: pushSettings() }, ledger);
    const t = target as PushTarget;
    const driver = t.driver;
    if (!driver) throw new Error('no driver');
    const before = counts(d);
    const t0 = performance.now();
    for (const sp of ledger.sharedPorts) {
      const client = await NetconfClient.connect(connectOptions(d.device));
      try {
        await client.lock('candidate');
        await client.editConfig('candidate', driver.render(onlyPort(t.intent, sp.id)));
        await client.commit();
        await client.unlock('candidate');
      } finally {
        await client.closeSession();
      }
    }
    const total = performance.now() - t0;
    const rpcs = rpcsSince(d, before);
    if (!(await inSync(t))) throw new Error('device not in sync after per-port commits');
    return `| one commit per shared port (Terraform-provider pattern) | ${(total / 1000).toFixed(2)} | – | ${nPorts} | ${nPorts} | ${rpcs.total} (${rpcs.by}) |`;
  } finally {
    await d.server.stop();
  }
}

console.log(`apply benchmark: ${nPorts} shared ports (subinterface + policer each) to one lab openconfig device over loopback SSH; node ${process.version}\n`);
console.log('| pattern | total s | of which plan s | sessions | transactions | RPCs (by operation) |');
console.log('|---|---:|---:|---:|---:|---|');
console.log(await oneTransaction());
console.log(await commitPerPort());
