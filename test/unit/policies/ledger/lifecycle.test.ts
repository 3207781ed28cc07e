import { describe, expect, it } from 'vitest';
import { ALLOWED_FROM, checkTransition, RESULT_STATUS, type LedgerAction } from '../../../../policies/ledger/lifecycle.js';
import { SHARED_PORT_STATUSES, type SharedPortStatus } from '../../../../policies/ledger/model.js';
import { port } from './fixtures.js';

// The documented state table (docs/ledger.md), written out in full so a change to it is deliberate.
const TABLE: Record<LedgerAction, SharedPortStatus[]> = {
  'modify-vlan': ['pending-acceptance', 'accepted', 'enabled'],
  'change-bandwidth': ['pending-acceptance', 'accepted', 'enabled'],
  terminate: ['enabled'],
  recover: ['terminated'],
  remove: ['pending-acceptance', 'accepted', 'terminated', 'deleted'],
  'mark-deleted': ['pending-acceptance', 'accepted', 'terminated'],
};

describe('shared-port state machine', () => {
  const cases = (Object.keys(TABLE) as LedgerAction[]).flatMap((action) => SHARED_PORT_STATUSES.map((status) => [action, status, TABLE[action].includes(status)] as const));

  it.each(cases)('%s from %s allowed=%s', (action, status, allowed) => {
    const refusal = checkTransition(port('pc-a', 'pc-c1', 1, '100M', { status }), action);
    if (allowed) expect(refusal).toBeUndefined();
    else expect(refusal).toMatchObject({ code: 'incorrect-status', alibabaCode: 'IncorrectStatus.PhysicalConnection', ids: ['pc-a'] });
  });

  it('matches the exported table', () => {
    expect(ALLOWED_FROM).toEqual(TABLE);
  });

  it('a port is terminated before it is removed', () => {
    expect(checkTransition(port('pc-a', 'pc-c1', 1), 'remove')?.message).toContain('terminate it first');
    expect(RESULT_STATUS.terminate).toBe('terminated');
    expect(RESULT_STATUS.recover).toBe('enabled');
  });
});
