/**
 * Vendor-YANG conformance of an attachment swap: two tenants exchange one attachment port in a
 * single edit (the explicit-attachment tenant moves to circuit port B as a whole, the tagged
 * tenant pc-rich0003 takes the access port). netconfd with the vendor's YANG must accept the
 * edit rendered from the real plan's removals, and the datastore must then equal a fresh push of
 * the swapped intent — the old application's removal never wipes the new one. Needs
 * test/peers/yang/start.sh (skipped on a dev machine without it, fails in CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unexpressibleOf } from '../../../agent/push/target.js';
import { NO_REMOVALS, scopeOf, type ParseScope, type VendorDriver } from '../../../drivers/driver.js';
import type { NetconfClient } from '../../../drivers/netconf/client.js';
import { driverFor } from '../../../drivers/registry.js';
import { buildIntents } from '../../../policies/intent/build.js';
import type { DeviceIntent, ObservedDevice } from '../../../policies/intent/model.js';
import { observableOf } from '../../../policies/intent/observable.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import { planDevice } from '../../../policies/plan/build.js';
import { RICH_PUSH, richDevice, richLedger } from '../../fixtures/vendors/rich.js';
import { peerAvailable } from '../../support/peer.js';
import { CASES, type ConformanceCase, casePorts } from './cases.js';
import { lines } from './lines.js';
import { connect, getConfig, push, resetToSeed } from './push.js';
import { coverageOf } from '../../support/coverage.js';

const available = await peerAvailable('yang', async () => {
  for (const c of CASES) {
    const client = await connect(c.port);
    await client.closeSession();
  }
  return true;
});

const TAKER = 'pc-rich0003';

function intentOf(c: ConformanceCase, ledger: Ledger): DeviceIntent {
  const [intent] = buildIntents(ledger, [richDevice('dut', c.platform)], RICH_PUSH);
  if (intent === undefined) throw new Error('no intent');
  return intent;
}

/** The rich ledger with the explicit tenant moved to circuit port B and pc-rich0003 onto the access port. */
function swappedLedger(c: ConformanceCase): Ledger {
  const ledger = richLedger('dut', c.ports);
  return {
    ...ledger,
    sharedPorts: ledger.sharedPorts.map((sp) => {
      if (sp.attachmentExplicit) return { ...sp, attachment: { ...sp.attachment, port: c.ports.circuitB } };
      if (sp.id === TAKER) return { ...sp, attachment: { ...sp.attachment, port: c.ports.access }, attachmentExplicit: true };
      return sp;
    }),
  };
}

describe.runIf(available).each(CASES)('$platform driver swaps an attachment port against netconfd with vendor YANG', (c) => {
  const driver: VendorDriver = driverFor(c.platform);
  const full = intentOf(c, richLedger('dut', c.ports));
  const swapped = intentOf(c, swappedLedger(c));
  const scope: ParseScope = scopeOf(full, casePorts(c));
  const coverage = coverageOf(driver);
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
  const read = async (): Promise<ObservedDevice> => driver.parse(await getConfig(client, driver.filter(scope)), scope);
  const everything = async (): Promise<string[]> => lines(await getConfig(client, c.everything), c.nonPresence);
  const owned = (o: ObservedDevice): ObservedDevice => ({ ...o, subinterfaces: o.subinterfaces.filter((s) => s.owner !== null) });

  it('applies the swap in one edit and holds exactly what a fresh push of the swapped intent holds', async () => {
    await reset();
    await push(client, driver.render(swapped, NO_REMOVALS, await read()));
    const expected = await everything();

    await reset();
    await push(client, driver.render(full, NO_REMOVALS, await read()));
    const before = await read();
    const plan = planDevice({ intent: swapped, observed: before, unexpressible: unexpressibleOf(driver.capabilities, swapped) });
    expect(plan.changes.filter((ch) => ch.kind === 'policer').map((ch) => ch.key).sort()).toEqual(['pc-rich0009', TAKER].sort());
    expect(plan.removals.policers.map((p) => p.owner).sort()).toEqual(['pc-rich0009', TAKER].sort());
    await push(client, driver.render(swapped, plan.removals, before));
    const after = await read();
    expect(owned(after)).toEqual(observableOf(swapped, coverage));
    expect(await everything()).toEqual(expected);
    expect(planDevice({ intent: swapped, observed: after, unexpressible: unexpressibleOf(driver.capabilities, swapped) }).changes).toEqual([]);
  });
});
