#!/usr/bin/env bash
# Retrieval benchmark with wrk (Debian's package), on this machine, in one run:
#   1. a 300 KB MM submitted through the router (so its owner is learned from the m-send-conf),
#      then CONCURRENCY closed-loop clients GET its Content-Location URL through the router
#      (its own WildFly, port offset 900 → http://127.0.0.1:8980/mms/<Message-ID>) and, the same
#      load, straight from the simulated MMSC that holds it: requests/s, MB/s, latency p50/p90/p99
#      and the ratio router/direct;
#   2. the same for a 1 MB MM stored at sim-b past the router (found by one sweep, then learned);
#   3. WildFly's RSS before and after the loads: retrievals stream through in 16 KB pieces, so
#      memory must not grow with message size × concurrency.
# Starts and stops its own simulators and WildFly (a copy of the provisioned server's configuration);
# needs a built project (mvn -B -DskipTests package) and wrk (apt-get install wrk). Run from anywhere:
#
#   bench/run-retrieval-bench.sh
#   DURATION=10s CONCURRENCY=20 bench/run-retrieval-bench.sh
#
# Settings (environment): DURATION=30s CONCURRENCY=50 THREADS=2 (wrk threads)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30s}
CONCURRENCY=${CONCURRENCY:-50}
THREADS=${THREADS:-2}

source bench/lib/router.sh
BASE=$PWD/bench/target/retrieval-bench
TOOLS=tools/target/mms-router-tools.jar
OFFSET=900                      # HTTP 8980, management 10890: clear of the run, test, e2e and other benches
HTTP=$((8080 + OFFSET))
DNS_PORT=16253
CONTROL=18980
SIM_A=18981
SIM_B=18982
LOG=$BASE/bench.log
ROUTER_LOG=$LOG

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] \
  || { echo "build the project first (mvn -B -DskipTests package)"; exit 2; }
require_free_ports $HTTP $((9990 + OFFSET)) $CONTROL $SIM_A $SIM_B

rm -rf "$BASE"
provision_base "$BASE"
admin_user "$BASE/configuration"

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_router "$BASE"
  stop_sims
  wait 2>/dev/null || true
  admin_forget
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_mb() { ps -o rss= -p "$(router_pid "$BASE")" | awk '{ printf "%.0f", $1 / 1024 }'; }

# An m-send-req carrying one BYTES-long image part (random bytes), written to FILE.
compose_mm() {
  local bytes=$1 file=$2 dir
  dir=$(mktemp -d "$BASE/mm.XXXX")
  head -c "$bytes" /dev/urandom > "$dir/image.bin"
  cat > "$dir/mm.json" <<JSON
{"messageType":"m-send-req","mmsVersion":"1.2","transactionId":"bench-$bytes","from":"#insert",
 "to":["+4915112345678/TYPE=PLMN"],"contentType":"application/vnd.wap.multipart.mixed",
 "parts":[{"contentType":"image/jpeg","name":"photo.jpg","file":"image.bin"}]}
JSON
  java -jar "$TOOLS" compose -o "$file" "$dir/mm.json"
}

# wrk_run NAME URL: wrk's report in $BASE/NAME.txt and on the terminal.
wrk_run() {
  wrk -t "$THREADS" -c "$CONCURRENCY" -d "$DURATION" --latency --timeout 30s "$2" > "$BASE/$1.txt" 2>&1 || true
  sed 's/^/    /' "$BASE/$1.txt"
}
# field NAME KIND: requests/s, transfer/s, or a latency percentile (50%, 90%, 99%) from wrk's report.
field() {
  case $2 in
    rps) awk '/^Requests\/sec:/ { print $2 }' "$BASE/$1.txt" ;;
    mbps) awk '/^Transfer\/sec:/ { v = $2; u = substr(v, length(v) - 1); n = v + 0;
            if (u == "GB") n *= 1024; else if (u == "KB") n /= 1024; printf "%.0f", n }' "$BASE/$1.txt" ;;
    errors) awk '/Non-2xx|Socket errors/ { print; found = 1 } END { if (!found) print "none" }' "$BASE/$1.txt" | paste -sd ';' ;;
    *) awk -v p="$2" '$1 == p { print $2 }' "$BASE/$1.txt" ;;
  esac
}

echo "Retrieval benchmark: DURATION=$DURATION CONCURRENCY=$CONCURRENCY THREADS=$THREADS (logs: $BASE)"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
  "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; $(java -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1)"

start_sims "$LOG"

echo "starting WildFly (port offset $OFFSET)"
start_router "$BASE" $OFFSET -Dmmsrouter.dns.port=$DNS_PORT \
  -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms
wait_mmscs "http://127.0.0.1:$HTTP" UP 2 30
RSS_START=$(rss_mb)

# ---- the messages --------------------------------------------------------------------------------
compose_mm 300000 "$BASE/mm-300k.pdu"
MID_300K=$(java -jar "$TOOLS" submit --url "http://127.0.0.1:$HTTP/mms" --file "$BASE/mm-300k.pdu" \
  | grep -o '[a-z-]*-[0-9]*@mmsc\.sim' | head -1)
[[ -n $MID_300K ]] || { echo "the 300 KB MM was not accepted by a simulator through the router"; exit 1; }
OWNER_PORT=$([[ $MID_300K == sim-a-* ]] && echo $SIM_A || echo $SIM_B)
compose_mm 1000000 "$BASE/mm-1m.pdu"
MID_1M=$(java -jar "$TOOLS" submit --url "http://127.0.0.1:$SIM_B/mms" --file "$BASE/mm-1m.pdu" \
  | grep -o 'sim-b-[0-9]*@mmsc\.sim' | head -1)
[[ -n $MID_1M ]] || { echo "the 1 MB MM was not stored at sim-b"; exit 1; }
for url in "http://127.0.0.1:$HTTP/mms/$MID_300K" "http://127.0.0.1:$HTTP/mms/$MID_1M"; do
  code=$(curl -s -o "$BASE/check.pdu" -w '%{http_code}' "$url")
  [[ $code == 200 ]] || { echo "GET $url answered $code"; exit 1; }
done
direct_size=$(curl -s "http://127.0.0.1:$SIM_B/mms/$MID_1M" | wc -c)
[[ $direct_size -eq $(wc -c < "$BASE/check.pdu") ]] \
  && cmp -s "$BASE/check.pdu" <(curl -s "http://127.0.0.1:$SIM_B/mms/$MID_1M") \
  || { echo "the 1 MB retrieval through the router differs from the MMSC's"; exit 1; }
echo "messages: $MID_300K (300 KB, via the router) and $MID_1M (1 MB, stored at sim-b directly);" \
  "retrieve-confs through the router are byte-identical to the MMSC's"

echo; echo "== 1/4 router, 300 KB =="; wrk_run router-300k "http://127.0.0.1:$HTTP/mms/$MID_300K"
echo; echo "== 2/4 direct, 300 KB =="; wrk_run direct-300k "http://127.0.0.1:$OWNER_PORT/mms/$MID_300K"
echo; echo "== 3/4 router, 1 MB =="; wrk_run router-1m "http://127.0.0.1:$HTTP/mms/$MID_1M"
RSS_AFTER=$(rss_mb)
echo; echo "== 4/4 direct, 1 MB =="; wrk_run direct-1m "http://127.0.0.1:$SIM_B/mms/$MID_1M"
STATUS=$(admin_get "http://127.0.0.1:$HTTP" /status | grep -o '"retrieval":{[^}]*}')

echo
echo "== summary ($CONCURRENCY connections, $DURATION each) =="
printf '%-22s %10s %8s %10s %10s %10s  %s\n' "" "req/s" "MB/s" "p50" "p90" "p99" "errors"
for run in router-300k direct-300k router-1m direct-1m; do
  printf '%-22s %10s %8s %10s %10s %10s  %s\n' "$run" "$(field $run rps)" "$(field $run mbps)" \
    "$(field $run 50%)" "$(field $run 90%)" "$(field $run 99%)" "$(field $run errors)"
done
for size in 300k 1m; do
  awk -v r="$(field router-$size rps)" -v d="$(field direct-$size rps)" -v s=$size \
    'BEGIN { if (d > 0) printf "ratio router/direct (%s): %.2f\n", s, r / d }'
done
echo "WildFly RSS: ${RSS_START} MB after start, ${RSS_AFTER} MB after the router loads"
echo "router counters: $STATUS"
