/**
 * The daemon's structured log: pino, one JSON line per event on stderr, with `device` and
 * `sharedPort` ids as fields. Nothing secret reaches it: configs carry `Secret`s that print
 * `[redacted]`, and the redaction below is a second net for credential-looking keys.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Log levels `--log-level` accepts, most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The logger type components take. */
export type DaemonLogger = Logger;

const REDACT = ['password', 'passphrase', 'community', 'authKey', 'privKey', 'authorization', '*.password', '*.passphrase', '*.community', '*.authKey', '*.privKey', '*.authorization'];

/**
 * A logger writing JSON lines to `destination` (default: stderr, synchronously, so the last lines
 * before an exit are not lost).
 */
export function createDaemonLogger(level: LogLevel, destination?: DestinationStream): DaemonLogger {
  return pino(
    {
      level,
      base: { name: 'ecpa' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** The message of an unknown thrown value, for an `err` field that must stay short. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
