/**
 * Two tenants swapping one attachment port in a single change: the tenant with the explicit
 * attachment port moves to another port while another tenant takes that port. The old
 * application on the port and the new one are the same node on OpenConfig (qos interface entry),
 * IOS-XE (service-policy) and Junos (family inet policer); its removal must not wipe what the
 * same edit writes. The change applies, verify passes, and the next plan is empty.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyTargets } from '../../../agent/push/apply-run.js';
import { planTargets } from '../../../agent/push/plan-run.js';
import { buildTargets, type PushTarget } from '../../../agent/push/target.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import type { DevicePlan } from '../../../policies/plan/model.js';
import { LAB_PLATFORMS, PORTS, pushSettings, startLabDevice, type LabDevice } from './fixture.js';

const started: LabDevice[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.server.stop()));
});

async function planOf(ts: readonly PushTarget[]): Promise<DevicePlan> {
  const [o] = await planTargets(ts, { concurrency: 1 });
  if (!o?.ok) throw new Error(`plan failed: ${o?.ok === false ? o.message : 'no outcome'}`);
  return o.plan;
}

/** A tenant-facing port no tenant of the rich ledger uses. */
const FRESH = { openconfig: 'Ethernet5', 'huawei-vrp': 'GigabitEthernet0/3/5', 'cisco-iosxe': 'GigabitEthernet0/0/5' } as const;

describe.each(LAB_PLATFORMS)('attachment port swap on a lab %s device', (platform) => {
  it('moves the explicit tenant away and another tenant onto its port in one transaction, converging', async () => {
    const d = await startLabDevice(platform);
    started.push(d);
    const ledger = d.ledger();
    const full = buildTargets({ devices: [d.device], push: pushSettings() }, ledger);
    const [first] = await applyTargets([{ target: full[0] as PushTarget, plan: await planOf(full) }], { concurrency: 1, confirmTimeoutS: 2 });
    expect(first?.status, first?.message).toBe('applied');

    const leaver = ledger.sharedPorts.find((sp) => sp.attachmentExplicit && sp.status === 'enabled');
    const taker = ledger.sharedPorts.find((sp) => sp.vlan > 0 && sp.status === 'enabled' && !sp.attachmentExplicit);
    if (leaver === undefined || taker === undefined) throw new Error('the rich ledger lost its explicit or its tagged tenant');
    const access = PORTS[platform].access;
    expect(leaver.attachment.port).toBe(access);
    const swapped: Ledger = {
      ...ledger,
      sharedPorts: ledger.sharedPorts.map((sp) => {
        if (sp.id === leaver.id) return { ...sp, attachment: { ...sp.attachment, port: FRESH[platform] } };
        if (sp.id === taker.id) return { ...sp, attachment: { ...sp.attachment, port: access }, attachmentExplicit: true };
        return sp;
      }),
    };
    const ts = buildTargets({ devices: [d.device], push: pushSettings() }, swapped);
    const p = await planOf(ts);
    expect(p.changes.map((c) => `${c.action} ${c.kind} ${c.key} ${c.fields.map((f) => `${f.field}=${String(f.after)}`).join(',')}`).sort()).toEqual([
      `modify policer ${leaver.id} appliedAt=${FRESH[platform]}`,
      `modify policer ${taker.id} appliedAt=${access}`,
    ].sort());
    // Both old applications are planned for removal; one of them sits where the other tenant's new one goes.
    expect(p.removals.policers.map((r) => r.owner).sort()).toEqual([leaver.id, taker.id].sort());

    const [r] = await applyTargets([{ target: ts[0] as PushTarget, plan: p }], { concurrency: 1, confirmTimeoutS: 2 });
    expect(r?.status, r?.message).toBe('applied');
    expect(d.server.state.rollbacks).toEqual([]);
    const after = await planOf(ts);
    expect(after.changes).toEqual([]);
    expect(d.server.state.locks.size).toBe(0);
    expect(d.server.state.pending).toBeUndefined();
  });
});
