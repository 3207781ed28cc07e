#!/usr/bin/env bash
# Starts the three schema-validating NETCONF servers of the vendor-YANG conformance suite
# (yuma123 netconfd loaded with the published OpenConfig, Cisco IOS-XE native and Huawei NE8000
# YANG; see ../shared/yang/README.md):
#   openconfig 127.0.0.1:18831   cisco-xe 127.0.0.1:18832   huawei 127.0.0.1:18833
# The YANG sets live in ../shared/yang (read-only in CI; $ECPA_SHARED overrides ../shared). They
# are copied to a writable 755 temp dir because start-vendor.sh writes runtime files beside itself;
# the project's overlay (test/peers/yang/overlay/VENDOR: Huawei huawei-cpudefend + huawei-devm) is
# added to that copy.
# netconfd runs in netns ecpa-yang (loopback only). State: test/peers/run/yang/{bed,ports.env,pids,logs}.
# Blocks until each server answered a real NETCONF hello over SSH; exits non-zero otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
shared="${ECPA_SHARED:-$repo/../shared}"
src="$shared/yang"
run="$repo/test/peers/run/yang"
if [ ! -x "$src/start-vendor.sh" ]; then
  echo "yang: $src/start-vendor.sh not found — the vendor YANG sets come from shared/yang (set ECPA_SHARED)" >&2
  exit 2
fi
for bin in /usr/sbin/netconfd /usr/sbin/sshd /usr/bin/python3; do
  [ -x "$bin" ] || { echo "yang: $bin missing (bash test/peers/install.sh)" >&2; exit 2; }
done
# idempotent: stop a previous instance of our own first
bash "$here/stop.sh" >/dev/null 2>&1 || true
mkdir -p "$run"
bed="$(mktemp -d /tmp/ecpa-yang.XXXXXX)"
chmod 755 "$bed"
cp -r "$src" "$bed/"
chmod -R u+w "$bed/yang"
# The project's own additions to a vendor's module set (test/peers/yang/overlay/VENDOR, see its
# PROVENANCE.md): extra YANG files, lines appended to modules.txt / netconfd.args, and a
# replacement startup-seed.xml. Huawei: huawei-cpudefend + its NE8000 deviations + huawei-devm.
for o in "$here"/overlay/*/; do
  vendor="$(basename "$o")"
  dest="$bed/yang/$vendor"
  [ -d "$dest" ] || { echo "yang: overlay $vendor has no module set in $src" >&2; exit 2; }
  if [ -d "$o/yang" ]; then cp "$o"/yang/*.yang "$dest/yang/"; fi
  for list in modules.txt netconfd.args; do
    if [ -f "$o/$list" ]; then { printf '\n'; cat "$o/$list"; } >> "$dest/$list"; fi
  done
  if [ -f "$o/startup-seed.xml" ]; then cp "$o/startup-seed.xml" "$dest/startup-seed.xml"; fi
done
echo "$bed" > "$run/bed"
export YANGBED_NETNS=ecpa-yang
# start-vendor.sh VENDOR PORT, given 60 s: its readiness probe (nc-raw.py) was seen hanging for
# 10 minutes once after a good hello. It runs in a session of its own so the probe can be killed
# with it (netconfd and sshd run in sessions of their own and are stopped by stop-vendor.sh).
start_one() {
  local vendor=$1 port=$2 tenths=0 pid
  setsid bash "$bed/yang/start-vendor.sh" "$vendor" "$port" >"$run/$vendor.start.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$tenths" -ge 600 ]; then
      kill -- "-$pid" 2>/dev/null; wait "$pid" 2>/dev/null
      YANGBED_NETNS=ecpa-yang bash "$bed/yang/stop-vendor.sh" "$vendor" "$port" >/dev/null 2>&1
      echo "start-vendor.sh $vendor $port did not finish in 60 s" >>"$run/$vendor.start.log"
      return 124
    fi
    sleep 0.1; tenths=$((tenths + 1))
  done
  wait "$pid"
}
status=0
for spec in openconfig:18831 cisco-xe:18832 huawei:18833; do
  vendor="${spec%%:*}"; port="${spec##*:}"
  if start_one "$vendor" "$port" || { echo "yang: $vendor: retrying once" >&2; start_one "$vendor" "$port"; }; then
    echo "yang: $(tail -1 "$run/$vendor.start.log")"
  else
    echo "yang: $vendor on $port FAILED:" >&2; cat "$run/$vendor.start.log" >&2; status=1
  fi
done
# pid files and logs stay in the copy (user netconf must traverse it); list them here
: > "$run/pids"
for f in "$bed"/yang/run/*/netconfd.pid "$bed"/yang/run/*/sshd.pid; do
  [ -f "$f" ] && echo "$(basename "$(dirname "$f")")/$(basename "$f") $(cat "$f")" >> "$run/pids"
done
ln -sfn "$bed/yang/run" "$run/logs"
hostkey="$(ssh-keygen -lf "$bed/yang/ssh/ssh_host_ed25519_key.pub" | awk '{print $2}')"
cat > "$run/ports.env" <<EOC
ECPA_YANG_BED=$bed/yang
ECPA_YANG_HOSTKEY=$hostkey
ECPA_YANG_OPENCONFIG=18831
ECPA_YANG_CISCO_XE=18832
ECPA_YANG_HUAWEI=18833
EOC
exit $status
