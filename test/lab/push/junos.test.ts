/**
 * Plan and apply to a lab Junos device (the lab NETCONF server running as Junos: load-configuration,
 * commit-configuration with the confirm timeout in minutes, scaled down here): a fresh device is
 * planned, applied through the Junos transaction and re-plans empty; a dropped tenant is removed;
 * a confirmed commit that is never confirmed is rolled back by the device's timer; a commit the
 * device rejects leaves it unchanged with the lock released; a change made inside the plan/apply
 * window is refused inside the lock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyTargets, type DeviceApplyResult } from '../../../agent/push/apply-run.js';
import { planTargets } from '../../../agent/push/plan-run.js';
import { buildTargets, type PushTarget } from '../../../agent/push/target.js';
import type { DeviceConfig } from '../../../config/agent/model.js';
import { Secret } from '../../../config/secrets/secret.js';
import { canonicalize } from '../../../drivers/netconf/xml-compare.js';
import { junosDriver } from '../../../drivers/vendors/junos.js';
import { buildIntents } from '../../../policies/intent/build.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import type { DevicePlan } from '../../../policies/plan/model.js';
import { richLedger } from '../../fixtures/vendors/rich.js';
import { seededConfig } from '../fleet/device.js';
import { keyMapFor } from '../fleet/keymaps.js';
import type { LabServer } from '../netconf/server.js';
import { pushSettings, startPushLab } from './fixture.js';

const PORTS = { circuitA: 'xe-0/0/1', circuitB: 'xe-0/0/2', circuitC: 'ge-0/0/4', access: 'ge-0/0/3' };
/** A fresh Junos box: its ports and an operator's own unit (not owned by the agent). */
const SEED = `<configuration><interfaces>
  <interface><name>xe-0/0/1</name><vlan-tagging/><unit><name>3000</name><description>operator mgmt vlan</description><vlan-id>3000</vlan-id></unit></interface>
  <interface><name>xe-0/0/2</name></interface><interface><name>ge-0/0/3</name></interface>
  <interface><name>ge-0/0/4</name><unit><name>0</name><family><inet><address><name>192.0.2.1/30</name></address></inet></family></unit></interface>
</interfaces></configuration>`;

let servers: LabServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

async function junosLab(minuteMs: number, initialConfig: string | ReturnType<typeof seededConfig> = SEED): Promise<{ server: LabServer; device: DeviceConfig }> {
  const server = await startPushLab({ keyMap: keyMapFor('junos'), initialConfig, junos: { minuteMs } });
  servers.push(server);
  const device: DeviceConfig = {
    id: 'sw-j', address: '127.0.0.1', platform: 'junos', autoApply: false,
    netconf: {
      port: server.port, username: 'netconf', password: new Secret('lab-pass', { kind: 'inline' }),
      hostKey: { fingerprint: server.hostKeyFingerprints[0] as string, trustOnFirstUse: false },
      connectTimeoutMs: 5000, keepaliveIntervalMs: 0, rpcTimeoutMs: 5000,
    },
  };
  return { server, device };
}

const targets = (device: DeviceConfig, ledger: Ledger): PushTarget[] => buildTargets({ devices: [device], push: pushSettings() }, ledger);

async function plan(ts: readonly PushTarget[]): Promise<DevicePlan> {
  const [o] = await planTargets(ts, { concurrency: 1 });
  if (!o?.ok) throw new Error(`plan failed: ${o?.message}`);
  return o.plan;
}

async function apply(ts: readonly PushTarget[], p: DevicePlan, confirmTimeoutS = 60): Promise<DeviceApplyResult> {
  const [r] = await applyTargets([{ target: ts[0] as PushTarget, plan: p }], { concurrency: 1, confirmTimeoutS });
  return r as DeviceApplyResult;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const running = (s: LabServer): string => canonicalize(s.datastores.running);
const clean = (s: LabServer): void => {
  expect(s.state.locks.size).toBe(0);
  expect(s.state.pending).toBeUndefined();
  expect(s.state.candidateDirty()).toBe(false);
};

describe('push to a lab Junos device', () => {
  it('plans a fresh device, applies it with load-configuration + commit-configuration (minutes), and re-plans empty', async () => {
    const { server, device } = await junosLab(60_000);
    const ts = targets(device, richLedger('sw-j', PORTS));
    const first = await plan(ts);
    const created = first.changes.filter((c) => c.action === 'create');
    expect(created.filter((c) => c.kind === 'subinterface')).toHaveLength(11);
    expect(created.filter((c) => c.kind === 'policer')).toHaveLength(11);
    expect(first.changes.some((c) => c.action !== 'create')).toBe(false);
    expect(first.notOwned.map((o) => o.key)).toEqual([expect.stringMatching(/\.3000$/)]);

    const r = await apply(ts, first, 90);
    expect(r.status, r.message).toBe('applied');
    expect(r.phases).toEqual(['connect', 'lock', 'plan', 'edit', 'validate', 'commit', 'verify', 'confirm']);
    expect(server.state.counts.get('load-configuration')).toBe(1);
    expect(server.state.counts.get('commit-configuration')).toBe(3); // check, confirmed, confirm
    expect(server.state.counts.get('edit-config')).toBeUndefined();
    expect(server.state.counts.get('commit')).toBeUndefined();
    clean(server);

    const again = await plan(ts);
    expect(again.changes).toEqual([]);
    const r2 = await apply(ts, again);
    expect(r2.status).toBe('no-changes');
    expect(server.state.counts.get('load-configuration')).toBe(1);
    // The operator's unit and address are untouched.
    expect(running(server)).toContain('operator mgmt vlan');
    expect(running(server)).toContain('192.0.2.1/30');
  });

  it('removes the objects of a shared port that left the ledger (delete="delete"), and nothing foreign', async () => {
    const { server, device } = await junosLab(60_000);
    const full = targets(device, richLedger('sw-j', PORTS));
    expect((await apply(full, await plan(full))).status).toBe('applied');
    const dropped = richLedger('sw-j', PORTS).sharedPorts.find((sp) => sp.vlan > 0 && sp.status === 'enabled' && !sp.attachmentExplicit)?.id ?? 'none';
    const ts = targets(device, richLedger('sw-j', PORTS, [dropped]));
    const p = await plan(ts);
    expect(p.changes.filter((c) => c.action === 'remove').map((c) => `${c.kind} ${c.sharedPortId}`).sort()).toEqual([`policer ${dropped}`, `subinterface ${dropped}`]);
    const r = await apply(ts, p);
    expect(r.status, r.message).toBe('applied');
    expect((await plan(ts)).changes).toEqual([]);
    expect(running(server)).not.toContain(dropped);
    expect(running(server)).toContain('operator mgmt vlan');
    clean(server);
  });

  it('a confirmed commit that is never confirmed (connection lost before the confirm) is rolled back by the device timer', async () => {
    const MINUTE = 1500; // a lab "minute": the apply must reach the confirm well inside it, even on a loaded CI machine
    const { server, device } = await junosLab(MINUTE);
    const ts = targets(device, richLedger('sw-j', PORTS));
    const p = await plan(ts);
    const before = running(server);
    // The 3rd commit-configuration is the confirm: drop the connection instead of processing it.
    server.faults.dropAt = { operation: 'commit-configuration', nth: 3, phase: 'before' };
    const r = await apply(ts, p, 30); // 30 s → 1 Junos minute
    expect(r.status).toBe('failed');
    expect(r.phase).toBe('confirm');
    expect(r.state).toBe('unknown');
    expect(running(server)).not.toBe(before); // the unconfirmed change is live until the timer
    expect(server.state.locks.size).toBe(0); // the session ended: its lock went with it
    await sleep(MINUTE + 300);
    expect(running(server)).toBe(before);
    expect(server.state.rollbacks.map((x) => x.reason)).toEqual(['timeout']);
    expect((await plan(ts)).changes).toHaveLength(p.changes.length);
  });

  it('a verification failure leaves the change to the device timer (reported rolling-back), which rolls it back', async () => {
    const MINUTE = 1500; // a lab "minute": the apply must reach the confirm well inside it, even on a loaded CI machine
    const { server, device } = await junosLab(MINUTE);
    const ts = targets(device, richLedger('sw-j', PORTS));
    const p = await plan(ts);
    const before = running(server);
    // get-config: 1-2 = the plan above (discovery, read), 3-4 = the re-plan inside the lock, 5 = verify: drop there.
    server.faults.dropAt = { operation: 'get-config', nth: 5, phase: 'before' };
    const r = await apply(ts, p, 30);
    expect(r.status).toBe('failed');
    expect(r.phase).toBe('verify');
    expect(r.state).toBe('rolling-back');
    await sleep(MINUTE + 300);
    expect(running(server)).toBe(before);
    clean(server);
  });

  it('a commit the device rejects leaves it unchanged, the candidate discarded and the lock released', async () => {
    const { server, device } = await junosLab(60_000);
    const ts = targets(device, richLedger('sw-j', PORTS));
    const p = await plan(ts);
    const before = running(server);
    server.faults.rejectCommit = { type: 'application', tag: 'operation-failed', path: '[edit firewall]', message: 'policer: bandwidth-limit out of range' };
    const r = await apply(ts, p);
    expect(r.status).toBe('failed');
    expect(r.phase).toBe('commit');
    expect(r.state).toBe('unchanged');
    expect(r.message).toContain('bandwidth-limit out of range');
    expect(running(server)).toBe(before);
    clean(server);
  });

  it('refuses inside the lock when the device changed since the plan was shown, before any load', async () => {
    const { server, device } = await junosLab(60_000);
    const ts = targets(device, richLedger('sw-j', PORTS));
    const p = await plan(ts);
    const push = pushSettings();
    const [intent] = buildIntents(richLedger('sw-j', PORTS), [{ id: 'sw-j', platform: 'junos' }], push);
    // Someone else configured the device meanwhile.
    server.state.datastores.running = seededConfig(junosDriver, intent!, 'junos');
    server.state.datastores.candidate = seededConfig(junosDriver, intent!, 'junos');
    const r = await apply(ts, p);
    expect(r.status).toBe('refused');
    expect(r.code).toBe('PLAN_CHANGED');
    expect(server.state.counts.get('load-configuration')).toBe(1); // only the discard (rollback 0)
    expect(server.state.counts.get('commit-configuration')).toBeUndefined();
    clean(server);
  });
});
