/**
 * Renders a {@link MetricsSnapshot} as Prometheus text exposition (0.0.4), every `ecpa_` family of
 * {@link FAMILIES}. Hand-written rather than through prom-client metric objects because at 50,000
 * shared ports prom-client's per-series label hashing costs seconds per scrape and rounds Counter64
 * values through a JS number (see docs/benchmarks/metrics.md); this renderer prints bigint exactly.
 *
 * Series order is deterministic: ledger order for shared ports and circuits, snapshot order for
 * devices, compliance and unknown subinterfaces, sorted reasons for device errors.
 */
import type { Circuit, Ledger, SharedPort, SharedPortStatus } from '../../policies/ledger/model.js';
import { SHARED_PORT_STATUSES } from '../../policies/ledger/model.js';
import { CIRCUIT_LABELS, FAMILIES, PORT_LABELS, type MetricFamily } from './families.js';
import { ExpositionWriter, escapeLabelValue, labelSet } from './exposition.js';
import type { ConfigState, MetricsSnapshot, PortCounters, PortPolicerDirection, PortRates, PortTraffic } from './state.js';
import { COMPLIANCE_VERDICTS, CONFIG_STATES, LIVE_RUN_OUTCOMES } from './state.js';

/** Ledger statuses whose shared port holds capacity on its circuit (counted in the allocation). */
export const CAPACITY_HOLDING_STATUSES: readonly SharedPortStatus[] = ['pending-acceptance', 'accepted', 'enabled', 'terminating'];

/** What the renderer needs besides the snapshot. */
export interface RenderOptions {
  /** Agent version for `ecpa_build_info`. */
  readonly version: string;
  /** Node.js version for `ecpa_build_info`, e.g. `v20.20.2`. */
  readonly nodeVersion: string;
}

/** One shared port joined to its traffic and config state, with its label string built once. */
interface PortRow {
  readonly port: SharedPort;
  /** `shared_port="…",…,interface="…"` without braces, escaped. */
  readonly labels: string;
  readonly traffic: PortTraffic | undefined;
  readonly state: ConfigState;
}

function portRows(ledger: Ledger, snapshot: MetricsSnapshot): PortRow[] {
  const circuits = new Map<string, Circuit>(ledger.circuits.map((c) => [c.id, c]));
  const traffic = new Map<string, PortTraffic>(snapshot.traffic.map((t) => [t.sharedPortId, t]));
  const states = new Map<string, ConfigState>(snapshot.configStates.map((s) => [s.sharedPortId, s.state]));
  return ledger.sharedPorts.map((port) => {
    const circuit = circuits.get(port.circuitId);
    const seen = traffic.get(port.id);
    // Before the first poll the subinterface name is not known; the circuit port stands in so the
    // allocation and state series exist from the start.
    const values = [
      port.id,
      port.tenant,
      port.circuitId,
      circuit?.accessPointId ?? '',
      String(port.vlan),
      seen?.device ?? circuit?.device ?? '',
      seen?.interface ?? circuit?.port ?? '',
    ];
    let labels = '';
    for (let i = 0; i < PORT_LABELS.length; i++) {
      labels += `${i > 0 ? ',' : ''}${PORT_LABELS[i] ?? ''}="${escapeLabelValue(values[i] ?? '')}"`;
    }
    return { port, labels, traffic: seen, state: states.get(port.id) ?? 'unknown' };
  });
}

type PortValue = (row: PortRow) => number | bigint | undefined;

function counter(key: keyof PortCounters): PortValue {
  return (row) => row.traffic?.counters?.[key];
}

function rate(key: keyof PortRates): PortValue {
  return (row) => row.traffic?.rates?.[key];
}

/** A bit/s rate of the snapshot as the exported bytes/s. */
function byteRate(key: 'receiveBitsPerSecond' | 'transmitBitsPerSecond'): PortValue {
  return (row) => {
    const r = row.traffic?.rates?.[key];
    return r === undefined ? undefined : r / 8;
  };
}

function utilisation(key: 'receiveBitsPerSecond' | 'transmitBitsPerSecond'): PortValue {
  return (row) => {
    const r = row.traffic?.rates?.[key];
    return r === undefined || row.port.bandwidth.bps <= 0 ? undefined : r / row.port.bandwidth.bps;
  };
}

/** A counter of one direction of the shared port's owned policer. */
function policerCounter(direction: 'receive' | 'transmit', key: 'conformedBytes' | 'conformedPackets' | 'droppedBytes' | 'droppedPackets'): PortValue {
  return (row) => row.traffic?.policer?.[direction]?.[key];
}

/** A drop rate of one direction of the owned policer; bit/s of the snapshot as the exported bytes/s. */
function policerRate(direction: 'receive' | 'transmit', key: keyof Pick<PortPolicerDirection, 'droppedBitsPerSecond' | 'droppedPacketsPerSecond'>): PortValue {
  return (row) => {
    const r = row.traffic?.policer?.[direction]?.[key];
    return r === undefined ? undefined : key === 'droppedBitsPerSecond' ? r / 8 : r;
  };
}

/** Per-port value families, in export order. */
const PORT_VALUE_FAMILIES: readonly (readonly [MetricFamily, PortValue])[] = [
  [FAMILIES.portReceiveBytes, counter('receiveBytes')],
  [FAMILIES.portTransmitBytes, counter('transmitBytes')],
  [FAMILIES.portReceivePackets, counter('receivePackets')],
  [FAMILIES.portTransmitPackets, counter('transmitPackets')],
  [FAMILIES.portReceiveDropped, counter('receiveDroppedPackets')],
  [FAMILIES.portTransmitDropped, counter('transmitDroppedPackets')],
  [FAMILIES.portReceiveRate, byteRate('receiveBitsPerSecond')],
  [FAMILIES.portTransmitRate, byteRate('transmitBitsPerSecond')],
  [FAMILIES.portReceivePps, rate('receivePacketsPerSecond')],
  [FAMILIES.portTransmitPps, rate('transmitPacketsPerSecond')],
  [FAMILIES.portReceiveDroppedPps, rate('receiveDroppedPacketsPerSecond')],
  [FAMILIES.portTransmitDroppedPps, rate('transmitDroppedPacketsPerSecond')],
  [FAMILIES.portAllocated, (row) => row.port.bandwidth.bps / 8],
  [FAMILIES.portReceiveUtilisation, utilisation('receiveBitsPerSecond')],
  [FAMILIES.portTransmitUtilisation, utilisation('transmitBitsPerSecond')],
  [FAMILIES.portReceivePolicerConformedBytes, policerCounter('receive', 'conformedBytes')],
  [FAMILIES.portReceivePolicerConformedPackets, policerCounter('receive', 'conformedPackets')],
  [FAMILIES.portReceivePolicerDroppedBytes, policerCounter('receive', 'droppedBytes')],
  [FAMILIES.portReceivePolicerDroppedPackets, policerCounter('receive', 'droppedPackets')],
  [FAMILIES.portTransmitPolicerConformedBytes, policerCounter('transmit', 'conformedBytes')],
  [FAMILIES.portTransmitPolicerConformedPackets, policerCounter('transmit', 'conformedPackets')],
  [FAMILIES.portTransmitPolicerDroppedBytes, policerCounter('transmit', 'droppedBytes')],
  [FAMILIES.portTransmitPolicerDroppedPackets, policerCounter('transmit', 'droppedPackets')],
  [FAMILIES.portReceivePolicerDroppedRate, policerRate('receive', 'droppedBitsPerSecond')],
  [FAMILIES.portReceivePolicerDroppedPps, policerRate('receive', 'droppedPacketsPerSecond')],
  [FAMILIES.portTransmitPolicerDroppedRate, policerRate('transmit', 'droppedBitsPerSecond')],
  [FAMILIES.portTransmitPolicerDroppedPps, policerRate('transmit', 'droppedPacketsPerSecond')],
];

function* renderPorts(w: ExpositionWriter, rows: readonly PortRow[]): Generator<string> {
  for (const [family, value] of PORT_VALUE_FAMILIES) {
    w.begin(family);
    for (const row of rows) {
      const v = value(row);
      if (v !== undefined) w.sample(family.name, `{${row.labels}}`, v);
      if (w.full) yield w.take();
    }
    w.end();
  }
  yield* enumFamily(w, FAMILIES.portConfigState, rows, 'state', CONFIG_STATES, (row) => row.state);
  yield* enumFamily(w, FAMILIES.portLedgerStatus, rows, 'status', SHARED_PORT_STATUSES, (row) => row.port.status);
}

function* enumFamily<T extends string>(
  w: ExpositionWriter,
  family: MetricFamily,
  rows: readonly PortRow[],
  label: string,
  values: readonly T[],
  current: (row: PortRow) => T,
): Generator<string> {
  w.begin(family);
  for (const row of rows) {
    const now = current(row);
    for (const v of values) w.sample(family.name, `{${row.labels},${label}="${v}"}`, v === now ? 1 : 0);
    if (w.full) yield w.take();
  }
  w.end();
}

function renderCircuits(w: ExpositionWriter, ledger: Ledger): void {
  const allocated = new Map<string, { bps: number; ports: number }>();
  for (const port of ledger.sharedPorts) {
    if (!CAPACITY_HOLDING_STATUSES.includes(port.status)) continue;
    const sum = allocated.get(port.circuitId) ?? { bps: 0, ports: 0 };
    allocated.set(port.circuitId, { bps: sum.bps + port.bandwidth.bps, ports: sum.ports + 1 });
  }
  const labels = ledger.circuits.map((c) => labelSet(CIRCUIT_LABELS, [c.id, c.accessPointId, c.device, c.port]));
  const series: readonly (readonly [MetricFamily, (c: Circuit) => number])[] = [
    [FAMILIES.circuitCapacity, (c) => c.bandwidth.bps / 8],
    [FAMILIES.circuitAllocated, (c) => (allocated.get(c.id)?.bps ?? 0) / 8],
    [FAMILIES.circuitSharedPorts, (c) => allocated.get(c.id)?.ports ?? 0],
  ];
  for (const [family, value] of series) {
    w.begin(family);
    ledger.circuits.forEach((c, i) => w.sample(family.name, labels[i] ?? '', value(c)));
    w.end();
  }
}

function renderDevices(w: ExpositionWriter, snapshot: MetricsSnapshot): void {
  const devices = snapshot.devices;
  const one = (family: MetricFamily, value: (i: number) => number | undefined): void => {
    w.begin(family);
    devices.forEach((d, i) => {
      const v = value(i);
      if (v !== undefined) w.sample(family.name, labelSet(family.labels, [d.device]), v);
    });
    w.end();
  };
  one(FAMILIES.deviceUp, (i) => (devices[i]?.up === true ? 1 : 0));
  one(FAMILIES.deviceLastPoll, (i) => devices[i]?.lastSuccessfulPollSeconds);
  one(FAMILIES.devicePollDuration, (i) => devices[i]?.pollDurationSeconds);
  one(FAMILIES.deviceReconcileDuration, (i) => devices[i]?.reconcileDurationSeconds);
  const errors = FAMILIES.deviceErrors;
  w.begin(errors);
  for (const d of devices) {
    for (const reason of Object.keys(d.errorsByReason).sort()) {
      w.sample(errors.name, labelSet(errors.labels, [d.device, reason]), d.errorsByReason[reason] ?? 0);
    }
  }
  w.end();
  const unknown = FAMILIES.unknownSubinterface;
  w.begin(unknown);
  for (const s of snapshot.unknownSubinterfaces) {
    w.sample(unknown.name, labelSet(unknown.labels, [s.device, s.interface, String(s.vlan)]), 1);
  }
  w.end();
}

/** Families without labels, one sample each (none when the value is unknown). */
function renderUnlabelled(w: ExpositionWriter, rows: readonly (readonly [MetricFamily, number | undefined])[]): void {
  for (const [family, value] of rows) {
    w.begin(family);
    if (value !== undefined) w.sample(family.name, '', value);
    w.end();
  }
}

function renderLedgerState(w: ExpositionWriter, snapshot: MetricsSnapshot): void {
  const s = snapshot.ledgerState;
  renderUnlabelled(w, [
    [FAMILIES.ledgerLoaded, s.loaded ? 1 : 0],
    [FAMILIES.ledgerReloadSuccess, s.lastReloadSuccess ? 1 : 0],
    [FAMILIES.ledgerReloadTime, s.lastReloadSeconds],
    [FAMILIES.ledgerValidationErrors, s.validationErrors],
  ]);
}

function* renderCompliance(w: ExpositionWriter, snapshot: MetricsSnapshot): Generator<string> {
  const family = FAMILIES.complianceVerdict;
  w.begin(family);
  for (const c of snapshot.compliance) {
    // The labels but the verdict once per entry: at 50,000 shared ports there are ~150,000 entries.
    const base = `{rule="${escapeLabelValue(c.ruleId)}",subject="${escapeLabelValue(c.subject)}",evaluation="${c.evaluation}",verdict="`;
    for (const v of COMPLIANCE_VERDICTS) w.sample(family.name, `${base}${v}"}`, v === c.verdict ? 1 : 0);
    if (w.full) yield w.take();
  }
  w.end();
}

function renderLiveCompliance(w: ExpositionWriter, snapshot: MetricsSnapshot): void {
  const live = snapshot.liveCompliance;
  if (live === undefined) return;
  renderUnlabelled(w, [
    [FAMILIES.complianceLiveInterval, live.intervalSeconds],
    [FAMILIES.complianceLiveLastRun, live.lastRunSeconds],
    [FAMILIES.complianceLiveDuration, live.lastRunDurationSeconds],
  ]);
  const runs = FAMILIES.complianceLiveRuns;
  w.begin(runs);
  for (const outcome of LIVE_RUN_OUTCOMES) w.sample(runs.name, labelSet(runs.labels, [outcome]), live.runs[outcome]);
  w.end();
}

/**
 * Renders every `ecpa_` family for the snapshot as chunks of about 64 KiB of exposition text, in
 * order; concatenated they are the full body (ending in a line feed). Lazy: a chunk is rendered
 * when the consumer asks for it, so a server can stream a large scrape with bounded memory.
 * The snapshot must not change while the generator runs (the daemon swaps whole snapshots).
 */
export function* renderSnapshotChunks(snapshot: MetricsSnapshot, options: RenderOptions): Generator<string> {
  const w = new ExpositionWriter();
  if (snapshot.ledger !== undefined) {
    yield* renderPorts(w, portRows(snapshot.ledger, snapshot));
    renderCircuits(w, snapshot.ledger);
  }
  renderDevices(w, snapshot);
  renderLedgerState(w, snapshot);
  yield* renderCompliance(w, snapshot);
  renderLiveCompliance(w, snapshot);
  const build = FAMILIES.buildInfo;
  w.begin(build);
  w.sample(build.name, labelSet(build.labels, [options.version, options.nodeVersion]), 1);
  w.end();
  const rest = w.take();
  if (rest !== '') yield rest;
}

/** Renders every `ecpa_` family for the snapshot as one string (tests, small fleets). */
export function renderSnapshot(snapshot: MetricsSnapshot, options: RenderOptions): string {
  let out = '';
  for (const chunk of renderSnapshotChunks(snapshot, options)) out += chunk;
  return out;
}
