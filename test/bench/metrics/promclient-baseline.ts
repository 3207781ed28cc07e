/**
 * The approach the benchmark compares against: prom-client's usual way — one Gauge/Counter object
 * per family with labelNames, registered on a Registry, whose collect() re-sets every series from
 * the snapshot at scrape time (reset, then set/inc per label set). Same families, same label
 * values as the production renderer, so the outputs are comparable line for line (values differ
 * only where prom-client must round a Counter64 through a JS number).
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { FAMILIES, type MetricFamily } from '../../../agent/metrics/families.js';
import { CAPACITY_HOLDING_STATUSES } from '../../../agent/metrics/render.js';
import type { MetricsSnapshot, PortCounters, PortRates } from '../../../agent/metrics/state.js';
import { COMPLIANCE_VERDICTS, CONFIG_STATES } from '../../../agent/metrics/state.js';
import { SHARED_PORT_STATUSES } from '../../../policies/ledger/model.js';

type Labels = Record<string, string>;
type Emit = (family: MetricFamily, labels: Labels, value: number) => void;

/** Walks the snapshot and calls `emit` once per series (the same series the renderer writes). */
function walk(s: MetricsSnapshot, emit: Emit): void {
  const ledger = s.ledger;
  if (ledger === undefined) return;
  const circuits = new Map(ledger.circuits.map((c) => [c.id, c]));
  const traffic = new Map(s.traffic.map((t) => [t.sharedPortId, t]));
  const states = new Map(s.configStates.map((c) => [c.sharedPortId, c.state]));
  const counters: readonly (readonly [MetricFamily, keyof PortCounters])[] = [
    [FAMILIES.portReceiveBytes, 'receiveBytes'],
    [FAMILIES.portTransmitBytes, 'transmitBytes'],
    [FAMILIES.portReceivePackets, 'receivePackets'],
    [FAMILIES.portTransmitPackets, 'transmitPackets'],
    [FAMILIES.portReceiveDropped, 'receiveDroppedPackets'],
    [FAMILIES.portTransmitDropped, 'transmitDroppedPackets'],
  ];
  const rates: readonly (readonly [MetricFamily, keyof PortRates, number])[] = [
    [FAMILIES.portReceiveRate, 'receiveBitsPerSecond', 8],
    [FAMILIES.portTransmitRate, 'transmitBitsPerSecond', 8],
    [FAMILIES.portReceivePps, 'receivePacketsPerSecond', 1],
    [FAMILIES.portTransmitPps, 'transmitPacketsPerSecond', 1],
    [FAMILIES.portReceiveDroppedPps, 'receiveDroppedPacketsPerSecond', 1],
    [FAMILIES.portTransmitDroppedPps, 'transmitDroppedPacketsPerSecond', 1],
  ];
  for (const port of ledger.sharedPorts) {
    const c = circuits.get(port.circuitId);
    const t = traffic.get(port.id);
    const labels: Labels = {
      shared_port: port.id,
      tenant: port.tenant,
      circuit: port.circuitId,
      access_point: c?.accessPointId ?? '',
      vlan: String(port.vlan),
      device: t?.device ?? c?.device ?? '',
      interface: t?.interface ?? c?.port ?? '',
    };
    for (const [f, k] of counters) if (t?.counters !== undefined) emit(f, labels, Number(t.counters[k]));
    for (const [f, k, div] of rates) if (t?.rates !== undefined) emit(f, labels, t.rates[k] / div);
    emit(FAMILIES.portAllocated, labels, port.bandwidth.bps / 8);
    if (t?.rates !== undefined) {
      emit(FAMILIES.portReceiveUtilisation, labels, t.rates.receiveBitsPerSecond / port.bandwidth.bps);
      emit(FAMILIES.portTransmitUtilisation, labels, t.rates.transmitBitsPerSecond / port.bandwidth.bps);
    }
    const state = states.get(port.id) ?? 'unknown';
    for (const v of CONFIG_STATES) emit(FAMILIES.portConfigState, { ...labels, state: v }, v === state ? 1 : 0);
    for (const v of SHARED_PORT_STATUSES) emit(FAMILIES.portLedgerStatus, { ...labels, status: v }, v === port.status ? 1 : 0);
  }
  for (const c of ledger.circuits) {
    const labels = { circuit: c.id, access_point: c.accessPointId, device: c.device, interface: c.port };
    const held = ledger.sharedPorts.filter((p) => p.circuitId === c.id && CAPACITY_HOLDING_STATUSES.includes(p.status));
    emit(FAMILIES.circuitCapacity, labels, c.bandwidth.bps / 8);
    emit(FAMILIES.circuitAllocated, labels, held.reduce((a, p) => a + p.bandwidth.bps, 0) / 8);
    emit(FAMILIES.circuitSharedPorts, labels, held.length);
  }
  for (const d of s.devices) {
    emit(FAMILIES.deviceUp, { device: d.device }, d.up ? 1 : 0);
    if (d.lastSuccessfulPollSeconds !== undefined) emit(FAMILIES.deviceLastPoll, { device: d.device }, d.lastSuccessfulPollSeconds);
    if (d.pollDurationSeconds !== undefined) emit(FAMILIES.devicePollDuration, { device: d.device }, d.pollDurationSeconds);
    if (d.reconcileDurationSeconds !== undefined) emit(FAMILIES.deviceReconcileDuration, { device: d.device }, d.reconcileDurationSeconds);
    for (const [reason, n] of Object.entries(d.errorsByReason)) emit(FAMILIES.deviceErrors, { device: d.device, reason }, n);
  }
  for (const v of s.compliance) {
    for (const verdict of COMPLIANCE_VERDICTS) emit(FAMILIES.complianceVerdict, { rule: v.ruleId, subject: v.subject, verdict }, verdict === v.verdict ? 1 : 0);
  }
  emit(FAMILIES.ledgerLoaded, {}, s.ledgerState.loaded ? 1 : 0);
}

/**
 * Registers one prom-client metric per family on `registry`; a collect() hook on the first one
 * refreshes every family from `snapshot()` at scrape time. Returns the registry's renderer.
 */
export function promClientExporter(registry: Registry, snapshot: () => MetricsSnapshot): { contentType: string; chunks(): AsyncGenerator<string> } {
  const metrics = new Map<string, Counter | Gauge>();
  const refresh = (): void => {
    for (const m of metrics.values()) m.reset();
    walk(snapshot(), (family, labels, value) => {
      const m = metrics.get(family.name);
      if (m instanceof Counter) m.inc(labels, value);
      else m?.set(labels, value);
    });
  };
  let first = true;
  for (const f of Object.values(FAMILIES)) {
    // prom-client appends nothing to counter names in 0.0.4 output, so the family name is used as is.
    const config = {
      name: f.name,
      help: f.help,
      labelNames: [...f.labels],
      registers: [registry],
      ...(first ? { collect: refresh } : {}),
    };
    first = false;
    metrics.set(f.name, f.type === 'counter' ? new Counter(config) : new Gauge(config));
  }
  collectDefaultMetrics({ register: registry });
  return {
    contentType: registry.contentType,
    async *chunks(): AsyncGenerator<string> {
      yield await registry.metrics();
    },
  };
}
