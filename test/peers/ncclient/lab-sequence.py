#!/usr/bin/python3
"""Drives the lab NETCONF server with ncclient (Debian python3-ncclient; run with /usr/bin/python3).
Proves the lab server speaks standard NETCONF, not just what our TypeScript client expects.
usage: lab-sequence.py PORT USER PASSWORD
Prints one JSON object per step on stdout: {"step": ..., "ok": bool, ...}. Exit 0 when all steps ran."""
import json, sys, time
from ncclient import manager
from ncclient.operations import RPCError

PORT, USER, PASSWORD = int(sys.argv[1]), sys.argv[2], sys.argv[3]
IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces'
FILTER = ('subtree', f'<interfaces xmlns="{IF}"/>')
TRICKY = 'tenant &lt;A&amp;B&gt; ]]&gt;]]&gt; 中文'

def cfg(name, desc, op='merge'):
    return (f'<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">'
            f'<interfaces xmlns="{IF}"><interface nc:operation="{op}"><name>{name}</name>'
            f'<description>{desc}</description></interface></interfaces></config>')

def step(name, **kw):
    print(json.dumps({'step': name, **kw}, ensure_ascii=False), flush=True)

def connect():
    return manager.connect(host='127.0.0.1', port=PORT, username=USER, password=PASSWORD, hostkey_verify=False,
                           allow_agent=False, look_for_keys=False, timeout=20)

with connect() as m:
    base11 = ':base:1.1' in m.server_capabilities
    step('hello', ok=base11 and int(m.session_id) > 0, session_id=str(m.session_id), base11=base11,
         candidate=':candidate' in m.server_capabilities, confirmed_commit=':confirmed-commit:1.1' in m.server_capabilities)
    m.lock('candidate')
    m.edit_config(target='candidate', config=cfg('ge-1', TRICKY))
    r = m.validate(source='candidate')
    step('lock-edit-validate', ok=r.ok)
    m.commit()
    m.unlock('candidate')
    data = m.get_config(source='running', filter=FILTER).data_xml
    step('commit-get-config', ok='ge-1' in data and '中文' in data, data=data)
    # rpc-error for an invalid edit: create of an existing entry
    try:
        m.edit_config(target='candidate', config=cfg('ge-1', 'x', op='create'))
        step('rpc-error', ok=False, reason='second create succeeded')
    except RPCError as e:
        step('rpc-error', ok=e.tag == 'data-exists', tag=e.tag, type=e.type, severity=e.severity, path=e.path)
    m.discard_changes()
    # confirmed commit that is not confirmed: the lab server must roll back
    m.edit_config(target='candidate', config=cfg('ge-2', 'temp'))
    m.commit(confirmed=True, timeout='2')
    before = 'ge-2' in m.get_config(source='running', filter=FILTER).data_xml
    time.sleep(3)
    after = 'ge-2' in m.get_config(source='running', filter=FILTER).data_xml
    step('confirmed-commit-rollback', ok=before and not after, before=before, after=after)
    # confirmed commit, then confirm
    m.discard_changes()
    m.edit_config(target='candidate', config=cfg('ge-3', 'kept'))
    m.commit(confirmed=True, timeout='2')
    m.commit()
    time.sleep(3)
    kept = 'ge-3' in m.get_config(source='running', filter=FILTER).data_xml
    step('confirmed-commit-confirm', ok=kept)
    # persist / persist-id
    m.edit_config(target='candidate', config=cfg('ge-4', 'persisted'))
    m.commit(confirmed=True, timeout='2', persist='tok-9')
    with connect() as m2:
        m2.commit(persist_id='tok-9')
    time.sleep(3)
    step('persist-confirm', ok='ge-4' in m.get_config(source='running', filter=FILTER).data_xml)
    # lock-denied from a second session
    m.lock('candidate')
    with connect() as m2:
        try:
            m2.lock('candidate')
            step('lock-denied', ok=False, reason='second lock succeeded')
        except RPCError as e:
            holder = e.info or ''
            step('lock-denied', ok=e.tag == 'lock-denied' and f'<session-id>{m.session_id}</session-id>' in holder.replace(' ', ''),
                 tag=e.tag, info=holder, holder_expected=str(m.session_id))
    m.unlock('candidate')
    step('done', ok=True)
