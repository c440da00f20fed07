#!/usr/bin/env bash
# End-to-end: MMs the router answered Ok while every MMSC was down survive a kill -9 of WildFly
# and are all delivered, exactly once, after the restart; so does a run-time MMSC registry edit.
# Then a kill -9 under full load (MMSCs healthy, LOAD_CONCURRENCY closed-loop submitters): every MM
# answered Ok is delivered after the restart, and the duplicates are counted — at most what the
# forwarding threads held uncommitted (consumers × batch: MMs the MMSC took whose delivery had not
# committed when the process died).
# Crosses processes (WildFly, simulator, client), so it is a script, not an Arquillian test. Needs a
# built project (mvn verify or package).
#
#   wildfly-config/src/test/e2e/crash-recovery.sh          # N=200 MMs
#   N=1000 LOAD_SECONDS=30 wildfly-config/src/test/e2e/crash-recovery.sh
set -euo pipefail
cd "$(dirname "$0")/../../../.."

N=${N:-200}
LOAD_SECONDS=${LOAD_SECONDS:-16}        # the load of phase 2; the kill comes half-way through it
LOAD_CONCURRENCY=${LOAD_CONCURRENCY:-50}
IN_FLIGHT=$((8 * 4))                    # mmsrouter.forward.consumers × batch (defaults): uncommitted MMs at most
SERVER=wildfly-config/target/wildfly-38.0.1.Final
BASE=$PWD/wildfly-config/target/e2e-crash-server
TOOLS=tools/target/mms-router-tools.jar
OFFSET=200                      # HTTP 8280, management 10190: clear of the run and test servers
HTTP=$((8080 + OFFSET))
CONTROL=18280
SIM_A=18281
SIM_B=18282
LOG=$BASE/e2e.log

[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] || { echo "build the project first (mvn package)"; exit 2; }
rm -rf "$BASE" && mkdir -p "$BASE/deployments"
cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
source wildfly-config/src/test/e2e/admin-api.sh
admin_user "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$BASE/deployments/"

SIM_PID=""
LOAD_PID=""
cleanup() {
  pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
  [[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
}
trap cleanup EXIT

sims() { curl -sf "http://127.0.0.1:$CONTROL/sims$1" "${@:2}"; }
received_total() { sims "" | grep -o '"received":[0-9]*' | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }'; }

start_router() {
  rm -f "$BASE"/deployments/mms-router.ear.{deployed,failed,isdeploying,pending}
  # In a subshell, so the kill -9 below does not make this shell report the job.
  ( "$SERVER/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$BASE" \
    -Djboss.socket.binding.port-offset=$OFFSET -Dmmsrouter.dns.port=15453 \
    -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
    -Dmmsrouter.mm1.answer-window-ms=0 >> "$LOG" 2>&1 & )
  for _ in $(seq 1 180); do
    [[ -f $BASE/deployments/mms-router.ear.deployed ]] && return 0
    [[ -f $BASE/deployments/mms-router.ear.failed ]] && { echo "deployment failed"; exit 1; }
    sleep 1
  done
  echo "router did not start"; exit 1
}

java -jar "$TOOLS" mmsc-sim --mmsc sim-a=$SIM_A --mmsc sim-b=$SIM_B --control-port $CONTROL >> "$LOG" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 50); do sims "" >/dev/null 2>&1 && break; sleep 0.2; done
sims /sim-a/mode?set=refuse -X POST >/dev/null
sims /sim-b/mode?set=refuse -X POST >/dev/null

start_router
echo "router up; both MMSCs refuse connections; submitting $N MMs"
java -jar "$TOOLS" submit --url "http://127.0.0.1:$HTTP/mms" --count "$N"

# A run-time edit of the MMSC registry must survive the crash too.
EDIT='{"priority":0,"weight":7,"recipientPrefixes":["+49151"],"adminState":"enabled","maxRate":0}'
admin_send PUT "http://127.0.0.1:$HTTP" /mmscs/sim-a/routing "$EDIT" >/dev/null \
  || { echo "FAIL: the registry edit was refused"; exit 1; }
# So must an MMSC added at run time (disabled: it never gets traffic here).
ADD='{"id":"sim-c","url":"http://127.0.0.1:18283/mms","adminState":"disabled"}'
admin_send POST "http://127.0.0.1:$HTTP" /mmscs "$ADD" >/dev/null \
  || { echo "FAIL: adding an MMSC was refused"; exit 1; }

echo "kill -9 of WildFly with $N MMs queued"
pkill -9 -f "jboss.server.base.dir=$BASE"
sleep 1
[[ $(received_total) -eq 0 ]] || { echo "FAIL: an MMSC received something while refusing"; exit 1; }

start_router
echo "router restarted; MMSCs back"
registry=$(admin_get "http://127.0.0.1:$HTTP" /mmscs)
sim_a=$(echo "$registry" | grep -o '{[^{}]*"id":"sim-a"[^{}]*}' || true)
sim_c=$(echo "$registry" | grep -o '{[^{}]*"id":"sim-c"[^{}]*}' || true)
if [[ $sim_a == *'"weight":7'* && $sim_a == *'"+49151"'* && $sim_a == *'"updatedBy":"e2e-operator (api from '* \
      && $sim_c == *'"adminState":"disabled"'* ]]; then
  registry_kept=1
  echo "registry: sim-a kept its run-time edit and sim-c, added at run time, is still there ($sim_a $sim_c)"
else
  registry_kept=0
  echo "FAIL: sim-a's registry edit was lost: $registry"
fi
sims /sim-a/mode?set=healthy -X POST >/dev/null
sims /sim-b/mode?set=healthy -X POST >/dev/null
start=$(date +%s)
for _ in $(seq 1 240); do
  [[ $(received_total) -ge $N ]] && break
  sleep 0.5
done
delivered=$(received_total)
unique=$( { sims /sim-a/received; sims /sim-b/received; } | grep -o '"transactionId":"[^"]*"' | sort -u | wc -l)
echo "crash recovery: $N answered Ok before the crash, $delivered delivered after it ($unique distinct), $(( $(date +%s) - start )) s to drain"
passed=0
failed=0
if [[ $delivered -eq $N && $unique -eq $N && $registry_kept -eq 1 ]]; then
  passed=$((passed + 1))
else
  echo "FAIL: lost or duplicated MMs (log: $LOG)"
  failed=$((failed + 1))
fi

# ---- 2. kill -9 under full load ------------------------------------------------------------------
sims /sim-a/received -X DELETE >/dev/null
sims /sim-b/received -X DELETE >/dev/null
OK_LOG=$BASE/ok-under-load.txt
echo "kill -9 under load: $LOAD_CONCURRENCY submitters for ${LOAD_SECONDS} s, both MMSCs healthy"
java -jar "$TOOLS" load --url "http://127.0.0.1:$HTTP/mms" --concurrency "$LOAD_CONCURRENCY" --warmup 0s \
  --duration "${LOAD_SECONDS}s" --size 5000 --timeout 10s --run-id crash --ok-log "$OK_LOG" > "$BASE/load-crash.txt" 2>&1 &
LOAD_PID=$!
sleep $((LOAD_SECONDS / 2))
before_kill=$(received_total)
pkill -9 -f "jboss.server.base.dir=$BASE"
echo "killed with $before_kill MMs delivered so far"
wait "$LOAD_PID" 2>/dev/null || true   # the rest of the load meets a dead port: errors, not Oks
LOAD_PID=""
ok=$(sort -u "$OK_LOG" | wc -l)
start_router
echo "router restarted; waiting for the $ok MMs answered Ok"
received_tids() { { sims /sim-a/received; sims /sim-b/received; } | grep -o '"transactionId":"load-crash-[^"]*"' | cut -d'"' -f4; }
missing=$ok
for _ in $(seq 1 120); do
  missing=$(comm -23 <(sort -u "$OK_LOG") <(received_tids | sort -u) | wc -l)
  [[ $missing -eq 0 ]] && break
  sleep 1
done
sleep 2   # let anything redelivered after the last Ok arrive too, so duplicates are all counted
duplicates=$(received_tids | sort | uniq -d | wc -l)
echo "kill under load: $ok answered Ok, $missing of them not delivered; $duplicates delivered twice" \
  "(at most $IN_FLIGHT allowed: what the forwarding threads held uncommitted when the process died)"
if [[ $ok -gt 0 && $missing -eq 0 && $duplicates -le $IN_FLIGHT ]]; then
  passed=$((passed + 1))
else
  echo "FAIL: an MM answered Ok was lost, or more duplicates than MMs in flight (log: $LOG)"
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
