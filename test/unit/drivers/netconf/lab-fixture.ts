/** Starts a lab NETCONF server with fresh keys and returns it with client options that reach it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetconfConnectOptions } from '../../../../drivers/netconf/client.js';
import { labKeyPair } from '../../../lab/host-key.js';
import { start, type LabServer, type LabServerOptions } from '../../../lab/netconf/server.js';

/** A secret for tests, shaped like config/secrets' Secret. */
export const secret = (value: string): { reveal(): string; describe(): string } => ({ reveal: () => value, describe: () => 'inline' });

export interface LabFixture {
  readonly server: LabServer;
  readonly options: NetconfConnectOptions;
  readonly dir: string;
  readonly clientKeyFile: string;
}

export async function startLab(overrides: Partial<LabServerOptions> = {}): Promise<LabFixture> {
  // Both checked to read back in ssh2 (its ed25519 generator writes an unreadable key 1 in 256).
  const host = labKeyPair();
  const client = labKeyPair();
  const dir = mkdtempSync(join(tmpdir(), 'ecpa-nc-'));
  const clientKeyFile = join(dir, 'client_ed25519');
  writeFileSync(clientKeyFile, client.private, { mode: 0o600 });
  const server = await start({
    hostKeys: [host.private],
    users: [{ username: 'netconf', password: 'lab-pass', publicKeys: [client.public] }],
    ...overrides,
  });
  const options: NetconfConnectOptions = {
    host: '127.0.0.1',
    port: server.port,
    username: 'netconf',
    password: secret('lab-pass'),
    hostKey: { fingerprint: server.hostKeyFingerprints[0] as string, trustOnFirstUse: false },
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 0,
    rpcTimeoutMs: 5000,
  };
  return { server, options, dir, clientKeyFile };
}
