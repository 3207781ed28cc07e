/**
 * `ecpa run`: the long-running daemon (poll, reconcile, export) against the devices of the agent
 * config. Logs are JSON lines on stderr; SIGHUP reloads the config and the ledger; SIGTERM/SIGINT
 * stop it gracefully.
 */
import { isAbsolute, resolve } from 'node:path';
import type { SecretSources } from '../../../config/agent/load.js';
import { Daemon, DaemonStartError } from '../../daemon/daemon.js';
import { processSecrets } from '../../daemon/inputs.js';
import { createDaemonLogger, errorMessage, LOG_LEVELS, type DaemonLogger, type LogLevel } from '../../daemon/logger.js';
import { agentVersion } from '../../daemon/version.js';
import { EXIT_CANNOT_RUN, EXIT_OK, booleanOption, stringOption, type Command, type CommandContext, type ExitCode, type OptionSpec } from '../command.js';
import { DEFAULT_CONFIG } from './inputs.js';

/** Options `run` and `start` share. */
export const DAEMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: 'string', valueName: 'PATH', description: `agent config (default: $ECPA_CONFIG, else ./${DEFAULT_CONFIG})` },
  listen: { type: 'string', valueName: 'ADDR', description: 'host:port of /metrics, /healthz, /readyz (default: exporter.listen of the config)' },
  'log-level': { type: 'string', valueName: 'LEVEL', description: 'least severe level logged', choices: LOG_LEVELS, default: 'info' },
  'auto-apply': { type: 'boolean', description: 'apply drift on every device (default: only devices with autoApply: true)' },
};

/** The agent config path of a command line. */
export function configPath(ctx: CommandContext): string {
  const path = stringOption(ctx.options, 'config') ?? ctx.io.env['ECPA_CONFIG'] ?? DEFAULT_CONFIG;
  return isAbsolute(path) ? path : resolve(ctx.io.cwd, path);
}

/** A logger writing JSON lines to the command's stderr. */
export function commandLogger(ctx: CommandContext): DaemonLogger {
  const level = (stringOption(ctx.options, 'log-level') ?? 'info') as LogLevel;
  return createDaemonLogger(level, { write: (line: string) => ctx.io.stderr(line) });
}

/**
 * Runs a daemon until `ctx.signal` aborts; SIGHUP reloads. Returns 2 when it cannot start.
 * `afterStart` runs once it listens (the lab's `start` prints where the metrics are).
 */
export async function runDaemon(
  ctx: CommandContext,
  options: { readonly secrets: SecretSources; readonly logger: DaemonLogger; readonly listen?: string; readonly afterStart?: (daemon: Daemon) => void },
): Promise<ExitCode> {
  const listen = stringOption(ctx.options, 'listen') ?? options.listen;
  const daemon = new Daemon({
    configFile: configPath(ctx),
    secrets: options.secrets,
    logger: options.logger,
    version: agentVersion(),
    autoApplyAll: booleanOption(ctx.options, 'auto-apply'),
    ...(listen !== undefined ? { listen } : {}),
  });
  const onHup = (): void => {
    options.logger.info({ signal: 'SIGHUP' }, 'reload requested');
    void daemon.reload();
  };
  process.on('SIGHUP', onHup);
  try {
    try {
      await daemon.start();
    } catch (error: unknown) {
      if (error instanceof DaemonStartError) {
        ctx.io.stderr(`ecpa: cannot start: ${error.message}\n${error.errors.map((e) => `  ${e}\n`).join('')}`);
        options.logger.fatal({ err: error.message, errors: error.errors.length }, 'cannot start');
        await daemon.stop();
        return EXIT_CANNOT_RUN;
      }
      throw error;
    }
    options.afterStart?.(daemon);
    if (!ctx.signal.aborted) await new Promise<void>((done) => ctx.signal.addEventListener('abort', () => done(), { once: true }));
    options.logger.info({ reason: errorMessage(ctx.signal.reason) }, 'shutdown requested');
    await daemon.stop();
    return EXIT_OK;
  } finally {
    process.off('SIGHUP', onHup);
  }
}

export const runCommand: Command = {
  path: ['run'],
  summary: 'Run the agent daemon: poll SNMP, reconcile configs against the ledger, serve /metrics',
  details: [
    'Runs until SIGTERM or SIGINT (graceful: an apply in progress finishes or rolls back, sessions are',
    'closed). The config and the ledger are watched; a change, or SIGHUP, reloads both — validated as',
    'a whole; an invalid one is refused with every error logged and exported (ecpa_ledger_*,',
    'ecpa_config_*), and the last good one stays in force. Drift is reported (ecpa_shared_port_config_state);',
    'it is applied only on devices with autoApply: true, or on all with --auto-apply.',
    'Every compliance.intervalMs (default 15 min, 0 = off) it runs the live compliance check of `ecpa check`',
    'and exports the verdicts (ecpa_compliance_rule_verdict{evaluation="live"}, ecpa_compliance_live_*).',
    'Logs: JSON lines on stderr. Exit 2 when it cannot start (invalid config or ledger, address in use).',
  ].join('\n'),
  formats: ['text'],
  options: DAEMON_OPTIONS,
  run: (ctx) => runDaemon(ctx, { secrets: processSecrets(ctx.io.env), logger: commandLogger(ctx) }),
};
