#!/usr/bin/env python3
"""Generate a synthetic snmpsim device (.snmprec) whose IF-MIB counters move with time
(snmpsim 'numeric' variation module: value = initial + rate x seconds since snmpsimd started).

usage: gen-snmprec.py N [--c32-only] [--rate BYTES_PER_S] > data/NAME.snmprec

Default: a port GigabitEthernet0/0/1 (ifIndex 1) and N subinterfaces GigabitEthernet0/0/1.<vlan>
(vlan = 100 + i) with HC counters; interface i moves (i % 10 + 1) MB/s in, half out; every 7th
subinterface oper-down; discards grow on every 5th (a policed tenant); Counter32 octets wrap at 2^32
(max=2^32 because the module wraps with v %= max); ifIndex 1's Counter32 starts 60 kB below 2^32.
--c32-only: no ifXTable HC columns at all (an old agent), N interfaces at --rate bytes/s in
(default 10^9: the Counter32 wraps every 4.3 s), for the 32-bit fallback and wrap tests.
"""
import sys

args = [a for a in sys.argv[1:] if not a.startswith('--')]
n = int(args[0]) if args else 1000
c32_only = '--c32-only' in sys.argv
rate_fixed = None
if '--rate' in sys.argv:
    rate_fixed = int(sys.argv[sys.argv.index('--rate') + 1])
    args = [a for a in args if a != str(rate_fixed)]
WRAP = 'max=4294967296,wrap=1'
recs = []


def add(oid, tag, val):
    recs.append((tuple(int(x) for x in oid.split('.')), oid, tag, val))


S = '1.3.6.1.2.1.1'
add(f'{S}.1.0', '4', f'Synthetic switch with {n} interfaces (ecpa snmpsim peer)')
add(f'{S}.2.0', '6', '1.3.6.1.4.1.8072.3.2.10')
add(f'{S}.3.0', '67:numeric', 'rate=100,initial=0')
add(f'{S}.5.0', '4', f'synth-{n}')
T, X = '1.3.6.1.2.1.2.2.1', '1.3.6.1.2.1.31.1.1.1'
rows = [(1, 'GigabitEthernet0/0/1', 'uplink')] if not c32_only else []
for i in range(1, n + 1):
    if c32_only:
        rows.append((i, f'Ethernet{i}', ''))
    else:
        vlan = 100 + i
        rows.append((i + 1, f'GigabitEthernet0/0/1.{vlan}', f'ecpa: pc-synth{vlan}' if i % 2 else 'customer'))
add('1.3.6.1.2.1.2.1.0', '2', str(len(rows)))
for idx, name, alias in rows:
    rate = rate_fixed if rate_fixed else (idx % 10 + 1) * 1_000_000
    up = 2 if (idx % 7 == 0 and idx > 1) else 1
    add(f'{T}.1.{idx}', '2', str(idx))
    add(f'{T}.2.{idx}', '4', name)
    add(f'{T}.3.{idx}', '2', '135' if '.' in name else '6')
    add(f'{T}.5.{idx}', '66', '4294967295')
    add(f'{T}.7.{idx}', '2', '1')
    add(f'{T}.8.{idx}', '2', str(up))
    c32init = 4294967296 - 60000 if idx == 1 else 0
    add(f'{T}.10.{idx}', '65:numeric', f'{WRAP},initial={c32init},rate={rate}')
    add(f'{T}.11.{idx}', '65:numeric', f'{WRAP},initial=0,rate={rate // 1000}')
    add(f'{T}.13.{idx}', '65:numeric', f'{WRAP},initial=0,rate={(rate // 10000) if idx % 5 == 0 else 0}')
    add(f'{T}.14.{idx}', '65', '0')
    add(f'{T}.16.{idx}', '65:numeric', f'{WRAP},initial=0,rate={rate // 2}')
    add(f'{T}.17.{idx}', '65:numeric', f'{WRAP},initial=0,rate={rate // 2000}')
    add(f'{T}.19.{idx}', '65', '0')
    add(f'{T}.20.{idx}', '65', '0')
    add(f'{X}.1.{idx}', '4', name)
    if not c32_only:
        add(f'{X}.6.{idx}', '70:numeric', f'rate={rate},initial={10**12 * (idx % 3)}')
        add(f'{X}.7.{idx}', '70:numeric', f'rate={rate // 1000},initial=0')
        add(f'{X}.8.{idx}', '70', '0')
        add(f'{X}.9.{idx}', '70', '0')
        add(f'{X}.10.{idx}', '70:numeric', f'rate={rate // 2},initial=0')
        add(f'{X}.11.{idx}', '70:numeric', f'rate={rate // 2000},initial=0')
        add(f'{X}.12.{idx}', '70', '0')
        add(f'{X}.13.{idx}', '70', '0')
    add(f'{X}.15.{idx}', '66', '10000')
    add(f'{X}.18.{idx}', '4', alias)
    add(f'{X}.19.{idx}', '67', '0')
recs.sort()
for _, oid, tag, val in recs:
    print(f'{oid}|{tag}|{val}')
