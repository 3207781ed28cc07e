#!/usr/bin/python3
"""ncclient side of the NETCONF benchmark (Debian python3-ncclient; run with /usr/bin/python3).
usage: ncclient-bench.py PORT USER PASSWORD ROUNDS ENTRIES
Prints JSON: connect_ms, rtt_per_s (sequential get-config), edit_ms (one edit-config of ENTRIES
list entries to the candidate), then discards the candidate."""
import json, sys, time
from ncclient import manager
PORT, USER, PW, ROUNDS, ENTRIES = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces'
FILTER = ('subtree', f'<interfaces xmlns="{IF}"><interface><name>none</name></interface></interfaces>')
t0 = time.perf_counter()
with manager.connect(host='127.0.0.1', port=PORT, username=USER, password=PW, hostkey_verify=False,
                     allow_agent=False, look_for_keys=False, timeout=120) as m:
    connect_ms = (time.perf_counter() - t0) * 1000
    m.get_config(source='running', filter=FILTER)
    t1 = time.perf_counter()
    for _ in range(ROUNDS):
        m.get_config(source='running', filter=FILTER)
    rtt = ROUNDS / (time.perf_counter() - t1)
    entries = ''.join(f'<interface><name>bench{i}</name><description>bench entry {i}</description>'
                      f'<type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type></interface>'
                      for i in range(ENTRIES))
    cfg = f'<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><interfaces xmlns="{IF}">{entries}</interfaces></config>'
    t2 = time.perf_counter()
    m.edit_config(target='candidate', config=cfg)
    edit_ms = (time.perf_counter() - t2) * 1000
    m.discard_changes()
print(json.dumps({'connect_ms': round(connect_ms, 1), 'rtt_per_s': round(rtt, 1), 'edit_ms': round(edit_ms, 1)}))
