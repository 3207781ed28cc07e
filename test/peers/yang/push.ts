/**
 * Pushes payloads to a vendor-YANG netconfd with the project's own NETCONF client
 * (drivers/netconf/client.ts): one session per case; an edit is lock candidate → edit-config →
 * commit → unlock (discard-changes on any error) — never validate before commit (netconfd 2.13
 * then commits a no-op, testbed README §5 gotcha 7); every result is verified by get-config.
 * The host key is pinned to the fingerprint start.sh recorded in test/peers/run/yang/ports.env.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetconfClient } from '../../../drivers/netconf/client.js';
import { LockDeniedError } from '../../../drivers/netconf/errors.js';
import type { XmlElement } from '../../../drivers/netconf/xml.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import { repoRoot, sharedDir } from '../../support/peer.js';

/** test/peers/run/yang/ports.env as a map; throws when start.sh has not run. */
export function yangEnv(): Readonly<Record<string, string>> {
  const file = join(repoRoot, 'test', 'peers', 'run', 'yang', 'ports.env');
  const text = readFileSync(file, 'utf8');
  return Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

const password = { reveal: (): string => 'netconf', describe: (): string => 'testbed password' };

/** Opens a NETCONF session to the vendor server on 127.0.0.1:`port`. */
export async function connect(port: number): Promise<NetconfClient> {
  const fingerprint = yangEnv()['ECPA_YANG_HOSTKEY'];
  if (fingerprint === undefined || fingerprint === '') throw new Error('ports.env has no ECPA_YANG_HOSTKEY: re-run test/peers/yang/start.sh');
  return NetconfClient.connect({
    host: '127.0.0.1', port, username: 'netconf', password, hostKey: { fingerprint, trustOnFirstUse: false },
    connectTimeoutMs: 10_000, keepaliveIntervalMs: 0, rpcTimeoutMs: 30_000,
    settleAfterHelloMs: 200, // yuma123 quirk: see SessionOptions.settleAfterHelloMs
  });
}

/** lock → edit-config (candidate) → commit → unlock; discards the candidate on any error and rethrows. */
export async function push(client: NetconfClient, config: XmlElement | string): Promise<void> {
  await lockCandidate(client);
  try {
    await client.editConfig('candidate', config);
    await client.commit();
  } catch (error: unknown) {
    await client.discardChanges().catch(() => undefined);
    throw error;
  } finally {
    await client.unlock('candidate').catch(() => undefined);
  }
}

/**
 * Locks the candidate, waiting up to 20 s while another session holds it (a second test run on a
 * developer machine); rethrows anything else, and lock-denied after the wait.
 */
async function lockCandidate(client: NetconfClient): Promise<void> {
  for (let waited = 0; ; waited += 500) {
    try {
      await client.lock('candidate');
      return;
    } catch (error: unknown) {
      if (!(error instanceof LockDeniedError) || waited >= 20_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** get-config running with a subtree filter (a `<filter>` element: its children are the subtree). */
export async function getConfig(client: NetconfClient, filter: XmlElement): Promise<XmlElement> {
  return client.getConfig('running', { subtree: filter.children });
}

/** The shared bed's cleanup payload of `vendor` (../shared/yang/payloads/<vendor>/cleanup.xml): empties what the suites touch. */
export function cleanupPayload(vendor: string): XmlElement {
  const shared = sharedDir();
  if (shared === undefined) throw new Error('shared/ not found (set ECPA_SHARED)');
  return parseXml(readFileSync(join(shared, 'yang', 'payloads', vendor, 'cleanup.xml'), 'utf8'));
}

/** Empties the box (cleanupPayload), then seeds its ports and operator objects (test/fixtures/vendors/<platform>/seed.xml). */
export async function resetToSeed(client: NetconfClient, vendor: string, platform: string): Promise<void> {
  await push(client, cleanupPayload(vendor));
  await push(client, parseXml(readFileSync(join(repoRoot, 'test', 'fixtures', 'vendors', platform, 'seed.xml'), 'utf8')));
}
