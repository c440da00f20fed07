#!/usr/bin/env bash
# End-to-end: one WAP gateway floods the ingress and another keeps being served. Two loopback
# addresses play two gateways (`tools load --source`): 127.0.0.3 submits at a normal rate, first
# alone (its unloaded p99), then while 127.0.0.2 offers 10× its bound (mmsrouter.admission.source-rate).
# Checked: the calm gateway's p99 under the flood stays within 2× of its unloaded figure and none of
# its MMs is refused; the flood's excess is answered promptly with m-send-conf
# Error-transient-failure (no timeouts), and the flood still gets about its rate accepted.
# Both MMSCs are healthy; the answer window is 0 (the ingress answers once the MM is stored).
#
#   wildfly-config/src/test/e2e/source-flood.sh
#   RATE=200 CALM_RATE=50 SECONDS_EACH=60 wildfly-config/src/test/e2e/source-flood.sh
set -euo pipefail
cd "$(dirname "$0")/../../../.."

RATE=${RATE:-100}                  # MM/s one client address may submit (the bound under test)
FLOOD=$((10 * RATE))               # what the flooding gateway offers
CALM_RATE=${CALM_RATE:-50}         # the other gateway's normal rate
SECONDS_EACH=${SECONDS_EACH:-30}   # each measured phase
MM_BYTES=${MM_BYTES:-10000}
# WildFly's data directory (the journal) on tmpfs by default, as the issue's tests run: on a shared
# disk the journal's fsync tail under the flood's admitted share (3x the syncs) dominates the p99 and
# says nothing about the ingress (measured: x 6.6 with the journal on this machine's disk, x 1.1 on
# tmpfs). DATA_DIR= (empty) puts it under the base directory instead.
DATA_DIR=${DATA_DIR-/dev/shm/mmsrouter-e2e-source-flood}
SERVER=wildfly-config/target/wildfly-38.0.1.Final
TOOLS=tools/target/mms-router-tools.jar
BASE=$PWD/wildfly-config/target/e2e-source-flood
OFFSET=950                         # HTTP 9030, management 10940, NOC 10393: clear of the other scripts
HTTP=$((8080 + OFFSET))
CONTROL=18990
SIM_A=18991
SIM_B=18992
LOG=$BASE/e2e.log

[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] || { echo "build the project first (mvn package)"; exit 2; }
rm -rf "$BASE" && mkdir -p "$BASE/deployments"
[[ -z $DATA_DIR ]] || { rm -rf "$DATA_DIR" && mkdir -p "$DATA_DIR" && chmod 700 "$DATA_DIR"; }
cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$BASE/deployments/"

SIM_PID=""
FLOOD_PID=""
cleanup() {
  pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
  [[ -n $FLOOD_PID ]] && kill "$FLOOD_PID" 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
  [[ -z $DATA_DIR ]] || rm -rf "$DATA_DIR"
}
trap cleanup EXIT
field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<< "$2"; }

java -jar "$TOOLS" mmsc-sim --mmsc sim-a=$SIM_A --mmsc sim-b=$SIM_B --control-port $CONTROL >> "$LOG" 2>&1 &
SIM_PID=$!
"$SERVER/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$BASE" \
  -Djboss.socket.binding.port-offset=$OFFSET -Dmmsrouter.dns.port=15993 ${DATA_DIR:+-Djboss.server.data.dir=$DATA_DIR} \
  -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
  -Dmmsrouter.mm1.answer-window-ms=0 -Dmmsrouter.admission.source-rate="$RATE" >> "$LOG" 2>&1 &
for _ in $(seq 1 180); do
  [[ -f $BASE/deployments/mms-router.ear.deployed ]] && break
  [[ -f $BASE/deployments/mms-router.ear.failed ]] && { echo "deployment failed"; exit 1; }
  sleep 1
done
[[ -f $BASE/deployments/mms-router.ear.deployed ]] || { echo "router did not start"; exit 1; }

calm() {   # <run id> <duration>: the calm gateway, open loop at CALM_RATE
  java -jar "$TOOLS" load --url "http://127.0.0.1:$HTTP/mms" --source 127.0.0.3 --rate "$CALM_RATE" --concurrency 16 \
    --warmup 0s --duration "$2" --size "$MM_BYTES" --timeout 10s --run-id "$1" 2>&1 | grep '^RESULT' || true
}

echo "router up (mmsrouter.admission.source-rate=$RATE); warming up the JIT with both addresses below their bound"
java -jar "$TOOLS" load --url "http://127.0.0.1:$HTTP/mms" --source 127.0.0.2 --rate $((RATE / 2)) --concurrency 16 \
  --warmup 0s --duration 20s --size "$MM_BYTES" --timeout 10s --run-id warm2 >/dev/null 2>&1 &
FLOOD_PID=$!
calm warm3 20s >/dev/null
wait "$FLOOD_PID" || true
FLOOD_PID=""

alone=$(calm alone "${SECONDS_EACH}s")
echo "calm gateway alone:        $alone"
java -jar "$TOOLS" load --url "http://127.0.0.1:$HTTP/mms" --source 127.0.0.2 --rate "$FLOOD" --concurrency 64 \
  --warmup 2s --duration "$((SECONDS_EACH + 4))s" --size "$MM_BYTES" --timeout 10s --run-id flood > "$BASE/flood.txt" 2>&1 &
FLOOD_PID=$!
sleep 2
flooded=$(calm flooded "${SECONDS_EACH}s")
wait "$FLOOD_PID" || true
FLOOD_PID=""
flood=$(grep '^RESULT' "$BASE/flood.txt" || true)
echo "calm gateway under flood:  $flooded"
echo "flooding gateway ($FLOOD MM/s offered): $flood"

failures=0
check() { if eval "$1"; then echo "ok:   $2"; else echo "FAIL: $2"; failures=$((failures + 1)); fi; }
alone_p99=$(field ok_p99_ms "$alone")
flooded_p99=$(field ok_p99_ms "$flooded")
ratio=$(awk -v a="$alone_p99" -v b="$flooded_p99" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
echo "calm gateway p99: $alone_p99 ms alone, $flooded_p99 ms under the flood (× $ratio)"
check '[[ -n $alone_p99 && -n $flooded_p99 ]]' "both phases measured"
check 'awk -v r="$ratio" "BEGIN { exit !(r > 0 && r <= 2) }"' "the calm gateway's p99 under the flood is within 2× of its unloaded figure (× $ratio)"
check '[[ $(field not_ok "$flooded") == 0 && $(field errors "$flooded") == 0 ]]' "none of the calm gateway's MMs was refused or failed"
flood_transient=$(field transient "$flood")
flood_ok=$(field ok "$flood")
flood_seconds=$((SECONDS_EACH + 4))
check '[[ ${flood_transient:-0} -gt 0 && $(field timeouts "$flood") == 0 ]]' \
  "the flood's excess got transient refusals ($flood_transient), no timeouts"
check 'awk -v p="$(field transient_p99_ms "$flood")" "BEGIN { exit !(p < 1000) }"' "refusals answered within 1 s (p99)"
check 'awk -v ok="$flood_ok" -v s="$flood_seconds" -v r="$RATE" "BEGIN { exit !(ok / s > 0.8 * r && ok / s < 1.2 * r + r / s) }"' \
  "the flooding gateway still got about its rate accepted ($flood_ok in ${flood_seconds} s at $RATE/s)"
grep -m1 'refused in the last' "$BASE/log/server.log" | sed 's/^/log: /' || true
echo "$failures failed"
[[ $failures -eq 0 ]]
