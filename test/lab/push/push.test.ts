/**
 * Plan and apply against the lab NETCONF server over loopback SSH, one lab device per platform
 * driver: plan, apply, idempotence, removal, ownership, and the failure paths (commit rejected,
 * connection dropped mid-transaction, verify mismatch, plan moved inside the lock, lock denied).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalize } from '../../../drivers/netconf/xml-compare.js';
import { cloneElement } from '../../../drivers/netconf/xml.js';
import type { PushSettings } from '../../../config/agent/model.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import { applyTargets, resultError, type DeviceApplyResult } from '../../../agent/push/apply-run.js';
import { ApplyDeviceError } from '../../../agent/push/errors.js';
import { planTargets, type PlanOutcome } from '../../../agent/push/plan-run.js';
import { preflight } from '../../../agent/push/preflight.js';
import { buildTargets, type PushTarget } from '../../../agent/push/target.js';
import type { DevicePlan } from '../../../policies/plan/model.js';
import { REMOVED_PORTS } from '../../fixtures/vendors/rich.js';
import { LAB_PLATFORMS, pushSettings, startLabDevice, type LabDevice } from './fixture.js';

const started: LabDevice[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.server.stop()));
});

async function lab(platform: (typeof LAB_PLATFORMS)[number], id?: string): Promise<LabDevice> {
  const d = await startLabDevice(platform, id);
  started.push(d);
  return d;
}

function targets(devices: readonly LabDevice[], ledger: Ledger, push: PushSettings = pushSettings()): PushTarget[] {
  return buildTargets({ devices: devices.map((d) => d.device), push }, ledger);
}

async function plan(ts: readonly PushTarget[]): Promise<DevicePlan[]> {
  const outcomes = await planTargets(ts, { concurrency: 4 });
  return outcomes.map((o) => {
    if (!o.ok) throw new Error(`plan failed: ${o.message}`);
    return o.plan;
  });
}

async function apply(ts: readonly PushTarget[], plans: readonly DevicePlan[], extra: Partial<Parameters<typeof applyTargets>[1]> = {}): Promise<DeviceApplyResult[]> {
  return applyTargets(ts.map((target, i) => ({ target, plan: plans[i] as DevicePlan })), { concurrency: 4, confirmTimeoutS: 2, ...extra });
}

const running = (d: LabDevice): string => canonicalize(d.server.datastores.running);
const clean = (d: LabDevice): void => {
  expect(d.server.state.locks.size).toBe(0);
  expect(d.server.state.pending).toBeUndefined();
};

describe.each(LAB_PLATFORMS)('push to a lab %s device', (platform) => {
  it('plans every tenant object of a fresh device, lists the foreign subinterface, applies, and re-plans empty', async () => {
    const d = await lab(platform);
    const ts = targets([d], d.ledger());
    const [first] = await plan(ts);
    expect(first).toBeDefined();
    const p = first as DevicePlan;
    const created = p.changes.filter((c) => c.action === 'create');
    // 11 non-deleted shared ports: 11 subinterfaces + 11 policers (+ ARP where expressible)
    expect(created.filter((c) => c.kind === 'subinterface')).toHaveLength(11);
    expect(created.filter((c) => c.kind === 'policer')).toHaveLength(11);
    expect(p.changes.some((c) => c.action !== 'create')).toBe(false);
    expect(p.notOwned.map((o) => o.key)).toEqual([expect.stringMatching(/\.3000$/)]);
    expect(p.conflicts).toEqual([]);
    if (platform !== 'cisco-iosxe') expect(p.unexpressible.map((u) => u.feature)).toContain('arp-rate-limit');
    if (platform === 'huawei-vrp') {
      // Huawei writes an explicit ICMP CPCAR in its own cpu-defend policy (drivers/vendors/huawei-vrp-cpudefend.ts).
      expect(created.filter((c) => c.kind === 'icmp-limit')).toHaveLength(1);
    } else {
      expect(p.unexpressible.map((u) => u.feature)).toContain('icmp-limit');
      expect(p.changes.some((c) => c.kind === 'icmp-limit')).toBe(false);
    }

    const [r] = await apply(ts, [p]);
    expect(r?.status, r?.message).toBe('applied');
    expect(r?.phases).toEqual(['connect', 'lock', 'plan', 'edit', 'validate', 'commit', 'verify', 'confirm']);
    clean(d);

    // Idempotent: the second plan is empty, and a second apply does not touch the device.
    const [again] = await plan(ts);
    expect(again?.changes).toEqual([]);
    const edits = d.server.state.counts.get('edit-config');
    const [r2] = await apply(ts, [again as DevicePlan]);
    expect(r2?.status).toBe('no-changes');
    expect(d.server.state.counts.get('edit-config')).toBe(edits);
    // The operator's own subinterface is still there, untouched.
    expect(running(d)).toContain('operator mgmt vlan');
  });

  it('removes the objects of a shared port that left the ledger, and nothing foreign', async () => {
    const d = await lab(platform);
    const full = targets([d], d.ledger());
    await apply(full, await plan(full));
    // A tagged, enabled tenant whose policer sits on its own subinterface.
    const REMOVED_PORT = d.ledger().sharedPorts.find((sp) => sp.vlan > 0 && sp.status === 'enabled' && !sp.attachmentExplicit)?.id ?? 'none';
    const ts = targets([d], d.ledger([REMOVED_PORT]));
    const [p] = await plan(ts);
    const removed = p?.changes.filter((c) => c.action === 'remove') ?? [];
    expect(removed.map((c) => `${c.kind} ${c.sharedPortId}`).sort()).toEqual([`policer ${REMOVED_PORT}`, `subinterface ${REMOVED_PORT}`]);
    expect(p?.tenantDeletes).toBe(2);
    const [r] = await apply(ts, [p as DevicePlan]);
    expect(r?.status, r?.message).toBe('applied');
    const [after] = await plan(ts);
    expect(after?.changes).toEqual([]);
    expect(running(d)).not.toContain(REMOVED_PORT);
    expect(running(d)).toContain('operator mgmt vlan');
    clean(d);
  });

  it('moves a policer from the tenant subinterface to an explicit attachment port, leaving nothing behind', async () => {
    const d = await lab(platform);
    const full = targets([d], d.ledger());
    await apply(full, await plan(full));
    const ledger = d.ledger();
    const mover = ledger.sharedPorts.find((sp) => sp.vlan > 0 && sp.status === 'enabled' && !sp.attachmentExplicit)?.id;
    // A tenant-facing port no other tenant uses (the lab datastore is schema-less).
    const fresh = { openconfig: 'Ethernet5', 'huawei-vrp': 'GigabitEthernet0/3/5', 'cisco-iosxe': 'GigabitEthernet0/0/5' }[platform];
    const moved = ledger.sharedPorts.map((sp) => (sp.id === mover ? { ...sp, attachment: { ...sp.attachment, port: fresh }, attachmentExplicit: true } : sp));
    const ts = targets([d], { ...ledger, sharedPorts: moved });
    const [p] = await plan(ts);
    expect(p?.changes.map((c) => `${c.action} ${c.kind} ${c.key} ${c.fields.map((f) => f.field).join(',')}`)).toEqual([`modify policer ${mover} appliedAt`]);
    expect(p?.tenantDeletes).toBe(0);
    const [r] = await apply(ts, [p as DevicePlan]);
    expect(r?.status, r?.message).toBe('applied');
    const [after] = await plan(ts);
    expect(after?.changes).toEqual([]);
    clean(d);
  });

  it('removes the objects of a shared port whose status became deleted', async () => {
    const d = await lab(platform);
    const full = targets([d], d.ledger());
    await apply(full, await plan(full));
    const victim = d.ledger().sharedPorts.find((sp) => sp.vlan > 0 && sp.status === 'enabled' && !sp.attachmentExplicit)?.id ?? 'none';
    const ledger = d.ledger();
    const ts = targets([d], { ...ledger, sharedPorts: ledger.sharedPorts.map((sp) => (sp.id === victim ? { ...sp, status: 'deleted' as const } : sp)) });
    const [p] = await plan(ts);
    expect(p?.changes.map((c) => `${c.action} ${c.kind} ${c.sharedPortId}`).sort()).toEqual([`remove policer ${victim}`, `remove subinterface ${victim}`]);
    const [r] = await apply(ts, [p as DevicePlan]);
    expect(r?.status, r?.message).toBe('applied');
    expect(running(d)).not.toContain(`${victim} `);
  });

  it('removes a tagged tenant, the VLAN 0 routed-port tenant and the explicit-attachment tenant in one transaction', async () => {
    const d = await lab(platform);
    const full = targets([d], d.ledger());
    await apply(full, await plan(full));
    const ts = targets([d], d.ledger(REMOVED_PORTS));
    const [p] = await plan(ts);
    expect(new Set(p?.changes.filter((c) => c.action === 'remove').map((c) => c.sharedPortId))).toEqual(new Set(REMOVED_PORTS));
    const [r] = await apply(ts, [p as DevicePlan]);
    expect(r?.status, r?.message).toBe('applied');
    const [after] = await plan(ts);
    expect(after?.changes).toEqual([]);
    expect(running(d)).toContain('operator mgmt vlan');
    clean(d);
  });

  it('a rejected commit leaves the device unchanged, the lock released, and names the phase', async () => {
    const d = await lab(platform);
    const ts = targets([d], d.ledger());
    const plans = await plan(ts);
    const before = running(d);
    d.server.faults.rejectCommit = { type: 'application', tag: 'operation-failed', message: 'commit rejected by the lab fault switch' };
    const [r] = await apply(ts, plans);
    expect(r?.status).toBe('failed');
    expect(r?.phase).toBe('commit');
    expect(r?.state).toBe('unchanged');
    expect(r?.message).toContain('commit rejected by the lab fault switch');
    const typed = resultError(r as DeviceApplyResult);
    expect(typed).toBeInstanceOf(ApplyDeviceError);
    expect(typed instanceof ApplyDeviceError && [typed.phase, typed.state]).toEqual(['commit', 'unchanged']);
    expect(running(d)).toBe(before);
    expect(canonicalize(d.server.datastores.candidate)).toBe(before);
    clean(d);
  });

  it('a verify mismatch (device acked the commit but holds something else) is rolled back at once', async () => {
    const d = await lab(platform);
    const ts = targets([d], d.ledger());
    const plans = await plan(ts);
    const seed = cloneElement(d.server.datastores.running);
    const before = running(d);
    const [r] = await apply(ts, plans, {
      onPhase: (_device, phase) => {
        // Simulate a server that acknowledges a commit it does not apply (yuma123 validate+commit).
        if (phase === 'verify') d.server.state.datastores.running = cloneElement(seed);
      },
    });
    expect(r?.status).toBe('failed');
    expect(r?.phase).toBe('verify');
    expect(r?.state).toBe('rolled-back');
    expect(r?.message).toMatch(/does not hold the intent/);
    expect(d.server.state.rollbacks.map((x) => x.reason)).toEqual(['cancel']);
    expect(running(d)).toBe(before);
    clean(d);
  });
});

describe('push failure paths (openconfig lab)', () => {
  it('a connection dropped mid-transaction leaves the change to the confirmed-commit timer, which rolls it back', async () => {
    const d = await lab('openconfig');
    const ts = targets([d], d.ledger());
    const plans = await plan(ts);
    const before = running(d);
    // get-config #1 of the apply is the discovery inside the lock, #2 the re-plan's read, #3 the
    // verify read-back: drop there.
    const n = d.server.state.counts.get('get-config') ?? 0;
    d.server.faults.dropAt = { operation: 'get-config', nth: n + 3, phase: 'before' };
    const [r] = await apply(ts, plans, { confirmTimeoutS: 1 });
    expect(r?.status).toBe('failed');
    expect(r?.phase).toBe('verify');
    expect(r?.state).toBe('rolling-back');
    // The commit was persisted (confirmed-commit:1.1), so the session end does not roll back; the timer does.
    expect(running(d)).not.toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(d.server.state.rollbacks.map((x) => x.reason)).toEqual(['timeout']);
    expect(running(d)).toBe(before);
    clean(d);
  });

  it('a connection lost right after the confirm was processed is reported as unknown, and plan shows it landed', async () => {
    const d = await lab('openconfig');
    const ts = targets([d], d.ledger());
    const plans = await plan(ts);
    const n = d.server.state.counts.get('commit') ?? 0;
    d.server.faults.dropAt = { operation: 'commit', nth: n + 2, phase: 'after' };
    const [r] = await apply(ts, plans, { confirmTimeoutS: 1 });
    expect(r?.status).toBe('failed');
    expect(r?.phase).toBe('confirm');
    expect(r?.state).toBe('unknown');
    delete d.server.faults.dropAt;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(d.server.state.rollbacks).toEqual([]);
    const [after] = await plan(ts);
    expect(after?.changes).toEqual([]);
    clean(d);
  });

  it('refuses inside the lock when the device changed since the plan was shown, before any edit', async () => {
    const d = await lab('openconfig');
    const ts = targets([d], d.ledger());
    const stale = await plan(ts);
    await apply(ts, await plan(ts));
    const edits = d.server.state.counts.get('edit-config');
    const [r] = await apply(ts, stale);
    expect(r?.status).toBe('refused');
    expect(r?.phase).toBe('plan');
    expect(r?.code).toBe('PLAN_CHANGED');
    expect(d.server.state.counts.get('edit-config')).toBe(edits);
    clean(d);
  });

  it('a denied lock fails at lock with the device unchanged', async () => {
    const d = await lab('openconfig');
    const ts = targets([d], d.ledger());
    const plans = await plan(ts);
    const before = running(d);
    d.server.faults.refuseLock = { holderSessionId: 42 };
    const [r] = await apply(ts, plans);
    expect(r?.status).toBe('failed');
    expect(r?.phase).toBe('lock');
    expect(r?.state).toBe('unchanged');
    expect(r?.message).toContain('42');
    expect(running(d)).toBe(before);
  });

  it('one device failing does not stop the others', async () => {
    const a = await lab('openconfig', 'sw-a');
    const b = await lab('huawei-vrp', 'sw-b');
    const c = await lab('cisco-iosxe', 'sw-c');
    // One ledger over three devices: each device gets the rich ledger of its own.
    const ledgers = [a, b, c].map((d) => d.ledger());
    const ledger: Ledger = {
      partner: ledgers[0]!.partner,
      accessPoints: ledgers[0]!.accessPoints,
      circuits: ledgers.flatMap((l, i) => l.circuits.map((x) => ({ ...x, id: `${x.id}-${i}` }))),
      sharedPorts: ledgers.flatMap((l, i) => l.sharedPorts.map((x) => ({ ...x, id: `${x.id}-${i}`, circuitId: `${x.circuitId}-${i}` }))),
    };
    const ts = targets([a, b, c], ledger);
    const plans = await plan(ts);
    b.server.faults.rejectEdit = { type: 'application', tag: 'invalid-value', message: 'edit rejected by the lab fault switch' };
    const results = await apply(ts, plans);
    expect(results.map((r) => `${r.device} ${r.status} ${r.phase ?? ''}`)).toEqual(['sw-a applied ', 'sw-b failed edit', 'sw-c applied ']);
    expect(results[1]?.state).toBe('unchanged');
    const again = await plan(ts);
    expect(again.map((p) => p.changes.length === 0)).toEqual([true, false, true]);
  });

  it('stops a plan that removes more tenant objects than maxDeletes unless forced', async () => {
    const d = await lab('openconfig');
    await apply(targets([d], d.ledger()), await plan(targets([d], d.ledger())));
    const gone = d.ledger().sharedPorts.filter((sp) => sp.vlan > 0 && sp.status !== 'deleted' && !sp.attachmentExplicit).slice(0, 3).map((sp) => sp.id);
    expect(gone).toHaveLength(3);
    const ts = targets([d], d.ledger(gone), pushSettings({ maxDeletes: 5 }));
    const outcomes: PlanOutcome[] = await planTargets(ts, { concurrency: 1 });
    const p = outcomes[0];
    expect(p?.ok && p.plan.tenantDeletes).toBe(6);
    expect(preflight(outcomes, { maxDeletes: 5, force: false })?.code).toBe('TOO_MANY_DELETES');
    expect(preflight(outcomes, { maxDeletes: 6, force: false })).toBeUndefined();
    expect(preflight(outcomes, { maxDeletes: 5, force: true })).toBeUndefined();
    expect(preflight(outcomes, { maxDeletes: 6, force: false, expectedHash: 'sha256:0000000000000000' })?.code).toBe('PLAN_CHANGED');
  });
});
