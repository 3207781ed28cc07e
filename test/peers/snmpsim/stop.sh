#!/usr/bin/env bash
# Stops the snmpsimd start.sh started (its pid only: TERM, wait <= 5 s, KILL).
here="$(cd "$(dirname "$0")" && pwd)"
f="$here/../run/snmpsim/snmpsimd.pid"
[ -f "$f" ] || exit 0
pid=$(cat "$f"); kill "$pid" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
rm -f "$f"; echo "snmpsimd stopped"
