/**
 * Owned objects on ports that left the ledger (issue #5): the rich ledger is applied to a lab
 * device of every platform, then circuits A and C (with all their tenants: tagged subinterfaces and
 * the VLAN 0 routed-port tenant) and the explicit-attachment tenant leave the ledger, so none of
 * their ports is named any more. The plan must still find every object the agent owns there (the
 * driver's discovery), apply must remove them all, and the operator's own objects on those ports
 * (a subinterface, an address on the routed port) must survive. The same plan without discovery
 * shows none of those removals: that is the orphaning this guards against.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyTargets } from '../../../agent/push/apply-run.js';
import { discoverScope } from '../../../agent/push/discover.js';
import { openSession } from '../../../agent/push/connect.js';
import { planTargets, type PlanOutcome } from '../../../agent/push/plan-run.js';
import { buildTargets, type PushTarget } from '../../../agent/push/target.js';
import type { DeviceConfig, Platform } from '../../../config/agent/model.js';
import { Secret } from '../../../config/secrets/secret.js';
import { canonicalize } from '../../../drivers/netconf/xml-compare.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import { richLedger, type RichPorts } from '../../fixtures/vendors/rich.js';
import { keyMapFor } from '../fleet/keymaps.js';
import type { LabServer } from '../netconf/server.js';
import { PORTS, pushSettings, seedOf, startPushLab } from './fixture.js';

const JUNOS_PORTS: RichPorts = { circuitA: 'xe-0/0/1', circuitB: 'xe-0/0/2', circuitC: 'ge-0/0/4', access: 'ge-0/0/3' };
/** A fresh Junos box (as in junos.test.ts): its ports, an operator's unit, an operator's address on the routed port. */
const JUNOS_SEED = `<configuration><interfaces>
  <interface><name>xe-0/0/1</name><vlan-tagging/><unit><name>3000</name><description>operator mgmt vlan</description><vlan-id>3000</vlan-id></unit></interface>
  <interface><name>xe-0/0/2</name></interface><interface><name>ge-0/0/3</name></interface>
  <interface><name>ge-0/0/4</name><unit><name>0</name><family><inet><address><name>192.0.2.1/30</name></address></inet></family></unit></interface>
</interfaces></configuration>`;

interface Lab {
  readonly server: LabServer;
  readonly device: DeviceConfig;
  readonly ports: RichPorts;
}

const servers: LabServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function lab(platform: Platform): Promise<Lab> {
  const junos = platform === 'junos';
  const server = await startPushLab({
    keyMap: keyMapFor(platform),
    initialConfig: junos ? JUNOS_SEED : seedOf(platform),
    ...(junos ? { junos: { minuteMs: 60_000 } } : {}),
  });
  servers.push(server);
  const device: DeviceConfig = {
    id: `lab-${platform}`, address: '127.0.0.1', platform, autoApply: false,
    netconf: {
      port: server.port, username: 'netconf', password: new Secret('lab-pass', { kind: 'inline' }),
      hostKey: { fingerprint: server.hostKeyFingerprints[0] as string, trustOnFirstUse: false },
      connectTimeoutMs: 5000, keepaliveIntervalMs: 0, rpcTimeoutMs: 5000,
    },
  };
  return { server, device, ports: junos ? JUNOS_PORTS : PORTS[platform] };
}

/** The rich ledger with circuits A and C (and their tenants) and the explicit-attachment tenant gone: only circuit B stays. */
function circuitBOnly(full: Ledger): Ledger {
  return {
    ...full,
    circuits: full.circuits.filter((c) => c.id === 'pc-circuitB'),
    sharedPorts: full.sharedPorts.filter((sp) => sp.circuitId === 'pc-circuitB' && !sp.attachmentExplicit),
  };
}

const targetsOf = (l: Lab, ledger: Ledger): PushTarget[] => buildTargets({ devices: [l.device], push: pushSettings({ maxDeletes: 100 }) }, ledger);

async function planned(ts: readonly PushTarget[]): Promise<Extract<PlanOutcome, { ok: true }>> {
  const [o] = await planTargets(ts, { concurrency: 1 });
  if (!o?.ok) throw new Error(`plan failed: ${o?.message}`);
  return o;
}

async function applied(ts: readonly PushTarget[], o: Extract<PlanOutcome, { ok: true }>): Promise<void> {
  const [r] = await applyTargets([{ target: ts[0] as PushTarget, plan: o.plan }], { concurrency: 1, confirmTimeoutS: 60 });
  expect(r?.status, r?.message).toBe('applied');
}

/** The ports of the device holding owned objects now, by the driver's own discovery over a fresh session. */
async function ownedPorts(l: Lab, t: PushTarget): Promise<readonly string[]> {
  const client = await openSession(l.device);
  try {
    return (await discoverScope(client, t.driver as NonNullable<PushTarget['driver']>, { ownershipPrefix: 'ecpa:', ports: [] })).ports;
  } finally {
    await client.closeSession();
  }
}

describe.each(['openconfig', 'huawei-vrp', 'cisco-iosxe', 'junos'] as const)('owned objects on ports that left the ledger (lab %s)', (platform) => {
  it('are planned away and removed, and the operator\'s objects on those ports survive', async () => {
    const l = await lab(platform);
    const seeded = canonicalize(l.server.datastores.running);
    // The operator's objects of the seed: a subinterface on circuit A, an address on the routed port C (not on every seed).
    const operators = ['operator mgmt vlan', '192.0.2.1'].filter((m) => seeded.includes(m));
    expect(operators).toContain('operator mgmt vlan');
    const full = richLedger(l.device.id, l.ports);
    const fullTargets = targetsOf(l, full);
    await applied(fullTargets, await planned(fullTargets));
    const gonePorts = [l.ports.circuitA, l.ports.circuitC, l.ports.access];
    expect(await ownedPorts(l, fullTargets[0] as PushTarget)).toEqual([...gonePorts, l.ports.circuitB].sort());

    const smaller = circuitBOnly(full);
    const ts = targetsOf(l, smaller);
    const t = ts[0] as PushTarget;
    // The ledger no longer names those ports: the target's own scope does not hold them.
    for (const p of gonePorts) expect(t.scope.ports).not.toContain(p);

    const o = await planned(ts);
    for (const p of gonePorts) expect(o.scope.ports).toContain(p);
    const removed = o.plan.changes.filter((c) => c.action === 'remove').map((c) => `${c.kind} ${c.sharedPortId}`).sort();
    // Circuit A: 101..105 (106 is `deleted`, never configured); circuit C: the VLAN 0 tenant;
    // pc-rich0009: its subinterface on circuit B (still in the ledger) and its policer on the access port.
    const goneTenants = ['pc-rich0001', 'pc-rich0003', 'pc-rich0004', 'pc-rich0005', 'pc-rich0006', 'pc-rich0007', 'pc-rich0009'];
    expect(removed).toEqual([...goneTenants.map((id) => `policer ${id}`), ...goneTenants.map((id) => `subinterface ${id}`)].sort());
    expect(o.plan.changes.filter((c) => c.action !== 'remove' && c.kind !== 'arp-limit' && c.kind !== 'icmp-limit')).toEqual([]);
    expect(o.plan.conflicts).toEqual([]);
    expect(o.plan.notOwned.map((n) => n.key)).toEqual([`${l.ports.circuitA}.3000`]);

    // Without discovery the plan reads the ledger's ports only and would leave all of it behind.
    const blind = ts.map((x): PushTarget => {
      const { discover: _discover, ...withoutDiscovery } = x.driver as NonNullable<PushTarget['driver']>;
      return { ...x, driver: withoutDiscovery };
    });
    const blindPlan = (await planned(blind)).plan;
    expect(blindPlan.changes.filter((c) => c.kind === 'subinterface' && c.action === 'remove').map((c) => c.sharedPortId)).toEqual(['pc-rich0009']);

    await applied(ts, o);
    expect(await ownedPorts(l, t)).toEqual([l.ports.circuitB]);
    const running = canonicalize(l.server.datastores.running);
    for (const id of goneTenants) expect(running).not.toContain(id);
    for (const m of operators) expect(running).toContain(m);
    expect((await planned(ts)).plan.changes).toEqual([]);
  });
});
