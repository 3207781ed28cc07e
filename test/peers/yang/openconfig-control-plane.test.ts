/**
 * The OpenConfig driver's control-plane policy against netconfd loaded with openconfig/public
 * (incl. openconfig-system-controlplane; test/peers/yang/start.sh), beyond what the conformance
 * suite checks (there the rich device lets the agent own its control plane, so the rich intent's
 * ARP and ICMP limits are pushed and read back on every case):
 * - the agent's policy read back by the compliance reader (`limits`) with its paths and rates,
 *   and a re-plan of the pushed intent is empty;
 * - when the last tenant leaves, the agent's policy goes whole: the datastore equals the box before
 *   the agent (seed only), and the re-plan is empty;
 * - an operator's own control-plane policy (test/fixtures/vendors/openconfig/operator-copp.xml) is
 *   accepted by the schema, read as foreign: the render refuses (NOT_OWNED), the plan shows both
 *   requirements as not expressible on the device and plans no ARP/ICMP change, `limits` reads
 *   the operator's limits; with controlPlane: operator the tenants are pushed and the operator's
 *   policy stays as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unexpressibleOf } from '../../../agent/push/target.js';
import { NO_REMOVALS, scopeOf, type DeviceLimits, type ParseScope } from '../../../drivers/driver.js';
import type { NetconfClient } from '../../../drivers/netconf/client.js';
import type { XmlElement } from '../../../drivers/netconf/xml.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import { openconfigDriver as driver } from '../../../drivers/vendors/openconfig.js';
import { buildIntents } from '../../../policies/intent/build.js';
import type { DeviceIntent, ObservedDevice } from '../../../policies/intent/model.js';
import { planDevice } from '../../../policies/plan/build.js';
import type { DevicePlan } from '../../../policies/plan/model.js';
import { RICH_PUSH, richDevice, richLedger } from '../../fixtures/vendors/rich.js';
import { peerAvailable, repoRoot } from '../../support/peer.js';
import { CASES } from './cases.js';
import { lines } from './lines.js';
import { connect, getConfig, push, cleanupPayload } from './push.js';

const CASE = CASES.find((c) => c.platform === 'openconfig');
if (CASE === undefined) throw new Error('no openconfig conformance case');
const { port: PORT, ports: PORTS } = CASE;

const available = await peerAvailable('yang', async () => {
  const client = await connect(PORT);
  await client.closeSession();
  return true;
});

const ALL_PORTS = [PORTS.circuitA, PORTS.circuitB, PORTS.circuitC, PORTS.access];
const fixture = (file: string): XmlElement => parseXml(readFileSync(join(repoRoot, 'test', 'fixtures', 'vendors', 'openconfig', file), 'utf8'));
/** Containers (non-presence in openconfig-interfaces/-qos/-system(-controlplane)) netconfd keeps once emptied. */
const EMPTIED = ['subinterfaces', 'interfaces', 'classifiers', 'forwarding-groups', 'queues', 'scheduler-policies', 'qos', 'ingress', 'control-plane-traffic', 'system'];

function intentOf(controlPlane: 'agent' | 'operator', without: readonly string[] = []): DeviceIntent {
  const [intent] = buildIntents(richLedger('dut', PORTS, without), [{ ...richDevice('dut', 'openconfig'), controlPlane }], RICH_PUSH);
  if (intent === undefined) throw new Error('no intent');
  return intent;
}

describe.runIf(available)('openconfig control-plane policy against netconfd with openconfig-system-controlplane (port 18831)', () => {
  const full = intentOf('agent');
  const scope: ParseScope = scopeOf(full, ALL_PORTS);
  const everyId = richLedger('dut', PORTS).sharedPorts.map((p) => p.id);
  let client: NetconfClient;

  const data = async (): Promise<XmlElement> => getConfig(client, driver.filter(scope));
  const read = async (): Promise<ObservedDevice> => driver.parse(await data(), scope);
  const limits = async (): Promise<DeviceLimits> => {
    const l = driver.limits?.(await data(), scope);
    if (l === undefined) throw new Error('the openconfig driver has no limits()');
    return l;
  };
  const everything = async (): Promise<string[]> => lines(await getConfig(client, CASE.everything), EMPTIED);
  const plan = (intent: DeviceIntent, observed: ObservedDevice): DevicePlan =>
    planDevice({ intent, observed, unexpressible: unexpressibleOf(driver.capabilities, intent, observed) });

  async function reset(...extra: readonly XmlElement[]): Promise<void> {
    await push(client, cleanupPayload('openconfig'));
    await push(client, fixture('seed.xml'));
    for (const e of extra) await push(client, e);
  }

  beforeAll(async () => {
    client = await connect(PORT);
  });
  afterAll(async () => {
    // Leave the box as the other suites expect it (seeded, no operator CoPP).
    await reset().catch(() => undefined);
    await client.closeSession();
  });

  it("reads the agent's policy back: per-user ARP share and ICMP in the plan, aggregate and echo rates with paths in limits", async () => {
    await reset();
    await push(client, driver.render(full, NO_REMOVALS, await read()));
    const seen = await read();
    expect([seen.arp, seen.icmp, seen.foreignControlPlane]).toEqual([{ ppsPerSource: 1 }, { pps: 1000 }, undefined]);
    expect(plan(full, seen).changes).toEqual([]);

    const l = await limits();
    const users = full.policers.length;
    expect(l.arp.map((a) => [a.scope, a.pps])).toEqual([['aggregate', users]]);
    expect(l.arp[0]?.source).toMatch(/classifier\[ecpa:control-plane\]\/term\[arp\] → forwarding-group\[ecpa:cp-arp\] → queue\[ecpa:cp-arp\] → scheduler-policy\[ecpa:control-plane\]\/scheduler\[1\]\/one-rate-two-color\/config\/cir = 5632 bit\/s \(the agent's\)/);
    expect(l.icmp.map((i) => [i.pps, i.scope, i.origin])).toEqual([[1000, 'control-plane', 'configured'], [1000, 'control-plane ICMPv6', 'configured']]);
    expect(l.arpCoverage).toBeUndefined();
  });

  it('removes the whole policy when the last tenant leaves: the box is as before the agent, and the re-plan is empty', async () => {
    await reset();
    const pristine = await everything();
    await push(client, driver.render(full, NO_REMOVALS, await read()));
    const before = await read();
    const none = intentOf('agent', everyId);
    expect([none.arp, none.icmp, none.policers.length]).toEqual([null, null, 0]);
    const p = plan(none, before);
    expect(p.changes.filter((c) => c.kind === 'arp-limit' || c.kind === 'icmp-limit').map((c) => `${c.action} ${c.kind}`)).toEqual(['remove arp-limit', 'remove icmp-limit']);
    await push(client, driver.render(none, p.removals, before));
    const after = await read();
    expect([after.arp, after.icmp, after.policers, after.subinterfaces.filter((s) => s.owner !== null)]).toEqual([null, null, [], []]);
    expect(plan(none, after).changes).toEqual([]);
    expect(await everything()).toEqual(pristine);
  });

  it("never replaces an operator's control-plane policy: render refuses, the plan shows it, limits read it; controlPlane: operator leaves it alone", async () => {
    await reset(fixture('operator-copp.xml'));
    const operatorOnly = await everything();
    const seen = await read();
    expect(seen.foreignControlPlane).toEqual({ classifier: 'COPP-CLASSIFIER', schedulerPolicy: 'COPP-SCHEDULER', source: expect.stringContaining('control-plane-traffic/ingress/qos') });
    expect(() => driver.render(full, NO_REMOVALS, seen)).toThrow(expect.objectContaining({ code: 'NOT_OWNED', message: expect.stringContaining("classifier 'COPP-CLASSIFIER' and scheduler policy 'COPP-SCHEDULER'") }));

    const shown = plan(full, seen);
    expect(shown.unexpressible.map((u) => u.feature)).toEqual(['arp-rate-limit', 'icmp-limit']);
    for (const u of shown.unexpressible) expect(u.reason).toMatch(/not the agent's .*classifier 'COPP-CLASSIFIER'.*NOT_OWNED/);
    expect(shown.changes.some((c) => c.kind === 'arp-limit' || c.kind === 'icmp-limit')).toBe(false);

    const l = await limits();
    expect(l.arp.map((a) => [a.scope, a.pps])).toEqual([['aggregate', 125]]);
    expect(l.arp[0]?.source).toContain("classifier[COPP-CLASSIFIER]/term[ARP] → forwarding-group[COPP-ARP] → queue[COPP-Q-ARP] → scheduler-policy[COPP-SCHEDULER]/scheduler[10]/one-rate-two-color/config/cir = 64000 bit/s (the operator's)");
    expect(l.icmp.map((i) => [i.pps, i.scope])).toEqual([[390, 'control-plane']]);
    expect(l.icmp[0]?.source).toContain('scheduler[20]/two-rate-three-color/config/pir = 400000 bit/s');
    expect(l.icmp[0]?.note).toMatch(/ICMPv6 limits left out: .*term\[DEFAULT\].*cir-pct/);

    // The same tenants on a device that keeps its own CoPP: pushed, and the CoPP is untouched.
    const operator = intentOf('operator');
    expect(unexpressibleOf(driver.capabilities, operator, seen).map((u) => u.feature)).toEqual(['arp-rate-limit', 'icmp-limit']);
    await push(client, driver.render(operator, NO_REMOVALS, seen));
    const pushed = await read();
    expect(pushed.policers).toHaveLength(operator.policers.length);
    expect([pushed.arp, pushed.icmp, pushed.foreignControlPlane?.classifier]).toEqual([null, null, 'COPP-CLASSIFIER']);
    const copp = (all: readonly string[]): string[] => all.filter((x) => /COPP|control-plane-traffic/.test(x));
    expect(copp(await everything())).toEqual(copp(operatorOnly));
  });
});
