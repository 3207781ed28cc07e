/**
 * cisco-iosxe `limits`: DAI per port, the control-plane policy's police rates on classes that can
 * carry ICMP (in IOS class order), bit/s → pps, the Catalyst 9000 default, and what makes the
 * ICMP coverage incomplete. Replies are the recorded netconfd one (copp-running.xml) and small
 * ones written here in the same Cisco-IOS-XE-native / -policy shape.
 */
import { describe, expect, it } from 'vitest';
import { DriverError, type DeviceLimits, type ParseScope } from '../../../../drivers/driver.js';
import type { XmlElement } from '../../../../drivers/netconf/xml.js';
import { parseXml } from '../../../../drivers/netconf/xml-parse.js';
import { CAT9K_FORUS_DEFAULT } from '../../../../drivers/vendors/cisco-iosxe-limits.js';
import { ciscoIosxeDriver as driver } from '../../../../drivers/vendors/cisco-iosxe.js';
import { recorded, rich } from './support.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const POLICY = 'http://cisco.com/ns/yang/Cisco-IOS-XE-policy';
const scope: ParseScope = { ownershipPrefix: 'ecpa:', ports: [] };

function limitsOf(data: XmlElement, s: ParseScope = scope): DeviceLimits {
  const limits = driver.limits?.(data, s);
  if (limits === undefined) throw new Error('the cisco-iosxe driver has no limits()');
  return limits;
}

/** A get-config reply: `interfaces` inside native/interface, `cp` the control-plane service-policy content, `policy` inside native/policy (policy namespace). */
function reply(opts: { interfaces?: string; cp?: string; policy?: string }): XmlElement {
  return parseXml(`<data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><native xmlns="${NATIVE}">`
    + (opts.interfaces === undefined ? '' : `<interface>${opts.interfaces}</interface>`)
    + (opts.cp === undefined ? '' : `<control-plane><service-policy xmlns="${POLICY}">${opts.cp}</service-policy></control-plane>`)
    + (opts.policy === undefined ? '' : `<policy>${opts.policy.replaceAll('<policy-map>', `<policy-map xmlns="${POLICY}">`).replaceAll('<class-map>', `<class-map xmlns="${POLICY}">`)}</policy>`)
    + '</native></data>');
}

const police = (inner: string): string => `<action-list><action-type>police</action-type>${inner}</action-list>`;
const pps = (n: number): string => police(`<police-rate-unit><police><rate><units>${n}</units><xps>pps</xps></rate></police></police-rate-unit>`);
const cir = (bps: number, actions = ''): string => police(`<police-policy-map><police><cir>${bps}</cir>${actions}</police></police-policy-map>`);
const cls = (name: string, ...actions: string[]): string => `<class><name>${name}</name>${actions.join('')}</class>`;
const classMap = (name: string, prematch: 'match-all' | 'match-any', match: string): string => `<class-map><name>${name}</name><prematch>${prematch}</prematch><match>${match}</match></class-map>`;
const ICMP = '<protocol><protocols-list><protocols>icmp</protocols></protocols-list></protocol>';
const copp = (...classes: string[]): string => `<policy-map><name>COPP</name>${classes.join('')}</policy-map>`;
const PATH = 'native/control-plane/service-policy/input[COPP] → native/policy/policy-map[COPP]';

describe('cisco-iosxe limits: ICMP (control-plane policing)', () => {
  it('reads the recorded operator CoPP: 300 pps on the ICMP class, 8 Mbit/s possibly-ICMP ACL class, class-default hidden behind the ICMP class', () => {
    const limits = limitsOf(recorded('cisco-iosxe', 'copp-running.xml'));
    const op = 'native/control-plane/service-policy/input[OPERATOR-COPP] → native/policy/policy-map[OPERATOR-COPP]';
    expect(limits.icmp).toEqual([
      {
        pps: 7812, scope: 'control-plane', origin: 'configured', source: `${op}/class[OPERATOR-MGMT]/action-list[police]/police-policy-map/police/cir`,
        note: 'possibly ICMP: class-map OPERATOR-MGMT match-all: match access-group name MGMT-ACL (the ACL is not read: treated as possibly ICMP); 8000000 bit/s converted at 128 bytes per echo request (rounded down)',
      },
      { pps: 300, scope: 'control-plane', origin: 'configured', source: `${op}/class[OPERATOR-ICMP]/action-list[police]/police-rate-unit/police/rate/units`, note: 'carries ICMP: class-map OPERATOR-ICMP match-any: match protocol icmp' },
      CAT9K_FORUS_DEFAULT,
    ]);
    expect(limits.icmpCoverage).toEqual({ complete: true, note: expect.stringContaining('control-plane service-policy') });
  });

  it('without a control-plane policy lists only the Catalyst 9000 default, and says the list is complete', () => {
    const limits = limitsOf(reply({}));
    expect(limits.icmp).toEqual([CAT9K_FORUS_DEFAULT]);
    expect(CAT9K_FORUS_DEFAULT).toMatchObject({ pps: 4000, origin: 'platform-default', note: expect.stringContaining('Catalyst 9000 only') });
    expect(limits.icmpCoverage.complete).toBe(true);
  });

  it('reads a class-default police cir in bit/s as echo requests per second at 128 bytes, rounded down', () => {
    const limits = limitsOf(reply({ cp: '<input>COPP</input>', policy: copp(cls('class-default', cir(1_000_000))) }));
    expect(limits.icmp[0]).toEqual({
      pps: 976, scope: 'control-plane', origin: 'configured', source: `${PATH}/class[class-default]/action-list[police]/police-policy-map/police/cir`,
      note: 'carries ICMP: class-default (every packet no earlier class took); 1000000 bit/s converted at 128 bytes per echo request (rounded down)',
    });
  });

  it('evaluates classes in order with class-default last: a class taking all ICMP hides the ones after it', () => {
    const policy = copp(cls('class-default', pps(100)), cls('ICMP', pps(1000)), cls('LATER', pps(50)))
      + classMap('ICMP', 'match-any', ICMP) + classMap('LATER', 'match-any', '<any/>');
    const limits = limitsOf(reply({ cp: '<input>COPP</input>', policy }));
    expect(limits.icmp.map((l) => [l.pps, l.source.replace(`${PATH}/`, '')])).toEqual([
      [1000, 'class[ICMP]/action-list[police]/police-rate-unit/police/rate/units'],
      [4000, CAT9K_FORUS_DEFAULT.source],
    ]);
  });

  it('judges match statements: match-all with a non-ICMP protocol carries none; match not icmp carries none; dscp is possibly; nested class-maps are followed', () => {
    const policy = copp(cls('WEB', pps(10)), cls('NOT-ICMP', pps(20)), cls('DSCP', pps(30)), cls('NESTED', pps(40)), cls('class-default', pps(2000)))
      + classMap('WEB', 'match-all', '<protocol><protocols-list><protocols>http</protocols></protocols-list></protocol><any/>')
      + classMap('NOT-ICMP', 'match-all', `<not>${ICMP}</not>`)
      + classMap('DSCP', 'match-any', '<dscp>cs6</dscp>')
      + classMap('NESTED', 'match-all', '<class-map>WEB</class-map>');
    const limits = limitsOf(reply({ cp: '<input>COPP</input>', policy }));
    expect(limits.icmp.map((l) => [l.pps, l.origin, l.note?.startsWith('possibly ICMP') ?? false])).toEqual([[30, 'configured', true], [2000, 'configured', false], [4000, 'platform-default', false]]);
    expect(limits.icmp[0]?.note).toContain('match dscp (not resolved');
  });

  it('takes the peak rate when exceed-action transmits and violate-action drops; a policer that drops nothing is no limit; conform-action drop is 0 pps', () => {
    const exceedTransmit = '<actions><exceed-transmit><exceed-action><transmit/></exceed-action></exceed-transmit></actions>';
    const withPir = police(`<police-policy-map><police><cir>800000</cir><pir>2048000</pir><actions><exceed-transmit><exceed-action><transmit/></exceed-action></exceed-transmit><violate-drop><violate-action><drop/></violate-action></violate-drop></actions></police></police-policy-map>`);
    const policy = copp(cls('A', withPir), cls('B', cir(8000, exceedTransmit)), cls('C', cir(8000, '<actions><conform-drop><conform-action><drop/></conform-action></conform-drop></actions>')))
      + classMap('A', 'match-any', '<dscp>ef</dscp>') + classMap('B', 'match-any', '<dscp>af11</dscp>') + classMap('C', 'match-any', '<dscp>af21</dscp>');
    const limits = limitsOf(reply({ cp: '<input>COPP</input>', policy }));
    expect(limits.icmp.map((l) => [l.pps, l.source.replace(`${PATH}/`, '')])).toEqual([
      [2000, 'class[A]/action-list[police]/police-policy-map/police/pir'],
      [0, 'class[C]/action-list[police]/police-policy-map/police/cir'],
      [4000, CAT9K_FORUS_DEFAULT.source],
    ]);
    expect(limits.icmp[0]?.note).toContain('exceed-action transmits: packets are dropped above the peak rate');
  });

  it('follows a child service-policy inside a class, and notes an output policy (echo replies)', () => {
    const child = '<policy-map><name>CHILD</name><class><name>class-default</name>' + pps(700) + '</class></policy-map>';
    const parent = '<policy-map><name>PARENT</name><class><name>class-default</name><action-list><action-type>service-policy</action-type><service-policy>CHILD</service-policy></action-list></class></policy-map>';
    const limits = limitsOf(reply({ cp: '<output>PARENT</output>', policy: parent + child }));
    expect(limits.icmp[0]).toMatchObject({
      pps: 700,
      source: 'native/control-plane/service-policy/output[PARENT] → native/policy/policy-map[PARENT]/class[class-default]/action-list[service-policy] → native/policy/policy-map[CHILD]/class[class-default]/action-list[police]/police-rate-unit/police/rate/units',
      note: expect.stringContaining('output policy: limits what the control plane sends'),
    });
  });

  it('replaces the Catalyst 9000 default when system-cpp-policy sets the forus class, and ignores the other system classes', () => {
    const policy = '<policy-map><name>system-cpp-policy</name>' + cls('system-cpp-police-data', pps(200)) + cls('system-cpp-police-forus', pps(1000)) + '</policy-map>';
    const limits = limitsOf(reply({ cp: '<input>system-cpp-policy</input>', policy }));
    expect(limits.icmp).toEqual([expect.objectContaining({ pps: 1000, origin: 'configured', source: expect.stringContaining('class[system-cpp-police-forus]') })]);
    expect(limits.icmpCoverage.complete).toBe(true);
  });

  it('makes the coverage incomplete, with the path, for a police rate in percent and for a policy that is not in the reply', () => {
    const percent = police('<police-cir-percent><police><cir><percent><percentage>5</percentage></percent></cir></police></police-cir-percent>');
    const inPercent = limitsOf(reply({ cp: '<input>COPP</input>', policy: copp(cls('class-default', percent)) }));
    expect(inPercent.icmpCoverage).toEqual({ complete: false, reason: expect.stringContaining(`${PATH}/class[class-default]/action-list[police]: police in percent of the interface bandwidth`) });
    const missing = limitsOf(reply({ cp: '<input>GONE</input>' }));
    expect(missing.icmpCoverage).toEqual({ complete: false, reason: expect.stringContaining('policy-map GONE is not in the configuration') });
  });

  it('refuses a malformed rate with its path', () => {
    const bad = reply({ cp: '<input>COPP</input>', policy: copp(cls('class-default', police('<police-rate-unit><police><rate><units>lots</units><xps>pps</xps></rate></police></police-rate-unit>'))) });
    expect(() => limitsOf(bad)).toThrow(DriverError);
    expect(() => limitsOf(bad)).toThrow(/policy-map\[COPP\]\/class\[class-default\]\/action-list\[police\]\/police-rate-unit\/police\/rate\/units: 'lots'/);
  });
});

describe('cisco-iosxe limits: ARP (Dynamic ARP Inspection, per port)', () => {
  it("reads the agent's own 1 pps DAI limit on every tenant attachpoint of the recorded rich config", () => {
    const { scope: richScope } = rich('cisco-iosxe');
    const limits = limitsOf(recorded('cisco-iosxe', 'rich-running.xml'), richScope);
    expect(limits.arp.length).toBeGreaterThan(5);
    expect(limits.arp.every((l) => l.scope === 'per-port' && l.pps === 1)).toBe(true);
    expect(limits.arp).toContainEqual({ scope: 'per-port', pps: 1, at: { port: 'GigabitEthernet0/0/1', vlan: 101 }, source: 'native/interface/GigabitEthernet[name=0/0/1.101]/ip/arp/inspection/limit/rate' });
  });

  it('reads every interface of the reply (operator ports too), the VLAN from dot1Q, and skips limit none', () => {
    const limits = limitsOf(reply({
      interfaces: '<GigabitEthernet><name>0/0/7</name><ip><arp><inspection><limit><rate>300</rate></limit></inspection></arp></ip></GigabitEthernet>'
        + '<TenGigabitEthernet><name>0/1/0.20</name><encapsulation><dot1Q><vlan-id>200</vlan-id></dot1Q></encapsulation><ip><arp><inspection><limit><rate>15</rate></limit></inspection></arp></ip></TenGigabitEthernet>'
        + '<GigabitEthernet><name>0/0/8</name><ip><arp><inspection><limit><none/></limit></inspection></arp></ip></GigabitEthernet>',
    }));
    expect(limits.arp).toEqual([
      { scope: 'per-port', pps: 300, at: { port: 'GigabitEthernet0/0/7', vlan: 0 }, source: 'native/interface/GigabitEthernet[name=0/0/7]/ip/arp/inspection/limit/rate' },
      { scope: 'per-port', pps: 15, at: { port: 'TenGigabitEthernet0/1/0', vlan: 200 }, source: 'native/interface/TenGigabitEthernet[name=0/1/0.20]/ip/arp/inspection/limit/rate' },
    ]);
    expect(limits.arpCoverage).toBeUndefined();
  });

  it('finds no ARP limit where none is configured', () => {
    expect(limitsOf(reply({})).arp).toEqual([]);
  });
});

describe('cisco-iosxe filter', () => {
  it('also selects the control-plane and the class-maps, and parse() still reads only the agent objects', () => {
    const f = driver.filter(scope);
    const native = f.children[0];
    expect(native?.children.map((c) => c.name)).toEqual(['interface', 'control-plane', 'policy']);
    expect(native?.children[2]?.children.map((c) => `${c.namespace} ${c.name}`)).toEqual([`${POLICY} policy-map`, `${POLICY} class-map`]);
    expect(driver.parse(recorded('cisco-iosxe', 'copp-running.xml'), { ownershipPrefix: 'ecpa:', ports: ['GigabitEthernet0/0/7'] })).toEqual({ subinterfaces: [], policers: [], arp: null, icmp: null });
  });
});
