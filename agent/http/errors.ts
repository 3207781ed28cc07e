/** Errors of the metrics HTTP endpoint, with stable codes. None of them carries a secret. */

/** One problem in a web config file: the field path (e.g. `tls_server_config.cert_file`) and what is wrong. */
export interface WebConfigProblem {
  readonly field: string;
  readonly message: string;
  /** 1-based line and column in the file, when the field exists there. */
  readonly line?: number;
  readonly column?: number;
}

/** The web config file is unreadable or invalid; lists every problem with its field. */
export class WebConfigError extends Error {
  override readonly name = 'WebConfigError';
  readonly code = 'ECPA_WEB_CONFIG';
  constructor(
    readonly file: string,
    readonly problems: readonly WebConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(
      `invalid web config ${file}:\n${problems
        .map((p) => `  ${file}${p.line === undefined ? '' : `:${p.line}:${p.column ?? 1}`}: ${p.field}: ${p.message}`)
        .join('\n')}`,
      options,
    );
  }
}

/** The listen address is not `host:port`. */
export class ListenAddressError extends Error {
  override readonly name = 'ListenAddressError';
  readonly code = 'ECPA_LISTEN_ADDRESS';
}

/** The server could not listen (address in use, permission denied …). */
export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
  readonly code = 'ECPA_HTTP_START';
}
