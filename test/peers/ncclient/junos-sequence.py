#!/usr/bin/python3
"""Drives the lab NETCONF server running as a Junos device with ncclient's Junos device handler
(Debian python3-ncclient; run with /usr/bin/python3): the Junos RPCs as ncclient writes them for
real Junos boxes (no-namespace <load-configuration>, <commit-configuration> with the confirm
timeout converted to minutes, <load-configuration rollback="0"/>), so the lab is checked against
an independent reading of the Junos XML API, not only against our own client.
usage: junos-sequence.py PORT USER PASSWORD MINUTE_MS
Prints one JSON object per step on stdout: {"step": ..., "ok": bool, ...}. Exit 0 when all steps ran."""
import json, sys, time
from lxml import etree
from ncclient import manager
from ncclient.operations import RPCError

PORT, USER, PASSWORD, MINUTE_MS = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
FILTER = '<configuration><interfaces><interface><name>xe-0/0/1</name></interface></interfaces></configuration>'

def step(name, **kw):
    print(json.dumps({'step': name, **kw}, ensure_ascii=False), flush=True)

def unit(vlan, desc, attrs=''):
    return etree.fromstring(f'<interfaces><interface><name>xe-0/0/1</name><vlan-tagging/>'
                            f'<unit{attrs}><name>{vlan}</name><description>{desc}</description><vlan-id>{vlan}</vlan-id></unit>'
                            f'</interface></interfaces>')

def committed(m):
    return str(m.get_config(source='running', filter=('subtree', FILTER)))

def connect():
    return manager.connect(host='127.0.0.1', port=PORT, username=USER, password=PASSWORD, hostkey_verify=False,
                           allow_agent=False, look_for_keys=False, timeout=20, device_params={'name': 'junos'})

with connect() as m:
    step('hello', ok='http://xml.juniper.net/netconf/junos/1.0' in m.server_capabilities)
    empty = committed(m)
    step('empty-get-config', ok='configuration' in empty and 'xe-0/0/1' not in empty, data=empty)
    m.lock()
    r = m.load_configuration(action='merge', config=unit(100, 'tenant a'))
    cand = str(m.get_configuration(format='xml', filter=etree.fromstring(FILTER)))
    step('load-merge', ok='<ok/>' in str(r) and 'tenant a' in cand and 'tenant a' not in committed(m))
    r = m.commit(check=True)
    step('commit-check', ok='commit-check-success' in str(r), reply=str(r))
    m.commit(confirmed=True, timeout='60', comment='ncclient confirmed')  # 60 s -> 1 minute
    m.commit()
    time.sleep((MINUTE_MS + 200) / 1000)
    step('confirmed-then-confirm', ok='tenant a' in committed(m))
    r = m.load_configuration(action='replace', config=unit(100, 'tenant b', ' replace="replace"'))
    m.rollback(rollback=0)
    step('rollback-0', ok='<ok/>' in str(r) and 'tenant b' not in str(m.get_configuration(format='xml')))
    try:
        m.load_configuration(action='merge', config=etree.fromstring(
            '<interfaces xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interface nc:operation="delete"><name>xe-0/0/1</name></interface></interfaces>'))
        step('load-error', ok=False, reason='no error raised')
    except RPCError as e:
        step('load-error', ok=e.tag == 'bad-attribute', tag=e.tag, message=e.message)
    m.rollback(rollback=0)
    m.load_configuration(action='replace', config=unit(100, 'x', ' delete="delete"'))
    m.commit(confirmed=True, timeout='30')  # never confirmed: the lab rolls it back after 1 minute
    gone = 'tenant a' not in committed(m)
    m.unlock()
step('unconfirmed-sent', ok=gone)
time.sleep((MINUTE_MS + 300) / 1000)
with connect() as m:
    step('unconfirmed-rolled-back', ok='tenant a' in committed(m))
step('done', ok=True)
