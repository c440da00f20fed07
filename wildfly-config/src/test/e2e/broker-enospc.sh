#!/usr/bin/env bash
# End-to-end: if the broker still stops on a full volume. Issue 22's original failure, reproduced on
# purpose: admission control's marks turned off (high-water 100 %, no free-space floor) and the
# broker's own disk limit at 100 %, WildFly's data directory on a 192 MiB tmpfs, both MMSCs
# refusing connections, `tools load` until the volume is full. Artemis then either hits ENOSPC and
# shuts itself down (AMQ222010) or, when its disk check comes first, blocks production (AMQ222212):
# a race, so a run shows one or the other. Checked: no submission hangs (no client timeout) and none
# is answered Ok once nothing can be stored, refusals within 1 s; after a shutdown the router notices
# — readiness 503 with cause "broker", `mmsrouter_broker_up 0`, the SEVERE line saying what to do;
# then, the volume grown and WildFly reloaded as the log line says, the queued MMs are delivered and
# new MMs are taken. Artemis itself may lose the MMs of the page
# files it was writing when the volume filled (AMQ222033 "incomplete records") and deliver some
# twice after the recovery: the script counts both and fails only beyond 1 % — that damage is
# Artemis's, and it is why admission control's marks exist and must stay on (disk-full.sh: none).
# Needs root (mount) and a built project.
#
#   wildfly-config/src/test/e2e/broker-enospc.sh
set -euo pipefail
cd "$(dirname "$0")/../../../.."

MM_BYTES=${MM_BYTES:-10000}
CHUNK_SECONDS=${CHUNK_SECONDS:-5}
MAX_CHUNKS=${MAX_CHUNKS:-20}
SERVER=wildfly-config/target/wildfly-38.0.1.Final
CLI=$SERVER/bin/jboss-cli.sh
TOOLS=tools/target/mms-router-tools.jar
BASE=$PWD/wildfly-config/target/e2e-broker-enospc
VOLUME=$BASE/volume
OFFSET=920                      # HTTP 9000, NOC 10363, management 10910: clear of the other scripts
HTTP=$((8080 + OFFSET))
NOC=https://localhost:$((9443 + OFFSET))
MGMT=127.0.0.1:$((9990 + OFFSET))
CONTROL=18920
SIM_A=18921
SIM_B=18922
DNS_PORT=15963
LOG=$BASE/e2e.log

[[ $(id -u) -eq 0 ]] || { echo "broker-enospc.sh mounts a tmpfs: run it as root"; exit 2; }
[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] || { echo "build the project first (mvn package)"; exit 2; }
pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
if mountpoint -q "$VOLUME" 2>/dev/null; then umount "$VOLUME"; fi
rm -rf "$BASE" && mkdir -p "$BASE/deployments" "$VOLUME"
mount -t tmpfs -o size=192m,mode=0700 mmsrouter-e2e "$VOLUME"
cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
source wildfly-config/src/test/e2e/admin-api.sh
source wildfly-config/src/test/e2e/single-router.sh
admin_user "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$BASE/deployments/"

SIM_PID=""
cleanup() {
  pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
  sleep 1   # the killed JVM lets go of the volume
  if mountpoint -q "$VOLUME"; then umount "$VOLUME" || umount -l "$VOLUME" || true; fi
}
trap cleanup EXIT

failed=0
fail() { echo "FAIL: $* (log: $BASE/log/server.log)"; failed=$((failed + 1)); }
field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<< "$2"; }
ready() { curl -s --noproxy '*' -k --max-time 5 -w ' %{http_code}' "$NOC/admin/api/ready" || true; }
UNGUARDED=(-Djboss.server.data.dir="$VOLUME/data" -Dmmsrouter.admission.disk-high-water-percent=100
  -Dmmsrouter.admission.disk-low-water-percent=99 -Dmmsrouter.admission.disk-min-free-mb=0
  -Dmmsrouter.broker.max-disk-usage-percent=100)

start_sims
set_sims refuse
start_router "${UNGUARDED[@]}"
echo "router up with admission's disk marks off and the broker's disk limit at 100 %; both MMSCs refuse; $(df -h --output=used,size,pcent "$VOLUME" | tail -1)"

OK_LOG=$BASE/ok.txt
: > "$OK_LOG"
quiet=0
stopped_chunk=0
blocked_chunk=0
timeouts=0
for chunk in $(seq 1 "$MAX_CHUNKS"); do
  out=$(java -jar "$TOOLS" load --url "http://127.0.0.1:$HTTP/mms" --concurrency 50 --warmup 0s --duration "${CHUNK_SECONDS}s" \
    --size "$MM_BYTES" --timeout 10s --run-id "enospc$chunk" --ok-log "$OK_LOG.part" 2>&1) || true
  cat "$OK_LOG.part" >> "$OK_LOG" && rm -f "$OK_LOG.part"
  result=$(grep '^RESULT' <<< "$out") || { echo "$out"; fail "tools load printed no RESULT"; break; }
  timeouts=$((timeouts + $(field timeouts "$result")))
  echo "chunk $chunk: ok $(field ok "$result"), transient $(field transient "$result") (p99 $(field transient_p99_ms "$result") ms)," \
    "503 $(field http503 "$result"), timeouts $(field timeouts "$result"); $(df --output=pcent "$VOLUME" | tail -1 | tr -d ' ') used"
  if (( stopped_chunk > 0 || blocked_chunk > 0 )); then
    after_full=$result
    break
  fi
  grep -q 'AMQ222010' "$BASE/log/server.log" && stopped_chunk=$chunk
  (( stopped_chunk == 0 )) && grep -q 'AMQ222212' "$BASE/log/server.log" && blocked_chunk=$chunk
done
# Which of Artemis's two reactions to the full volume came first is a race: a page or journal write
# failing (ENOSPC: it shuts down, AMQ222010) or its disk check (it refuses sends, AMQ222212). Either
# way no submission may hang or be answered Ok once nothing can be stored; a shutdown must be noticed.
(( stopped_chunk == 0 )) && grep -q 'AMQ222010' "$BASE/log/server.log" && stopped_chunk=$chunk   # it stopped after blocking
(( stopped_chunk > 0 || blocked_chunk > 0 )) || fail "the volume filled but the broker neither stopped nor blocked"
if (( stopped_chunk > 0 )); then
  echo "broker stopped: $(grep -m1 -o 'AMQ222010.*' "$BASE/log/server.log" | cut -c1-120)"
  readiness=$(ready)
  echo "readiness after the stop: $readiness"
  [[ $readiness == *'"cause":"broker"'*' 503' ]] || fail "readiness did not say the broker is down"
  metrics=$(admin_get "http://127.0.0.1:$HTTP" /metrics || true)
  grep -q '^mmsrouter_broker_up 0' <<< "$metrics" || fail "mmsrouter_broker_up is not 0"
  grep -m1 'the message broker (Artemis) has stopped' "$BASE/log/server.log" | cut -c1-200 || fail "no SEVERE line said what to do"
else
  echo "this time Artemis's disk check won the race: it refuses sends ($(grep -m1 -o 'AMQ222212.*' "$BASE/log/server.log" | cut -c1-90))"
fi
if [[ -n ${after_full:-} ]]; then
  [[ $(field ok "$after_full") == 0 ]] || fail "MMs were answered Ok after the volume filled"
  awk -v p="$(field transient_p99_ms "$after_full")" 'BEGIN { exit !(p < 1000) }' || fail "refusals after the volume filled took over 1 s (p99)"
fi
(( timeouts == 0 )) || fail "$timeouts client timeouts"
ok_total=$(sort -u "$OK_LOG" | wc -l)

echo "growing the volume to 1 GiB and reloading WildFly, as the log line says; MMSCs back"
mount -o remount,size=1g "$VOLUME"
set_sims healthy
reload=$("$CLI" --connect --controller="$MGMT" --command=':reload' 2>&1 || true)
[[ $reload == *'"outcome" => "success"'* ]] || fail "WildFly refused the reload: $reload"
for _ in $(seq 1 180); do [[ $(ready) == *' 200' ]] && break; sleep 1; done
[[ $(ready) == *' 200' ]] || fail "the router was not ready again after the reload" 
missing=$ok_total
last=-1
for _ in $(seq 1 120); do   # until everything is delivered, or nothing more arrives for 10 s
  missing=$(comm -23 <(sort -u "$OK_LOG") <(received_tids | sort -u) | wc -l)
  (( missing == 0 )) && break
  total=$(received_total)
  if (( total == last )); then quiet=$((quiet + 1)); else quiet=0; last=$total; fi
  (( quiet >= 10 )) && break
  sleep 1
done
duplicates=$(received_tids | sort | uniq -d | wc -l)
torn=$(grep -c 'AMQ222033' "$BASE/log/server.log" || true)
echo "after the restart: $ok_total answered Ok before the stop, $missing of them not delivered" \
  "(Artemis reported $torn page file(s) with incomplete records), $duplicates delivered twice; readiness $(ready)"
(( missing * 100 <= ok_total )) || fail "$missing of $ok_total MMs answered Ok were not delivered after the restart"
(( duplicates * 100 <= ok_total )) || fail "$duplicates of $ok_total MMs delivered twice"
after=$(java -jar "$TOOLS" submit --url "http://127.0.0.1:$HTTP/mms" --count 5 2>&1 | tail -1)
[[ $after == *"5 answered Ok"* ]] || fail "new MMs after the restart: $after"
echo "$failed failed"
[[ $failed -eq 0 ]]
