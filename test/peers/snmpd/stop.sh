#!/usr/bin/env bash
# Stops the agents start.sh started (only the pids it wrote: TERM, wait <= 5 s, KILL).
# ECPA_SNMP_DEL_NETNS=1 also deletes the namespace and its interfaces.
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/../run/snmpd"
for f in "$run/snmpd.pid" "$run/snmpd-netns.pid"; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$f"
done
[ "${ECPA_SNMP_DEL_NETNS:-0}" = 1 ] && ip netns del "${ECPA_SNMP_NETNS:-ecpa-snmp}" 2>/dev/null
echo "snmpd stopped"
exit 0
