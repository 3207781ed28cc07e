/**
 * Every registered driver through the same cases (NAPALM BaseTestGetters style): parse of recorded
 * device XML (netconfd replies recorded after pushing the rich intent; Junos written from its XML
 * API), the pure render → parse round trip, removals, ownership refusals and capability claims.
 */
import { describe, expect, it } from 'vitest';
import { NO_REMOVALS } from '../../../../drivers/driver.js';
import { driverFor, knownPlatforms } from '../../../../drivers/registry.js';
import { PLATFORMS } from '../../../../config/agent/model.js';
import { observableOf } from '../../../../policies/intent/observable.js';
import { xmlContains } from '../../../../drivers/netconf/xml-compare.js';
import { appliedToEmpty, find, inNamespace, junosNumbers, PORTS, recorded, REMOVED_PORTS, rich } from './support.js';
import { coverageOf } from '../../../support/coverage.js';

describe.each(PLATFORMS.map((platform) => ({ platform })))('$platform driver', ({ platform }) => {
  const driver = driverFor(platform);
  const coverage = coverageOf(driver);
  const full = rich(platform);
  const smaller = rich(platform, REMOVED_PORTS);

  it('parses the recorded running config of the rich intent back to exactly the intent', () => {
    const seen = driver.parse(recorded(platform, 'rich-running.xml'), full.scope);
    expect({ ...seen, subinterfaces: seen.subinterfaces.filter((s) => s.owner !== null) }).toEqual(observableOf(full.intent, coverage));
    expect(seen.subinterfaces.filter((s) => s.owner === null).map((s) => [s.port, s.vlan, s.description])).toEqual([[PORTS[platform].circuitA, 3000, 'operator mgmt vlan']]);
  });

  it('parses the recorded config after the removal as the smaller intent, the foreign subinterface kept', () => {
    const seen = driver.parse(recorded(platform, 'rich-after-removal.xml'), full.scope);
    expect({ ...seen, subinterfaces: seen.subinterfaces.filter((s) => s.owner !== null) }).toEqual(observableOf(smaller.intent, coverage));
    expect(seen.subinterfaces.filter((s) => s.owner === null)).toHaveLength(1);
  });

  it('every statement it renders appears in the recorded running config', () => {
    const running = recorded(platform, 'rich-running.xml');
    // Junos replies carry the xnm namespace on <configuration> (the load payload has none) and show
    // numbers normalised (12500000 → 12500k): compare the values, not their spelling.
    const junos = platform === 'junos';
    const config = junos ? junosNumbers(inNamespace(find(running, 'configuration') ?? running, '')) : running;
    const edit = junos ? junosNumbers(appliedToEmpty(driver.render(full.intent))) : appliedToEmpty(driver.render(full.intent));
    expect(xmlContains({ ...config, name: edit.name, namespace: edit.namespace }, edit)).toBe(true);
  });

  it('round-trips render → parse (pure) for the rich intent', () => {
    expect(driver.parse(appliedToEmpty(driver.render(full.intent)), full.scope)).toEqual(observableOf(full.intent, coverage));
  });

  it('renders an empty intent as an empty edit', () => {
    const empty = { ...full.intent, subinterfaces: [], policers: [], arp: null, icmp: null };
    expect(driver.render(empty, NO_REMOVALS).children).toEqual([]);
  });

  it('refuses to remove a subinterface it does not own', () => {
    const foreign = { port: full.scope.ports[0] ?? '', vlan: 3000, description: 'operator mgmt vlan', enabled: true, statistics: true, owner: null };
    expect(() => driver.render(full.intent, { subinterfaces: [foreign], policers: [] })).toThrow(expect.objectContaining({ code: 'NOT_OWNED' }));
  });

  it('declares every capability with a reason', () => {
    for (const c of Object.values(driver.capabilities)) expect(c.reason.length).toBeGreaterThan(20);
    expect(driver.transaction.verifyByReadBack).toBe(true);
  });

  it('filters on the scope', () => {
    expect(driver.filter(full.scope).attributes).toEqual([{ name: 'type', namespace: '', value: 'subtree' }]);
  });
});

describe('registry', () => {
  it('covers every platform of the agent config', () => {
    expect(knownPlatforms()).toEqual([...PLATFORMS].sort());
  });
  it('an unknown platform fails with the list of known ones', () => {
    expect(() => driverFor('h3c-comware')).toThrow("no driver for platform 'h3c-comware'; known platforms: cisco-iosxe, huawei-vrp, junos, openconfig");
  });
});
