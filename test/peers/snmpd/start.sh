#!/usr/bin/env bash
# Starts two Net-SNMP agents (Debian snmpd 5.9) for the ecpa peer suites and benchmark:
#  - host agent on udp 127.0.0.1:18161 (the host's interfaces);
#  - an agent inside netns ecpa-snmp with $ECPA_SNMP_NS_IFACES (default 1000) macvlan interfaces,
#    answering on the HOST loopback 127.0.0.1:18163 (socket handed over by ns-bind-exec.py).
# State (pids, logs, persistent dirs) in test/peers/run/snmpd/. Blocks until both answer a real
# SNMP GET; exits non-zero otherwise. Idempotent: stops its own previous instance first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/../run/snmpd"
mkdir -p "$run"
bash "$here/stop.sh" >/dev/null 2>&1 || true
NS=${ECPA_SNMP_NETNS:-ecpa-snmp}
N=${ECPA_SNMP_NS_IFACES:-1000}
HOST_PORT=18161
NS_PORT=18163

conf() { sed -e "s|@ADDRESS@|$1|" -e "s|@SYSNAME@|$2|" "$here/snmpd.conf.in" > "$3"; }

# --- host agent
conf "udp:127.0.0.1:$HOST_PORT" ecpa-snmpd "$run/snmpd.conf"
mkdir -p "$run/persist"; rm -rf "$run/persist"/*   # fresh engineID/boots each start
SNMP_PERSISTENT_DIR="$run/persist" setsid /usr/sbin/snmpd -f -C -c "$run/snmpd.conf" -m '' \
  -Lf "$run/snmpd.log" </dev/null >/dev/null 2>&1 &
echo $! > "$run/snmpd.pid"

# --- namespace with N macvlans (this kernel has neither dummy nor 802.1q: macvlan on a veth)
have=0
if ip netns list | grep -qw "^$NS"; then
  have=$(ip -n "$NS" -o link show type macvlan 2>/dev/null | wc -l)
fi
if [ "$have" -ne "$N" ]; then
  ip netns del "$NS" 2>/dev/null || true
  ip netns add "$NS"
  ip -n "$NS" link set lo up
  ip -n "$NS" link add veth0 type veth peer name veth1
  ip -n "$NS" link set veth0 up
  ip -n "$NS" link set veth1 up
  for i in $(seq 1 "$N"); do
    echo "link add link veth0 name mv$i type macvlan mode bridge"
    echo "link set mv$i up"
  done > "$run/ifaces.batch"
  ip -n "$NS" -batch "$run/ifaces.batch"
fi
conf "udp:127.0.0.1:$NS_PORT" ecpa-snmpd-netns "$run/snmpd-netns.conf"
mkdir -p "$run/persist-netns"; rm -rf "$run/persist-netns"/*
SNMP_PERSISTENT_DIR="$run/persist-netns" setsid "$here/ns-bind-exec.py" "$NS" "127.0.0.1:$NS_PORT" -- \
  /usr/sbin/snmpd -f -C -c "$run/snmpd-netns.conf" -m '' -Lf "$run/snmpd-netns.log" </dev/null >/dev/null 2>&1 &
echo $! > "$run/snmpd-netns.pid"   # the exec chain keeps this pid: python -> ip netns exec -> snmpd

wait_up() { # pidfile port log
  local pid; pid=$(cat "$1")
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || { echo "snmpd on :$2 died:" >&2; tail -5 "$3" >&2; return 1; }
    snmpget -v2c -c public -t 0.5 -r 0 "127.0.0.1:$2" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "snmpd on :$2 not ready" >&2; return 1
}
wait_up "$run/snmpd.pid" $HOST_PORT "$run/snmpd.log"
wait_up "$run/snmpd-netns.pid" $NS_PORT "$run/snmpd-netns.log"
echo "snmpd ready: host udp 127.0.0.1:$HOST_PORT, netns $NS udp 127.0.0.1:$NS_PORT ifNumber=$(snmpget -v2c -c public -Oqv 127.0.0.1:$NS_PORT 1.3.6.1.2.1.2.1.0)"
