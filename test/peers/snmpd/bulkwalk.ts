/** Runs Net-SNMP's `snmpbulkwalk` (the C tool) and parses its `-On -Oq` output, as the reference reading. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Walks `oid` with snmpbulkwalk; returns instance suffix → printed value (strings unquoted). */
export async function bulkwalk(args: readonly string[], target: string, oid: string): Promise<Map<string, string>> {
  const { stdout } = await run('snmpbulkwalk', [...args, '-On', '-Oq', '-Cr50', target, oid], { maxBuffer: 64 * 1024 * 1024 });
  const out = new Map<string, string>();
  const prefix = `.${oid}.`;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const sp = line.indexOf(' ');
    const key = line.slice(prefix.length, sp);
    let value = line.slice(sp + 1);
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    out.set(key, value);
  }
  return out;
}

/** True when the `snmpget` probe of sysName succeeds. */
export async function snmpAnswers(args: readonly string[], target: string): Promise<boolean> {
  try {
    await run('snmpget', [...args, '-t', '1', '-r', '1', target, '1.3.6.1.2.1.1.5.0']);
    return true;
  } catch {
    return false;
  }
}
