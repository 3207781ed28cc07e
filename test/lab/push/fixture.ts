/**
 * Lab fixture of the push tests: one lab NETCONF server per platform on 127.0.0.1 (ephemeral
 * port, fresh host key, pinned fingerprint), seeded with the platform's seed config (physical
 * ports and an operator's own subinterface), the list keys of the platform's YANG models
 * (test/lab/fleet/keymaps.ts), and an
 * agent config + ledger (test/fixtures/vendors/rich.ts) that point at it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceConfig, Platform, PushSettings } from '../../../config/agent/model.js';
import { Secret } from '../../../config/secrets/secret.js';
import { keyMapFor } from '../fleet/keymaps.js';
import { richLedger, RICH_PUSH, type RichPorts } from '../../fixtures/vendors/rich.js';
import { start, type LabServer, type LabServerOptions } from '../netconf/server.js';
import { repoRoot } from '../../support/peer.js';
import { labHostKey } from '../host-key.js';
import type { Ledger } from '../../../policies/ledger/model.js';

/** Ports of each platform's seed config. */
export const PORTS: Readonly<Record<Exclude<Platform, 'junos'>, RichPorts>> = {
  openconfig: { circuitA: 'Ethernet1', circuitB: 'Ethernet2', circuitC: 'Ethernet4', access: 'Ethernet3' },
  'huawei-vrp': { circuitA: 'GigabitEthernet0/3/1', circuitB: '100GE0/5/0', circuitC: 'GigabitEthernet0/3/4', access: 'GigabitEthernet0/3/3' },
  'cisco-iosxe': { circuitA: 'GigabitEthernet0/0/1', circuitB: 'TenGigabitEthernet0/1/0', circuitC: 'GigabitEthernet0/0/4', access: 'GigabitEthernet0/0/3' },
};

/** The platforms with a driver the lab can exercise. */
export const LAB_PLATFORMS = Object.keys(PORTS) as (keyof typeof PORTS)[];

/** The seed config of a platform (XML text of a `<config>` element). */
export function seedOf(platform: keyof typeof PORTS): string {
  return readFileSync(join(repoRoot, 'test/fixtures/vendors', platform, 'seed.xml'), 'utf8');
}

/** A running lab device and the agent-side view of it. */
export interface LabDevice {
  readonly server: LabServer;
  readonly device: DeviceConfig;
  readonly platform: keyof typeof PORTS;
  ledger(without?: readonly string[]): Ledger;
}

/** Push settings of the tests (confirm timeout short so the rollback timer is observable). */
export function pushSettings(overrides: Partial<PushSettings> = {}): PushSettings {
  return { ...RICH_PUSH, confirmTimeoutS: 2, concurrency: 4, maxDeletes: 10, ...overrides };
}

/** A fresh ed25519 host key that ssh2 reads back (the shared lab helper, test/lab/host-key.ts). */
export { labHostKey };

/** Starts a lab NETCONF server on 127.0.0.1 (ephemeral port, fresh host key, user netconf / lab-pass). */
export async function startPushLab(overrides: Partial<LabServerOptions> = {}): Promise<LabServer> {
  return start({ hostKeys: [labHostKey()], users: [{ username: 'netconf', password: 'lab-pass' }], ...overrides });
}

/** Starts a lab device of `platform` named `id`. */
export async function startLabDevice(platform: keyof typeof PORTS, id = `lab-${platform}`, overrides: Partial<LabServerOptions> = {}): Promise<LabDevice> {
  const server = await startPushLab({ keyMap: keyMapFor(platform), initialConfig: seedOf(platform), ...overrides });
  const device: DeviceConfig = {
    id,
    address: '127.0.0.1',
    platform,
    autoApply: false,
    netconf: {
      port: server.port,
      username: 'netconf',
      password: new Secret('lab-pass', { kind: 'inline' }),
      hostKey: { fingerprint: server.hostKeyFingerprints[0] as string, trustOnFirstUse: false },
      connectTimeoutMs: 5000,
      keepaliveIntervalMs: 0,
      rpcTimeoutMs: 5000,
    },
  };
  return { server, device, platform, ledger: (without = []) => richLedger(id, PORTS[platform], without) };
}
