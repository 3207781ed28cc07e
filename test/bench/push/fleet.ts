/** Synthetic ledgers for the push benchmarks: `devices` switches, `perDevice` tagged tenants each. */
import type { DeviceConfig, Platform } from '../../../config/agent/model.js';
import type { Ledger, SharedPort } from '../../../policies/ledger/model.js';

/** A ledger of `devices` × `perDevice` enabled 50M shared ports, VLAN 1.. on one circuit port per device. */
export function fleetLedger(deviceIds: readonly string[], perDevice: number, port: string): Ledger {
  const sharedPorts: SharedPort[] = [];
  deviceIds.forEach((device, d) => {
    for (let v = 1; v <= perDevice; v++) {
      sharedPorts.push({
        id: `pc-d${String(d).padStart(3, '0')}v${String(v).padStart(4, '0')}`,
        tenant: String(1000000000000000 + d * 10000 + v),
        circuitId: `pc-c${String(d).padStart(3, '0')}`,
        vlan: v,
        bandwidth: { spec: '50M', bps: 50e6 },
        status: 'enabled',
        attachment: { device, port },
        attachmentExplicit: false,
      });
    }
  });
  return {
    partner: { name: 'Bench Carrier', site: 'china' },
    accessPoints: [{ id: 'ap-cn-hangzhou-yh-A' }],
    circuits: deviceIds.map((device, d) => ({ id: `pc-c${String(d).padStart(3, '0')}`, accessPointId: 'ap-cn-hangzhou-yh-A', bandwidth: { spec: '100G', bps: 100e9 }, device, port })),
    sharedPorts,
  };
}

/** Device configs without transport settings (pure planning). */
export function fleetDevices(count: number, platform: Platform): DeviceConfig[] {
  return Array.from({ length: count }, (_, i) => ({ id: `sw${String(i).padStart(3, '0')}`, address: '127.0.0.1', platform, autoApply: false }));
}
