/**
 * The in-process `ecpa plan` / `ecpa apply` harness of the lab push CLI tests: the ledger and agent
 * config YAML for lab devices, and a run of the two commands with captured output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCommand } from '../../../agent/cli/commands/apply.js';
import { planCommand } from '../../../agent/cli/commands/plan.js';
import type { Io } from '../../../agent/cli/command.js';
import { runCli } from '../../../agent/cli/dispatch.js';
import type { LabDevice } from './fixture.js';

/** Writes `dir`/ledger.yaml: one access point, the given circuit and shared-port flow lines. */
export function writeLabLedger(dir: string, circuits: readonly string[], ports: readonly string[]): void {
  writeFileSync(join(dir, 'ledger.yaml'), [
    'partner: { name: Lab Carrier, site: china }',
    'accessPoints:',
    '  - { id: ap-cn-hangzhou-yh-A }',
    'circuits:',
    ...circuits.map((c) => `  - ${c}`),
    `sharedPorts:${ports.length === 0 ? ' []' : ''}`,
    ...ports.map((p) => `  - ${p}`),
    '',
  ].join('\n'));
}

/** The agent-config `devices:` entry of a lab device, its password read from env `passwordEnv`, its host key pinned. */
export function labDeviceYaml(d: LabDevice, passwordEnv = 'LAB_PASSWORD'): string[] {
  return [
    `  - id: ${d.device.id}`,
    '    address: 127.0.0.1',
    `    platform: ${d.platform}`,
    '    netconf:',
    `      port: ${d.server.port}`,
    '      username: netconf',
    `      password: { env: ${passwordEnv} }`,
    `      hostKey: { fingerprint: "${d.server.hostKeyFingerprints[0]}" }`,
  ];
}

/** Runs `ecpa plan|apply <args>` in `dir` with LAB_PASSWORD set; `confirm` answers apply's question (none: no terminal). */
export async function runPushCli(dir: string, args: readonly string[], confirm?: boolean): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    env: { LAB_PASSWORD: 'lab-pass' },
    cwd: dir,
    ...(confirm === undefined ? {} : { confirm: async () => confirm }),
  };
  const code = await runCli([planCommand, applyCommand], args, io);
  return { code, out, err };
}
