/** Helpers for loader tests: the example files and positions of text in a YAML string. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/peer.js';

export const EXAMPLE_LEDGER = join(repoRoot, 'config/examples/ledger.yaml');
export const EXAMPLE_AGENT = join(repoRoot, 'config/examples/agent.yaml');

export function exampleLedger(): string {
  return readFileSync(EXAMPLE_LEDGER, 'utf8');
}

/** A minimal valid `devices:` entry (a leading line break, a trailing one) of `platform`, for agent-config texts. */
export function minimalDevice(platform = 'junos'): string {
  return `
  - id: sw1
    address: 192.0.2.1
    platform: ${platform}
    netconf:
      username: ecpa
      password: { env: SW_PASS }
      hostKey: { fingerprint: SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA }
`;
}

/** 1-based line and column of the n-th (0-based) occurrence of `needle` in `text`. */
export function where(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (#${nth}) not in text`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

/** A small valid ledger in block style, for edits of block-style files. */
export const SMALL_LEDGER = `partner:
  name: Small Carrier
  site: international
accessPoints:
  - id: ap-a
  - id: ap-b
circuits:
  - id: pc-c1
    accessPoint: ap-a
    bandwidth: 1G
    device: sw1
    port: ge-0/0/1
  - id: pc-c2
    accessPoint: ap-b
    bandwidth: 1G
    device: sw2
    port: ge-0/0/1
sharedPorts:
  # first tenant
  - id: pc-p1
    tenant: "1000000000000001"
    circuit: pc-c1
    vlan: 10
    bandwidth: 500M
    status: enabled
`;
