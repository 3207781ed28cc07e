/**
 * Vendor-YANG conformance: every NETCONF driver renders a rich intent, yuma123 netconfd loaded
 * with the vendor's published YANG (test/peers/yang/start.sh) must accept and commit it — pushed
 * with the project's own NETCONF client — and the driver's parser must read the running config
 * back as exactly the intent. Then the removal payload (three ports dropped from the ledger: a
 * subinterface, the VLAN 0 routed port, an explicit attachment) must remove exactly their objects
 * — the datastore must equal a fresh push of the smaller intent — and an operator's subinterface
 * and addresses must survive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_REMOVALS, scopeOf, type ParseScope, type VendorDriver } from '../../../drivers/driver.js';
import type { NetconfClient } from '../../../drivers/netconf/client.js';
import { RpcError } from '../../../drivers/netconf/errors.js';
import type { XmlElement } from '../../../drivers/netconf/xml.js';
import { driverFor } from '../../../drivers/registry.js';
import { buildIntents } from '../../../policies/intent/build.js';
import type { DeviceIntent, ObservedDevice } from '../../../policies/intent/model.js';
import { observableOf } from '../../../policies/intent/observable.js';
import { REMOVED_PORTS, RICH_PUSH, richDevice, richLedger } from '../../fixtures/vendors/rich.js';
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

function intentOf(c: ConformanceCase, without: readonly string[] = [], changed = false): DeviceIntent {
  const [intent] = buildIntents(richLedger('dut', c.ports, without, changed), [richDevice('dut', c.platform)], RICH_PUSH);
  if (intent === undefined) throw new Error('no intent');
  return intent;
}

function findLeaf(el: XmlElement, name: RegExp): XmlElement | undefined {
  if (el.children.length === 0 && name.test(el.name)) return el;
  for (const c of el.children) {
    const hit = findLeaf(c, name);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function owned(o: ObservedDevice): ObservedDevice {
  return { ...o, subinterfaces: o.subinterfaces.filter((s) => s.owner !== null) };
}

describe.runIf(available).each(CASES)('$platform driver against netconfd with vendor YANG (port $port)', (c) => {
  const driver: VendorDriver = driverFor(c.platform);
  const full = intentOf(c);
  const scope: ParseScope = scopeOf(full, casePorts(c));
  const coverage = coverageOf(driver);
  let client: NetconfClient;

  beforeAll(async () => {
    client = await connect(c.port);
  });
  afterAll(async () => {
    await client.closeSession();
  });

  /** Empties what the case touches (the shared cleanup payload), then seeds the box's ports and an operator subinterface. */
  async function reset(): Promise<void> {
    await resetToSeed(client, c.vendor, c.platform);
  }

  const read = async (): Promise<ObservedDevice> => driver.parse(await getConfig(client, driver.filter(scope)), scope);
  const everything = async (): Promise<string[]> => lines(await getConfig(client, c.everything), c.nonPresence);

  it('accepts, commits and reads back the rich intent exactly; re-applying changes nothing', async () => {
    await reset();
    await push(client, driver.render(full, NO_REMOVALS, await read()));
    const first = await everything();
    const seen = await read();
    expect(owned(seen)).toEqual(observableOf(full, coverage));
    expect(seen.subinterfaces.filter((s) => s.owner === null).map((s) => [s.port, s.vlan])).toEqual([[c.ports.circuitA, 3000]]);
    await push(client, driver.render(full, NO_REMOVALS, seen));
    expect(await everything()).toEqual(first);
  });

  it('converges on a changed ledger (statuses, bandwidths, notes) exactly as a fresh push would', async () => {
    const changed = intentOf(c, [], true);
    await reset();
    await push(client, driver.render(changed, NO_REMOVALS, await read()));
    const expected = await everything();

    await reset();
    await push(client, driver.render(full, NO_REMOVALS, await read()));
    await push(client, driver.render(changed, NO_REMOVALS, await read()));
    expect(owned(await read())).toEqual(observableOf(changed, coverage));
    expect(await everything()).toEqual(expected);
  });

  it('removes exactly the objects of ports dropped from the ledger; operator config survives', async () => {
    const smaller = intentOf(c, REMOVED_PORTS);
    await reset();
    await push(client, driver.render(smaller, NO_REMOVALS, await read()));
    const expected = await everything();

    await reset();
    await push(client, driver.render(full, NO_REMOVALS, await read()));
    const before = await read();
    const gone = {
      subinterfaces: before.subinterfaces.filter((s) => s.owner !== null && REMOVED_PORTS.includes(s.owner)),
      policers: before.policers.filter((p) => REMOVED_PORTS.includes(p.owner)),
    };
    expect(gone.subinterfaces).toHaveLength(3);
    expect(gone.policers).toHaveLength(3);
    await push(client, driver.render(smaller, gone, before));
    const after = await read();
    expect(owned(after)).toEqual(observableOf(smaller, coverage));
    expect(after.subinterfaces.filter((s) => s.owner === null)).toEqual(before.subinterfaces.filter((s) => s.owner === null));
    expect(await everything()).toEqual(expected);
  });

  it('the server really validates: the same payload with VLAN 5000 is refused and nothing is committed', async () => {
    await reset();
    const before = await everything();
    const edit = driver.render(full, NO_REMOVALS, await read());
    const vid = findLeaf(edit, /^(vlan-id|vlan-type-vid)$/);
    if (vid === undefined) throw new Error('render has no VLAN leaf');
    vid.text = '5000';
    await expect(push(client, edit)).rejects.toThrow(RpcError);
    expect(await everything()).toEqual(before);
  });

  it('refuses to remove an object it does not own', async () => {
    const foreign = (await read()).subinterfaces.filter((s) => s.owner === null);
    expect(foreign).toHaveLength(1);
    expect(() => driver.render(full, { subinterfaces: foreign, policers: [] })).toThrow(/not owned/);
  });
});
