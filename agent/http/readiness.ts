/** The default readiness rule for /readyz, computed from the metrics snapshot. */
import type { MetricsSnapshot } from '../metrics/state.js';
import type { Readiness } from './server.js';

/**
 * Ready when a valid ledger is loaded and every configured device has finished its first poll
 * (successfully or not — one dead switch must not keep the exporter unready forever).
 * `devices` is the configured device ids; the snapshot says which have been polled.
 */
export function snapshotReadiness(snapshot: MetricsSnapshot, devices: readonly string[]): Readiness {
  if (!snapshot.ledgerState.loaded) return { ready: false, reason: 'ledger not loaded' };
  const polled = new Set(snapshot.devices.filter((d) => d.pollDurationSeconds !== undefined).map((d) => d.device));
  const waiting = devices.filter((d) => !polled.has(d));
  if (waiting.length > 0) return { ready: false, reason: `first poll pending for ${waiting.length} device(s): ${waiting.slice(0, 5).join(', ')}` };
  return { ready: true };
}
