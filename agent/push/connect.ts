/**
 * Opening a device's NETCONF session from its agent config entry: the SSH settings (secrets are
 * revealed only inside drivers/ssh), host key policy, timeouts.
 */
import type { DeviceConfig } from '../../config/agent/model.js';
import { NetconfClient, type NetconfConnectOptions } from '../../drivers/netconf/client.js';
import { netconfConnectOptions } from '../devices/netconf-options.js';
import { ApplyDeviceError } from './errors.js';

/** Connect options of `device`. Throws ApplyDeviceError (connect) when it has no netconf settings. */
export function connectOptions(device: DeviceConfig, signal?: AbortSignal): NetconfConnectOptions {
  const nc = device.netconf;
  if (!nc) throw new ApplyDeviceError(device.id, 'connect', 'unchanged', 'the device has no netconf settings (push over cli is not supported)');
  return netconfConnectOptions(device, nc, signal);
}

/** Opens a session to `device`. Throws ApplyDeviceError (connect) with the transport error as cause. */
export async function openSession(device: DeviceConfig, signal?: AbortSignal): Promise<NetconfClient> {
  const options = connectOptions(device, signal);
  try {
    return await NetconfClient.connect(options);
  } catch (error: unknown) {
    throw new ApplyDeviceError(device.id, 'connect', 'unchanged', error instanceof Error ? error.message : String(error), { cause: error });
  }
}
