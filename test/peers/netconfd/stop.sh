#!/usr/bin/env bash
# Stops the sshd and netconfd that start.sh started, by the pids it wrote (TERM, ≤5 s, KILL).
# ECPA_NC_DEL_NETNS=1 also deletes the netns ecpa-nc. Removes netconfd's transaction counter (gotcha 6).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RUN="$(cd "$HERE/.." && pwd)/run/netconfd"
for f in sshd.launcher.pid netconfd.pid; do
  [ -f "$RUN/$f" ] || continue
  PID=$(cat "$RUN/$f")
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -9 "$PID" 2>/dev/null
  fi
  rm -f "$RUN/$f"
done
rm -f "$RUN/ncxserver.sock" "$RUN/sshd.pid"
rm -rf "$RUN/home/.yuma"
[ "${ECPA_NC_DEL_NETNS:-0}" = 1 ] && ip netns del ecpa-nc 2>/dev/null
echo "netconfd stopped"
exit 0
