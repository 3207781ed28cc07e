/**
 * The live compliance rules (they read devices and telemetry besides the ledger), by name. The
 * registry (../registry.ts) lists them with the ledger rules in report order.
 */
export { arpRateLimit } from './arp.js';
export { circuitPortsUp } from './circuit-ports.js';
export { deviceVlanUnique } from './device-vlans.js';
export { dot1qEncapsulation } from './dot1q.js';
export { icmpLimit } from './icmp.js';
export { monitoringEnabled } from './monitoring.js';
export { qosThrottling } from './qos.js';
export { mtu } from './mtu.js';
