/**
 * agent/push/owned-view.ts: the before/after views of the owned configuration, per driver.
 * A view is exact when the driver's own parser reads it back as the state it shows (the observed
 * form for "before", the intent for "after"), policies applied nowhere included; a device holding
 * the intent has equal views; the diff is empty exactly when the plan is; drivers never read the
 * intent's ledger identities (which the "before" side cannot know for objects gone from the ledger).
 */
import { describe, expect, it } from 'vitest';
import { configOf, heldIntent, ownedConfig, ownedViews, planDiff } from '../../../../agent/push/owned-view.js';
import { unexpressibleOf } from '../../../../agent/push/target.js';
import type { Platform } from '../../../../config/agent/model.js';
import { NS_BASE, element } from '../../../../drivers/netconf/xml.js';
import { canonicalize } from '../../../../drivers/netconf/xml-compare.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { driverFor } from '../../../../drivers/registry.js';
import type { DeviceIntent, ObservedDevice } from '../../../../policies/intent/model.js';
import { observableOf } from '../../../../policies/intent/observable.js';
import { planDevice } from '../../../../policies/plan/build.js';
import { REMOVED_PORTS, rich } from '../../drivers/vendors/support.js';
import { coverageOf } from '../../../support/coverage.js';

const PLATFORMS: readonly Platform[] = ['openconfig', 'huawei-vrp', 'cisco-iosxe', 'junos'];

describe.each(PLATFORMS)('owned views on %s', (platform) => {
  const driver = driverFor(platform);
  const full = rich(platform);
  const smaller = rich(platform, REMOVED_PORTS);
  const coverage = coverageOf(driver);
  /** What a device holding `intent` reads back as, through this driver. */
  const holding = (intent: DeviceIntent): ObservedDevice => driver.parse(configOf(driver.render(intent)), full.scope);
  const plan = (intent: DeviceIntent, observed: ObservedDevice) => planDevice({ intent, observed, unexpressible: unexpressibleOf(driver.capabilities, intent) });

  it('renders a device that holds the intent the same before and after, and shows no diff', () => {
    const observed = holding(full.intent);
    expect(observed).toEqual(observableOf(full.intent, coverage));
    const { before, after } = ownedViews(driver, full.intent, observed);
    expect(before).toBe(after);
    expect(before.split('\n').length).toBeGreaterThan(50);
    expect(planDiff(driver, full.intent, observed, plan(full.intent, observed))).toBeUndefined();
  });

  it('shows the device as read: the parser reads the "before" view back as the observed state, extra tenants and policies applied nowhere included', () => {
    // The device holds the rich intent, one of its policies lost both applications, and the
    // intent is the smaller one (three tenants gone from the ledger).
    const held = holding(full.intent);
    const lost = held.policers.find((p) => p.owner === 'pc-rich0004');
    expect(lost?.at).not.toBeNull();
    const observed: ObservedDevice = { ...held, policers: held.policers.map((p) => (p.owner === 'pc-rich0004' ? { ...p, at: null } : p)) };
    const { held: asIntent, unapplied } = heldIntent(smaller.intent, observed);
    expect(unapplied.map((p) => p.owner)).toEqual(['pc-rich0004']);
    const before = ownedConfig(driver, asIntent, unapplied);
    expect(driver.parse(before, full.scope)).toEqual(observed);
    const text = ownedViews(driver, smaller.intent, observed).before;
    expect(text).not.toMatch(/98765432\d/);
    // The "after" view is the smaller intent, read back exactly.
    expect(driver.parse(parseXml(ownedViews(driver, smaller.intent, observed).after), full.scope)).toEqual(observableOf(smaller.intent, coverage));
  });

  it('diffs exactly the changed statements: a tenant removed, a rate changed', () => {
    const observed = holding(full.intent);
    const changed: DeviceIntent = {
      ...smaller.intent,
      policers: smaller.intent.policers.map((p) => (p.owner === 'pc-rich0002' ? { ...p, rateBps: 300e6, burstBytes: 3_750_000 } : p)),
    };
    const p = plan(changed, observed);
    const diff = planDiff(driver, changed, observed, p) ?? '';
    expect(diff).toMatch(/^--- dut owned configuration \(running, as read\)\n\+\+\+ dut owned configuration \(after apply\)\n@@ /);
    const added = diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    const removed = diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));
    // Added lines only carry the new rate and burst of pc-rich0002 (in the platform's units) and
    // structure around it; nothing of the removed tenants comes back.
    expect(added.join('\n')).not.toMatch(/pc-rich000[139]\b/);
    expect(added.join('\n')).toMatch(/300000000|300000|300m/);
    expect(removed.join('\n')).toMatch(/pc-rich0003/);
    expect(removed.length).toBeGreaterThan(added.length);
  });
});

describe('drivers never read the ledger identity of an intent', () => {
  it.each(PLATFORMS)('%s renders the same whatever the refs say', (platform) => {
    const driver = driverFor(platform);
    const { intent } = rich(platform);
    const other: DeviceIntent = {
      ...intent,
      subinterfaces: intent.subinterfaces.map((s) => ({ ...s, ref: { sharedPortId: 'x', tenant: 'y', circuitId: 'z', vlan: 4095, status: 'deleted' } })),
      policers: intent.policers.map((p) => ({ ...p, ref: { sharedPortId: 'x', tenant: 'y', circuitId: 'z', vlan: 4095, status: 'deleted' } })),
    };
    expect(driver.render(other)).toEqual(driver.render(intent));
  });
});

describe('configOf', () => {
  it('drops what the edit removes and the edit marks, NETCONF and Junos alike', () => {
    const edit = parseXml(`<config xmlns="${NS_BASE}" xmlns:nc="${NS_BASE}">
      <a xmlns="urn:x"><b nc:operation="replace"><c>1</c></b><d nc:operation="remove"/><e nc:operation="delete"><f>2</f></e></a></config>`);
    const want = parseXml(`<config xmlns="${NS_BASE}"><a xmlns="urn:x"><b><c>1</c></b></a></config>`);
    expect(canonicalize(configOf(edit), { ignoreAttributes: false })).toBe(canonicalize(want, { ignoreAttributes: false }));
    const junos = element('configuration', {
      children: [element('policer', { attributes: { replace: 'replace' }, children: [element('name', { text: 'p' })] }), element('unit', { attributes: { delete: 'delete' } })],
    });
    expect(configOf(junos)).toEqual(element('configuration', { children: [element('policer', { children: [element('name', { text: 'p' })] })] }));
  });
});
