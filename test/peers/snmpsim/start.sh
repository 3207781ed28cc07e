#!/usr/bin/env bash
# Starts snmpsimd (Debian snmpsim 0.4.5) on udp 127.0.0.1:18162 with:
#   cisco-c3750  recorded Cisco Catalyst 3750 (shipped in the package)
#   linux        recorded Linux net-snmp agent (shipped in the package)
#   synth-1000   1,000 subinterfaces with moving HC counters and wrapping Counter32s (gen-snmprec.py)
#   synth-c32    10 interfaces with only Counter32s, wrapping every ~4.3 s (gen-snmprec.py --c32-only)
# v2c community = data file name; v3 user authPrivUser SHA/AES (authpass123/privpass123), context = file name.
# State in test/peers/run/snmpsim/. Blocks until a real GET succeeds. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="$(cd "$here/.." && pwd)/run/snmpsim"
bash "$here/stop.sh" >/dev/null 2>&1 || true
PORT=18162
mkdir -p "$run/data" "$run/cache"
chmod 755 "$run" "$run/data"
EX=/usr/share/doc/snmpsim/examples/data
[ -f "$EX/cisco_16_switch.snmprec.gz" ] || { echo "snmpsim example data missing under $EX" >&2; exit 1; }
zcat "$EX/cisco_16_switch.snmprec.gz" > "$run/data/cisco-c3750.snmprec"
zcat "$EX/recorded/linux-full-walk.snmprec.gz" > "$run/data/linux.snmprec"
/usr/bin/python3 "$here/gen-snmprec.py" 1000 > "$run/data/synth-1000.snmprec"
/usr/bin/python3 "$here/gen-snmprec.py" 10 --c32-only --rate 1000000000 > "$run/data/synth-c32.snmprec"
chmod 644 "$run/data"/*.snmprec
# snmpsimd refuses to run as root; it drops to nobody, which must be able to write the index cache.
rm -rf "$run/cache"/*; chown -R nobody:nogroup "$run/cache"
setsid /usr/bin/snmpsimd --agent-udpv4-endpoint=127.0.0.1:$PORT \
  --data-dir="$run/data" --cache-dir="$run/cache" --logging-method=null \
  --v3-user=authPrivUser --v3-auth-key=authpass123 --v3-auth-proto=SHA --v3-priv-key=privpass123 --v3-priv-proto=AES \
  --process-user=nobody --process-group=nogroup </dev/null >"$run/snmpsimd.log" 2>&1 &
pid=$!
echo $pid > "$run/snmpsimd.pid"
for _ in $(seq 1 300); do
  kill -0 $pid 2>/dev/null || { echo "snmpsimd died:" >&2; tail -5 "$run/snmpsimd.log" >&2; exit 1; }
  snmpget -v2c -c synth-c32 -t 0.3 -r 0 127.0.0.1:$PORT 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1 && { echo "snmpsimd ready pid=$pid udp 127.0.0.1:$PORT"; exit 0; }
  sleep 0.1
done
echo "snmpsimd not ready after 30 s" >&2; exit 1
