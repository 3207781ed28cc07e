/** The systemd unit keeps its hardening: a change that drops a directive fails here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deployPath } from './artifacts.js';

/** `Key=value` lines of a unit file, by key (keys may repeat). */
function directives(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m === null) continue;
    out.set(m[1] ?? '', [...(out.get(m[1] ?? '') ?? []), m[2] ?? '']);
  }
  return out;
}

const unit = directives(readFileSync(deployPath('systemd', 'ecpa.service'), 'utf8'));
const one = (key: string): string | undefined => unit.get(key)?.[0];

describe('deploy/systemd/ecpa.service', () => {
  it.each([
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'yes'],
    ['PrivateTmp', 'yes'],
    ['PrivateDevices', 'yes'],
    ['CapabilityBoundingSet', ''],
    ['AmbientCapabilities', ''],
    ['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX AF_NETLINK'],
    ['SystemCallArchitectures', 'native'],
    ['ReadWritePaths', '/etc/ecpa/ledger'],
    ['ExecReload', '/bin/kill -HUP $MAINPID'],
    ['User', 'ecpa'],
  ])('%s=%s', (key, value) => {
    expect(one(key)).toBe(value);
  });

  it('filters system calls to @system-service and never enables MemoryDenyWriteExecute (V8 JIT)', () => {
    expect(unit.get('SystemCallFilter')).toEqual(['@system-service', '~@privileged']);
    expect(unit.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('starts the built CLI with the agent config', () => {
    expect(one('ExecStart')).toBe('/usr/bin/node /opt/ecpa/dist/agent/cli/main.js run --config /etc/ecpa/agent.yaml');
  });

  it('has a matching sysusers entry for its user', () => {
    expect(readFileSync(deployPath('systemd', 'ecpa.sysusers'), 'utf8')).toMatch(/^u ecpa - /m);
  });
});
