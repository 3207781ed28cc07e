/**
 * The small interface the poller talks through, so that the walk and poll logic is tested with a
 * recording fake and runs on net-snmp in production (net-snmp-transport.ts).
 */
import type { SnmpSettings } from '../../config/agent/model.js';
import type { SnmpVarbind } from './varbind.js';
import type { QosVendor } from './qos.js';

/** The answer to one GetBulk: the non-repeater varbinds, then per requested repeater OID its varbinds in order. */
export interface BulkResponse {
  readonly nonRepeaters: readonly SnmpVarbind[];
  readonly columns: readonly (readonly SnmpVarbind[])[];
}

export interface SnmpTransport {
  /**
   * One GetBulk PDU (v2c/v3). `oids` = non-repeaters first, then repeaters.
   * @throws SnmpTimeoutError, SnmpAuthError, SnmpAbortedError, SnmpError
   */
  getBulk(oids: readonly string[], nonRepeaters: number, maxRepetitions: number, signal: AbortSignal): Promise<BulkResponse>;
  /**
   * One Get PDU.
   * @throws SnmpTimeoutError, SnmpAuthError, SnmpAbortedError, SnmpError
   */
  get(oids: readonly string[], signal: AbortSignal): Promise<readonly SnmpVarbind[]>;
  /** Releases the socket. Idempotent. */
  close(): void;
}

/** Opens a transport to one device. The poller opens one per poll and closes it at the end. */
export type SnmpTransportFactory = (target: SnmpTarget) => SnmpTransport;

/** What a transport needs to reach a device. Secrets stay `Secret`s until the transport reveals them. */
export interface SnmpTarget {
  readonly deviceId: string;
  readonly address: string;
  readonly settings: SnmpSettings;
  /** Also read this vendor's QoS policer statistics (optional; per platform). */
  readonly qos?: QosVendor;
}
