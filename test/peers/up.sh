#!/usr/bin/env bash
# Starts every real peer: runs test/peers/<peer>/start.sh for each peer folder, in name order.
# Each start script blocks until its peer answers a real protocol round trip, writes its state
# under test/peers/run/<peer>/ and exits non-zero if the peer did not come up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/run"
status=0
for start in "$here"/*/start.sh; do
  [ -e "$start" ] || continue
  peer="$(basename "$(dirname "$start")")"
  t0=$(date +%s.%N)
  if bash "$start"; then
    printf 'peers: %-14s up in %.1f s\n' "$peer" "$(echo "$(date +%s.%N) - $t0" | bc)"
  else
    echo "peers: $peer FAILED to start (see test/peers/run/$peer/)" >&2
    status=1
  fi
done
exit $status
