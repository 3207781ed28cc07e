#!/usr/bin/env bash
# Stops the vendor-YANG netconfd/sshd pairs that start.sh started (by the pid files start-vendor.sh
# wrote in the temp copy: TERM, wait <= 5 s, KILL), removes that copy and the ecpa-yang netns.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="$(cd "$here/../../.." && pwd)/test/peers/run/yang"
[ -f "$run/bed" ] || { echo "yang: not running"; exit 0; }
bed="$(cat "$run/bed")"
if [ -x "$bed/yang/stop-vendor.sh" ]; then
  YANGBED_NETNS=ecpa-yang YANGBED_DEL_NETNS=1 bash "$bed/yang/stop-vendor.sh" all
fi
case "$bed" in /tmp/ecpa-yang.*) rm -rf "$bed" ;; esac
rm -f "$run/bed" "$run/ports.env" "$run/pids" "$run/logs"
echo "yang: stopped"
