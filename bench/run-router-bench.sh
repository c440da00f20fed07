#!/usr/bin/env bash
# Router throughput benchmark with `tools load`, on this machine:
#   1. 30 KB MMs from CONCURRENCY closed-loop submitters for DURATION against the router
#      (its own WildFly, port offset 300 → MM1 http://127.0.0.1:8380/mms) forwarding to two
#      simulated MMSCs; throughput and m-send-conf latency p50/p99/p99.9;
#   2. the same load straight at one simulated MMSC (sim-a), in the same run: ratio router/direct;
#   3. a backlog of BACKLOG MMs queued while both MMSCs refuse connections, then both recover:
#      time until every MM has arrived, drain rate in MM/s.
# Prints a summary table and WildFly's RSS. Starts and stops its own simulator and WildFly (a copy
# of the provisioned server's configuration, with bench/lib/router.sh); needs a built project
# (mvn -DskipTests package). Run from anywhere:
#
#   bench/run-router-bench.sh
#   DURATION=30s BACKLOG=5000 bench/run-router-bench.sh
#
# Settings (environment): DURATION=60s CONCURRENCY=50 SIZE=30000 BACKLOG=10000 WARMUP=5s
#   BACKLOG_CONCURRENCY=200 (submitters filling the backlog). The router keeps its defaults, the
#   2 s answer window included: while both MMSCs refuse, each backlog MM is answered (Ok, the
#   router's own Message-ID) when the window closes, so filling takes ≈ BACKLOG / BACKLOG_CONCURRENCY × 2 s.
# End-to-end delivery: the router load counts Ok answers whose Message-ID is a simulator's
#   (`--expect-message-id`): each of those MMs had reached its MMSC before the answer left the
#   router, so for them delivery latency ≤ the m-send-conf latency measured.
# For experiments only (default: unset, the router as provisioned):
#   ROUTER_OPTS="-Dmmsrouter.mm1.answer-window-ms=0"   extra options for standalone.sh
#   RA_MAX_POOL=200   max-pool-size of the JMS pooled connection factory (activemq-ra; WildFly's default is 20)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60s}
CONCURRENCY=${CONCURRENCY:-50}
SIZE=${SIZE:-30000}
BACKLOG=${BACKLOG:-10000}
WARMUP=${WARMUP:-5s}
BACKLOG_CONCURRENCY=${BACKLOG_CONCURRENCY:-200}
ROUTER_OPTS=${ROUTER_OPTS:-}
RA_MAX_POOL=${RA_MAX_POOL:-}

BASE=$PWD/wildfly-config/target/bench-server
TOOLS=tools/target/mms-router-tools.jar
OFFSET=300                      # HTTP 8380, management 10290: clear of the run, test and e2e servers
HTTP=$((8080 + OFFSET))
DNS_PORT=15553
CONTROL=18380
SIM_A=18381
SIM_B=18382
ROUTER_URL=http://127.0.0.1:$HTTP/mms
DIRECT_URL=http://127.0.0.1:$SIM_A/mms
LOG=$BASE/bench.log
source bench/lib/router.sh
ROUTER_LOG=$LOG

[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] \
  || { echo "build the project first (mvn -B -DskipTests install)"; exit 2; }
require_free_ports $HTTP $((9990 + OFFSET)) $CONTROL $SIM_A $SIM_B

rm -rf "$BASE"
provision_base "$BASE"
admin_user "$BASE/configuration"
if [[ -n $RA_MAX_POOL ]]; then
  sed -i "s|<pooled-connection-factory name=\"activemq-ra\" |&max-pool-size=\"$RA_MAX_POOL\" |" \
    "$BASE/configuration/standalone-full.xml"
  grep -q "max-pool-size=\"$RA_MAX_POOL\"" "$BASE/configuration/standalone-full.xml" \
    || { echo "could not set RA_MAX_POOL in $BASE/configuration/standalone-full.xml"; exit 2; }
fi

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_cleaner
  stop_router "$BASE"
  stop_sims
  wait 2>/dev/null || true
  admin_forget
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
rss_mb() { ps -o rss= -p "$(router_pid "$BASE")" | awk '{ printf "%.0f", $1 / 1024 }'; }
# One field of a load run's RESULT line.
result() { grep '^RESULT ' "$BASE/$1.txt" | tail -1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }


# load NAME ARGS...: runs tools load, output in $BASE/NAME.txt and on the terminal; never fails the script.
load() {
  local name=$1 rc=0
  shift
  java -jar "$TOOLS" load "$@" > "$BASE/$name.txt" 2>&1 || rc=$?
  sed 's/^/    /' "$BASE/$name.txt"
  [[ $rc -eq 0 ]] || echo "    (tools load exited $rc: not every MM was answered Ok, see above)"
  grep -q '^RESULT ' "$BASE/$name.txt" || { echo "tools load printed no RESULT line"; exit 1; }
}

echo "Router benchmark: DURATION=$DURATION CONCURRENCY=$CONCURRENCY SIZE=$SIZE BACKLOG=$BACKLOG" \
  "WARMUP=$WARMUP BACKLOG_CONCURRENCY=$BACKLOG_CONCURRENCY (logs: $BASE)"
[[ -z $ROUTER_OPTS && -z $RA_MAX_POOL ]] \
  || echo "NOT the router as provisioned: ROUTER_OPTS='$ROUTER_OPTS' RA_MAX_POOL='$RA_MAX_POOL'"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
  "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; $(java -version 2>&1 | head -1)"
echo "before: $(uptime | sed 's/.*load average/load average/')"

start_sims "$LOG"

echo "starting WildFly (port offset $OFFSET, MM1 $ROUTER_URL)"
# shellcheck disable=SC2086
start_router "$BASE" $OFFSET -Dmmsrouter.dns.port=$DNS_PORT \
  -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
  $ROUTER_OPTS
wait_mmscs "http://127.0.0.1:$HTTP" UP 2 30
echo "router up: $(admin_get "http://127.0.0.1:$HTTP" /status || echo 'status API not answering')"

# ---- 1. load through the router ------------------------------------------------------------------
echo
echo "== 1/3 router: $ROUTER_URL =="
start_cleaner
load router --url "$ROUTER_URL" --concurrency "$CONCURRENCY" --duration "$DURATION" --size "$SIZE" \
  --warmup "$WARMUP" --run-id "router$$" --expect-message-id '.*@mmsc\.sim'
stop_cleaner
RSS_AFTER_LOAD=$(rss_mb)
settle

# ---- 2. the same load straight at one simulated MMSC -----------------------------------------------
echo
echo "== 2/3 direct: $DIRECT_URL =="
start_cleaner
load direct --url "$DIRECT_URL" --concurrency "$CONCURRENCY" --duration "$DURATION" --size "$SIZE" \
  --warmup "$WARMUP" --run-id "direct$$"
stop_cleaner
settle

# ---- 3. backlog queued while every MMSC refuses, drained after recovery ---------------------------------
echo
echo "== 3/3 backlog: $BACKLOG MMs while sim-a and sim-b refuse connections =="
set_mode sim-a refuse
set_mode sim-b refuse
wait_mmscs "http://127.0.0.1:$HTTP" DOWN 2 15
echo "router sees: $(admin_get "http://127.0.0.1:$HTTP" /status | grep -o '"id":"[^"]*"[^}]*"state":"[A-Z]*"' | tr '\n' ' ')"
clear_received
BASELINE=$(received_total)
# Filling is bounded by the answer window: allow twice the expected time.
FILL_LIMIT=$((BACKLOG * 4 / BACKLOG_CONCURRENCY + 120))
echo "filling (≈ $((BACKLOG * 2 / BACKLOG_CONCURRENCY)) s: each MM is answered when the 2 s window closes)"
load backlog --url "$ROUTER_URL" --rate 0 --concurrency "$BACKLOG_CONCURRENCY" --count "$BACKLOG" \
  --warmup 0s --duration "${FILL_LIMIT}s" --size "$SIZE" --run-id "backlog$$"
QUEUED=$(result backlog ok)
[[ $(received_total) -eq $BASELINE ]] || echo "WARNING: an MMSC received MMs while refusing"
TARGET=$((BASELINE + QUEUED))

echo "both MMSCs healthy again; waiting for $QUEUED MMs"
T0=$(now)
set_mode sim-a healthy
set_mode sim-b healthy
T_FIRST=""
DRAIN_LIMIT=$((QUEUED / 10 + 300))
while true; do
  count=$(received_total)
  t=$(now)
  [[ -z $T_FIRST && $count -gt $BASELINE ]] && T_FIRST=$t
  [[ $count -ge $TARGET ]] && break
  if awk -v t="$t" -v t0="$T0" -v limit="$DRAIN_LIMIT" 'BEGIN { exit !(t - t0 > limit) }'; then
    echo "WARNING: drain incomplete after $DRAIN_LIMIT s: $((count - BASELINE)) of $QUEUED"; break
  fi
  sleep 0.2
done
T_END=$(now)
DELIVERED=$(( $(received_total) - BASELINE ))
DISTINCT=$( { sims /sim-a/received; sims /sim-b/received; } | grep -o '"transactionId":"load-backlog[^"]*"' | sort -u | wc -l)
T_FIRST=${T_FIRST:-$T_END}
RSS_END=$(rss_mb)

# ---- summary -----------------------------------------------------------------------------------------
echo
echo "== Router benchmark summary (DURATION=$DURATION CONCURRENCY=$CONCURRENCY SIZE=$SIZE bytes, closed loop) =="
awk -v rt="$(result router throughput)" -v dt="$(result direct throughput)" \
    -v r50="$(result router p50_ms)" -v d50="$(result direct p50_ms)" \
    -v r99="$(result router p99_ms)" -v d99="$(result direct p99_ms)" \
    -v r999="$(result router p999_ms)" -v d999="$(result direct p999_ms)" \
    -v rok="$(result router ok)" -v dok="$(result direct ok)" \
    -v rerr="$(result router errors)" -v derr="$(result direct errors)" 'BEGIN {
  printf "%-26s %14s %14s %14s\n", "", "router", "direct (sim-a)", "router/direct"
  row("throughput (MM/s)", rt, dt, "%14.1f")
  row("m-send-conf p50 (ms)", r50, d50, "%14.3f")
  row("m-send-conf p99 (ms)", r99, d99, "%14.3f")
  row("m-send-conf p99.9 (ms)", r999, d999, "%14.3f")
  printf "%-26s %14s %14s\n", "answered Ok / errors", rok " / " rerr, dok " / " derr
}
function row(label, a, b, fmt) {
  printf "%-26s " fmt " " fmt " %14s\n", label, a, b, (b > 0 ? sprintf("%.3f", a / b) : "n/a")
}'
awk -v n="$DELIVERED" -v queued="$QUEUED" -v distinct="$DISTINCT" -v t0="$T0" -v tf="$T_FIRST" -v te="$T_END" 'BEGIN {
  total = te - t0; tail = te - tf
  printf "backlog: %d MMs answered Ok while both MMSCs refused; %d delivered (%d distinct) %.1f s after recovery\n", queued, n, distinct, total
  printf "drain rate: %.1f MM/s from recovery (first delivery after %.1f s), %.1f MM/s from first to last delivery\n", \
    (total > 0 ? n / total : 0), tf - t0, (tail > 0 ? n / tail : 0)
}'
echo "router answers carrying the MMSC's Message-ID (delivered before the answer): $(result router matched_ids)" \
  "of $(result router ok) Ok; with the router's own ID (delivered later): $(result router other_ids)"
echo "WildFly RSS: $RSS_AFTER_LOAD MB after the router load, $RSS_END MB at the end"
echo "after: $(uptime | sed 's/.*load average/load average/')"
echo "RESULT router_throughput=$(result router throughput) direct_throughput=$(result direct throughput)" \
  "router_p50_ms=$(result router p50_ms) router_p99_ms=$(result router p99_ms) router_p999_ms=$(result router p999_ms)" \
  "direct_p50_ms=$(result direct p50_ms) direct_p99_ms=$(result direct p99_ms) direct_p999_ms=$(result direct p999_ms)" \
  "relayed_ids=$(result router matched_ids) router_ids=$(result router other_ids)" \
  "drain_mm_s=$(awk -v n="$DELIVERED" -v t0="$T0" -v te="$T_END" 'BEGIN { printf "%.1f", (te > t0 ? n / (te - t0) : 0) }')" \
  "wildfly_rss_mb=$RSS_END"
