/**
 * Every ARP and ICMP limit of an IOS-XE device in a get-config reply of the driver's filter, the
 * agent's own and the operator's (DeviceLimits), each with the path it was read from:
 * - ARP: Dynamic ARP Inspection `ip arp inspection limit rate N` on every interface of the reply
 *   (per port: one aggregate limit per interface or subinterface);
 * - ICMP: the control-plane service-policy (CoPP, cisco-iosxe-copp.ts), and the fixed Catalyst 9000
 *   `system-cpp-policy` class `system-cpp-police-forus` default of 4000 pps (listed as a platform
 *   default unless the configuration sets that class's rate). Routers have no default CoPP.
 * Pure.
 */
import { byAttachpoint } from '../../policies/intent/build.js';
import type { ArpLimiter, IcmpLimiter } from '../../policies/compliance/live/model.js';
import { DriverError, type DeviceLimits, type ParseScope } from '../driver.js';
import type { XmlElement } from '../netconf/xml.js';
import { CAT9K_CPP_POLICY, CAT9K_FORUS_CLASS, readCopp } from './cisco-iosxe-copp.js';
import { XE_NATIVE } from './cisco-iosxe-ns.js';
import { at, text, uint } from './tree.js';

/** The Catalyst 9000 CoPP default that applies to ICMP echo requests to the device (vendors.md §3.1 (d)). */
export const CAT9K_FORUS_DEFAULT: IcmpLimiter = {
  pps: 4000,
  scope: 'control-plane',
  origin: 'platform-default',
  source: `Catalyst 9000 ${CAT9K_CPP_POLICY} class ${CAT9K_FORUS_CLASS} default rate (not in the configuration; show policy-map control-plane)`,
  note: 'applies on Catalyst 9000 only (IOS-XE routers have no default CoPP); shared with ARP and management traffic to the device',
};

/** Interface entries of native/interface: every list (any type), and the lists one level down (Port-channel-subinterface/Port-channel). */
function interfaceEntries(data: XmlElement): { type: string; el: XmlElement }[] {
  const out: { type: string; el: XmlElement }[] = [];
  for (const c of at(data, XE_NATIVE, 'native', 'interface')?.children ?? []) {
    if (text(c, XE_NATIVE, 'name') !== undefined) out.push({ type: c.name, el: c });
    else for (const g of c.children) if (text(g, XE_NATIVE, 'name') !== undefined) out.push({ type: g.name, el: g });
  }
  return out;
}

/** DAI `ip arp inspection limit rate` of every interface in the reply (`limit none` = no limit), by attachpoint. */
function daiLimits(data: XmlElement): ArpLimiter[] {
  const out: ArpLimiter[] = [];
  for (const { type, el } of interfaceEntries(data)) {
    const name = text(el, XE_NATIVE, 'name') ?? '';
    const where = `native/interface/${type}[name=${name}]`;
    const rate = uint(el, XE_NATIVE, where, 'ip', 'arp', 'inspection', 'limit', 'rate');
    if (rate === undefined) continue;
    const [number = '', sub] = name.split('.', 2);
    let vlan = 0;
    if (sub !== undefined) {
      vlan = uint(el, XE_NATIVE, where, 'encapsulation', 'dot1Q', 'vlan-id') ?? Number(sub);
      if (!Number.isSafeInteger(vlan)) throw new DriverError('PARSE_FAILED', `${where}: '${sub}' is not a subinterface number`);
    }
    out.push({ scope: 'per-port', pps: rate, at: { port: `${type}${number}`, vlan }, source: `${where}/ip/arp/inspection/limit/rate` });
  }
  return out.sort((a, b) => byAttachpoint(a.at ?? { port: '', vlan: 0 }, b.at ?? { port: '', vlan: 0 }));
}

/** DeviceLimits of an IOS-XE get-config `<data>` (the driver's filter). Throws DriverError PARSE_FAILED on a malformed value. */
export function ciscoIosxeLimits(data: XmlElement, _scope: ParseScope): DeviceLimits {
  const copp = readCopp(data);
  const icmp = copp.forusConfigured ? copp.icmp : [...copp.icmp, CAT9K_FORUS_DEFAULT];
  const icmpCoverage = copp.unread.length > 0
    ? { complete: false as const, reason: `a control-plane police action that may apply to ICMP could not be read: ${copp.unread.join('; ')}` }
    : {
      complete: true as const,
      note: 'IOS-XE limits ICMP to the device only in the control-plane service-policy (read from native/control-plane/service-policy and native/policy) '
        + `and, on Catalyst 9000, in the fixed ${CAT9K_CPP_POLICY} (its ${CAT9K_FORUS_CLASS} default is listed); IOS-XE routers have no default CoPP`,
    };
  return { arp: daiLimits(data), icmp, icmpCoverage };
}
