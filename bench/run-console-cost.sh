#!/usr/bin/env bash
# What the NOC console costs the router: latency of the admin API reads the console polls
# (/overview, /series, /metrics, /status; 300 sequential requests each, BASIC + a session), and the
# server CPU one open console adds on an idle router (overview every 2 s, series every 4 s, 60 s),
# against the same router left alone for 60 s. Starts the router as ./run.sh does (its own WildFly,
# a copy of the provisioned server under target/console-cost/base, no port offset: 8080, 9443, 5353;
# simulators on 18080-18082) and stops it at the end. The console is on the NOC listener (HTTPS, its
# key pinned); the password goes to curl in an owner-only config file (bench/lib/router.sh).
#   bench/run-console-cost.sh        (build first: mvn -B -DskipTests package)
set -u
cd "$(dirname "$0")/.."
OUT=$PWD/target/console-cost
BASE=$OUT/base
TOOLS=tools/target/mms-router-tools.jar
CONTROL=18080
SIM_A=18081
SIM_B=18082
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
start_router "$BASE" 0
JAVA_PID=$(router_pid "$BASE")
NOC=$(admin_url http://127.0.0.1:8080)
get() { admin_curl "$NOC" -o /dev/null -w '%{time_total}\n' "$NOC/admin/api/$1"; }
sleep 10   # the first traffic samples and probes

echo "admin API latency, 300 sequential requests each (idle router):"
for path in overview series metrics status; do
  get "$path" >/dev/null
  for _ in $(seq 1 300); do get "$path"; done | sort -n \
    | awk -v p="$path" '{ a[NR] = $1 } END { printf "  %-9s p50 %.1f ms  p90 %.1f ms  p99 %.1f ms\n", p, a[int(NR*0.5)]*1000, a[int(NR*0.9)]*1000, a[int(NR*0.99)]*1000 }'
done

cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$JAVA_PID/stat"; }
before=$(cpu_ms); sleep 60; idle=$(( $(cpu_ms) - before ))
before=$(cpu_ms)
for i in $(seq 1 30); do
  get overview >/dev/null
  (( i % 2 == 0 )) && get series >/dev/null
  sleep 2
done
polled=$(( $(cpu_ms) - before ))
echo "server CPU in 60 s: idle ${idle} ms; with one console polling ${polled} ms (+$(( polled - idle )) ms)"
echo "WildFly RSS: $(( $(awk '/VmRSS/ { print $2 }' "/proc/$JAVA_PID/status") / 1024 )) MB"
