#!/usr/bin/env bash
# End-to-end: the journal's volume fills during an MMSC outage and the router neither dies nor
# hangs. WildFly's data directory (Artemis journal, paging, large messages, bindings, the H2
# registry) is put on a small tmpfs; both simulated MMSCs refuse connections; `tools load` submits
# until the volume passes admission control's high-water mark and on for a while after. Checked:
#   - no client timeout; every refusal is a prompt m-send-conf Error-transient-failure (0xC0)
#     (p99 under 1 s), readiness says "disk";
#   - the broker never logs a critical I/O error (AMQ144011, AMQ222010) and never shuts down;
#   - once the MMSCs are back every MM answered Ok is delivered, none twice, and the router takes
#     new MMs again by itself (readiness 200, a new submission answered Ok) — no restart.
# Each case is a volume size and an MM size; the default runs two (CI): 192 MiB with 10 KB MMs and
# 1 GiB with 30 KB MMs. Needs root (mount) and a built project.
#
#   wildfly-config/src/test/e2e/disk-full.sh                       # both cases
#   CASES="192m:10000 192m:30000 1g:10000 1g:30000" wildfly-config/src/test/e2e/disk-full.sh
set -euo pipefail
cd "$(dirname "$0")/../../../.."

CASES=${CASES:-"192m:10000 1g:30000"}
CONCURRENCY=${CONCURRENCY:-50}
CHUNK_SECONDS=${CHUNK_SECONDS:-10}     # the load runs in chunks until the volume refuses, then two more
MAX_CHUNKS=${MAX_CHUNKS:-30}
SERVER=wildfly-config/target/wildfly-38.0.1.Final
TOOLS=tools/target/mms-router-tools.jar
WORK=$PWD/wildfly-config/target/e2e-disk-full
OFFSET=900                      # HTTP 8980, management 10890, NOC 10343: clear of the other scripts
HTTP=$((8080 + OFFSET))
NOC=https://localhost:$((9443 + OFFSET))
CONTROL=18980
SIM_A=18981
SIM_B=18982

[[ $(id -u) -eq 0 ]] || { echo "disk-full.sh mounts a tmpfs: run it as root"; exit 2; }
[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] || { echo "build the project first (mvn package)"; exit 2; }
source wildfly-config/src/test/e2e/admin-api.sh

SIM_PID=""
BASE=""
VOLUME=""
cleanup() {
  pkill -9 -f "jboss.server.base.dir=$WORK/" 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
  sleep 1   # the killed JVM lets go of the volume
  if [[ -n $VOLUME ]] && mountpoint -q "$VOLUME"; then umount "$VOLUME" || umount -l "$VOLUME" || true; fi
}
trap cleanup EXIT

sims() { curl -sf "http://127.0.0.1:$CONTROL/sims$1" "${@:2}"; }
received_tids() { { sims /sim-a/received; sims /sim-b/received; } | grep -o '"transactionId":"[^"]*"' | cut -d'"' -f4; }
# The readiness answer (no login): the HTTP status, then the body.
ready() { curl -s --noproxy '*' -k --pinnedpubkey "$(admin_pin "$NOC")" -w ' %{http_code}' --max-time 5 "$NOC/admin/api/ready" || true; }
ready_status() { curl -s --noproxy '*' -k --pinnedpubkey "$(admin_pin "$NOC")" -o /dev/null -w '%{http_code}' --max-time 5 \
  "$NOC/admin/api/ready" || true; }
field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<< "$2"; }

java -jar "$TOOLS" mmsc-sim --mmsc sim-a=$SIM_A --mmsc sim-b=$SIM_B --control-port $CONTROL > "$WORK.sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 50); do sims "" >/dev/null 2>&1 && break; sleep 0.2; done

passed=0
failed=0
fail() { echo "FAIL ($case): $*"; ok_case=0; }

for case in $CASES; do
  size=${case%%:*}
  mm_bytes=${case##*:}
  BASE=$WORK/$size-$mm_bytes
  VOLUME=$BASE/volume
  LOG=$BASE/server.log.out
  ok_case=1
  pkill -9 -f "jboss.server.base.dir=$WORK/" 2>/dev/null || true
  if mountpoint -q "$VOLUME" 2>/dev/null; then umount "$VOLUME"; fi
  rm -rf "$BASE" && mkdir -p "$BASE/deployments" "$VOLUME"
  mount -t tmpfs -o "size=$size,mode=0700" mmsrouter-e2e "$VOLUME"
  cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
  admin_user "$BASE/configuration"
  cp "$SERVER/standalone/deployments/mms-router.ear" "$BASE/deployments/"
  sims /sim-a/received -X DELETE >/dev/null
  sims /sim-b/received -X DELETE >/dev/null
  sims /sim-a/mode?set=refuse -X POST >/dev/null
  sims /sim-b/mode?set=refuse -X POST >/dev/null

  ( "$SERVER/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$BASE" -Djboss.server.data.dir="$VOLUME/data" \
      -Djboss.socket.binding.port-offset=$OFFSET -Dmmsrouter.dns.port=15983 \
      -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
      -Dmmsrouter.mm1.answer-window-ms=0 > "$LOG" 2>&1 & )
  for _ in $(seq 1 180); do
    [[ -f $BASE/deployments/mms-router.ear.deployed ]] && break
    [[ -f $BASE/deployments/mms-router.ear.failed ]] && { echo "deployment failed"; exit 1; }
    sleep 1
  done
  [[ -f $BASE/deployments/mms-router.ear.deployed ]] || { echo "router did not start"; exit 1; }
  echo "== $size volume, $mm_bytes-byte MMs: router up, both MMSCs refuse connections; $(df -h --output=used,size,pcent "$VOLUME" | tail -1)"

  OK_LOG=$BASE/ok.txt
  : > "$OK_LOG"
  refusing_chunks=0
  timeouts=0
  worst_refusal_p99=0
  chunk=0
  while (( chunk < MAX_CHUNKS && refusing_chunks < 2 )); do
    chunk=$((chunk + 1))
    out=$(java -jar "$TOOLS" load --url "http://127.0.0.1:$HTTP/mms" --concurrency "$CONCURRENCY" --warmup 0s \
      --duration "${CHUNK_SECONDS}s" --size "$mm_bytes" --timeout 10s --run-id "df$chunk" --ok-log "$OK_LOG.part" 2>&1) \
      || true   # non-zero whenever an MM was not answered Ok: expected here
    cat "$OK_LOG.part" >> "$OK_LOG" && rm -f "$OK_LOG.part"
    result=$(grep '^RESULT' <<< "$out") || { echo "$out"; fail "tools load printed no RESULT"; break; }
    transient=$(grep -o 'Error-transient-failure: [0-9]*' <<< "$out" | grep -o '[0-9]*$' || echo 0)
    chunk_timeouts=$(grep -o 'timeouts: [0-9]*' <<< "$out" | grep -o '[0-9]*$')
    timeouts=$((timeouts + chunk_timeouts))
    p99=$(field transient_p99_ms "$result"); [[ -n $p99 ]] || p99=$(field p99_ms "$result")
    echo "chunk $chunk: ok $(field ok "$result"), transient failures $transient, timeouts $chunk_timeouts," \
      "p99 $(field p99_ms "$result") ms, refusals p99 ${p99} ms; $(df --output=pcent "$VOLUME" | tail -1 | tr -d ' ') used"
    if (( transient > 0 )); then
      refusing_chunks=$((refusing_chunks + 1))
      awk -v p="$p99" -v w="$worst_refusal_p99" 'BEGIN { exit !(p > w) }' && worst_refusal_p99=$p99
      if (( refusing_chunks == 1 )); then
        echo "readiness while refusing: $(ready)"
        # What the console's banner shows (its overview poll) and what Prometheus scrapes.
        overview=$(admin_get "http://127.0.0.1:$HTTP" /overview || true)
        [[ $overview == *'"accepting":false'* && $overview == *'"cause":"disk"'* ]] \
          || fail "the console's overview does not say new MMs are refused for disk: ${overview:0:300}"
        metrics=$(admin_get "http://127.0.0.1:$HTTP" /metrics || true)
        grep -q '^mmsrouter_admission_accepting 0' <<< "$metrics" || fail "mmsrouter_admission_accepting is not 0"
        grep -q '^mmsrouter_admission_refusals_total{cause="disk"} [1-9]' <<< "$metrics" \
          || fail "no disk refusal counted in mmsrouter_admission_refusals_total"
        grep '^mmsrouter_volume_free_bytes' <<< "$metrics" | head -2
      fi
    fi
  done
  ok_total=$(sort -u "$OK_LOG" | wc -l)
  (( refusing_chunks > 0 )) || fail "the volume never reached the high-water mark in $MAX_CHUNKS chunks"
  (( timeouts == 0 )) || fail "$timeouts client timeouts"
  awk -v p="$worst_refusal_p99" 'BEGIN { exit !(p < 1000) }' || fail "refusals' p99 $worst_refusal_p99 ms (must be under 1 s)"
  [[ $(ready_status) == 503 ]] || fail "readiness was not 503 while refusing"
  if grep -E 'AMQ144011|AMQ222010|Critical IO Error|No space left on device' "$BASE/log/server.log" >/dev/null 2>&1; then
    fail "the broker logged a critical I/O error: $(grep -m1 -E 'AMQ144011|AMQ222010|Critical IO|No space left' "$BASE/log/server.log")"
  fi
  grep -m1 'refusing new MMs: disk' "$BASE/log/server.log" || fail "no log line said new MMs are refused"
  echo "$ok_total MMs answered Ok while the MMSCs were down; MMSCs back"

  sims /sim-a/mode?set=healthy -X POST >/dev/null
  sims /sim-b/mode?set=healthy -X POST >/dev/null
  start=$(date +%s)
  missing=$ok_total
  for _ in $(seq 1 300); do
    missing=$(comm -23 <(sort -u "$OK_LOG") <(received_tids | sort -u) | wc -l)
    (( missing == 0 )) && break
    sleep 1
  done
  sleep 2
  duplicates=$(received_tids | sort | uniq -d | wc -l)
  echo "drained in $(( $(date +%s) - start )) s: $missing of $ok_total not delivered, $duplicates delivered twice"
  (( missing == 0 )) || fail "$missing MMs answered Ok were not delivered"
  (( duplicates == 0 )) || fail "$duplicates MMs delivered twice"

  for _ in $(seq 1 120); do [[ $(ready_status) == 200 ]] && break; sleep 1; done
  echo "readiness after draining: $(ready); $(df -h --output=used,size,pcent "$VOLUME" | tail -1)"
  [[ $(ready_status) == 200 ]] || fail "the router did not take new MMs again by itself"
  after=$(java -jar "$TOOLS" submit --url "http://127.0.0.1:$HTTP/mms" --count 5 2>&1 | tail -1)
  echo "$after"
  [[ $after == *"5 answered Ok"* ]] || fail "new submissions after recovery were not answered Ok"

  pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
  sleep 1
  umount "$VOLUME" || umount -l "$VOLUME"
  if (( ok_case )); then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
VOLUME=""
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
