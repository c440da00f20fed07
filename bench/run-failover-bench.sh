#!/usr/bin/env bash
# Failover benchmark: under a steady MM1 load, the primary simulated MMSC fails; how long until
# traffic stops going to it, how many MMs needed a retry, how many submissions failed. The same
# run measures HAProxy 2.6 (Debian's package) in front of the same simulators with the check
# settings operators use (inter 1s fall 3 rise 2, primary + backup), side by side.
#
#   bench/run-failover-bench.sh
#   RATE=300 DURATION=30s FAIL_AT=10 MODES="refuse hang http500" bench/run-failover-bench.sh
#
# Settings (environment): RATE=200 (MMs/s offered, open loop) CONCURRENCY=100 DURATION=20s
#   FAIL_AT=8 (seconds into the load) MODES="refuse hang" SIZE=30000.
# The router keeps its defaults (probe every 1 s, 250 ms while SUSPECT/DOWN, timeout 500 ms,
# rise 2, fall 3; sim-a primary, sim-b standby; forward timeout 5 s). HAProxy gets the same:
# `check inter 1s fall 3 rise 2`, `timeout check 500ms`, any answer below 500 alive, sim-b `backup`,
# `timeout server 5s`, `retries 3` + `option redispatch`. Needs a built project and haproxy
# (apt-get install haproxy); starts and stops everything it uses.
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-200}
CONCURRENCY=${CONCURRENCY:-100}
DURATION=${DURATION:-20s}
FAIL_AT=${FAIL_AT:-8}
MODES=${MODES:-refuse hang}
SIZE=${SIZE:-30000}

source bench/lib/router.sh
BASE=$PWD/wildfly-config/target/failover-bench
TOOLS=tools/target/mms-router-tools.jar
OFFSET=400                      # HTTP 8480, management 10390: clear of run, tests, e2e and the router bench
HTTP=$((8080 + OFFSET))
CONTROL=18480
SIM_A=18481
SIM_B=18482
HAPROXY_PORT=18490
HAPROXY_STATS=18491
LOG=$BASE/failover.log
ROUTER_LOG=$LOG

[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] \
  || { echo "build the project first (mvn -B -DskipTests install)"; exit 2; }
command -v haproxy >/dev/null || { echo "haproxy is not installed (apt-get install haproxy)"; exit 2; }
require_free_ports $HTTP $((9990 + OFFSET)) $CONTROL $SIM_A $SIM_B $HAPROXY_PORT $HAPROXY_STATS

rm -rf "$BASE"
provision_base "$BASE"
admin_user "$BASE/configuration"

HAPROXY_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_router "$BASE"
  [[ -n $HAPROXY_PID ]] && kill "$HAPROXY_PID" 2>/dev/null || true
  stop_sims
  wait 2>/dev/null || true
  admin_forget
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
sim_field() { sims "" | grep -o "\"name\":\"$1\"[^}]*" | grep -o "\"$2\":[0-9]*" | cut -d: -f2; }

# What each front end believes about sim-a: UP, or something else (router: SUSPECT/DOWN/UNKNOWN;
# HAProxy: "UP 1/3" while its checks are failing but it still routes, "DOWN", …).
router_state() {
  admin_get "http://127.0.0.1:$HTTP" /status | grep -o '"id":"sim-a","state":"[A-Z]*"' | cut -d'"' -f8
}
haproxy_state() {
  curl -sf "http://127.0.0.1:$HAPROXY_STATS/stats;csv" | awk -F, '$1 == "mmscs" && $2 == "sim-a" { print $18 }'
}
router_failed_attempts() {
  admin_get "http://127.0.0.1:$HTTP" /status | grep -o '"failedAttempts":[0-9]*' | cut -d: -f2
}
# Routes new traffic to sim-a? The router: only when UP. HAProxy: while "UP" or "UP n/m" (going down).
routes() { [[ $1 == "router" ]] && [[ $2 == "UP" ]] || { [[ $1 == "haproxy" ]] && [[ $2 == UP* ]]; }; }

start_sims "$LOG"

cat > "$BASE/haproxy.cfg" <<EOF
global
    maxconn 4096
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 5s
    timeout check 500ms
    retries 3
    option redispatch
frontend mm1
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend mmscs
backend mmscs
    option httpchk GET /mms
    http-check expect rstatus ^[1-4]
    default-server inter 1s fall 3 rise 2
    server sim-a 127.0.0.1:$SIM_A check
    server sim-b 127.0.0.1:$SIM_B check backup
listen stats
    bind 127.0.0.1:$HAPROXY_STATS
    stats enable
    stats uri /stats
EOF
haproxy -f "$BASE/haproxy.cfg" -db >> "$BASE/haproxy.log" 2>&1 &
HAPROXY_PID=$!

start_router "$BASE" $OFFSET -Dmmsrouter.dns.port=15653 \
  -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms

echo "Failover benchmark: RATE=$RATE MM/s offered, CONCURRENCY=$CONCURRENCY, DURATION=$DURATION," \
  "sim-a fails at ${FAIL_AT} s; MODES=$MODES"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); $(haproxy -v | head -1 | cut -d' ' -f1-3)"

SUMMARY=$BASE/summary.txt
printf "%-8s %-8s %12s %12s %10s %10s %8s %10s %10s\n" "front" "failure" "no_route_ms" "down_ms" \
  "sent_dead" "retried" "failed" "p99_ms" "max_ms" > "$SUMMARY"

# run FRONT MODE: one loaded failover; appends a line to the summary.
run() {
  local front=$1 mode=$2 url state
  [[ $front == router ]] && url="http://127.0.0.1:$HTTP/mms" || url="http://127.0.0.1:$HAPROXY_PORT/mms"
  set_mode sim-a healthy
  set_mode sim-b healthy
  for _ in $(seq 1 100); do
    state=$( [[ $front == router ]] && router_state || haproxy_state )
    [[ $state == "UP" ]] && break
    sleep 0.2
  done
  [[ $state == "UP" ]] || { echo "$front never saw sim-a UP (state: '$state')"; exit 1; }
  sleep 2   # rise successes in a row behind us: a settled primary
  sims /sim-a/received -X DELETE >/dev/null
  sims /sim-b/received -X DELETE >/dev/null
  local attempts_before=0
  [[ $front == router ]] && attempts_before=$(router_failed_attempts)

  java -jar "$TOOLS" load --url "$url" --rate "$RATE" --concurrency "$CONCURRENCY" --duration "$DURATION" \
    --warmup 0s --timeout 15s --size "$SIZE" --run-id "$front-$mode-$$" > "$BASE/load-$front-$mode.txt" 2>&1 &
  local load_pid=$!
  sleep "$FAIL_AT"
  local failed_at no_route="" down=""
  failed_at=$(now_ms)
  set_mode sim-a "$mode"
  while kill -0 "$load_pid" 2>/dev/null; do
    state=$( [[ $front == router ]] && router_state || haproxy_state )
    if [[ -z $no_route ]] && ! routes "$front" "$state"; then no_route=$(( $(now_ms) - failed_at )); fi
    if [[ -z $down && $state == DOWN* ]]; then down=$(( $(now_ms) - failed_at )); fi
    [[ -n $down ]] && break
    sleep 0.02
  done
  # MMs the failed MMSC took in after it failed: it hangs on each (hang) or refuses them (refuse: 0 arrive).
  local sent_dead
  sent_dead=$(sim_field sim-a submissionsInProgress)
  wait "$load_pid" || true
  local result retried="n/a"
  result=$(grep '^RESULT ' "$BASE/load-$front-$mode.txt" | tail -1)
  [[ $front == router ]] && retried=$(( $(router_failed_attempts) - attempts_before ))
  field() { echo "$result" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  local failed=$(( $(field errors) + $(field not_ok) ))
  local max
  max=$(grep -o 'max [0-9.]*' "$BASE/load-$front-$mode.txt" | tail -1 | cut -d' ' -f2)
  printf "%-8s %-8s %12s %12s %10s %10s %8s %10s %10s\n" "$front" "$mode" "${no_route:-never}" "${down:-never}" \
    "${sent_dead:-?}" "$retried" "$failed" "$(field p99_ms)" "${max:-?}" >> "$SUMMARY"
  echo "  $front/$mode: $result"
  set_mode sim-a healthy
  sleep 1
}

for mode in $MODES; do
  run router "$mode"
  run haproxy "$mode"
done

echo
echo "== Failover summary (RATE=$RATE MM/s, $SIZE-byte MMs, sim-a fails ${FAIL_AT} s into a ${DURATION} load) =="
cat "$SUMMARY"
echo "no_route_ms: from the failure until the front end stops choosing sim-a for new MMs (router: sim-a not UP;"
echo "  HAProxy: not 'UP' nor 'UP n/m'); down_ms: until it reports DOWN; sent_dead: MMs sim-a took in and never"
echo "  answered (hang; with refuse none arrive); retried: router attempts that failed and were retried elsewhere;"
echo "  failed: submissions the WAP gateway side saw fail (HTTP error, timeout, I/O error or a non-Ok m-send-conf)."
