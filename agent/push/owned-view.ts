/**
 * The plan as the engineer reads a config change: the configuration the agent owns on a device,
 * BEFORE (what it holds now) and AFTER apply, in the platform's own XML, and the unified diff of
 * the two.
 *
 * Both sides are rendered by the device's driver from the vendor-neutral form, so they share one
 * canonical shape and order and differ exactly where the plan's changes are:
 * - before = the observed form the plan compared (the owned objects parsed from the get-config
 *   reply) rendered as if it were an intent;
 * - after = the intent, which is what the device holds once apply succeeds (apply verifies it by
 *   reading back: the re-plan must be empty).
 * Edit operations are taken out: objects the edit removes are not in a view, `replace`/`merge`
 * marks are dropped. Not shown, on either side: what the agent does not own (foreign objects,
 * the operator's statements on a tenant interface, e.g. addresses) and what the parser does not
 * read. An owned policy applied nowhere (or in one direction only: the plan's `appliedAt: null`) is
 * shown without an application. Drivers never read an intent's ledger identity (`ref`; the unit
 * tests check it), so the objects that are only on the device carry the identity read back from it.
 */
import type { VendorDriver } from '../../drivers/driver.js';
import { NS_BASE, type XmlElement } from '../../drivers/netconf/xml.js';
import type { Attachpoint, DeviceIntent, LedgerRef, ObservedDevice, PolicerIntent, SubinterfaceIntent } from '../../policies/intent/model.js';
import type { DevicePlan } from '../../policies/plan/model.js';
import { unifiedDiff } from '../../policies/plan/unified-diff.js';
import { prettyXml } from './pretty-xml.js';

const key = (at: Attachpoint): string => `${at.port}\u0000${at.vlan}`;

/** The identity of an object that is on the device but not in the ledger's intent, as read back from it. */
function readRef(owner: string, vlan: number, description: string, enabled: boolean): LedgerRef {
  const tenant = /(?:^|\s)tenant=(\S+)/.exec(description)?.[1] ?? '';
  return { sharedPortId: owner, tenant, circuitId: '', vlan, status: enabled ? 'enabled' : 'terminated' };
}

/**
 * What the device holds now, as far as the agent owns it, in the shape `driver.render` takes: the
 * owned subinterfaces and the owned policers applied in both directions (`applied`), ARP and ICMP
 * as read. Policers applied nowhere are returned apart (`unapplied`): render needs an attachpoint.
 */
export function heldIntent(intent: DeviceIntent, observed: ObservedDevice): { readonly held: DeviceIntent; readonly unapplied: readonly PolicerIntent[] } {
  const wantedSubs = new Map(intent.subinterfaces.map((s) => [key(s), s]));
  const wantedPolicers = new Map(intent.policers.map((p) => [p.owner, p]));
  const subinterfaces: SubinterfaceIntent[] = [];
  for (const s of observed.subinterfaces) {
    if (s.owner === null) continue;
    const { owner, ...spec } = s;
    const wanted = wantedSubs.get(key(s));
    subinterfaces.push({ ...spec, ref: wanted?.ref.sharedPortId === owner ? wanted.ref : readRef(owner, s.vlan, s.description, s.enabled) });
  }
  const applied: PolicerIntent[] = [];
  const unapplied: PolicerIntent[] = [];
  for (const p of observed.policers) {
    const wanted = wantedPolicers.get(p.owner);
    const ref = wanted?.ref ?? readRef(p.owner, p.at?.vlan ?? 0, '', true);
    if (p.at === null) unapplied.push({ owner: p.owner, rateBps: p.rateBps, burstBytes: p.burstBytes, at: { port: '', vlan: 0 }, ref });
    else applied.push({ owner: p.owner, rateBps: p.rateBps, burstBytes: p.burstBytes, at: p.at, ref });
  }
  return { held: { ...intent, subinterfaces, policers: applied, arp: observed.arp, icmp: observed.icmp }, unapplied };
}

/** Whether `el` is taken out of the configuration by the edit (NETCONF remove/delete, Junos delete="delete"). */
function removed(el: XmlElement): boolean {
  return el.attributes.some((a) =>
    (a.namespace === NS_BASE && a.name === 'operation' && (a.value === 'remove' || a.value === 'delete')) ||
    (a.namespace === '' && a.name === 'delete' && a.value === 'delete'));
}

/** The configuration an edit states: removed elements dropped, edit marks (nc:operation, Junos replace/delete) taken off. */
export function configOf(edit: XmlElement): XmlElement {
  const attributes = edit.attributes.filter((a) => !(a.namespace === NS_BASE && a.name === 'operation') && !(a.namespace === '' && (a.name === 'replace' || a.name === 'delete')));
  return { ...edit, attributes, children: edit.children.filter((c) => !removed(c)).map(configOf) };
}

/** Whether any text under `el` contains `token`. */
function mentions(el: XmlElement, token: string): boolean {
  return el.text.includes(token) || el.children.some((c) => mentions(c, token));
}

/** Drops every element holding a leaf whose text contains `token`, and the containers that held only those. */
function without(el: XmlElement, token: string): XmlElement | undefined {
  if (el.children.some((c) => c.children.length === 0 && c.text.includes(token))) return undefined;
  if (el.children.length === 0) return el;
  const children = el.children.map((c) => without(c, token)).filter((c): c is XmlElement => c !== undefined);
  return children.length === 0 ? undefined : { ...el, children };
}

const byOwner = (a: PolicerIntent, b: PolicerIntent): number => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0);

/**
 * The configuration `intent` makes the device hold, in the platform's XML. Policers in
 * `unapplied` are shown as their policy alone: they are rendered at a placeholder attachpoint (a
 * port of the device whose last number is replaced by digits found nowhere else in the view) and
 * the entries naming it are taken out again. Throws what `driver.render` throws (DriverError
 * NAME_INVALID).
 */
export function ownedConfig(driver: VendorDriver, intent: DeviceIntent, unapplied: readonly PolicerIntent[] = []): XmlElement {
  const base = configOf(driver.render(intent));
  if (unapplied.length === 0) return base;
  let token = 987_654_321;
  while (mentions(base, String(token)) || unapplied.some((p) => p.owner.includes(String(token)))) token++;
  const digits = String(token);
  // A port name of the platform's own form passes the driver's name checks; the generic forms
  // cover a device with no port in the view.
  const ports = [...intent.subinterfaces.map((x) => x.port), ...intent.policers.map((p) => p.at.port)].slice(0, 1);
  const candidates = [...ports, 'GigabitEthernet0/0/1', 'ge-0/0/1'].map((p) => (/\d+$/.test(p) ? p.replace(/\d+$/, digits) : `${p}${digits}`));
  let lastError: unknown;
  for (const port of candidates) {
    const placed = unapplied.map((p) => ({ ...p, at: { port, vlan: 0 } }));
    let rendered: XmlElement;
    try {
      rendered = configOf(driver.render({ ...intent, policers: [...intent.policers, ...placed].sort(byOwner) }));
    } catch (error: unknown) {
      lastError = error;
      continue;
    }
    return without(rendered, digits) ?? { ...rendered, children: [] };
  }
  throw lastError;
}

/** Indented XML text of a configuration, with a final newline. */
function text(config: XmlElement): string {
  return `${prettyXml(config)}\n`;
}

/** The before and after views of a planned device (see the module comment). Throws what `driver.render` throws. */
export function ownedViews(driver: VendorDriver, intent: DeviceIntent, observed: ObservedDevice): { readonly before: string; readonly after: string } {
  const { held, unapplied } = heldIntent(intent, observed);
  return { before: text(ownedConfig(driver, held, unapplied)), after: text(ownedConfig(driver, intent)) };
}

/**
 * The unified diff (3 lines of context) of the owned configuration of a planned device, before →
 * after apply; undefined when the plan has no changes (a device that holds the intent shows no
 * diff, never a fabricated one). Throws what `driver.render` throws.
 */
export function planDiff(driver: VendorDriver, intent: DeviceIntent, observed: ObservedDevice, plan: DevicePlan): string | undefined {
  if (plan.changes.length === 0) return undefined;
  const { before, after } = ownedViews(driver, intent, observed);
  return unifiedDiff(before, after, { fromLabel: `${plan.device} owned configuration (running, as read)`, toLabel: `${plan.device} owned configuration (after apply)` });
}
