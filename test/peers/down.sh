#!/usr/bin/env bash
# Stops every peer that up.sh started (each stop script ends only the pids its start script wrote).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for stop in "$here"/*/stop.sh; do
  [ -e "$stop" ] || continue
  bash "$stop" || echo "peers: $(basename "$(dirname "$stop")") did not stop cleanly" >&2
done
exit 0
