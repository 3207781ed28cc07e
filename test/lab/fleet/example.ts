/**
 * The lab secrets: the example agent config reads its credentials from ECPA_LAB_* environment
 * variables. For the lab they may be anything, as long as the fleet (the devices) and the agent
 * agree, so missing ones are generated per run.
 */
import { randomBytes } from 'node:crypto';

/** Environment variables of the example config's secrets. */
export const LAB_SECRET_VARIABLES = ['ECPA_LAB_PASSWORD', 'ECPA_LAB_SNMP_COMMUNITY', 'ECPA_LAB_SNMP_AUTH', 'ECPA_LAB_SNMP_PRIV'] as const;

/** `env` with every lab secret variable set (a random value where it was missing). */
export function withLabSecrets(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of LAB_SECRET_VARIABLES) {
    if (out[name] === undefined || out[name] === '') out[name] = `lab-${randomBytes(12).toString('hex')}`;
  }
  return out;
}
