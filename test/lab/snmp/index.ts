/**
 * The lab SNMP agent: `start({ port, model, community, users, clock })` → a simulated switch
 * ({ port, stop(), setOffered(), setPolicer(), reboot(), clearCounters(), mute() }). See agent.ts.
 */
export { startLabSnmpAgent as start, startLabSnmpAgent } from './agent.js';
export type { LabSnmpAgent, LabSnmpAgentOptions, LabV3User } from './agent.js';
export type { LabDeviceModel, LabInterfaceSpec, OfferedLoad, PolicerSpec, LabCounters } from './traffic.js';
