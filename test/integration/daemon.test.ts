/**
 * The daemon in-process against the simulated lab fleet: metrics values checked against the lab's
 * traffic model, a ledger replaced by an invalid one refused (the last good one stays, the error is
 * logged and exported), a valid change picked up and its drift reported.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Daemon } from '../../agent/daemon/daemon.js';
import { processSecrets } from '../../agent/daemon/inputs.js';
import { createDaemonLogger } from '../../agent/daemon/logger.js';
import { exampleScenario, LAB_PACKET_BYTES } from '../lab/fleet/scenario.js';
import { eventually, sample, startLab, type Lab } from './lab-setup.js';

let lab: Lab;
let daemon: Daemon;
let url: string;
const logLines: Record<string, unknown>[] = [];

async function metrics(): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  return res.text();
}

beforeAll(async () => {
  // Besides the example: Wayne (pc-bp1v0009, 300M on the Huawei hz-acc-02) offers 450 Mbit/s, so the
  // Huawei CBQoS table the lab serves shows its policer dropping 150 Mbit/s.
  const scenario = exampleScenario();
  const offered = { ...scenario.offered, 'pc-bp1v0009': { inBps: 450e6, outBps: 50e6, packetBytes: LAB_PACKET_BYTES } };
  lab = await startLab({ ...scenario, offered, flaps: [] }, (t) => t.replace(/reconcile:[^\n]*\n/, '') + 'reconcile:\n  intervalMs: 1000\n');
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  daemon = new Daemon({ configFile: lab.configFile, secrets: processSecrets(lab.env), logger: createDaemonLogger('debug', sink), version: 'test' });
  url = (await daemon.start()).url;
});

afterAll(async () => {
  await daemon?.stop();
  await lab?.fleet.stop();
});

describe('ecpa daemon against the lab fleet', () => {
  it('exports every shared port with rates that match the lab traffic model', async () => {
    // The first rates come from polls made while the process warms up (the poller stamps a sample
    // at the end of its walk, so event-loop delays skew a 1 s interval); within a few polls the
    // gauges settle on the model. Each check below must hold on one and the same scrape.
    const expectedDropsPps = 100e6 / 8 / LAB_PACKET_BYTES;
    const within = (v: number | undefined, want: number): boolean => v !== undefined && Math.abs(v - want) <= want * 0.05;
    let last = '';
    const text = await eventually('rates that match the traffic model', 10_000, async () => {
      const t = await metrics();
      const vandelay = (sample(t, 'ecpa_shared_port_receive_bytes_per_second', { shared_port: 'pc-bp1v0012' }) ?? NaN) * 8;
      const initech = (sample(t, 'ecpa_shared_port_receive_bytes_per_second', { shared_port: 'pc-bp1v0003' }) ?? NaN) * 8;
      const drops = sample(t, 'ecpa_shared_port_receive_dropped_packets_per_second', { shared_port: 'pc-bp1v0003' });
      last = `vandelay ${vandelay} bit/s, initech ${initech} bit/s, initech drops ${String(drops)} pps`;
      return within(vandelay, 150e6) && within(initech, 300e6) && within(drops, expectedDropsPps) ? t : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; last seen: ${last}`);
    });
    // Vandelay (150 Mbit/s on 200M) drops nothing; Initech (300 on 200M) drops ≈100 Mbit/s worth.
    expect(sample(text, 'ecpa_shared_port_receive_dropped_packets_per_second', { shared_port: 'pc-bp1v0012' })).toBe(0);
    expect((sample(text, 'ecpa_shared_port_receive_dropped_packets_per_second', { shared_port: 'pc-bp1v0003' }) ?? 0) * 8 * LAB_PACKET_BYTES).toBeCloseTo(100e6, -7);
    // Every shared port of the ledger is there with a rate, on its subinterface.
    for (const sp of daemon.inputs.ledger.sharedPorts) {
      const circuit = daemon.inputs.ledger.circuits.find((c) => c.id === sp.circuitId);
      expect(sample(text, 'ecpa_shared_port_receive_bytes_per_second', { shared_port: sp.id, interface: `${circuit?.port}.${sp.vlan}` }), sp.id).toBeDefined();
    }
    for (const d of ['hz-acc-01', 'hz-acc-02', 'hz-acc-03', 'hz-acc-04']) expect(sample(text, 'ecpa_device_up', { device: d })).toBe(1);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it("exports the agent's own policer counters from the Huawei CBQoS table, per shared port and direction", async () => {
    const want = 150e6 / 8; // B/s Wayne's 300M policer drops of its 450 Mbit/s
    let last = '';
    const text = await eventually('Wayne policer drops', 10_000, async () => {
      const t = await metrics();
      const dropped = sample(t, 'ecpa_shared_port_receive_policer_dropped_bytes_per_second', { shared_port: 'pc-bp1v0009' });
      last = String(dropped);
      return dropped !== undefined && Math.abs(dropped - want) <= want * 0.05 ? t : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; last seen: ${last} B/s`);
    });
    const wayne = { shared_port: 'pc-bp1v0009', device: 'hz-acc-02', interface: 'XGigabitEthernet0/0/1.203', vlan: '203', tenant: '1592637481592637' };
    // Same scrape, same interval: packets and bytes agree (±5 %: a policer rate spans whole polls, whose ends jitter).
    const pps = sample(text, 'ecpa_shared_port_receive_policer_dropped_packets_per_second', wayne) ?? 0;
    expect(Math.abs(pps * LAB_PACKET_BYTES * 8 - 150e6)).toBeLessThanOrEqual(150e6 * 0.05);
    expect(sample(text, 'ecpa_shared_port_receive_policer_conformed_bytes_total', wayne)).toBeGreaterThan(0);
    expect(sample(text, 'ecpa_shared_port_receive_policer_dropped_bytes_total', wayne)).toBeGreaterThan(0);
    expect(sample(text, 'ecpa_shared_port_transmit_policer_dropped_bytes_per_second', wayne)).toBe(0);
    // Vandelay (150 Mbit/s on 200M, same device) conforms: its policer drops nothing.
    expect(sample(text, 'ecpa_shared_port_receive_policer_dropped_bytes_per_second', { shared_port: 'pc-bp1v0012' })).toBe(0);
    expect(sample(text, 'ecpa_shared_port_receive_policer_conformed_bytes_total', { shared_port: 'pc-bp1v0012' })).toBeGreaterThan(0);
    // The lab serves no policer table for OpenConfig (Initech on hz-acc-01) or the other platforms: no series, not 0.
    expect(sample(text, 'ecpa_shared_port_receive_policer_dropped_bytes_total', { shared_port: 'pc-bp1v0003' })).toBeUndefined();
    expect(sample(text, 'ecpa_shared_port_receive_policer_dropped_bytes_total', { shared_port: 'pc-bp1v0016' })).toBeUndefined();
  });

  it('reports every shared port in sync once reconciled', async () => {
    await eventually('config states in-sync', 8000, async () => {
      const t = await metrics();
      const all = daemon.inputs.ledger.sharedPorts.every((sp) => sample(t, 'ecpa_shared_port_config_state', { shared_port: sp.id, state: 'in-sync' }) === 1);
      return all ? true : undefined;
    });
  });

  it('refuses an invalid ledger, keeps the last good one, and reports the error', async () => {
    const good = daemon.inputs.ledger;
    const original = await import('node:fs').then((fs) => fs.readFileSync(lab.ledgerFile, 'utf8'));
    // Two tenants on VLAN 101 of the same circuit, and a bandwidth Alibaba does not sell.
    lab.replace(lab.ledgerFile, original.replace('vlan: 102, bandwidth: 500M', 'vlan: 101, bandwidth: 500M').replace('vlan: 103, bandwidth: 200M', 'vlan: 103, bandwidth: 250M'));
    const text = await eventually('ecpa_ledger_last_reload_success 0', 5000, async () => {
      const t = await metrics();
      return sample(t, 'ecpa_ledger_last_reload_success') === 0 ? t : undefined;
    });
    expect(sample(text, 'ecpa_ledger_loaded')).toBe(1);
    expect(sample(text, 'ecpa_ledger_validation_errors')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'ecpa_reloads_total', { file: 'ledger', result: 'refused' })).toBeGreaterThanOrEqual(1);
    expect(daemon.inputs.ledger).toBe(good);
    expect(sample(text, 'ecpa_shared_port_allocated_bytes_per_second', { shared_port: 'pc-bp1v0003' })).toBe(200e6 / 8);
    const refused = logLines.filter((l) => l['msg'] === 'reload refused: validation error');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.map((l) => String(l['issue'])).join('\n')).toMatch(/ledger\.yaml:\d+:\d+/);
    // Polling goes on with the last good ledger.
    const before = sample(text, 'ecpa_shared_port_receive_bytes_total', { shared_port: 'pc-bp1v0012' }) ?? 0;
    await eventually('counters still rising', 4000, async () => ((sample(await metrics(), 'ecpa_shared_port_receive_bytes_total', { shared_port: 'pc-bp1v0012' }) ?? 0) > before ? true : undefined));

    // A valid change (Vandelay upgraded to 300M) is picked up, and the device now drifts from it.
    lab.replace(lab.ledgerFile, original.replace('vlan: 206, bandwidth: 200M', 'vlan: 206, bandwidth: 300M'));
    await eventually('reload success and drift of pc-bp1v0012', 8000, async () => {
      const t = await metrics();
      const ok = sample(t, 'ecpa_ledger_last_reload_success') === 1
        && sample(t, 'ecpa_shared_port_allocated_bytes_per_second', { shared_port: 'pc-bp1v0012' }) === 300e6 / 8
        && sample(t, 'ecpa_shared_port_config_state', { shared_port: 'pc-bp1v0012', state: 'drifted' }) === 1;
      return ok ? true : undefined;
    });
    expect(logLines.some((l) => l['msg'] === 'drift found' && l['device'] === 'hz-acc-02')).toBe(true);
  });

  it('shows a device that stops answering as down, without holding up the others, and up again after', async () => {
    const flapping = lab.fleet.devices.get('hz-acc-03');
    flapping?.mute(true);
    const down = await eventually('hz-acc-03 down', 6000, async () => {
      const t = await metrics();
      return sample(t, 'ecpa_device_up', { device: 'hz-acc-03' }) === 0 ? t : undefined;
    });
    expect(sample(down, 'ecpa_device_errors_total', { device: 'hz-acc-03', reason: 'timeout' })).toBeGreaterThanOrEqual(1);
    expect(sample(down, 'ecpa_device_up', { device: 'hz-acc-01' })).toBe(1);
    // Its rates go (a rate is only as old as a poll); its last counters stay.
    expect(sample(down, 'ecpa_shared_port_receive_bytes_per_second', { shared_port: 'pc-bp1v0015' })).toBeUndefined();
    expect(sample(down, 'ecpa_shared_port_receive_bytes_total', { shared_port: 'pc-bp1v0015' })).toBeGreaterThan(0);
    const before = sample(down, 'ecpa_shared_port_receive_bytes_total', { shared_port: 'pc-bp1v0001' }) ?? 0;
    await eventually('hz-acc-01 still polled', 4000, async () => ((sample(await metrics(), 'ecpa_shared_port_receive_bytes_total', { shared_port: 'pc-bp1v0001' }) ?? 0) > before ? true : undefined));
    expect(logLines.some((l) => l['msg'] === 'poll failed; device down' && l['device'] === 'hz-acc-03')).toBe(true);
    flapping?.mute(false);
    await eventually('hz-acc-03 up again with rates', 6000, async () => {
      const t = await metrics();
      return sample(t, 'ecpa_device_up', { device: 'hz-acc-03' }) === 1 && sample(t, 'ecpa_shared_port_receive_bytes_per_second', { shared_port: 'pc-bp1v0015' }) !== undefined ? true : undefined;
    });
  });

  it('never logs a secret', () => {
    const all = JSON.stringify(logLines);
    for (const name of ['ECPA_LAB_PASSWORD', 'ECPA_LAB_SNMP_COMMUNITY', 'ECPA_LAB_SNMP_AUTH', 'ECPA_LAB_SNMP_PRIV']) {
      expect(all).not.toContain(lab.env[name] as string);
    }
  });
});

describe('ecpa daemon with credentials the devices refuse', () => {
  it('counts an authentication failure once per device, does not retry it, and recovers on reload', async () => {
    const env: Record<string, string | undefined> = { ...lab.env, ECPA_LAB_PASSWORD: 'not-the-lab-password' };
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const d = new Daemon({ configFile: lab.configFile, secrets: processSecrets(env), logger: createDaemonLogger('info', sink), version: 'test', watchFiles: false });
    const base = (await d.start()).url;
    try {
      const read = async (): Promise<string> => (await fetch(`${base}/metrics`)).text();
      await eventually('auth errors on every device', 8000, async () => {
        const t = await read();
        return ['hz-acc-01', 'hz-acc-02', 'hz-acc-03', 'hz-acc-04'].every((dev) => sample(t, 'ecpa_device_errors_total', { device: dev, reason: 'auth' }) === 1) ? t : undefined;
      });
      // Several reconcile intervals (1 s) later: still one attempt per device, states unknown, polling unaffected.
      await new Promise((r) => setTimeout(r, 2500));
      const t = await read();
      for (const dev of ['hz-acc-01', 'hz-acc-02', 'hz-acc-03', 'hz-acc-04']) {
        expect(sample(t, 'ecpa_device_errors_total', { device: dev, reason: 'auth' }), dev).toBe(1);
        expect(sample(t, 'ecpa_device_up', { device: dev }), dev).toBe(1);
      }
      expect(sample(t, 'ecpa_shared_port_config_state', { shared_port: 'pc-bp1v0001', state: 'unknown' })).toBe(1);
      expect(lines.filter((l) => l['msg'] === 'cannot reconcile device; not retried until the config or ledger changes')).toHaveLength(4);
      // The operator fixes the secret and reloads (SIGHUP): the devices are read again.
      env.ECPA_LAB_PASSWORD = lab.env['ECPA_LAB_PASSWORD'];
      expect((await d.reload()).ok).toBe(true);
      await eventually('pc-bp1v0001 reconciled after the fix', 8000, async () => (sample(await read(), 'ecpa_shared_port_config_state', { shared_port: 'pc-bp1v0001', state: 'unknown' }) === 0 ? true : undefined));
    } finally {
      await d.stop();
    }
  });
});
