import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, formatValue, labelSet } from '../../../../agent/metrics/exposition.js';
import { MetricsExporter } from '../../../../agent/metrics/exporter.js';
import { FAMILIES } from '../../../../agent/metrics/families.js';
import { MetricNameConflictError, RegistryFormatError } from '../../../../agent/metrics/errors.js';
import { renderSnapshot } from '../../../../agent/metrics/render.js';
import { emptySnapshot } from '../../../../agent/metrics/state.js';
import { scenarioBuild, scenarioSnapshot } from './scenario.js';

const lines = (text: string, prefix: string): string[] => text.split('\n').filter((l) => l.startsWith(prefix));

describe('exposition primitives', () => {
  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['a\\b', 'a\\\\b'],
    ['a\nb', 'a\\nb'],
    ['\\"\n', '\\\\\\"\\n'],
  ])('escapes label value %j', (raw, escaped) => {
    expect(escapeLabelValue(raw)).toBe(escaped);
  });

  it('escapes help text (backslash, newline) but leaves quotes', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  it.each([
    [18446744073709551615n, '18446744073709551615'],
    [0n, '0'],
    [0.25, '0.25'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [1e21, '1e+21'],
  ])('formats %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it('builds label sets in the given order', () => {
    expect(labelSet(['a', 'b'], ['1', 'x"y'])).toBe('{a="1",b="x\\"y"}');
    expect(labelSet([], [])).toBe('');
  });
});

describe('renderSnapshot', () => {
  const text = renderSnapshot(scenarioSnapshot, scenarioBuild);

  it('keeps Counter64 values exact (no rounding through a JS number)', () => {
    expect(text).toContain('interface="GigabitEthernet0/0/1.1201"} 18446744073709551615\n');
    expect(text).toContain('} 9007199254740993\n');
  });

  it('keeps tenant ids as strings, leading zeros included', () => {
    expect(text).toContain('tenant="0012345678901234"');
  });

  it('never exports descriptions', () => {
    expect(text).not.toContain('quoted');
  });

  it('emits one config-state series per state, exactly one of them 1', () => {
    const states = lines(text, `${FAMILIES.portConfigState.name}{shared_port="pc-sp-0002"`);
    expect(states).toHaveLength(5);
    expect(states.filter((l) => l.endsWith(' 1'))).toEqual([expect.stringContaining('state="drifted"')]);
    // pc-sp-0005 has no reconcile state: unknown.
    const unknown = lines(text, `${FAMILIES.portConfigState.name}{shared_port="pc-sp-0005"`).filter((l) => l.endsWith(' 1'));
    expect(unknown).toEqual([expect.stringContaining('state="unknown"')]);
  });

  it('exports no rate for a port polled once, and nothing for a port not in the ledger', () => {
    expect(lines(text, `${FAMILIES.portReceiveRate.name}{shared_port="pc-sp-0002"`)).toEqual([]);
    expect(lines(text, `${FAMILIES.portReceiveBytes.name}{shared_port="pc-sp-0002"`)).toHaveLength(1);
    expect(text).not.toContain('pc-sp-gone');
  });

  it('computes utilisation against the sold bandwidth and rates in bytes/s', () => {
    expect(text).toContain('interface="GigabitEthernet0/0/1.1201"} 1.224\n'); // 612 Mbit/s on 500M
    expect(lines(text, `${FAMILIES.portReceiveRate.name}{shared_port="pc-sp-0001"`)[0]).toMatch(/ 76500000$/);
  });

  it('counts only capacity-holding ports in the circuit allocation', () => {
    // circuit b: 100M enabled + 1G terminated → 100M = 12.5 MB/s, 1 port.
    expect(lines(text, `${FAMILIES.circuitAllocated.name}{circuit="pc-circuit-b"`)[0]).toMatch(/ 12500000$/);
    expect(lines(text, `${FAMILIES.circuitSharedPorts.name}{circuit="pc-circuit-b"`)[0]).toMatch(/ 1$/);
  });

  it('writes each family contiguously with one HELP and TYPE', () => {
    const seen = new Set<string>();
    let current = '';
    for (const line of text.split('\n')) {
      if (line.startsWith('# TYPE ')) {
        const name = line.split(' ')[2] ?? '';
        expect(seen.has(name)).toBe(false);
        seen.add(name);
        current = name;
      } else if (line !== '' && !line.startsWith('#')) {
        expect(line.startsWith(`${current}{`) || line.startsWith(`${current} `)).toBe(true);
      }
    }
  });

  it('renders an empty agent as ledger state and build info only', () => {
    const empty = renderSnapshot(emptySnapshot(), scenarioBuild);
    expect(empty).toContain('ecpa_ledger_loaded 0\n');
    expect(empty).not.toContain('ecpa_ledger_last_reload_timestamp_seconds');
    expect(empty).not.toContain('ecpa_shared_port');
    expect(empty).toContain('ecpa_build_info{version="0.0.0-golden",node_version="v20.0.0"} 1\n');
  });
});

describe('MetricsExporter', () => {
  it('appends the passed registry (process metrics) and not the global one', async () => {
    const registry = new Registry();
    const exporter = new MetricsExporter({ registry, snapshot: () => scenarioSnapshot, version: '1.2.3' });
    const text = await exporter.render();
    expect(text).toContain('ecpa_build_info{version="1.2.3",node_version="' + process.version + '"} 1');
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(exporter.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('reads the snapshot at every scrape', async () => {
    let snapshot = emptySnapshot();
    const exporter = new MetricsExporter({ registry: new Registry(), snapshot: () => snapshot, version: '1', processMetrics: false });
    expect(await exporter.render()).toContain('ecpa_ledger_loaded 0');
    snapshot = { ...snapshot, ledgerState: { ...snapshot.ledgerState, loaded: true } };
    expect(await exporter.render()).toContain('ecpa_ledger_loaded 1');
  });

  it('refuses a registry family that it renders itself', async () => {
    const registry = new Registry();
    new Gauge({ name: 'ecpa_device_up', help: 'x', registers: [registry] });
    const exporter = new MetricsExporter({ registry, snapshot: emptySnapshot, version: '1', processMetrics: false });
    await expect(exporter.render()).rejects.toBeInstanceOf(MetricNameConflictError);
  });

  it('refuses an OpenMetrics registry', () => {
    const registry = new Registry();
    // The type forbids it; a JavaScript caller (or a cast) can still switch the format at run time.
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE as typeof Registry.PROMETHEUS_CONTENT_TYPE);
    expect(() => new MetricsExporter({ registry, snapshot: emptySnapshot, version: '1' })).toThrow(RegistryFormatError);
  });
});
