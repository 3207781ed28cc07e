/**
 * `ecpa poll --once [--device D]... [--config PATH] [--interval S] [--format text|json]`: one SNMP
 * poll of the configured devices, printing per interface and per shared port the counters and,
 * with `--interval S`, the rates between two polls S seconds apart. Counters in JSON are decimal
 * strings (exact Counter64). Exit 0 when every device answered, 1 when one did not, 2 when it
 * could not run (bad config, unknown device, missing secret).
 */
import { isAbsolute, resolve } from 'node:path';
import { loadConfigDraft, resolveSecretsOf } from '../../devices/load-config.js';
import type { AgentConfig, DeviceConfig } from '../../../config/agent/model.js';
import { hasErrors } from '../../../config/issues.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import { SnmpPoller } from '../../../drivers/snmp/poller.js';
import type { DevicePollResult } from '../../../drivers/snmp/sample.js';
import type { SnmpTarget } from '../../../drivers/snmp/transport.js';
import { RateTracker } from '../../telemetry/rates.js';
import { buildDeviceReport, type DevicePollReport } from '../../telemetry/report.js';
import { snmpTargetOf } from '../../telemetry/collector.js';
import { loadLedgerFile } from '../../ledger/store.js';
import { booleanOption, CannotRunError, EXIT_OK, EXIT_PROBLEMS, stringListOption, stringOption, UsageError, type Command } from '../command.js';
import { DEFAULT_CONFIG, display } from './inputs.js';

type FailedReport = { readonly device: string; readonly ok: false; readonly error: { readonly code: string; readonly name: string; readonly message: string } };
export type PollReport = DevicePollReport | FailedReport;

/** Loads the agent config with the secrets of the selected SNMP devices only. Throws CannotRunError. */
async function loadConfig(configPath: string, ids: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<AgentConfig> {
  const { draft } = await loadConfigDraft(configPath);
  const all = draft.devices;
  for (const id of ids) {
    const d = all.find((x) => x.id === id);
    if (!d) throw new CannotRunError(`no device '${id}' in ${configPath}; devices: ${all.map((x) => x.id).join(', ')}`);
    if (!d.snmp) throw new CannotRunError(`device '${id}' has no snmp settings in ${configPath}`);
  }
  const selected = all.filter((d) => d.snmp !== undefined && (ids.length === 0 || ids.includes(d.id)));
  if (selected.length === 0) throw new CannotRunError(`no device with snmp settings in ${configPath}`);
  // Only the polled devices' secrets are read: polling one switch must not need every secret.
  return resolveSecretsOf(draft, selected, configPath, env, 'the secrets');
}

function targetOf(d: DeviceConfig): SnmpTarget {
  const target = snmpTargetOf(d);
  if (!target) throw new CannotRunError(`device '${d.id}' has no snmp settings`);
  return target;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CannotRunError('interrupted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CannotRunError('interrupted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls `config`'s SNMP devices once, or twice `intervalMs` apart when given, and builds the reports.
 * The function `ecpa poll` runs; exported for the daemon and tests.
 */
export async function pollOnce(
  config: AgentConfig,
  ledger: Ledger | undefined,
  options: { readonly intervalMs?: number; readonly signal: AbortSignal; readonly poller?: SnmpPoller },
): Promise<PollReport[]> {
  const devices = config.devices.filter((d) => d.snmp);
  const targets = devices.map(targetOf);
  const poller = options.poller ?? new SnmpPoller({ staticRefreshMs: config.polling.staticRefreshMs });
  const pollOpts = { timeoutMs: config.polling.timeoutMs, concurrency: config.polling.concurrency, signal: options.signal };
  const tracker = new RateTracker();
  let results: DevicePollResult[] = await poller.pollAll(targets, pollOpts);
  let rates = results.map((r) => (r.ok ? tracker.update(r.sample) : undefined));
  if (options.intervalMs !== undefined) {
    await sleep(options.intervalMs, options.signal);
    results = await poller.pollAll(targets, pollOpts);
    rates = results.map((r) => (r.ok ? tracker.update(r.sample) : undefined));
  }
  return results.map((r, i): PollReport => {
    const device = devices[i] as DeviceConfig;
    if (!r.ok) return { device: r.deviceId, ok: false, error: { code: r.error.code, name: r.error.name, message: r.error.message } };
    return buildDeviceReport(r.sample, rates[i], ledger, device.platform, config.push.ownershipPrefix);
  });
}

const fmtRate = (v: number | undefined, unit: string): string => {
  if (v === undefined) return '-';
  const abs = Math.abs(v);
  const [d, p] = abs >= 1e9 ? [1e9, 'G'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  return `${(v / d).toFixed(d === 1 ? 1 : 2)}${p}${unit}`;
};

function text(reports: readonly PollReport[], withRates: boolean): string {
  const out: string[] = [];
  for (const r of reports) {
    if (!r.ok) {
      out.push(`device ${r.device}: DOWN (${r.error.code}) ${r.error.message}`, '');
      continue;
    }
    out.push(`device ${r.device}: ${r.interfaces.length} interfaces, sysUpTime ${r.sysUpTime}, polled in ${r.durationMs} ms`);
    for (const w of r.warnings) out.push(`  warning: ${w}`);
    const row = (name: string, c: DevicePollReport['interfaces'][number]['counters'], rates: DevicePollReport['interfaces'][number]['rates'], extra = ''): string => {
      const counters = `in ${c.inOctets ?? '-'} B / ${c.inUcastPkts ?? '-'} pkts / ${c.inDiscards ?? '-'} drop  out ${c.outOctets ?? '-'} B / ${c.outUcastPkts ?? '-'} pkts / ${c.outDiscards ?? '-'} drop`;
      const rate = !withRates
        ? ''
        : rates
          ? `  | in ${fmtRate(rates.inBitsPerSecond, 'bps')} ${fmtRate(rates.inPacketsPerSecond, 'pps')} drop ${fmtRate(rates.inDiscardsPerSecond, 'pps')}  out ${fmtRate(rates.outBitsPerSecond, 'bps')} ${fmtRate(rates.outPacketsPerSecond, 'pps')} drop ${fmtRate(rates.outDiscardsPerSecond, 'pps')}`
          : '  | no rate (new baseline)';
      return `  ${name}${extra}  ${counters}${rate}`;
    };
    out.push(' interfaces:');
    for (const i of r.interfaces) out.push(row(`${i.ifIndex} ${i.name || '(no ifName)'}`, i.counters, i.rates, i.counterBits === 32 ? ' [32-bit]' : ''));
    if (r.sharedPorts.length || r.unmatchedSharedPorts.length) out.push(' shared ports:');
    for (const p of r.sharedPorts) {
      out.push(row(`${p.sharedPortId} tenant ${p.tenant} vlan ${p.vlan} circuit ${p.circuitId} on ${p.interfaceName}`, p.counters, p.rates, ` (${p.role}, by ${p.matchedBy})`));
      for (const q of p.policers) {
        const rate = withRates && q.rates ? `  | dropped ${fmtRate(q.rates.droppedBitsPerSecond, 'bps')} ${fmtRate(q.rates.droppedPacketsPerSecond, 'pps')}` : '';
        out.push(`    policer ${q.name} ${q.direction ?? ''}: passed ${q.counters.passedBytes ?? '-'} B / ${q.counters.passedPackets ?? '-'} pkts, dropped ${q.counters.droppedBytes ?? '-'} B / ${q.counters.droppedPackets ?? '-'} pkts${rate}`);
      }
    }
    for (const u of r.unmatchedSharedPorts) out.push(`  ${u.sharedPortId}: NOT FOUND (expected ${u.expected.join(' or ')})`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export const pollCommand: Command = {
  path: ['poll'],
  summary: 'Poll the devices\' SNMP counters once and print them (with rates: --interval)',
  details: [
    'Reads sysUpTime and the IF-MIB counters of every interface of each configured device (or the',
    '--device ones) over SNMP v2c/v3, joins the subinterfaces to the ledger\'s shared ports, and prints',
    'the counters; with --interval S it polls twice, S seconds apart, and prints bit/s, packet/s,',
    'discards/s and errors/s. In JSON, counters are decimal strings (exact 64-bit values).',
    'Exit 1 when a device did not answer (it is reported as down, the others are still polled).',
    '',
    'Examples:',
    '  ecpa poll --once --config /etc/ecpa/agent.yaml',
    '  ecpa poll --once --device hz-acc-01 --interval 10 --format json',
  ].join('\n'),
  formats: ['text', 'json'],
  options: {
    once: { type: 'boolean', description: 'poll once and exit (required: the daemon `ecpa start` polls continuously)' },
    device: { type: 'string', multiple: true, valueName: 'ID', description: 'poll only this device (repeatable)' },
    config: { type: 'string', valueName: 'PATH', description: `agent config (default: $ECPA_CONFIG, else ./${DEFAULT_CONFIG})` },
    interval: { type: 'string', valueName: 'S', description: 'poll twice, S seconds apart, and print rates' },
  },
  async run(ctx) {
    if (!booleanOption(ctx.options, 'once')) throw new UsageError('only --once is supported here; the daemon (ecpa start) polls continuously');
    if (ctx.positionals.length > 0) throw new UsageError(`takes no positional arguments; got '${ctx.positionals.join(' ')}'`);
    const intervalArg = stringOption(ctx.options, 'interval');
    let intervalMs: number | undefined;
    if (intervalArg !== undefined) {
      const s = Number(intervalArg);
      if (!Number.isFinite(s) || s <= 0 || s > 3600) throw new UsageError(`--interval must be a number of seconds in (0, 3600]; got '${intervalArg}'`);
      intervalMs = Math.round(s * 1000);
    }
    const configArg = stringOption(ctx.options, 'config') ?? ctx.io.env['ECPA_CONFIG'] ?? DEFAULT_CONFIG;
    const configPath = isAbsolute(configArg) ? configArg : resolve(ctx.io.cwd, configArg);
    const config = await loadConfig(configPath, stringListOption(ctx.options, 'device'), ctx.io.env);
    let ledger: Ledger | undefined;
    try {
      const loaded = await loadLedgerFile(display(ctx.io.cwd, config.ledger), { path: config.ledger });
      if (hasErrors(loaded.issues)) ctx.io.stderr(`ecpa poll: the ledger ${display(ctx.io.cwd, config.ledger)} has errors; shared ports are matched from its valid entries only\n`);
      ledger = loaded.ledger;
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.io.stderr(`ecpa poll: cannot read the ledger (${message}); printing interfaces only\n`);
    }
    const reports = await pollOnce(config, ledger, { ...(intervalMs !== undefined ? { intervalMs } : {}), signal: ctx.signal });
    const json = ctx.options['format'] === 'json';
    ctx.io.stdout(json ? `${JSON.stringify({ devices: reports }, null, 2)}\n` : text(reports, intervalMs !== undefined));
    return reports.every((r) => r.ok) ? EXIT_OK : EXIT_PROBLEMS;
  },
};
