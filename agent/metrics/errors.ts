/** Errors of the metrics exporter, with stable codes. */

/** A metric family was registered twice (in the passed registry and in the `ecpa_` table). */
export class MetricNameConflictError extends Error {
  override readonly name = 'MetricNameConflictError';
  readonly code = 'ECPA_METRIC_NAME_CONFLICT';
  constructor(readonly metric: string) {
    super(`metric ${metric} is rendered from the state snapshot and must not also be registered in the prom-client registry`);
  }
}

/** The registry passed in cannot be combined with the text format the exporter writes. */
export class RegistryFormatError extends Error {
  override readonly name = 'RegistryFormatError';
  readonly code = 'ECPA_METRIC_REGISTRY_FORMAT';
}
