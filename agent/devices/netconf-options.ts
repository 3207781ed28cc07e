/**
 * The NETCONF connect options of a device from its agent-config entry: SSH credentials (secrets
 * stay `Secret`s; drivers/ssh reveals them at the transport), host-key policy and timeouts. One
 * mapping for every command that opens a session (probe, plan, apply, daemon, check).
 */
import type { DeviceConfig, SshSettings } from '../../config/agent/model.js';
import type { NetconfConnectOptions } from '../../drivers/netconf/client.js';

/** Connect options for `device` over its NETCONF settings `nc`. Pure. */
export function netconfConnectOptions(device: DeviceConfig, nc: SshSettings, signal?: AbortSignal): NetconfConnectOptions {
  return {
    host: device.address,
    port: nc.port,
    username: nc.username,
    ...(nc.password ? { password: nc.password } : {}),
    ...(nc.privateKeyFile ? { privateKeyFile: nc.privateKeyFile } : {}),
    ...(nc.passphrase ? { passphrase: nc.passphrase } : {}),
    hostKey: nc.hostKey,
    connectTimeoutMs: nc.connectTimeoutMs,
    keepaliveIntervalMs: nc.keepaliveIntervalMs,
    rpcTimeoutMs: nc.rpcTimeoutMs,
    device: device.id,
    ...(signal ? { signal } : {}),
  };
}
