/**
 * junos `limits`: ddos-protection ARP flow detection (per source) and family inet ARP policers (per
 * port); ICMP from the ddos-protection aggregate, icmpv4-rate-limit (default listed) and the lo0
 * input filters' policers (term order, bit/s → pps); what makes the ICMP coverage incomplete.
 * Replies: the hand-written limits-running.xml and rich-running.xml (see docs/platforms.md), the
 * render of an intent, and small configurations written here.
 */
import { describe, expect, it } from 'vitest';
import { DriverError, type DeviceLimits, type ParseScope } from '../../../../drivers/driver.js';
import type { XmlElement } from '../../../../drivers/netconf/xml.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { JUNOS_ICMPV4_RATE_LIMIT_DEFAULT } from '../../../../drivers/vendors/junos-limits.js';
import { junosDriver as driver } from '../../../../drivers/vendors/junos.js';
import { recorded, rich } from './support.js';

const XNM = 'http://xml.juniper.net/xnm/1.1/xnm';
const scope: ParseScope = { ownershipPrefix: 'ecpa:', ports: ['ge-0/0/3'] };

function limitsOf(data: XmlElement, s: ParseScope = scope): DeviceLimits {
  const limits = driver.limits?.(data, s);
  if (limits === undefined) throw new Error('the junos driver has no limits()');
  return limits;
}

const config = (body: string): XmlElement => parseXml(`<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><configuration xmlns="${XNM}">${body}</configuration></data>`);
const ICMP_1000 = '<system><ddos-protection><protocols><icmp><aggregate><bandwidth>1000</bandwidth></aggregate></icmp></protocols></ddos-protection></system>';
const lo0 = (filter: string): string => `<interfaces><interface><name>lo0</name><unit><name>0</name><family><inet><filter>${filter}</filter></inet></family></unit></interface></interfaces>`;
const policer = (name: string, limit: string, then = '<discard/>'): string => `<policer><name>${name}</name><if-exceeding><bandwidth-limit>${limit}</bandwidth-limit><burst-size-limit>15k</burst-size-limit></if-exceeding><then>${then}</then></policer>`;
const term = (name: string, from: string, then: string): string => `<term><name>${name}</name>${from === '' ? '' : `<from>${from}</from>`}<then>${then}</then></term>`;
const filter = (name: string, ...terms: string[]): string => `<filter><name>${name}</name>${terms.join('')}</filter>`;
const firewall = (filters: string, policers: string): string => `<firewall><family><inet>${filters}</inet></family>${policers}</firewall>`;
const LO0 = 'configuration/interfaces/interface[lo0]/unit[0]/family/inet/filter';

describe('junos limits: ICMP', () => {
  it("reads the hand-written reply: the agent's 1000 pps aggregate, the operator's 300 pps icmpv4-rate-limit and lo0 ICMP policers", () => {
    const limits = limitsOf(recorded('junos', 'limits-running.xml'));
    const filterPath = `${LO0}/input[PROTECT-RE] → firewall/family/inet/filter[PROTECT-RE]`;
    expect(limits.icmp).toEqual([
      { pps: 1000, scope: 'control-plane', origin: 'configured', source: 'configuration/system/ddos-protection/protocols/icmp/aggregate/bandwidth', note: 'ddos-protection policer of ICMP to the Routing Engine, burst 2000 packets' },
      { pps: 300, scope: 'control-plane', origin: 'configured', source: 'configuration/system/internet-options/icmpv4-rate-limit/packet-rate', note: 'limits the ICMPv4 messages the Routing Engine sends, the echo replies included' },
      {
        pps: 1953, scope: 'control-plane', origin: 'configured', source: `${filterPath}/term[ICMP-MGMT]/then/policer[ICMP-MGMT] → firewall/policer[ICMP-MGMT]/if-exceeding/bandwidth-limit`,
        note: 'possibly ICMP: from source-prefix-list MGMT (not resolved: ICMP echo requests may match), from protocol icmp; 2000000 bit/s converted at 128 bytes per echo request (rounded down)',
      },
      {
        pps: 976, scope: 'control-plane', origin: 'configured', source: `${filterPath}/term[ICMP]/then/policer[ICMP-1M] → firewall/policer[ICMP-1M]/if-exceeding/bandwidth-limit`,
        note: 'carries ICMP: from protocol icmp; 1000000 bit/s converted at 128 bytes per echo request (rounded down)',
      },
    ]);
    // The REST term (every packet, a policer that is not configured) comes after the term that takes all ICMP: never reached by ICMP.
    expect(limits.icmpCoverage).toEqual({ complete: true, note: expect.stringContaining('ddos-protection ICMP aggregate is explicit') });
  });

  it("reads the agent's own aggregate from the rich reply, with the icmpv4-rate-limit default listed", () => {
    const { scope: richScope } = rich('junos');
    const limits = limitsOf(recorded('junos', 'rich-running.xml'), richScope);
    expect(limits.icmp).toEqual([expect.objectContaining({ pps: 1000, origin: 'configured' }), JUNOS_ICMPV4_RATE_LIMIT_DEFAULT]);
    expect(JUNOS_ICMPV4_RATE_LIMIT_DEFAULT).toMatchObject({ pps: 1000, origin: 'platform-default' });
    expect(limits.icmpCoverage.complete).toBe(true);
  });

  it('reads what the driver renders: an intent ICMP limit of 300 pps is read back as 300 pps', () => {
    const { intent, scope: s } = rich('junos');
    const rendered = driver.render({ ...intent, icmp: { pps: 300 } });
    expect(limitsOf(rendered, s).icmp[0]).toMatchObject({ pps: 300, source: 'configuration/system/ddos-protection/protocols/icmp/aggregate/bandwidth', note: expect.stringContaining('burst 600 packets') });
  });

  it('without an explicit ddos-protection ICMP aggregate, the coverage is incomplete: the release default is unknown', () => {
    const limits = limitsOf(config(''));
    expect(limits.icmp).toEqual([JUNOS_ICMPV4_RATE_LIMIT_DEFAULT]);
    expect(limits.icmpCoverage).toEqual({ complete: false, reason: expect.stringMatching(/no configuration\/system\/ddos-protection\/protocols\/icmp\/aggregate\/bandwidth: .*22\.3R1/) });
  });

  it('follows term order: terms that cannot carry ICMP are skipped, a term after one taking all ICMP is never reached; next term continues', () => {
    const terms = filter('F',
      term('TCP', '<protocol>tcp</protocol>', '<policer>P8K</policer><accept/>'),
      term('PORT', '<destination-port>ssh</destination-port>', '<policer>P8K</policer><accept/>'),
      term('NOT-ECHO', '<protocol>icmp</protocol><icmp-type>unreachable</icmp-type>', '<policer>P8K</policer><accept/>'),
      term('COUNT', '<protocol>icmp</protocol>', '<policer>P2M</policer><next>term</next>'),
      term('ECHO', '<protocol>icmp</protocol><icmp-type>echo-request</icmp-type>', '<policer>P1M</policer><accept/>'),
      term('AFTER', '', '<policer>P8K</policer><accept/>'));
    const limits = limitsOf(config(ICMP_1000 + lo0('<input>F</input>') + firewall(terms, policer('P8K', '8k') + policer('P1M', '1m') + policer('P2M', '2m'))));
    expect(limits.icmp.slice(2).map((l) => [l.pps, l.source.split(' → ')[1]])).toEqual([
      [1953, 'firewall/family/inet/filter[F]/term[COUNT]/then/policer[P2M]'],
      [976, 'firewall/family/inet/filter[F]/term[ECHO]/then/policer[P1M]'],
    ]);
  });

  it('walks an input-list as one chain and expands nested filters; a policer that only marks is no limit', () => {
    const filters = filter('FIRST', term('MARK', '<protocol>icmp</protocol><source-address><name>10.0.0.0/8</name></source-address>', '<policer>MARK</policer><accept/>'))
      + filter('SECOND', '<term><name>SHARED</name><filter>COMMON</filter></term>')
      + filter('COMMON', term('ICMP', '<protocol>1</protocol>', '<policer>P600K</policer><accept/>'));
    const policers = policer('MARK', '1m', '<loss-priority>high</loss-priority>') + policer('P600K', '600k');
    const limits = limitsOf(config(ICMP_1000 + lo0('<input-list>FIRST</input-list><input-list>SECOND</input-list>') + firewall(filters, policers)));
    expect(limits.icmp.slice(2)).toEqual([expect.objectContaining({
      pps: 585,
      source: `${LO0}/input-list[SECOND] → firewall/family/inet/filter[COMMON]/term[ICMP]/then/policer[P600K] → firewall/policer[P600K]/if-exceeding/bandwidth-limit`,
    })]);
  });

  it('makes the coverage incomplete for a policer that is not configured, a rate in percent, and configuration groups', () => {
    const missing = limitsOf(config(ICMP_1000 + lo0('<input>F</input>') + firewall(filter('F', term('ICMP', '<protocol>icmp</protocol>', '<policer>NOPE</policer><accept/>')), '')));
    expect(missing.icmpCoverage).toEqual({ complete: false, reason: expect.stringContaining('term[ICMP]/then/policer[NOPE]: firewall/policer[NOPE] is not in the configuration') });
    const pct = '<policer><name>PCT</name><if-exceeding><bandwidth-percent>10</bandwidth-percent><burst-size-limit>15k</burst-size-limit></if-exceeding><then><discard/></then></policer>';
    const percent = limitsOf(config(ICMP_1000 + lo0('<input>F</input>') + firewall(filter('F', term('ICMP', '', '<policer>PCT</policer><accept/>')), pct)));
    expect(percent.icmpCoverage).toEqual({ complete: false, reason: expect.stringContaining('bandwidth-percent') });
    const groups = limitsOf(config(`<apply-groups>RE-PROTECT</apply-groups>${ICMP_1000}`));
    expect(groups.icmpCoverage).toEqual({ complete: false, reason: expect.stringContaining('apply-groups RE-PROTECT: configuration groups may set ICMP limits') });
  });

  it('refuses a malformed bandwidth with its path', () => {
    const bad = config(ICMP_1000 + lo0('<input>F</input>') + firewall(filter('F', term('ICMP', '<protocol>icmp</protocol>', '<policer>BAD</policer><accept/>')), policer('BAD', 'fast')));
    expect(() => limitsOf(bad)).toThrow(DriverError);
    expect(() => limitsOf(bad)).toThrow(/firewall\/policer\[BAD\]\/if-exceeding\/bandwidth-limit: 'fast'/);
  });
});

describe('junos limits: ARP', () => {
  it('reads the per-subscriber flow-detection limit and a per-port family inet ARP policer (bit/s at 28 bytes per ARP packet, rounded up)', () => {
    const limits = limitsOf(recorded('junos', 'limits-running.xml'));
    expect(limits.arp).toEqual([
      { scope: 'per-source', pps: 1, source: 'configuration/system/ddos-protection/protocols/arp/aggregate/flow-level-bandwidth/subscriber (flow detection on, per subscriber)' },
      {
        scope: 'per-port', pps: 36, at: { port: 'ge-0/0/3', vlan: 0 },
        source: 'configuration/interfaces/interface[ge-0/0/3]/unit[0]/family/inet/policer/arp[ARP-8K] → firewall/policer[ARP-8K]/if-exceeding/bandwidth-limit (8000 bit/s at 28 bytes per ARP packet, rounded up)',
      },
    ]);
    expect(limits.arpCoverage).toBeUndefined();
  });

  it('reports no per-source limit when flow detection does not police (no global flow-detection, or subscriber control keep)', () => {
    const arp = (global: string, control: string): string => `<system><ddos-protection>${global}<protocols><arp><aggregate><flow-detection-mode>on</flow-detection-mode>`
      + `<flow-level-detection><subscriber>on</subscriber></flow-level-detection><flow-level-bandwidth><subscriber>1</subscriber></flow-level-bandwidth>`
      + `<flow-level-control><subscriber>${control}</subscriber></flow-level-control></aggregate></arp></protocols></ddos-protection></system>`;
    expect(limitsOf(config(arp('', 'police'))).arp).toEqual([]);
    expect(limitsOf(config(arp('<global><flow-detection/></global>', 'keep'))).arp).toEqual([]);
    expect(limitsOf(config(arp('<global><flow-detection/></global>', 'police'))).arp).toEqual([expect.objectContaining({ scope: 'per-source', pps: 1 })]);
  });

  it('reports an explicit ddos-protection ARP aggregate bandwidth as a device-wide aggregate limit', () => {
    const xml = '<system><ddos-protection><protocols><arp><aggregate><bandwidth>400</bandwidth></aggregate></arp></protocols></ddos-protection></system>';
    expect(limitsOf(config(xml)).arp).toEqual([
      { scope: 'aggregate', pps: 400, source: 'configuration/system/ddos-protection/protocols/arp/aggregate/bandwidth (pps, all ARP to the routing engine)' },
    ]);
  });

  it('finds no ARP limit when the intent sets none (the lab scenario "no ARP limit")', () => {
    const { intent, scope: s } = rich('junos');
    expect(limitsOf(driver.render({ ...intent, arp: null }), s).arp).toEqual([]);
  });
});

describe('junos filter', () => {
  it('selects lo0, the firewall filters, icmpv4-rate-limit and apply-groups besides what parse reads; parse is unchanged', () => {
    const f = driver.filter({ ownershipPrefix: 'ecpa:', ports: ['ge-0/0/1'] });
    const cfg = f.children[0];
    expect(cfg?.children.map((c) => c.name)).toEqual(['apply-groups', 'interfaces', 'firewall', 'system']);
    const names = (el: XmlElement | undefined): string[] => el?.children.map((c) => c.children.find((k) => k.name === 'name')?.text ?? c.name) ?? [];
    expect(names(cfg?.children[1])).toEqual(['apply-groups', 'ge-0/0/1', 'lo0']);
    expect(names(cfg?.children[2])).toEqual(['policer', 'filter', 'family']);
    expect(names(cfg?.children[3])).toEqual(['apply-groups', 'ddos-protection', 'internet-options']);
    expect(driver.parse(recorded('junos', 'limits-running.xml'), scope)).toEqual({ subinterfaces: [], policers: [], arp: { ppsPerSource: 1 }, icmp: { pps: 1000 } });
  });
});
