/**
 * A synthetic partner for the daemon benchmark, written as the files an operator would have: a
 * ledger of N shared ports (100 per 10G circuit, 10 circuits per device, 100M each, all enabled)
 * and an agent config listing the devices (OpenConfig and Cisco IOS XE alternately, SNMP v2c) on
 * the ports the lab fleet got. Deterministic.
 */
import { fleetSnapshot } from '../metrics/fleet.js';
import type { Ledger } from '../../../policies/ledger/model.js';

/** The ledger of a partner with `ports` shared ports (the metrics benchmark's partner). */
export function benchLedger(ports: number): Ledger {
  const ledger = fleetSnapshot(ports).ledger;
  if (ledger === undefined) throw new Error('no ledger');
  return ledger;
}

/** The ledger as YAML, one flow mapping per entry (as in config/examples/ledger.yaml). */
export function ledgerYaml(ledger: Ledger): string {
  const out = [`partner: { name: ${ledger.partner.name}, site: ${ledger.partner.site} }`, 'accessPoints:'];
  for (const ap of ledger.accessPoints) out.push(`  - { id: ${ap.id} }`);
  out.push('circuits:');
  for (const c of ledger.circuits) out.push(`  - { id: ${c.id}, accessPoint: ${c.accessPointId}, bandwidth: ${c.bandwidth.spec}, device: ${c.device}, port: ${c.port} }`);
  out.push('sharedPorts:');
  for (const p of ledger.sharedPorts) out.push(`  - { id: ${p.id}, tenant: "${p.tenant}", circuit: ${p.circuitId}, vlan: ${p.vlan}, bandwidth: ${p.bandwidth.spec}, status: ${p.status} }`);
  return `${out.join('\n')}\n`;
}

/** Device ids of the ledger, in order. */
export function deviceIds(ledger: Ledger): string[] {
  return [...new Set(ledger.circuits.map((c) => c.device))];
}

/** The agent config for `devices` with their NETCONF and SNMP ports. */
export function agentYaml(devices: readonly { readonly id: string; readonly netconfPort: number; readonly snmpPort: number }[], intervalMs: number): string {
  const out = ['ledger: ./ledger.yaml', 'devices:'];
  devices.forEach((d, i) => {
    out.push(
      `  - id: ${d.id}`,
      '    address: 127.0.0.1',
      `    platform: ${i % 2 === 0 ? 'openconfig' : 'cisco-iosxe'}`,
      `    netconf: { port: ${d.netconfPort}, username: ecpa, password: { env: ECPA_LAB_PASSWORD }, hostKey: { knownHosts: ./known_hosts, trustOnFirstUse: true }, rpcTimeoutMs: 60000 }`,
      `    snmp: { version: "2c", port: ${d.snmpPort}, community: { env: ECPA_LAB_SNMP_COMMUNITY }, timeoutMs: 5000 }`,
    );
  });
  out.push('polling:', `  intervalMs: ${intervalMs}`, `  timeoutMs: ${Math.min(intervalMs, 25_000)}`, 'push:', '  maxDeletes: 5', 'exporter:', '  listen: 127.0.0.1:0');
  // The live compliance check is measured apart (test/bench/daemon/live-compliance.ts): a run in the
  // measured cycles would make them incomparable with the figures taken before it existed.
  out.push('compliance:', '  intervalMs: 0');
  return `${out.join('\n')}\n`;
}
