import { describe, expect, it } from 'vitest';
import { ownerOfDescription, tenantDescription } from '../../../../policies/intent/naming.js';
import { observableOf } from '../../../../policies/intent/observable.js';
import type { DeviceIntent } from '../../../../policies/intent/model.js';

describe('ownership naming', () => {
  it.each([
    { prefix: 'ecpa:', description: 'ecpa:pc-bp1v0001 tenant=1234567890123456', owner: 'pc-bp1v0001' },
    { prefix: 'ecpa:', description: 'ecpa:pc-x', owner: 'pc-x' },
    { prefix: 'ecpa:', description: 'customer-A vlan 100', owner: null },
    { prefix: 'ecpa:', description: 'ecpa: tenant=1', owner: null },
    { prefix: 'ecpa:', description: undefined, owner: null },
    { prefix: 'acme-', description: 'ecpa:pc-x tenant=1', owner: null },
  ])('$description with prefix $prefix → owner $owner', ({ prefix, description, owner }) => {
    expect(ownerOfDescription(prefix, description)).toBe(owner);
  });

  it('round-trips the owner through the description', () => {
    expect(ownerOfDescription('ecpa:', tenantDescription('ecpa:', 'pc-a', '42', 'note'))).toBe('pc-a');
  });

  it('does not cut a non-BMP character in half', () => {
    const d = tenantDescription('ecpa:', 'pc-a', '1', '😀'.repeat(300));
    expect([...d]).toHaveLength(200);
    expect(d.endsWith('😀')).toBe(true);
  });
});

describe('observableOf', () => {
  const intent: DeviceIntent = {
    device: 'd', platform: 'openconfig', ownershipPrefix: 'ecpa:',
    subinterfaces: [{ ref: { sharedPortId: 'pc-a', tenant: '1', circuitId: 'c', vlan: 5, status: 'enabled' }, port: 'p', vlan: 5, description: 'ecpa:pc-a tenant=1', enabled: true, statistics: true }],
    policers: [{ ref: { sharedPortId: 'pc-a', tenant: '1', circuitId: 'c', vlan: 5, status: 'enabled' }, owner: 'pc-a', rateBps: 1e6, burstBytes: 12500, at: { port: 'p', vlan: 5 } }],
    arp: { ppsPerSource: 1, users: 1 },
    icmp: { pps: 1000 },
    controlPlane: 'agent',
  };
  it('drops ledger identities and the parts a platform cannot carry', () => {
    expect(observableOf(intent, { arp: false, icmp: true })).toEqual({
      subinterfaces: [{ port: 'p', vlan: 5, description: 'ecpa:pc-a tenant=1', enabled: true, statistics: true, owner: 'pc-a' }],
      policers: [{ owner: 'pc-a', rateBps: 1e6, burstBytes: 12500, at: { port: 'p', vlan: 5 } }],
      arp: null,
      icmp: { pps: 1000 },
    });
  });
  it('a device holds ARP as a rate per user: the user count (what sizes an aggregate) and the control-plane owner are not read back', () => {
    const held = observableOf(intent, { arp: true, icmp: true });
    expect(held.arp).toEqual({ ppsPerSource: 1 });
    expect(held).not.toHaveProperty('controlPlane');
    expect(held).not.toHaveProperty('foreignControlPlane');
  });
});
