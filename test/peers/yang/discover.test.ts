/**
 * Vendor-YANG conformance of the drivers' discovery (owned objects on ports that left the ledger,
 * issue #5): netconfd loaded with the vendor's YANG must accept the discovery filter (selection
 * nodes inside augmented lists) and answer it in the shape the driver reads — the ports of the
 * rich intent. Then circuits A and C and the explicit-attachment tenant leave the ledger: the
 * plan (agent/push/read.ts, discovery included) must find their objects although the ledger names
 * none of those ports, the removal edit must be accepted, and afterwards only circuit B holds owned
 * objects while the operator's subinterface survives. Needs test/peers/yang/start.sh (skipped on a
 * dev machine without it, fails in CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readObservedPlan } from '../../../agent/push/read.js';
import { NO_REMOVALS, scopeOf, type OwnedDiscovery, type VendorDriver } from '../../../drivers/driver.js';
import type { NetconfClient } from '../../../drivers/netconf/client.js';
import { driverFor } from '../../../drivers/registry.js';
import { buildIntents } from '../../../policies/intent/build.js';
import type { DeviceIntent } from '../../../policies/intent/model.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import { RICH_PUSH, richDevice, richLedger } from '../../fixtures/vendors/rich.js';
import { peerAvailable } from '../../support/peer.js';
import { CASES, casePorts } from './cases.js';
import { lines } from './lines.js';
import { connect, getConfig, push, resetToSeed } from './push.js';

const available = await peerAvailable('yang', async () => {
  for (const c of CASES) {
    const client = await connect(c.port);
    await client.closeSession();
  }
  return true;
});

const intentOf = (ledger: Ledger, platform: VendorDriver['platform']): DeviceIntent => {
  const [intent] = buildIntents(ledger, [richDevice('dut', platform)], RICH_PUSH);
  if (intent === undefined) throw new Error('no intent');
  return intent;
};

describe.runIf(available).each(CASES)('$platform discovery against netconfd with vendor YANG', (c) => {
  const driver: VendorDriver = driverFor(c.platform);
  const discovery = driver.discover as OwnedDiscovery;
  const full = richLedger('dut', c.ports);
  const smaller: Ledger = {
    ...full,
    circuits: full.circuits.filter((x) => x.id === 'pc-circuitB'),
    sharedPorts: full.sharedPorts.filter((sp) => sp.circuitId === 'pc-circuitB' && !sp.attachmentExplicit),
  };
  let client: NetconfClient;

  beforeAll(async () => {
    client = await connect(c.port);
  });
  afterAll(async () => {
    await client.closeSession();
  });

  async function reset(): Promise<void> {
    await resetToSeed(client, c.vendor, c.platform);
  }
  const discovered = async (): Promise<string[]> => discovery.ports(await getConfig(client, discovery.filter()), RICH_PUSH.ownershipPrefix);

  it('finds the owned objects on ports that left the ledger, and their removal is accepted and complete', async () => {
    expect(discovery).toBeDefined();
    await reset();
    expect(await discovered()).toEqual([]);
    await push(client, driver.render(intentOf(full, c.platform), NO_REMOVALS));
    expect(await discovered()).toEqual(casePorts(c).sort());

    const intent = intentOf(smaller, c.platform);
    const ledgerScope = scopeOf(intent, [c.ports.circuitB]);
    expect(ledgerScope.ports).toEqual([c.ports.circuitB]);
    const { observed, plan, scope } = await readObservedPlan(client, driver, intent, ledgerScope);
    expect(scope.ports).toEqual(casePorts(c).sort());
    const removed = plan.changes.filter((ch) => ch.action === 'remove' && ch.kind === 'subinterface').map((ch) => ch.sharedPortId).sort();
    expect(removed).toEqual(['pc-rich0001', 'pc-rich0003', 'pc-rich0004', 'pc-rich0005', 'pc-rich0006', 'pc-rich0007', 'pc-rich0009']);
    expect(plan.notOwned.map((n) => n.key)).toEqual([`${c.ports.circuitA}.3000`]);

    await push(client, driver.render(intent, plan.removals, observed));
    expect(await discovered()).toEqual([c.ports.circuitB]);
    expect((await readObservedPlan(client, driver, intent, ledgerScope)).plan.changes).toEqual([]);
    const after = lines(await getConfig(client, c.everything), c.nonPresence).join('\n');
    expect(after).toContain('operator mgmt vlan');
    for (const id of removed) expect(after).not.toMatch(new RegExp(`${id}(?![0-9])`));
  });
});
