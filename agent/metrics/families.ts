/**
 * Every metric family the agent exports under `ecpa_`, declared once. The renderer, the docs
 * check, the dashboard test and the alert-rule test all read this table, so a metric cannot be
 * renamed in one place and forgotten in another.
 *
 * Naming follows the Prometheus conventions: base units (bytes, seconds, bits per second),
 * `_total` on counters, `_info` on info metrics, a `_ratio` for 0..1 fractions.
 * Rates and bandwidths are exported in BYTES per second although the ledger and the snapshot
 * carry bit/s: `promtool check metrics` (which must stay clean) rejects `bits` as a unit.
 * Dashboards multiply by 8; alert thresholds compare like with like (rate vs allocation).
 */

/** Prometheus metric type as written in `# TYPE`. */
export type MetricType = 'counter' | 'gauge';

/** One metric family: name, type, help text and the label names of every series. */
export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labels: readonly string[];
}

/** Labels that join a shared-port series to the ledger. */
export const PORT_LABELS = ['shared_port', 'tenant', 'circuit', 'access_point', 'vlan', 'device', 'interface'] as const;
/** Labels of a circuit series. */
export const CIRCUIT_LABELS = ['circuit', 'access_point', 'device', 'interface'] as const;

function family(name: string, type: MetricType, help: string, labels: readonly string[]): MetricFamily {
  return { name, type, help, labels };
}

const P = PORT_LABELS;
const C = CIRCUIT_LABELS;

/** The table. Keys are the identifiers code uses; `name` is what Prometheus sees. */
export const FAMILIES = {
  portReceiveBytes: family('ecpa_shared_port_receive_bytes_total', 'counter', 'Bytes received on the shared port subinterface (device counter, exact).', P),
  portTransmitBytes: family('ecpa_shared_port_transmit_bytes_total', 'counter', 'Bytes transmitted on the shared port subinterface (device counter, exact).', P),
  portReceivePackets: family('ecpa_shared_port_receive_packets_total', 'counter', 'Packets received on the shared port subinterface.', P),
  portTransmitPackets: family('ecpa_shared_port_transmit_packets_total', 'counter', 'Packets transmitted on the shared port subinterface.', P),
  portReceiveDropped: family('ecpa_shared_port_receive_dropped_packets_total', 'counter', 'Packets dropped on receive (policer or discards) on the shared port.', P),
  portTransmitDropped: family('ecpa_shared_port_transmit_dropped_packets_total', 'counter', 'Packets dropped on transmit (policer or discards) on the shared port.', P),
  portReceiveRate: family('ecpa_shared_port_receive_bytes_per_second', 'gauge', 'Receive rate between the two latest polls, bytes per second (multiply by 8 for bit/s).', P),
  portTransmitRate: family('ecpa_shared_port_transmit_bytes_per_second', 'gauge', 'Transmit rate between the two latest polls, bytes per second (multiply by 8 for bit/s).', P),
  portReceivePps: family('ecpa_shared_port_receive_packets_per_second', 'gauge', 'Receive rate between the two latest polls, packets per second.', P),
  portTransmitPps: family('ecpa_shared_port_transmit_packets_per_second', 'gauge', 'Transmit rate between the two latest polls, packets per second.', P),
  portReceiveDroppedPps: family('ecpa_shared_port_receive_dropped_packets_per_second', 'gauge', 'Receive drop rate between the two latest polls, packets per second.', P),
  portTransmitDroppedPps: family('ecpa_shared_port_transmit_dropped_packets_per_second', 'gauge', 'Transmit drop rate between the two latest polls, packets per second.', P),
  portAllocated: family('ecpa_shared_port_allocated_bytes_per_second', 'gauge', 'Bandwidth sold to the tenant on this shared port (ledger spec), bytes per second (spec bit/s divided by 8).', P),
  portReceiveUtilisation: family('ecpa_shared_port_receive_utilisation_ratio', 'gauge', 'Receive rate divided by the allocated bandwidth (1 = at allocation).', P),
  portTransmitUtilisation: family('ecpa_shared_port_transmit_utilisation_ratio', 'gauge', 'Transmit rate divided by the allocated bandwidth (1 = at allocation).', P),
  portReceivePolicerConformedBytes: family('ecpa_shared_port_receive_policer_conformed_bytes_total', 'counter', 'Bytes the agent-owned policer of the shared port let through, inbound (vendor QoS table; absent where the platform does not count them).', P),
  portReceivePolicerConformedPackets: family('ecpa_shared_port_receive_policer_conformed_packets_total', 'counter', 'Packets the agent-owned policer of the shared port let through, inbound (vendor QoS table).', P),
  portReceivePolicerDroppedBytes: family('ecpa_shared_port_receive_policer_dropped_bytes_total', 'counter', 'Bytes the agent-owned policer of the shared port dropped, inbound (vendor QoS table; counted even where IF-MIB discards miss them).', P),
  portReceivePolicerDroppedPackets: family('ecpa_shared_port_receive_policer_dropped_packets_total', 'counter', 'Packets the agent-owned policer of the shared port dropped, inbound (vendor QoS table).', P),
  portTransmitPolicerConformedBytes: family('ecpa_shared_port_transmit_policer_conformed_bytes_total', 'counter', 'Bytes the agent-owned policer of the shared port let through, outbound (vendor QoS table; absent where the platform does not count them).', P),
  portTransmitPolicerConformedPackets: family('ecpa_shared_port_transmit_policer_conformed_packets_total', 'counter', 'Packets the agent-owned policer of the shared port let through, outbound (vendor QoS table).', P),
  portTransmitPolicerDroppedBytes: family('ecpa_shared_port_transmit_policer_dropped_bytes_total', 'counter', 'Bytes the agent-owned policer of the shared port dropped, outbound (vendor QoS table; counted even where IF-MIB discards miss them).', P),
  portTransmitPolicerDroppedPackets: family('ecpa_shared_port_transmit_policer_dropped_packets_total', 'counter', 'Packets the agent-owned policer of the shared port dropped, outbound (vendor QoS table).', P),
  portReceivePolicerDroppedRate: family('ecpa_shared_port_receive_policer_dropped_bytes_per_second', 'gauge', 'Drop rate of the agent-owned policer of the shared port, inbound, between the two latest polls, bytes per second (multiply by 8 for bit/s).', P),
  portReceivePolicerDroppedPps: family('ecpa_shared_port_receive_policer_dropped_packets_per_second', 'gauge', 'Drop rate of the agent-owned policer of the shared port, inbound, between the two latest polls, packets per second.', P),
  portTransmitPolicerDroppedRate: family('ecpa_shared_port_transmit_policer_dropped_bytes_per_second', 'gauge', 'Drop rate of the agent-owned policer of the shared port, outbound, between the two latest polls, bytes per second (multiply by 8 for bit/s).', P),
  portTransmitPolicerDroppedPps: family('ecpa_shared_port_transmit_policer_dropped_packets_per_second', 'gauge', 'Drop rate of the agent-owned policer of the shared port, outbound, between the two latest polls, packets per second.', P),
  portConfigState: family('ecpa_shared_port_config_state', 'gauge', 'Reconciled config state of the shared port on its device: 1 for the current state, 0 for the others.', [...P, 'state']),
  portLedgerStatus: family('ecpa_shared_port_ledger_status', 'gauge', 'Lifecycle status of the shared port in the ledger: 1 for the current status, 0 for the others.', [...P, 'status']),
  circuitCapacity: family('ecpa_circuit_capacity_bytes_per_second', 'gauge', 'Bandwidth of the partner circuit (physical connection), bytes per second (bit/s divided by 8).', C),
  circuitAllocated: family('ecpa_circuit_allocated_bytes_per_second', 'gauge', 'Sum of the bandwidth of the shared ports that hold capacity on the circuit (every status but terminated and deleted), bytes per second.', C),
  circuitSharedPorts: family('ecpa_circuit_shared_ports', 'gauge', 'Number of shared ports in the ledger on the circuit that hold capacity.', C),
  deviceUp: family('ecpa_device_up', 'gauge', '1 when the last poll of the device succeeded, 0 otherwise.', ['device']),
  deviceLastPoll: family('ecpa_device_last_successful_poll_timestamp_seconds', 'gauge', 'Unix time of the last successful poll of the device.', ['device']),
  devicePollDuration: family('ecpa_device_poll_duration_seconds', 'gauge', 'Duration of the last poll of the device.', ['device']),
  deviceReconcileDuration: family('ecpa_device_reconcile_duration_seconds', 'gauge', 'Duration of the last reconcile run on the device.', ['device']),
  deviceErrors: family('ecpa_device_errors_total', 'counter', 'Poll and reconcile errors on the device since the agent started, by reason.', ['device', 'reason']),
  unknownSubinterface: family('ecpa_unknown_subinterface_info', 'gauge', 'A VLAN subinterface on a device that no ledger entry explains (always 1).', ['device', 'interface', 'vlan']),
  ledgerLoaded: family('ecpa_ledger_loaded', 'gauge', '1 when a valid ledger is loaded (the last good one stays after a failed reload).', []),
  ledgerReloadSuccess: family('ecpa_ledger_last_reload_success', 'gauge', '1 when the most recent ledger load or reload succeeded, 0 when it failed.', []),
  ledgerReloadTime: family('ecpa_ledger_last_reload_timestamp_seconds', 'gauge', 'Unix time of the most recent ledger load or reload attempt.', []),
  ledgerValidationErrors: family('ecpa_ledger_validation_errors', 'gauge', 'Validation errors found by the most recent ledger load or reload attempt.', []),
  complianceVerdict: family('ecpa_compliance_rule_verdict', 'gauge', 'Verdict of a partner compliance rule on a subject, from the offline (ledger) or the live (devices) evaluation: 1 for the current verdict, 0 for the others.', ['rule', 'subject', 'evaluation', 'verdict']),
  complianceLiveInterval: family('ecpa_compliance_live_interval_seconds', 'gauge', 'Configured time between two live compliance runs of the daemon (compliance.intervalMs); 0 when the live check is off.', []),
  complianceLiveLastRun: family('ecpa_compliance_live_last_run_timestamp_seconds', 'gauge', 'Unix time the last finished live compliance run ended; the live verdicts are as of then.', []),
  complianceLiveDuration: family('ecpa_compliance_live_run_duration_seconds', 'gauge', 'Duration of the last finished live compliance run.', []),
  complianceLiveRuns: family('ecpa_compliance_live_runs_total', 'counter', 'Live compliance runs since the agent started, by outcome: pass, fail, incomplete (finished), error (broke; the previous verdicts stay), cancelled (reload or shutdown).', ['outcome']),
  buildInfo: family('ecpa_build_info', 'gauge', 'Build of the running agent (always 1).', ['version', 'node_version']),
} as const satisfies Record<string, MetricFamily>;

/** Identifier of a family in {@link FAMILIES}. */
export type FamilyKey = keyof typeof FAMILIES;

/** Every exported `ecpa_` family name, in export order. */
export const ECPA_METRIC_NAMES: readonly string[] = Object.values(FAMILIES).map((f) => f.name);

