/**
 * The daemon's own metrics (prom-client, in the registry passed in; never the global one): the
 * agent config's reload status, beside the ledger's `ecpa_ledger_*` families of the snapshot.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** Reload metrics of the agent config and the ledger. */
export class DaemonMetrics {
  readonly #configSuccess: Gauge;
  readonly #configTime: Gauge;
  readonly #configErrors: Gauge;
  readonly #reloads: Counter<'file' | 'result'>;

  constructor(registry: Registry) {
    this.#configSuccess = new Gauge({ name: 'ecpa_config_last_reload_success', help: '1 when the most recent load or reload of the agent config succeeded, 0 when it was refused (the last good config stays in force).', registers: [registry] });
    this.#configTime = new Gauge({ name: 'ecpa_config_last_reload_timestamp_seconds', help: 'Unix time of the most recent agent config load or reload attempt.', registers: [registry] });
    this.#configErrors = new Gauge({ name: 'ecpa_config_validation_errors', help: 'Validation errors found by the most recent agent config load or reload attempt.', registers: [registry] });
    this.#reloads = new Counter({ name: 'ecpa_reloads_total', help: 'Reload attempts since the agent started, by the file that decided the outcome (config or ledger) and result.', labelNames: ['file', 'result'], registers: [registry] });
    this.#reloads.inc({ file: 'config', result: 'success' }, 0);
    this.#reloads.inc({ file: 'ledger', result: 'success' }, 0);
    this.#reloads.inc({ file: 'config', result: 'refused' }, 0);
    this.#reloads.inc({ file: 'ledger', result: 'refused' }, 0);
  }

  /** A config attempt: `errors` = 0 when it succeeded. */
  configAttempt(atSeconds: number, errors: number): void {
    this.#configSuccess.set(errors === 0 ? 1 : 0);
    this.#configTime.set(atSeconds);
    this.#configErrors.set(errors);
  }

  /** A reload attempt decided by `file`. */
  reload(file: 'config' | 'ledger', result: 'success' | 'refused'): void {
    this.#reloads.inc({ file, result });
  }
}
