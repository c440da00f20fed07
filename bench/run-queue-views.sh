#!/usr/bin/env bash
# What the NOC's queue views cost with a deep backlog (issue 20: the first page and the qshape view
# ≤ 1 s with 100,000 queued MMs). Starts the router as ./run.sh does (a copy of the provisioned server
# under target/queue-views/base, no port offset), takes both simulated MMSCs down, queues MMS MMs of
# SIZE bytes with `tools load` (answer window 0: each is answered once it is in the journal), then
# times, ROUNDS times each: the first page (50), the qshape view, a page filtered by sender prefix,
# a page filtered by MMSC and age, and a metrics scrape; with WildFly's CPU per view and its RSS.
#   bench/run-queue-views.sh                       100,000 MMs of 30 KB (~3 GB of journal and pages)
#   MMS=2000 SIZE=2000 IDLE_SCRAPES=0 bench/run-queue-views.sh    the short run CI makes
#   JFR=/tmp/views.jfr bench/run-queue-views.sh      also records the timed views with Java Flight Recorder
# Build first: mvn -B -DskipTests package. Needs the machine alone for figures that mean anything.
set -u
cd "$(dirname "$0")/.."
OUT=$PWD/target/queue-views
BASE=$OUT/base
TOOLS=tools/target/mms-router-tools.jar
CONTROL=18080
SIM_A=18081
SIM_B=18082
MMS=${MMS:-100000}
SIZE=${SIZE:-30000}
ROUNDS=${ROUNDS:-5}
IDLE_SCRAPES=${IDLE_SCRAPES:-4}
source bench/lib/router.sh
ROUTER_LOG=$OUT/router.log
[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] \
  || { echo "build the project first (mvn -B -DskipTests package)"; exit 2; }
require_free_ports 8080 9443 9990 $CONTROL $SIM_A $SIM_B
rm -rf "$OUT" && mkdir -p "$OUT"
provision_base "$BASE"
admin_user "$BASE/configuration"
trap 'stop_router "$BASE"; stop_sims; wait 2>/dev/null; admin_forget' EXIT
start_sims "$OUT/sims.log"
start_router "$BASE" 0 -Dmmsrouter.mm1.answer-window-ms=0
JAVA_PID=$(router_pid "$BASE")
ROUTER=http://127.0.0.1:8080
NOC=$(admin_url $ROUTER)
set_mode sim-a refuse
set_mode sim-b refuse
wait_mmscs $ROUTER DOWN 2 60

echo "queueing $MMS MMs of $SIZE bytes while every MMSC is down…"
started=$(date +%s)
java -jar "$TOOLS" load --url "$ROUTER/mms" --count "$MMS" --concurrency 50 --size "$SIZE" --warmup 0s \
  --duration 3600s > "$OUT/load.log" 2>&1 || { echo "the load failed:"; tail -3 "$OUT/load.log"; exit 1; }
echo "  $(grep -o ' ok=[0-9]*' "$OUT/load.log" | tail -1) in $(( $(date +%s) - started )) s"
total=$(admin_get $ROUTER '/queue?size=1' | grep -o '"total":[0-9]*' | cut -d: -f2)
echo "  the queue view counts ${total:-?} queued MMs"
[[ ${total:-0} -ge $MMS ]] || { echo "FAIL: fewer queued than submitted"; exit 1; }

cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$JAVA_PID/stat"; }
# time_view NAME PATH: ROUNDS requests, a second apart (past the one-second reuse of a cheap walk).
# Also prints how old the walk each answer came from was (now − its asOf): with a deep backlog the
# walk is made behind the answer, so the answer is quick and that age is what it costs.
worst=0
time_view() {
  local name=$1 path=$2 times=() ages=() cpu_before cpu_after asked as_of
  cpu_before=$(cpu_ms)
  for _ in $(seq 1 "$ROUNDS"); do
    sleep 1.1
    asked=$(date +%s.%N)
    times+=("$(admin_curl "$NOC" -o "$OUT/view.json" -w '%{time_total}' --max-time 120 "$NOC/admin/api$path")")
    as_of=$(grep -o '"asOf":"[^"]*"' "$OUT/view.json" | head -1 | cut -d'"' -f4)
    [[ -n $as_of ]] && ages+=("$(awk -v a="$asked" -v b="$(date -d "$as_of" +%s.%N)" 'BEGIN { printf "%.1f", a - b }')")
  done
  cpu_after=$(cpu_ms)
  local age_text=""
  if [[ ${#ages[@]} -gt 0 ]]; then
    age_text=$(printf '%s\n' "${ages[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "  walk age p50 %5.1f s max %5.1f s", a[int((NR+1)/2)], a[NR] }')
  fi
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$name" -v cpu=$(( (cpu_after - cpu_before) / ROUNDS )) -v ages="$age_text" \
    '{ a[NR] = $1 } END { printf "  %-26s p50 %7.0f ms  max %7.0f ms  WildFly CPU %6d ms/view%s\n", n, a[int((NR+1)/2)]*1000, a[NR]*1000, cpu, ages }'
  local max; max=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
  worst=$(awk -v a="$worst" -v b="$max" 'BEGIN { print (b > a ? b : a) }')
}
# Warm-up: the walks and views compiled by the JIT before anything is timed.
for _ in 1 2 3; do
  for path in '/queue?size=50' '/queue/shape' '/metrics'; do
    sleep 1.1; admin_curl "$NOC" -o /dev/null --max-time 120 "$NOC/admin/api$path"
  done
done
if [[ -n ${JFR:-} ]]; then
  jcmd "$JAVA_PID" JFR.start name=views settings=profile filename="$JFR" > /dev/null
fi
echo "views with $total queued ($ROUNDS rounds each, a second apart, after 3 warm-up rounds):"
time_view "first page (50)" '/queue?size=50'
time_view "qshape" '/queue/shape'
time_view "page, recipient prefix" '/queue?size=50&recipient=%2B1555'
time_view "page, MMSC + older 1m" '/queue?size=50&mmsc=(none)&olderThan=60'
time_view "metrics scrape" '/metrics'
if [[ -n ${JFR:-} ]]; then jcmd "$JAVA_PID" JFR.stop name=views > /dev/null && echo "recording: $JFR"; fi
# What keeping the views current costs while nobody looks but Prometheus (a scrape every 15 s).
if [[ $IDLE_SCRAPES -gt 0 ]]; then
  cpu_before=$(cpu_ms)
  for _ in $(seq 1 "$IDLE_SCRAPES"); do admin_curl "$NOC" -o /dev/null --max-time 120 "$NOC/admin/api/metrics"; sleep 15; done
  echo "  WildFly CPU with the backlog idle, scraped every 15 s: $(( ($(cpu_ms) - cpu_before) / (15 * IDLE_SCRAPES) )) ms per second"
fi
echo "WildFly RSS: $(( $(awk '/VmRSS/ { print $2 }' "/proc/$JAVA_PID/status") / 1024 )) MB"
echo "RESULT queued=$total worst_view_s=$worst target_s=1"
