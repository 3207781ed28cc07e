/**
 * `ecpa device probe <device> [--config PATH]`: connects to one device of the agent config over
 * NETCONF and prints what it offers: session id, framing, host key, capabilities and YANG modules,
 * the configured platform and the platform its capabilities suggest.
 */
import { isAbsolute, resolve } from 'node:path';
import { loadConfigDraft, resolveSecretsOf } from '../../devices/load-config.js';
import type { DeviceConfig } from '../../../config/agent/model.js';
import { NetconfClient } from '../../../drivers/netconf/client.js';
import { NetconfError } from '../../../drivers/netconf/errors.js';
import { guessPlatform, type PlatformGuess } from '../../../drivers/netconf/platform-guess.js';
import { knownPlatforms } from '../../../drivers/registry.js';
import { CannotRunError, EXIT_OK, EXIT_PROBLEMS, UsageError, stringOption, type Command } from '../command.js';
import { DEFAULT_CONFIG } from './inputs.js';
import { netconfConnectOptions } from '../../devices/netconf-options.js';

/** What a probe found. */
export interface ProbeResult {
  readonly device: string;
  readonly address: string;
  readonly port: number;
  readonly sessionId: number;
  readonly framing: 'base:1.0' | 'base:1.1';
  readonly hostKey: { readonly type: string; readonly fingerprint: string; readonly recorded: boolean } | undefined;
  readonly capabilities: readonly string[];
  readonly modules: readonly { readonly module: string; readonly revision?: string; readonly features: readonly string[] }[];
  readonly platform: { readonly configured: string; readonly guessed: PlatformGuess | undefined; readonly driverRegistered: boolean };
}

/**
 * Connects to `device` over NETCONF, reads the hello, closes the session.
 * Throws CannotRunError when the device has no NETCONF settings; NetconfError subclasses on failure.
 */
export async function probeDevice(device: DeviceConfig, signal?: AbortSignal): Promise<ProbeResult> {
  const nc = device.netconf;
  if (!nc) throw new CannotRunError(`device '${device.id}' has no netconf settings (it is configured over cli)`);
  const client = await NetconfClient.connect(netconfConnectOptions(device, nc, signal));
  try {
    return {
      device: device.id,
      address: device.address,
      port: nc.port,
      sessionId: client.sessionId,
      framing: client.session.framing === 'chunked' ? 'base:1.1' : 'base:1.0',
      hostKey: client.hostKey,
      capabilities: client.capabilities.uris,
      modules: client.capabilities.modules().map((m) => ({ module: m.module, ...(m.revision ? { revision: m.revision } : {}), features: m.features })),
      platform: { configured: device.platform, guessed: guessPlatform(client.capabilities), driverRegistered: knownPlatforms().includes(device.platform) },
    };
  } finally {
    await client.closeSession();
  }
}

/** Loads one device (secrets resolved for it alone) from the agent config. Throws CannotRunError. */
export async function loadDevice(configPath: string, id: string, env: Readonly<Record<string, string | undefined>>): Promise<DeviceConfig> {
  const { draft } = await loadConfigDraft(configPath);
  const draftDevice = draft.devices.find((d) => d.id === id);
  if (!draftDevice) throw new CannotRunError(`no device '${id}' in ${configPath}; devices: ${draft.devices.map((d) => d.id).join(', ')}`);
  // Only this device's secrets are read: probing one switch must not need every secret.
  const config = await resolveSecretsOf(draft, [draftDevice], configPath, env, `the secrets of device '${id}'`);
  const device = config.devices[0];
  if (!device) throw new CannotRunError(`device '${id}' was lost resolving its secrets`);
  return device;
}

function text(r: ProbeResult): string {
  const guess = r.platform.guessed ? `${r.platform.guessed.platform} (from ${r.platform.guessed.evidence})` : 'none (no vendor or openconfig-interfaces capability)';
  const lines = [
    `device ${r.device} (${r.address}:${r.port})`,
    `  session id      ${r.sessionId}`,
    `  framing         ${r.framing}`,
    `  host key        ${r.hostKey ? `${r.hostKey.type} ${r.hostKey.fingerprint}${r.hostKey.recorded ? ' (recorded: trust on first use)' : ''}` : 'unknown'}`,
    `  platform        configured ${r.platform.configured}${r.platform.driverRegistered ? '' : ' (no driver registered)'}; capabilities suggest ${guess}`,
    `  capabilities    ${r.capabilities.length}`,
    ...r.capabilities.filter((c) => !c.includes('?module=')).map((c) => `    ${c}`),
    `  modules         ${r.modules.length}`,
    ...r.modules.map((m) => `    ${m.module}${m.revision ? `@${m.revision}` : ''}${m.features.length ? ` [${m.features.join(',')}]` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}

export const deviceProbeCommand: Command = {
  path: ['device', 'probe'],
  summary: 'Connect to one device over NETCONF and show what it offers',
  usage: '<DEVICE>',
  details: [
    'Connects with the device\'s netconf settings from the agent config (host key checked as configured),',
    'prints the session id, framing, host key fingerprint, capabilities and YANG modules, the configured',
    'platform and the platform the capabilities suggest, then closes the session. Exit 1 if the device',
    'cannot be reached or refuses the session.',
    '',
    'Examples:',
    '  ecpa device probe hz-acc-01 --config /etc/ecpa/agent.yaml',
    '  ecpa device probe hz-acc-01 --format json',
  ].join('\n'),
  formats: ['text', 'json'],
  options: {
    config: { type: 'string', valueName: 'PATH', description: `agent config (default: $ECPA_CONFIG, else ./${DEFAULT_CONFIG})` },
  },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw new UsageError(`takes exactly one DEVICE argument; got ${ctx.positionals.length}`);
    const id = ctx.positionals[0] as string;
    const configArg = stringOption(ctx.options, 'config') ?? ctx.io.env['ECPA_CONFIG'] ?? DEFAULT_CONFIG;
    const configPath = isAbsolute(configArg) ? configArg : resolve(ctx.io.cwd, configArg);
    const device = await loadDevice(configPath, id, ctx.io.env);
    const json = ctx.options['format'] === 'json';
    try {
      const result = await probeDevice(device, ctx.signal);
      ctx.io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : text(result));
      return EXIT_OK;
    } catch (error: unknown) {
      if (!(error instanceof NetconfError)) throw error;
      if (json) ctx.io.stdout(`${JSON.stringify({ device: id, ok: false, error: { code: error.code, name: error.name, message: error.message } }, null, 2)}\n`);
      else ctx.io.stderr(`ecpa device probe: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
  },
};
