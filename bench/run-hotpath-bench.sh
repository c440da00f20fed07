#!/usr/bin/env bash
# Hot-path benchmark: the router's MM1 submission path (POST /mms → durable queue → forward to an
# MMSC → its m-send-conf relayed) against HAProxy 2.6 (Debian's package) proxying the same POSTs to
# the same simulated MMSCs, and against one simulated MMSC straight; on this machine, in one run:
#   1. one SIZE-byte m-send-req as a file, checked through the router, HAProxy and the simulator
#      (HTTP 200, an m-send-conf with X-Mms-Response-Status Ok); a wrk Lua script that POSTs it;
#   2. warm-up: wrk → router in WARMUP_SLICE s slices until two consecutive slices differ by less
#      than WARMUP_TOLERANCE % (at least WARMUP_MIN s, at most WARMUP_MAX s), each slice printed;
#   3. ROUNDS rounds of, interleaved: wrk → router, wrk → HAProxy, wrk → direct (sim-a), then
#      `tools load` (closed loop, same concurrency and size) → router and → HAProxy;
#   4. per measured run: throughput, p50/p99, errors and non-2xx answers; for the process under test
#      (WildFly's java, HAProxy, or the simulator for "direct") CPU ms per request (/proc/PID/stat
#      utime+stime) and context switches per request (`perf stat -e context-switches -p PID`, every
#      thread including those that exit during the run; without perf: /proc/PID/task/*/status,
#      which misses exited threads); the cores used by WildFly, HAProxy, the simulators, the client
#      and everything else on the machine; the load average; WildFly's RSS; for the router, the same
#      two figures per MM by thread group (Java thread names from jcmd, digits made #);
#   5. a summary: means over the rounds, the ratios router/HAProxy and router/direct, and one
#      `RESULT key=value …` line;
#   6. with FLOOR=yes (the default), the floor of this stack in the same run: bench/floor's WAR,
#      deployed beside the router, serves /floor/echo (the body read as the MM1 servlet reads it, a
#      fixed m-send-conf, no broker) and /floor/durable (the same plus a persistent asynchronous send to
#      a queue, answered when the broker confirms; two threads drain the queue, 64 per commit): wrk
#      against each after the router's runs, the same figures, and the ratios floor/HAProxy and
#      router/floor. No design that queues the MM in Artemis before answering goes below the second.
# Starts and stops its own simulators, WildFly (a copy of the provisioned server, so a build running
# meanwhile cannot change it under the run) and HAProxy; needs a built project (mvn -B -DskipTests
# install), wrk, haproxy and perf (apt-get install wrk haproxy linux-perf). Run from anywhere:
#
#   bench/run-hotpath-bench.sh                                   # ≈ 8–12 min
#   DURATION=10s ROUNDS=1 WARMUP_MIN=30 bench/run-hotpath-bench.sh
#
# Settings (environment): DURATION=30s CONNECTIONS=50 THREADS=2 (wrk threads) ROUNDS=2 SIZE=30000
#   LOAD_WARMUP=5s (tools load's own warm-up, not measured) WARMUP_SLICE=10 WARMUP_MIN=90
#   WARMUP_MAX=300 WARMUP_TOLERANCE=3 (%); SERVER_DIR and TOOLS_JAR: the provisioned WildFly and the
#   tools jar to use (default: this work tree's build, wildfly-config/target/wildfly-<the root POM's
#   wildfly.version> and tools/target/mms-router-tools.jar). The router keeps its defaults (2 s answer
#   window; sim-a primary, sim-b standby). HAProxy: `mode http`, `balance roundrobin` over sim-a and sim-b,
#   `option httpchk GET /mms` (the simulators answer it 200), `inter 1s fall 3 rise 2`,
#   `option http-keep-alive` (client and server side), its default thread count (one per core).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
SIZE=${SIZE:-30000}
LOAD_WARMUP=${LOAD_WARMUP:-5s}
WARMUP_SLICE=${WARMUP_SLICE:-10}
WARMUP_MIN=${WARMUP_MIN:-90}
WARMUP_MAX=${WARMUP_MAX:-300}
WARMUP_TOLERANCE=${WARMUP_TOLERANCE:-3}
source bench/lib/router.sh
SERVER_DIR=${SERVER_DIR:-$WILDFLY_DIR}
TOOLS_JAR=${TOOLS_JAR:-tools/target/mms-router-tools.jar}

DURATION_S=${DURATION%s}
LOAD_WARMUP_S=${LOAD_WARMUP%s}
for value in "$DURATION_S" "$LOAD_WARMUP_S" "$CONNECTIONS" "$THREADS" "$ROUNDS" "$SIZE" "$WARMUP_SLICE" \
             "$WARMUP_MIN" "$WARMUP_MAX" "$WARMUP_TOLERANCE"; do
  [[ $value =~ ^[0-9]+$ ]] || { echo "settings are whole numbers (DURATION and LOAD_WARMUP in seconds, e.g. 30s); got '$value'"; exit 2; }
done
[[ $DURATION_S -ge 1 && $ROUNDS -ge 1 && $WARMUP_SLICE -ge 1 ]] || { echo "DURATION, ROUNDS and WARMUP_SLICE must be ≥ 1"; exit 2; }

BASE=$PWD/bench/target/hotpath-bench
OFFSET=1300                     # HTTP 9380, management 11290: clear of run, tests, e2e and the other benches
HTTP=$((8080 + OFFSET))
DNS_PORT=17353
CONTROL=19380
SIM_A=19381
SIM_B=19382
HAPROXY_PORT=19390
HAPROXY_STATS=19391
ROUTER_URL=http://127.0.0.1:$HTTP/mms
HAPROXY_URL=http://127.0.0.1:$HAPROXY_PORT/mms
DIRECT_URL=http://127.0.0.1:$SIM_A/mms
FLOOR=${FLOOR:-yes}
FLOOR_WAR=${FLOOR_WAR:-bench/floor/target/floor.war}
FLOOR_TARGETS=()
if [[ $FLOOR == yes ]]; then
  [[ -f $FLOOR_WAR ]] || { echo "FLOOR=yes needs $FLOOR_WAR (mvn -B -DskipTests install builds it), or FLOOR=no"; exit 2; }
  FLOOR_TARGETS=(floor-echo floor-durable)
fi
LOG=$BASE/bench.log
ROUTER_LOG=$LOG
MMS_TYPE=application/vnd.wap.mms-message
HZ=$(getconf CLK_TCK)

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 2; }
command -v haproxy >/dev/null || { echo "haproxy is not installed (apt-get install haproxy)"; exit 2; }
[[ -f $SERVER_DIR/standalone/deployments/mms-router.ear && -f $TOOLS_JAR ]] \
  || { echo "build the project first (mvn -B -DskipTests install), or point SERVER_DIR / TOOLS_JAR at a build"; exit 2; }
require_free_ports $HTTP $((9990 + OFFSET)) $CONTROL $SIM_A $SIM_B $HAPROXY_PORT $HAPROXY_STATS
# Context switches of every thread, those that exit during the run included: perf stat, when it can
# attach here; else the sum over /proc/PID/task/*/status (threads that exited are missed).
if perf stat -e context-switches -x, -o /dev/null true >/dev/null 2>&1; then
  CTX_METHOD=perf
else
  CTX_METHOD=proc
fi

rm -rf "$BASE" && mkdir -p "$BASE"
EAR_BUILT=$(date -r "$SERVER_DIR/standalone/deployments/mms-router.ear" '+%Y-%m-%d %H:%M:%S')
cp -a "$SERVER_DIR" "$BASE/server"
SERVER=$BASE/server             # admin_user's mmsrouter-user.sh comes from here too
cp "$TOOLS_JAR" "$BASE/tools.jar"
TOOLS=$BASE/tools.jar
provision_base "$BASE/base"
[[ $FLOOR != yes ]] || cp "$FLOOR_WAR" "$BASE/base/deployments/floor.war"
admin_user "$BASE/base/configuration"

HAPROXY_PID=""
CLIENT_PID=""
PERF_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_cleaner
  [[ -n $PERF_PID ]] && kill -INT "$PERF_PID" 2>/dev/null || true
  [[ -n $CLIENT_PID ]] && kill "$CLIENT_PID" 2>/dev/null || true
  stop_router "$BASE/base"
  [[ -n $HAPROXY_PID ]] && kill "$HAPROXY_PID" 2>/dev/null || true
  stop_sims
  wait 2>/dev/null || true
  admin_forget
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
rss_mb() { ps -o rss= -p "$1" | awk '{ printf "%.0f", $1 / 1024 }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# utime+stime of a process (every thread, live and exited) in clock ticks; 0 once it is gone.
ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}
# CPU of the children this shell has reaped (the clients run as its children), in clock ticks.
children_ticks() { awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$$/stat"; }
# Busy and total ticks of the whole machine (iowait counts as idle).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
# Context switches and CPU of each live thread: "tid<TAB>name<TAB>switches<TAB>ticks" (the JVM names
# its threads after their Java names, cut to 15 characters; thread_names gives the whole ones).
proc_ctx_threads() {
  awk 'FILENAME ~ /\/stat$/ { tid = FILENAME; sub(/\/stat$/, "", tid); sub(/.*\//, "", tid)
                              line = $0; sub(/^.*\) /, "", line); split(line, f, " "); ticks[tid] = f[12] + f[13]; next }
       /^Name:/ { sub(/^Name:[ \t]*/, ""); tid = FILENAME; sub(/\/status$/, "", tid); sub(/.*\//, "", tid); name[tid] = $0 }
       /^(non)?voluntary_ctxt_switches:/ { tid = FILENAME; sub(/\/status$/, "", tid); sub(/.*\//, "", tid); c[tid] += $2 }
       END { for (t in c) print t "\t" name[t] "\t" c[t] "\t" ticks[t] + 0 }' \
    /proc/"$1"/task/*/status /proc/"$1"/task/*/stat 2>/dev/null
}
# Context switches of the live threads, summed.
proc_ctx() { proc_ctx_threads "$1" | awk -F'\t' '{ s += $3 } END { print s + 0 }'; }
# "tid<TAB>Java thread name" of a JVM's threads (jcmd Thread.print; its nid is the Linux thread id).
thread_names() {
  local nid name
  { jcmd "$1" Thread.print 2>/dev/null || true; } | sed -n 's/^"\(.*\)" .*nid=0x\([0-9a-f]*\).*/\2\t\1/p' \
    | while IFS=$'\t' read -r nid name; do printf '%d\t%s\n' "$((16#$nid))" "$name"; done
}
# The largest shares of CTX_THREADS0 → CTX_THREADS1, per request: context switches and CPU ms of the
# threads named alike (their Java names where THREAD_NAMES has them, digits made #), summed.
ctx_by_thread() {
  local requests=$1
  [[ $requests -gt 0 ]] || return 0
  awk -F'\t' -v n="$requests" -v hz="$HZ" 'FILENAME == ARGV[1] { java[$1] = $2; next }
      FILENAME == ARGV[2] { before[$1] = $3; tbefore[$1] = $4; next }
      { d = $3 - (($1 in before) ? before[$1] : 0); t = $4 - (($1 in tbefore) ? tbefore[$1] : 0)
        g = ($1 in java) ? java[$1] : $2; gsub(/[0-9]+/, "#", g); sum[g] += d; cpu[g] += t }
      END { for (g in sum) if (sum[g] > 0 || cpu[g] > 0) printf "%.2f\t%.3f\t%s\n", sum[g] / n, cpu[g] * 1000 / hz / n, g }' \
    <(printf '%s\n' "$THREAD_NAMES") <(printf '%s\n' "$CTX_THREADS0") <(printf '%s\n' "$CTX_THREADS1") \
    | sort -rn | head -12 | awk -F'\t' '{ printf "\n       %6s switches %6s CPU-ms  %s", $1, $2, $3 }'
}
ctx_start() {
  CTX_PROC0=$(proc_ctx "$1")
  CTX_THREADS0=$(proc_ctx_threads "$1")
  if [[ $CTX_METHOD == perf ]]; then
    perf stat -e context-switches -x, -o "$BASE/perf.txt" -p "$1" >/dev/null 2>&1 &
    PERF_PID=$!
    sleep 0.3                   # attached to every thread before the load starts
  fi
}
# Sets CTX to the context switches since ctx_start (-1 if perf gave none), and CTX_PROC to those of
# the threads alive at the end (/proc), for comparison. Not in $(…): it waits for perf.
ctx_stop() {
  CTX_THREADS1=$(proc_ctx_threads "$1")
  THREAD_NAMES=$(thread_names "$1" || true)   # a JVM only
  CTX_PROC=$(( $(proc_ctx "$1") - CTX_PROC0 ))
  if [[ $CTX_METHOD == perf ]]; then
    kill -INT "$PERF_PID" 2>/dev/null || true
    wait "$PERF_PID" 2>/dev/null || true
    PERF_PID=""
    CTX=$(awk -F, '$3 ~ /^context-switches/ && $1 ~ /^[0-9]/ { print $1 + 0; found = 1 } END { if (!found) print -1 }' "$BASE/perf.txt")
  else
    CTX=$CTX_PROC
  fi
}

# Router counters (admin API, Prometheus text): MMs accepted, answers relaying the MMSC's m-send-conf.
# One counter of the router's metrics. Asked up to three times: under full load one request of the
# admin API can miss curl's 10 s limit (a full run once ended there, its last run unfinished).
router_metric() {
  local text attempt
  for attempt in 1 2 3; do
    if text=$(admin_get "http://127.0.0.1:$HTTP" /metrics); then
      awk -v name="$1" '$1 == name { print $2 + 0; found = 1 } END { if (!found) print 0 }' <<< "$text"
      return 0
    fi
    echo "    (metrics request $attempt failed)" >&2
  done
  echo "the router's metrics did not answer three times" >&2
  return 1
}
router_accepted() { router_metric mmsrouter_mm1_accepted_total; }
router_relayed() { router_metric 'mmsrouter_mm1_answers_total{answer="mmsc"}'; }
# HAProxy's stats (CSV): a column of one row, looked up by the header's names.
haproxy_stat() {
  curl -sf --noproxy '*' "http://127.0.0.1:$HAPROXY_STATS/stats;csv" | awk -F, -v px="$1" -v sv="$2" -v col="$3" '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    $1 == px && $2 == sv { print $c }'
}
haproxy_requests() { haproxy_stat mm1 FRONTEND req_tot; }


# wrk's report, as numbers: requests, 2xx requests/s, p50/p99 in ms, non-2xx, socket errors.
wrk_requests() { awk '/ requests in / { print $1 }' "$1"; }
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$1"; }
wrk_socket_errors() { awk '/Socket errors:/ { gsub(/,/, ""); n = $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }
wrk_ok_rps() {
  awk '/ requests in / { n = $1; t = $4; sub(/,$/, "", t); s = t + 0
                         if (t ~ /ms$/) s /= 1000; else if (t ~ /m$/) s *= 60 }
       /Non-2xx or 3xx responses:/ { bad = $NF }
       END { printf "%.1f", (s > 0 ? (n - bad) / s : 0) }' "$1"
}
wrk_latency_ms() {
  awk -v p="$2" '$1 == p && NF == 2 { v = $2; n = v + 0
      if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
      printf "%.2f", n }' "$1"
}
wrk_run() {         # wrk_run OUTFILE URL SECONDS
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$3s" --latency --timeout 10s -s "$BASE/post-mm.lua" "$2" > "$1" 2>&1 || true
  grep -q ' requests in ' "$1" || { echo "wrk produced no report:"; cat "$1"; exit 1; }
}
# tools load's RESULT line, one field.
load_field() { grep '^RESULT ' "$1" | tail -1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# ---- measured runs ---------------------------------------------------------------------------------
RUNS=$BASE/runs.tsv
printf "round\tclient\ttarget\trps\tp50_ms\tp99_ms\terrors\trequests\tserver_cpu_ms_per_req\tctx_per_req\twildfly_cores\thaproxy_cores\tsim_cores\tclient_cores\tbusy_cores\tother_cores\tload1\twildfly_rss_mb\tclient_requests\trelayed\n" > "$RUNS"

SNAP=()
snapshot() { SNAP=("$(now)" $(machine_ticks) "$(ticks "$WF_PID")" "$(ticks "$HAPROXY_PID")" "$(ticks "$SIM_PID")"); }
server_count() {
  case $1 in
    router) router_accepted ;;
    haproxy) haproxy_requests ;;
    direct | floor-*) echo 0 ;;
  esac
}

# measure ROUND CLIENT TARGET: one measured run of CLIENT (wrk|load) against TARGET (router|haproxy|direct).
measure() {
  local round=$1 client=$2 target=$3 url pid name out
  case $target in
    router) url=$ROUTER_URL; pid=$WF_PID ;;
    haproxy) url=$HAPROXY_URL; pid=$HAPROXY_PID ;;
    direct) url=$DIRECT_URL; pid=$SIM_PID ;;
    floor-*) url=http://127.0.0.1:$HTTP/floor/${target#floor-}; pid=$WF_PID ;;
  esac
  name="r$round-$client-$target"
  out=$BASE/$name.txt
  echo
  echo "== round $round/$ROUNDS: $client → $target ($url), $CONNECTIONS connections, ${DURATION_S} s; load average $(loadavg) =="
  start_cleaner
  local count0 relayed0=0 count1 relayed1=0 c0 c1 t_client0 t_client1 ctx rc=0
  local before after
  c0=$(children_ticks)
  t_client0=$(now)
  if [[ $client == wrk ]]; then
    count0=$(server_count "$target")
    [[ $target == router ]] && relayed0=$(router_relayed)
    ctx_start "$pid"
    snapshot; before=("${SNAP[@]}")
    t_client0=$(now)
    wrk_run "$out" "$url" "$DURATION_S"
  else
    local expect=()
    [[ $target == router ]] && expect=(--expect-message-id '.*@mmsc\.sim')
    java -jar "$TOOLS" load --url "$url" --concurrency "$CONNECTIONS" --duration "${DURATION_S}s" --size "$SIZE" \
      --warmup "${LOAD_WARMUP_S}s" --timeout 30s --run-id "$name-$$" "${expect[@]}" > "$out" 2>&1 &
    CLIENT_PID=$!
    # The measurement window opens when tools load's warm-up ends (its JVM starts in ≈ 0.5 s).
    sleep "$(awk -v w="$LOAD_WARMUP_S" 'BEGIN { print w + 0.5 }')"
    count0=$(server_count "$target")
    [[ $target == router ]] && relayed0=$(router_relayed)
    ctx_start "$pid"
    snapshot; before=("${SNAP[@]}")
    wait "$CLIENT_PID" || rc=$?
    CLIENT_PID=""
  fi
  c1=$(children_ticks)
  t_client1=$(now)
  ctx_stop "$pid"
  ctx=$CTX
  snapshot; after=("${SNAP[@]}")
  count1=$(server_count "$target")
  [[ $target == router ]] && relayed1=$(router_relayed)
  stop_cleaner
  sed 's/^/    /' "$out"
  [[ $rc -eq 0 ]] || echo "    (tools load exited $rc: not every measured MM was answered Ok)"

  local rps p50 p99 errors client_requests
  if [[ $client == wrk ]]; then
    rps=$(wrk_ok_rps "$out"); p50=$(wrk_latency_ms "$out" 50%); p99=$(wrk_latency_ms "$out" 99%)
    errors=$(( $(wrk_non2xx "$out") + $(wrk_socket_errors "$out") ))
    client_requests=$(wrk_requests "$out")
  else
    grep -q '^RESULT ' "$out" || { echo "tools load printed no RESULT line"; exit 1; }
    rps=$(load_field "$out" throughput); p50=$(load_field "$out" p50_ms); p99=$(load_field "$out" p99_ms)
    errors=$(( $(load_field "$out" errors) + $(load_field "$out" not_ok) ))
    client_requests=$(load_field "$out" requests)
  fi
  # Requests in the window: counted by the server under test (router: MMs accepted; HAProxy: its
  # frontend's requests); the simulator counts none, so for "direct" wrk's own count.
  local requests=$((count1 - count0))
  [[ $target == direct || $target == floor-* ]] && requests=$client_requests
  local rss=""
  [[ $target == router ]] && rss=$(rss_mb "$WF_PID")
  local line
  line=$(awk -v hz="$HZ" -v target="$target" -v n="$requests" -v ctx="$ctx" -v cdt="$((c1 - c0))" \
      -v ct0="$t_client0" -v ct1="$t_client1" -v b="${before[*]}" -v a="${after[*]}" 'BEGIN {
    split(b, B, " "); split(a, A, " ")
    wall = A[1] - B[1]
    cores_busy = (A[3] > B[3]) ? (A[2] - B[2]) / (A[3] - B[3]) * ncpu() : 0
    wf = (A[4] - B[4]) / hz / wall; hap = (A[5] - B[5]) / hz / wall; sim = (A[6] - B[6]) / hz / wall
    client = (ct1 > ct0) ? cdt / hz / (ct1 - ct0) : 0
    server = (target == "router" || target ~ /^floor-/) ? A[4] - B[4] : (target == "haproxy") ? A[5] - B[5] : A[6] - B[6]
    ms = (n > 0) ? server * 1000 / hz / n : 0
    cs = (n > 0 && ctx >= 0) ? ctx / n : -1
    other = cores_busy - wf - hap - sim - client; if (other < 0) other = 0
    printf "%.3f\t%.2f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f", ms, cs, wf, hap, sim, client, cores_busy, other
  }
  function ncpu(   n, line) { n = 0; while ((getline line < "/proc/cpuinfo") > 0) if (line ~ /^processor/) n++; return n }')
  local ms cs wf hap sim cl busy other
  IFS=$'\t' read -r ms cs wf hap sim cl busy other <<<"$line"
  local load1
  load1=$(cut -d' ' -f1 /proc/loadavg)
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$round" "$client" "$target" \
    "$rps" "$p50" "$p99" "$errors" "$requests" "$ms" "$cs" "$wf" "$hap" "$sim" "$cl" "$busy" "$other" "$load1" \
    "${rss:--}" "$client_requests" "$((relayed1 - relayed0))" >> "$RUNS"
  local who
  case $target in router | floor-*) who="WildFly" ;; haproxy) who="HAProxy" ;; direct) who="simulator" ;; esac
  echo "  -> $client→$target: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors+non-2xx/non-Ok $errors"
  echo "     $who: $ms ms CPU/request, $cs context switches/request ($CTX_METHOD: $ctx in all; live threads by /proc:" \
    "$CTX_PROC), over $requests requests counted by the $( [[ $target == direct || $target == floor-* ]] && echo client || echo server )"
  echo "     cores: WildFly $wf, HAProxy $hap, simulators $sim, $client $cl, others $other; machine $busy of $(nproc) busy;" \
    "load average $(loadavg)"
  [[ $target == router ]] && echo "     answers relaying the MMSC's m-send-conf: $((relayed1 - relayed0)) of $requests accepted;" \
    "WildFly RSS $rss MB" \
    && echo "     per MM by thread (threads alive at the end, /proc; Java names by jcmd):$(ctx_by_thread "$requests")"
  [[ $target == floor-* ]] && echo "     per request by thread (threads alive at the end, /proc; Java names by jcmd):$(ctx_by_thread "$requests")"
  [[ $errors -eq 0 ]] || echo "     WARNING: $errors requests failed or were not answered 2xx / Ok"
  settle 0.5 2
}

# ---- start ----------------------------------------------------------------------------------------
echo "Hot-path benchmark: DURATION=${DURATION_S}s CONNECTIONS=$CONNECTIONS THREADS=$THREADS ROUNDS=$ROUNDS SIZE=$SIZE" \
  "LOAD_WARMUP=${LOAD_WARMUP_S}s WARMUP_SLICE=$WARMUP_SLICE WARMUP_MIN=$WARMUP_MIN WARMUP_MAX=$WARMUP_MAX" \
  "WARMUP_TOLERANCE=$WARMUP_TOLERANCE% (logs: $BASE)"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
  "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; $(java -version 2>&1 | head -1); $(haproxy -v | head -1 | cut -d' ' -f1-3);" \
  "$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); context switches by $CTX_METHOD"
echo "code: $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($(git status --porcelain 2>/dev/null | wc -l) paths changed in" \
  "the work tree); EAR $SERVER_DIR/standalone/deployments/mms-router.ear built $EAR_BUILT"
echo "before: $(date '+%Y-%m-%d %H:%M:%S'), load average $(loadavg)"

start_sims "$LOG"
[[ $(curl -s --noproxy '*' -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SIM_A/mms") == 200 ]] \
  || { echo "sim-a does not answer GET /mms with 200: HAProxy's check would fail"; exit 1; }

cat > "$BASE/haproxy.cfg" <<EOF
global
    maxconn 4096
defaults
    mode http
    option http-keep-alive
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 30s
    timeout check 1s
frontend mm1
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend mmscs
backend mmscs
    balance roundrobin
    option httpchk GET /mms
    http-check expect status 200
    default-server inter 1s fall 3 rise 2
    server sim-a 127.0.0.1:$SIM_A check
    server sim-b 127.0.0.1:$SIM_B check
listen stats
    bind 127.0.0.1:$HAPROXY_STATS
    stats enable
    stats uri /stats
EOF
haproxy -f "$BASE/haproxy.cfg" -c -q || { echo "haproxy rejects $BASE/haproxy.cfg"; exit 1; }
haproxy -f "$BASE/haproxy.cfg" -db >> "$BASE/haproxy.log" 2>&1 &
HAPROXY_PID=$!

echo "starting WildFly (port offset $OFFSET, MM1 $ROUTER_URL)"
start_router "$BASE/base" $OFFSET -Dmmsrouter.dns.port=$DNS_PORT \
  -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms
WF_PID=$(router_pid "$BASE/base")
if [[ $FLOOR == yes ]]; then
  for _ in $(seq 1 60); do [[ -f $BASE/base/deployments/floor.war.deployed || -f $BASE/base/deployments/floor.war.failed ]] && break; sleep 1; done
  [[ -f $BASE/base/deployments/floor.war.deployed ]] || { echo "bench/floor's WAR did not deploy (log: $BASE/base/log/server.log)"; exit 1; }
fi
wait_mmscs "http://127.0.0.1:$HTTP" UP 2 30
echo "router up (java PID $WF_PID, RSS $(rss_mb "$WF_PID") MB): $(admin_get "http://127.0.0.1:$HTTP" /status || echo 'status API not answering')"
kill -0 "$HAPROXY_PID" 2>/dev/null || { echo "HAProxy exited (log: $BASE/haproxy.log)"; exit 1; }
for _ in $(seq 1 30); do
  [[ $(haproxy_stat mmscs sim-a status) == UP && $(haproxy_stat mmscs sim-b status) == UP ]] && break
  sleep 0.5
done
[[ $(haproxy_stat mmscs sim-a status) == UP && $(haproxy_stat mmscs sim-b status) == UP ]] \
  || { echo "HAProxy's checks do not see both simulators UP (log: $BASE/haproxy.log)"; exit 1; }
echo "HAProxy up (PID $HAPROXY_PID, $(ls "/proc/$HAPROXY_PID/task" | wc -l) threads): sim-a UP, sim-b UP"

# ---- the MM and the wrk script ---------------------------------------------------------------------
# One m-send-req of exactly SIZE bytes: the shape tools load sends (one recipient, a subject, a
# multipart/mixed body with one part of pseudo-random bytes), built with `tools compose`.
mkdir -p "$BASE/mm"
head -c 1000000 /dev/urandom > "$BASE/mm/random.bin"
compose() {
  head -c "$1" "$BASE/mm/random.bin" > "$BASE/mm/part.bin"
  java -jar "$TOOLS" compose -o "$BASE/mm.pdu" "$BASE/mm/mm.json"
  stat -c %s "$BASE/mm.pdu"
}
cat > "$BASE/mm/mm.json" <<'JSON'
{"messageType":"m-send-req","mmsVersion":"1.2","transactionId":"hotpath-bench","from":"#insert",
 "to":["+15550001111/TYPE=PLMN"],"subject":"hot path bench","contentType":"application/vnd.wap.multipart.mixed",
 "parts":[{"contentType":"image/jpeg","contentLocation":"image.jpg","file":"part.bin"}]}
JSON
data=$SIZE
for _ in 1 2 3 4; do
  size=$(compose "$data")
  [[ $size -eq $SIZE ]] && break
  data=$(( data - (size - SIZE) )); [[ $data -ge 0 ]] || data=0
done
echo "MM: $BASE/mm.pdu, $size bytes ($(java -jar "$TOOLS" dump "$BASE/mm.pdu" | grep -o '"messageType":"[^"]*"' | cut -d'"' -f4)," \
  "one $data-byte image/jpeg part)"

cat > "$BASE/post-mm.lua" <<EOF
-- POSTs the m-send-req in $BASE/mm.pdu (written by bench/run-hotpath-bench.sh).
local file = assert(io.open("$BASE/mm.pdu", "rb"))
local body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "$MMS_TYPE"
EOF

# Each target answers the MM with HTTP 200 and an m-send-conf saying Ok.
floor_urls=()
for target in "${FLOOR_TARGETS[@]}"; do floor_urls+=("http://127.0.0.1:$HTTP/floor/${target#floor-}"); done
for url in "$ROUTER_URL" "$HAPROXY_URL" "$DIRECT_URL" "${floor_urls[@]}"; do
  answer=$(curl -s --noproxy '*' --max-time 10 -o "$BASE/conf.pdu" -w '%{http_code} %{content_type}' \
    -H "Content-Type: $MMS_TYPE" --data-binary "@$BASE/mm.pdu" "$url" || true)
  conf=$(java -jar "$TOOLS" dump "$BASE/conf.pdu" 2>/dev/null || true)
  type=$(grep -o '"messageType":"[^"]*"' <<<"$conf" | cut -d'"' -f4 || true)
  status=$(grep -o '"responseStatus":"[^"]*"' <<<"$conf" | cut -d'"' -f4 || true)
  mid=$(grep -o '"messageId":"[^"]*"' <<<"$conf" | cut -d'"' -f4 || true)
  echo "check: POST $url → HTTP $answer, $type, X-Mms-Response-Status $status, Message-ID $mid"
  [[ $answer == "200 $MMS_TYPE"* && $type == m-send-conf && $status == 0x80* ]] \
    || { echo "not an HTTP 200 m-send-conf saying Ok: $conf"; exit 1; }
done
settle 0.5 2

# ---- warm-up ----------------------------------------------------------------------------------------
echo
echo "== warm-up: wrk → router in ${WARMUP_SLICE} s slices until two in a row differ by < $WARMUP_TOLERANCE %" \
  "(at least $WARMUP_MIN s, at most $WARMUP_MAX s) =="
start_cleaner
elapsed=0 previous="" slice=0 WARMUP_STABLE=no
while [[ $elapsed -lt $WARMUP_MAX ]]; do
  slice=$((slice + 1))
  wrk_run "$BASE/warmup-$slice.txt" "$ROUTER_URL" "$WARMUP_SLICE"
  elapsed=$((elapsed + WARMUP_SLICE))
  rps=$(wrk_ok_rps "$BASE/warmup-$slice.txt")
  change=$( [[ -n $previous ]] && awk -v a="$previous" -v b="$rps" 'BEGIN { printf " (%+.1f %%)", (a > 0 ? (b - a) / a * 100 : 0) }' || echo "")
  echo "  slice $slice (${elapsed} s): $rps req/s$change, p50 $(wrk_latency_ms "$BASE/warmup-$slice.txt" 50%) ms," \
    "p99 $(wrk_latency_ms "$BASE/warmup-$slice.txt" 99%) ms, errors+non-2xx" \
    "$(( $(wrk_non2xx "$BASE/warmup-$slice.txt") + $(wrk_socket_errors "$BASE/warmup-$slice.txt") )), load average $(loadavg)"
  if [[ -n $previous && $elapsed -ge $WARMUP_MIN ]] \
     && awk -v a="$previous" -v b="$rps" -v tol="$WARMUP_TOLERANCE" 'BEGIN { d = (b - a) / a * 100; if (d < 0) d = -d; exit !(a > 0 && d < tol) }'; then
    WARMUP_STABLE=yes; break
  fi
  previous=$rps
done
[[ $WARMUP_STABLE == yes ]] && echo "  stable after $elapsed s" \
  || echo "  WARNING: not stable within $WARMUP_MAX s; measuring anyway"
# The simulators (sim-b especially: the router sends to sim-a only) warm up behind HAProxy too.
wrk_run "$BASE/warmup-haproxy.txt" "$HAPROXY_URL" "$WARMUP_SLICE"
echo "  HAProxy, one ${WARMUP_SLICE} s slice (not measured): $(wrk_ok_rps "$BASE/warmup-haproxy.txt") req/s"
# The floor's own code is small, but its JIT profile differs from the router's: two slices each.
for url in "${floor_urls[@]}"; do
  for slice in 1 2; do wrk_run "$BASE/warmup-floor.txt" "$url" "$WARMUP_SLICE"; done
  echo "  $url, two ${WARMUP_SLICE} s slices (not measured): $(wrk_ok_rps "$BASE/warmup-floor.txt") req/s in the second"
done
stop_cleaner
settle 0.5 2
WARMUP_S=$elapsed

# ---- measured, interleaved --------------------------------------------------------------------------
for round in $(seq 1 "$ROUNDS"); do
  measure "$round" wrk router
  measure "$round" wrk haproxy
  measure "$round" wrk direct
  for target in "${FLOOR_TARGETS[@]}"; do measure "$round" wrk "$target"; done
  measure "$round" load router
  measure "$round" load haproxy
done
RSS_END=$(rss_mb "$WF_PID")
HAPROXY_RSS=$(rss_mb "$HAPROXY_PID")
SIM_RSS=$(rss_mb "$SIM_PID")
# Where WildFly's memory goes, when its JVM tracks it (JBOSS_JAVA_SIZING="-Xms64m -Xmx512m
# -XX:NativeMemoryTracking=summary"): NMT's committed MB per category, largest first.
NMT=""
if nmt=$(jcmd "$WF_PID" VM.native_memory summary 2>/dev/null) && grep -q 'committed=' <<<"$nmt"; then
  NMT=$(awk '/^-/ && /committed=/ { line = $0; sub(/^- */, "", line); name = line; sub(/ *\(.*/, "", name)
          c = line; sub(/.*committed=/, "", c); sub(/KB.*/, "", c); printf "%d\t%s\n", c / 1024, name }' <<<"$nmt" \
        | sort -rn | awk -F'\t' '$1 > 0 { printf "%s%s %d", s, $2, $1; s = ", " }')
fi

# ---- summary ----------------------------------------------------------------------------------------
echo
echo "== Hot path vs HAProxy: summary (means of $ROUNDS rounds × ${DURATION_S} s, $CONNECTIONS connections, $SIZE-byte m-send-req;" \
  "warm-up $WARMUP_S s) =="
SUMMARY=$(awk -F'\t' -v rounds="$ROUNDS" '
  NR == 1 { next }
  { k = $2 ":" $3; n[k]++; rps[k] += $4; p50[k] += $5; p99[k] += $6; err[k] += $7; req[k] += $8
    if ($9 > 0) { ms[k] += $9; nms[k]++ } if ($10 >= 0) { cs[k] += $10; ncs[k]++ }
    wf[k] += $11; hap[k] += $12; sim[k] += $13; cl[k] += $14; busy[k] += $15; oth[k] += $16; ld[k] += $17
    per[k] = per[k] sprintf(" %.0f", $4); r[k, $1] = $4; if ($1 > maxr) maxr = $1 }
  function m(a, k) { return n[k] ? a[k] / n[k] : 0 }
  function mm(a, c, k) { return c[k] ? a[k] / c[k] : 0 }
  function ratio(a, b) { return b > 0 ? sprintf("%.3f", a / b) : "n/a" }
  END {
    split("wrk:router wrk:haproxy wrk:direct load:router load:haproxy", keys, " ")
    printf "%-34s %12s %12s %12s %12s %12s\n", "", "wrk→router", "wrk→HAProxy", "wrk→direct", "load→router", "load→HAProxy"
    printf "%-34s", "throughput (req/s)"; for (i = 1; i <= 5; i++) printf " %12.1f", m(rps, keys[i]); print ""
    printf "%-34s", "  each round"; for (i = 1; i <= 5; i++) printf " %12s", substr(per[keys[i]], 2); print ""
    printf "%-34s", "p50 (ms)"; for (i = 1; i <= 5; i++) printf " %12.2f", m(p50, keys[i]); print ""
    printf "%-34s", "p99 (ms)"; for (i = 1; i <= 5; i++) printf " %12.2f", m(p99, keys[i]); print ""
    printf "%-34s", "errors + non-2xx/non-Ok (total)"; for (i = 1; i <= 5; i++) printf " %12d", err[keys[i]]; print ""
    printf "%-34s", "server CPU ms/request (*)"; for (i = 1; i <= 5; i++) printf " %12.3f", mm(ms, nms, keys[i]); print ""
    printf "%-34s", "server context switches/request (*)"; for (i = 1; i <= 5; i++) printf " %12.2f", mm(cs, ncs, keys[i]); print ""
    printf "%-34s", "cores: WildFly"; for (i = 1; i <= 5; i++) printf " %12.2f", m(wf, keys[i]); print ""
    printf "%-34s", "cores: HAProxy"; for (i = 1; i <= 5; i++) printf " %12.2f", m(hap, keys[i]); print ""
    printf "%-34s", "cores: simulators (one JVM)"; for (i = 1; i <= 5; i++) printf " %12.2f", m(sim, keys[i]); print ""
    printf "%-34s", "cores: client (wrk / tools load)"; for (i = 1; i <= 5; i++) printf " %12.2f", m(cl, keys[i]); print ""
    printf "%-34s", "cores: others on the machine"; for (i = 1; i <= 5; i++) printf " %12.2f", m(oth, keys[i]); print ""
    printf "%-34s", "machine busy (cores)"; for (i = 1; i <= 5; i++) printf " %12.2f", m(busy, keys[i]); print ""
    printf "%-34s", "load average (1 min, at the end)"; for (i = 1; i <= 5; i++) printf " %12.2f", m(ld, keys[i]); print ""
    print "(*) the process under test: the WildFly java process (router), HAProxy, the simulator JVM (direct); 1.00 core = one full core"
    print ""
    printf "router/HAProxy throughput: wrk %s, tools load %s; router/direct (wrk): %s\n",
      ratio(m(rps, "wrk:router"), m(rps, "wrk:haproxy")), ratio(m(rps, "load:router"), m(rps, "load:haproxy")),
      ratio(m(rps, "wrk:router"), m(rps, "wrk:direct"))
    printf "  per round, router/HAProxy wrk:"; for (i = 1; i <= maxr; i++) printf " %s", ratio(r["wrk:router", i], r["wrk:haproxy", i])
    printf "; tools load:"; for (i = 1; i <= maxr; i++) printf " %s", ratio(r["load:router", i], r["load:haproxy", i])
    printf "; router/direct wrk:"; for (i = 1; i <= maxr; i++) printf " %s", ratio(r["wrk:router", i], r["wrk:direct", i])
    print ""
    printf "CPU per request: WildFly %.3f ms/MM (wrk) %.3f (tools load) vs HAProxy %.3f ms/req (wrk) %.3f (tools load): %s× / %s×\n",
      mm(ms, nms, "wrk:router"), mm(ms, nms, "load:router"), mm(ms, nms, "wrk:haproxy"), mm(ms, nms, "load:haproxy"),
      ratio(mm(ms, nms, "wrk:router"), mm(ms, nms, "wrk:haproxy")), ratio(mm(ms, nms, "load:router"), mm(ms, nms, "load:haproxy"))
    printf "context switches per request: WildFly %.1f /MM (wrk) %.1f (tools load) vs HAProxy %.2f (wrk) %.2f (tools load)\n",
      mm(cs, ncs, "wrk:router"), mm(cs, ncs, "load:router"), mm(cs, ncs, "wrk:haproxy"), mm(cs, ncs, "load:haproxy")
    printf "p99 router/HAProxy: wrk %s, tools load %s\n", ratio(m(p99, "wrk:router"), m(p99, "wrk:haproxy")),
      ratio(m(p99, "load:router"), m(p99, "load:haproxy"))
    if (n["wrk:floor-echo"] || n["wrk:floor-durable"]) {
      print ""
      print "Floor of this stack, same WildFly, same run (bench/floor: the body read as the MM1 servlet reads it; durable adds the broker):"
      split("floor-echo floor-durable", fl, " ")
      for (i = 1; i <= 2; i++) { k = "wrk:" fl[i]
        printf "  wrk→%-14s %9.1f req/s (%s× HAProxy, %s× direct), p50 %.2f ms, p99 %.2f ms, WildFly %.3f CPU-ms and %.2f switches per request, errors %d\n",
          fl[i], m(rps, k), ratio(m(rps, k), m(rps, "wrk:haproxy")), ratio(m(rps, k), m(rps, "wrk:direct")), m(p50, k), m(p99, k),
          mm(ms, nms, k), mm(cs, ncs, k), err[k] }
      printf "  router/floor: throughput %s of the durable floor (%s of echo); CPU per MM %s× the durable floor\n",
        ratio(m(rps, "wrk:router"), m(rps, "wrk:floor-durable")), ratio(m(rps, "wrk:router"), m(rps, "wrk:floor-echo")),
        ratio(mm(ms, nms, "wrk:router"), mm(ms, nms, "wrk:floor-durable"))
    }
    printf "RESULT wrk_router_rps=%.1f wrk_haproxy_rps=%.1f wrk_direct_rps=%.1f load_router_rps=%.1f load_haproxy_rps=%.1f", \
      m(rps, "wrk:router"), m(rps, "wrk:haproxy"), m(rps, "wrk:direct"), m(rps, "load:router"), m(rps, "load:haproxy")
    printf " wrk_router_haproxy=%s wrk_router_direct=%s load_router_haproxy=%s", ratio(m(rps, "wrk:router"), m(rps, "wrk:haproxy")),
      ratio(m(rps, "wrk:router"), m(rps, "wrk:direct")), ratio(m(rps, "load:router"), m(rps, "load:haproxy"))
    printf " wildfly_cpu_ms_per_mm=%.3f haproxy_cpu_ms_per_req=%.3f wildfly_ctx_per_mm=%.1f haproxy_ctx_per_req=%.2f", \
      mm(ms, nms, "wrk:router"), mm(ms, nms, "wrk:haproxy"), mm(cs, ncs, "wrk:router"), mm(cs, ncs, "wrk:haproxy")
    printf " load_wildfly_cpu_ms_per_mm=%.3f load_wildfly_ctx_per_mm=%.1f", mm(ms, nms, "load:router"), mm(cs, ncs, "load:router")
    printf " wrk_router_p99_ms=%.2f wrk_haproxy_p99_ms=%.2f load_router_p99_ms=%.2f load_haproxy_p99_ms=%.2f", \
      m(p99, "wrk:router"), m(p99, "wrk:haproxy"), m(p99, "load:router"), m(p99, "load:haproxy")
    printf " sim_cores_wrk_router=%.2f sim_cores_wrk_haproxy=%.2f sim_cores_wrk_direct=%.2f", \
      m(sim, "wrk:router"), m(sim, "wrk:haproxy"), m(sim, "wrk:direct")
    if (n["wrk:floor-durable"]) {
      printf " wrk_floor_echo_rps=%.1f wrk_floor_durable_rps=%.1f floor_echo_haproxy=%s floor_durable_haproxy=%s", \
        m(rps, "wrk:floor-echo"), m(rps, "wrk:floor-durable"), ratio(m(rps, "wrk:floor-echo"), m(rps, "wrk:haproxy")), \
        ratio(m(rps, "wrk:floor-durable"), m(rps, "wrk:haproxy"))
      printf " floor_echo_cpu_ms=%.3f floor_durable_cpu_ms=%.3f floor_echo_ctx=%.1f floor_durable_ctx=%.1f", \
        mm(ms, nms, "wrk:floor-echo"), mm(ms, nms, "wrk:floor-durable"), mm(cs, ncs, "wrk:floor-echo"), mm(cs, ncs, "wrk:floor-durable")
    }
    e = 0; for (k in err) e += err[k]; printf " errors=%d", e
  }' "$RUNS")
echo "$SUMMARY" | grep -v '^RESULT '
echo "WildFly RSS at the end: $RSS_END MB (after each router run: $(awk -F'\t' 'NR > 1 && $18 != "-" { printf "%s%s", s, $18; s = ", " }' "$RUNS") MB);" \
  "HAProxy $HAPROXY_RSS MB; simulators $SIM_RSS MB"
[[ -z $NMT ]] || echo "WildFly native memory tracking, committed MB: $NMT"
echo "answers relaying the MMSC's m-send-conf in router runs: $(awk -F'\t' 'NR > 1 && $3 == "router" { r += $20; n += $8 } END { print r " of " n }' "$RUNS") accepted"
echo "per run: $RUNS"
echo "after: $(date '+%Y-%m-%d %H:%M:%S'), load average $(loadavg)"
echo "$(echo "$SUMMARY" | grep '^RESULT ') wildfly_rss_mb=$RSS_END warmup_s=$WARMUP_S warmup_stable=$WARMUP_STABLE ctx_method=$CTX_METHOD" \
  "load_avg_end=$(cut -d' ' -f1 /proc/loadavg)"
