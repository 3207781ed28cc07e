/**
 * Child process of the fleet benchmark: starts N lab SNMP agents (test/lab/snmp) of M
 * subinterfaces each on loopback (port 0), offers traffic on every subinterface (every 4th
 * tenant above its policer), prints `READY <json array of ports>` and runs until SIGTERM.
 *
 *   node --import tsx test/bench/snmp/fleet-agents.ts <devices> <subinterfaces>
 */
import { startLabSnmpAgent, type LabSnmpAgent } from '../../lab/snmp/agent.js';
import type { LabInterfaceSpec } from '../../lab/snmp/traffic.js';

const devices = Number(process.argv[2] ?? 100);
const subs = Number(process.argv[3] ?? 500);
const agents: LabSnmpAgent[] = [];
for (let d = 0; d < devices; d++) {
  const port = 'XGigabitEthernet0/0/1';
  const interfaces: LabInterfaceSpec[] = [{ name: port, speedMbps: 10_000 }];
  for (let v = 1; v <= subs; v++) {
    interfaces.push({ name: `${port}.${v + 100}`, speedMbps: 10_000, parent: port, alias: `ecpa-pc-d${d}v${v + 100} tenant=1${String(v).padStart(15, '0')}` });
  }
  const agent = await startLabSnmpAgent({ model: { sysName: `fleet-${d}`, interfaces, initialCounter: 2n ** 40n }, community: 'public' });
  for (let v = 1; v <= subs; v++) {
    const name = `${port}.${v + 100}`;
    agent.setOffered(name, { inBps: 1e6 * (v % 50 + 1), outBps: 5e5 * (v % 50 + 1) });
    agent.setPolicer(name, { inBps: v % 4 === 0 ? 5e5 * (v % 50 + 1) : 1e9, outBps: 1e9 });
  }
  agents.push(agent);
}
process.stdout.write(`READY ${JSON.stringify(agents.map((a) => a.port))}\n`);
process.on('SIGTERM', () => {
  void Promise.all(agents.map((a) => a.stop())).then(() => process.exit(0));
});
