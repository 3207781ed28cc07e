/** devices[].controlPlane in the agent config: default operator, agent on request, anything else refused with the allowed values. */
import { describe, expect, it } from 'vitest';
import { loadAgentConfigFile, parseAgentConfigText } from '../../../config/agent/load.js';
import { generatedSchemas } from '../../../config/schema/generate.js';
import { EXAMPLE_AGENT, minimalDevice } from './helpers.js';

const device = (extra: string): string => `ledger: ./ledger.yaml\ndevices:${minimalDevice('openconfig')}${extra}`;
const parse = (text: string) => parseAgentConfigText(text, '/etc/ecpa/agent.yaml');

describe('devices[].controlPlane', () => {
  it('defaults to operator: the agent never touches a control plane it was not given', () => {
    expect(parse(device('')).draft?.devices[0]?.controlPlane).toBe('operator');
  });

  it('takes agent', () => {
    const loaded = parse(device('    controlPlane: agent\n'));
    expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(loaded.draft?.devices[0]?.controlPlane).toBe('agent');
  });

  it('refuses anything else, where it is, with the allowed values', () => {
    const issues = parse(device('    controlPlane: agnet\n')).issues.filter((i) => i.severity === 'error');
    expect(issues.map((i) => [i.line, i.path, i.message])).toEqual([[10, 'devices[0].controlPlane', expect.stringMatching(/"agnet" is not allowed: one of operator, agent \(did you mean 'agent'\?\)/)]]);
  });

  it('is in the published JSON Schema with its default', () => {
    const schema = JSON.parse(generatedSchemas()['agent.schema.json'] ?? '{}') as { properties: { devices: { items: { properties: Record<string, { enum?: string[]; default?: string }> } } } };
    expect(schema.properties.devices.items.properties['controlPlane']).toMatchObject({ enum: ['operator', 'agent'], default: 'operator' });
  });

  it('the example lets the agent own the control plane of its OpenConfig and Huawei switches, where the ARP limit needs it', async () => {
    const loaded = await loadAgentConfigFile(EXAMPLE_AGENT);
    expect(loaded.draft?.devices.map((d) => [d.id, d.platform, d.controlPlane])).toEqual([
      ['hz-acc-01', 'openconfig', 'agent'], ['hz-acc-02', 'huawei-vrp', 'agent'], ['hz-acc-03', 'cisco-iosxe', 'operator'], ['hz-acc-04', 'junos', 'operator'],
    ]);
  });
});
