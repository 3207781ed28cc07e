#!/usr/bin/env bash
# Starts prometheus-snmp-exporter 0.21 (Debian) on http 127.0.0.1:18116 with the committed snmp.yml
# (modules if_mib and ecpa_columns; see generator.yml). State in test/peers/run/snmp-exporter/.
# Blocks until the exporter serves HTTP; exits non-zero otherwise. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="$here/../run/snmp-exporter"
mkdir -p "$run"
bash "$here/stop.sh" >/dev/null 2>&1 || true
PORT=18116
prometheus-snmp-exporter --config.file="$here/snmp.yml" --dry-run >"$run/dry-run.log" 2>&1 \
  || { echo "snmp.yml rejected:" >&2; tail -3 "$run/dry-run.log" >&2; exit 1; }
setsid prometheus-snmp-exporter --config.file="$here/snmp.yml" --web.listen-address=127.0.0.1:$PORT \
  </dev/null >"$run/exporter.log" 2>&1 &
pid=$!
echo $pid > "$run/exporter.pid"
for _ in $(seq 1 100); do
  kill -0 $pid 2>/dev/null || { echo "snmp_exporter died:" >&2; tail -5 "$run/exporter.log" >&2; exit 1; }
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/metrics" && { echo "snmp_exporter ready pid=$pid http 127.0.0.1:$PORT"; exit 0; }
  sleep 0.1
done
echo "snmp_exporter not ready" >&2; exit 1
