/**
 * `ecpa start` (what `npm start` runs): the agent against the simulated lab fleet. Starts one lab
 * switch (NETCONF server + SNMP agent with a traffic model) per device of the agent config, on the
 * config's ports, seeded with the rendered intent of the ledger (as if the partner had applied it),
 * with the example traffic (one tenant over its allocation, one device that flaps); then runs the
 * daemon against that config and prints where the metrics are. Lab secrets missing from the
 * environment are generated. For real switches use `ecpa run`.
 */
import { dirname, join } from 'node:path';
import type { AgentConfig } from '../../../config/agent/model.js';
import { formatIssue } from '../../../config/issues.js';
import { startFleet, fleetSpecsFromConfig, type LabFleet } from '../../../test/lab/fleet/fleet.js';
import { withLabSecrets } from '../../../test/lab/fleet/example.js';
import { exampleScenario, unknownScenarioPorts, type FleetScenario } from '../../../test/lab/fleet/scenario.js';
import type { Ledger } from '../../../policies/ledger/model.js';
import { loadDaemonInputs, processSecrets } from '../../daemon/inputs.js';
import { errorMessage } from '../../daemon/logger.js';
import { EXIT_CANNOT_RUN, booleanOption, type Command, type CommandContext, type ExitCode } from '../command.js';
import { DAEMON_OPTIONS, commandLogger, configPath, runDaemon } from './run.js';

/** The example scenario, or (for another ledger) the same traffic spread without named tenants. */
function scenarioFor(ledger: Ledger, config: AgentConfig): FleetScenario {
  const example = exampleScenario();
  const ids = new Set(config.devices.map((d) => d.id));
  if (unknownScenarioPorts(example, ledger).length === 0 && example.flaps.every((f) => ids.has(f.device))) return example;
  return { ...example, name: 'spread', offered: {}, flaps: [] };
}

async function runStart(ctx: CommandContext): Promise<ExitCode> {
  const logger = commandLogger(ctx);
  const env = withLabSecrets(ctx.io.env);
  const secrets = processSecrets(env);
  const loaded = await loadDaemonInputs(configPath(ctx), secrets);
  if (!loaded.ok) {
    ctx.io.stderr(`ecpa start: the ${loaded.stage} ${loaded.file} is invalid:\n${loaded.errors.map((e) => `  ${formatIssue(e)}\n`).join('')}`);
    return EXIT_CANNOT_RUN;
  }
  const { config, ledger } = loaded.inputs;
  const applyPath = booleanOption(ctx.options, 'apply');
  const scenario = { ...scenarioFor(ledger, config), ...(applyPath ? { seed: 'empty' as const } : {}) };
  const knownHosts = config.devices.map((d) => d.netconf?.hostKey.knownHosts).find((k) => k !== undefined);
  let fleet: LabFleet;
  try {
    fleet = await startFleet({
      ledger,
      devices: config.devices,
      push: config.push,
      specs: fleetSpecsFromConfig(config),
      scenario,
      hostKeyDir: knownHosts !== undefined ? dirname(knownHosts) : join(ctx.io.cwd, 'test', 'lab', 'run'),
      log: (message, fields) => logger.info({ component: 'lab', ...fields }, message),
    });
  } catch (error: unknown) {
    ctx.io.stderr(`ecpa start: cannot start the lab fleet: ${errorMessage(error)}\n`);
    return EXIT_CANNOT_RUN;
  }
  try {
    const ctxApply = applyPath ? { ...ctx, options: { ...ctx.options, 'auto-apply': true } } : ctx;
    return await runDaemon(ctxApply, {
      secrets,
      logger,
      afterStart: (daemon) => {
        const url = daemon.listening?.url ?? `http://${config.exporter.listen}`;
        ctx.io.stdout(
          [
            `ecpa: lab fleet of ${fleet.devices.size} simulated switches (scenario '${scenario.name}'), ${ledger.sharedPorts.length} shared ports on ${ledger.circuits.length} circuits`,
            ...[...fleet.devices.values()].map((d) => `  ${d.id} (${d.spec.platform}): NETCONF 127.0.0.1:${d.netconf.port}, SNMP 127.0.0.1:${d.snmpPort}`),
            `ecpa: agent running; polling every ${config.polling.intervalMs / 1000} s — rates appear after the second poll`,
            ...scenario.flaps.map((f) => `ecpa: ${f.device} stops answering SNMP for ${f.downMs / 1000} s of every ${(f.upMs + f.downMs) / 1000} s (ecpa_device_up 0, its rates withdrawn meanwhile)`),
            `metrics: ${url}/metrics   health: ${url}/healthz   ready: ${url}/readyz`,
            'Ctrl-C stops the agent and the lab.',
            '',
          ].join('\n'),
        );
      },
    });
  } finally {
    await fleet.stop();
  }
}

export const startCommand: Command = {
  path: ['start'],
  summary: 'Start the agent against the simulated lab fleet (what `npm start` runs)',
  details: [
    'Starts a simulated switch per device of the agent config (default: the example lab, four switches',
    'on 127.0.0.1, NETCONF ports 18301-18304, SNMP ports 18311-18314) holding the ledger\'s intent, with',
    'traffic: Initech (pc-bp1v0003) offers 300 Mbit/s on its 200M port and is policed, Vandelay',
    '(pc-bp1v0012) 150 Mbit/s on 200M, the others 20-80 % of their bandwidth; hz-acc-03 stops answering',
    'SNMP for 20 s of every 2 min (first after 100 s). Then runs the daemon (`ecpa run`) against that config and prints where',
    'the metrics are (exporter.listen of the config: http://127.0.0.1:9469/metrics for the example).',
    'Missing ECPA_LAB_* secrets are generated.',
    'With --apply the lab switches start empty and the daemon pushes the intent itself (auto-apply).',
  ].join('\n'),
  formats: ['text'],
  options: {
    ...DAEMON_OPTIONS,
    apply: { type: 'boolean', description: 'start the lab switches empty and let the daemon apply the intent (auto-apply)' },
  },
  run: runStart,
};
