#!/usr/bin/env bash
# End-to-end: a long backlog does not exhaust the router's memory (issue 22). Both simulated MMSCs
# refuse connections (an outage) while `tools load` submits N MMs of ~10 KB (closed loop, answer
# window 0), so all N wait in the broker: past the submissions address's 10 MiB the broker pages
# them to disk instead of holding them in the heap (512 MiB by default). Prints the WildFly
# process's RSS and heap (jcmd GC.heap_info; the live set after a full GC too) before, at the end
# of the backlog (and the peak RSS sampled during it), and after draining, with the submissions
# queue depth from /admin/api/metrics. Fails on an OutOfMemoryError, on any submission not
# answered Ok (a refusal 0xC0 means the volume passed admission control's high-water mark: the
# free-space check below says beforehand whether it can), or when, after the MMSCs recover, not
# every MM answered Ok is delivered exactly once within DRAIN_SECONDS.
# Needs a built project, jcmd on the PATH and about N × 13 KB free under wildfly-config/target.
#
#   N=20000 flock /tmp/mmsrouter-it.lock wildfly-config/src/test/e2e/backlog-heap.sh      # CI
#   flock /tmp/mmsrouter-it.lock wildfly-config/src/test/e2e/backlog-heap.sh              # N=100000
set -euo pipefail
cd "$(dirname "$0")/../../../.."

N=${N:-100000}
SIZE=${SIZE:-10000}
CONCURRENCY=${CONCURRENCY:-32}
BACKLOG_SECONDS=${BACKLOG_SECONDS:-3600}   # longest the submissions may take
DRAIN_SECONDS=${DRAIN_SECONDS:-900}        # longest the delivery of the backlog may take
SERVER=wildfly-config/target/wildfly-38.0.1.Final
BASE=$PWD/wildfly-config/target/e2e-backlog-heap
TOOLS=tools/target/mms-router-tools.jar
OFFSET=270                      # HTTP 8350, NOC 9713, management 10260: clear of the other scripts
HTTP=$((8080 + OFFSET))
CONTROL=18270
SIM_A=18271
SIM_B=18272
DNS_PORT=15493
LOG=$BASE/e2e.log

[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] || { echo "build the project first (mvn package)"; exit 2; }
command -v jcmd >/dev/null || { echo "jcmd (JDK) is needed on the PATH"; exit 2; }
rm -rf "$BASE" && mkdir -p "$BASE/deployments"

# Room for the backlog: journal and page files hold each MM once (~1.3 × its size with headers and
# records), plus the journal's preallocated files. Admission control refuses new MMs at 90 % of
# the volume or under 64 MiB free, so the backlog must fit below that.
# As admission control counts: what this process cannot write (reserved blocks included) is used.
read -r size_kb avail_kb < <(df -kP "$BASE" | awk 'NR == 2 { print $2, $4 }')
used_kb=$((size_kb - avail_kb))
need_kb=$(( N * SIZE * 13 / 10 / 1024 + 256 * 1024 ))
limit_kb=$(( size_kb * 90 / 100 ))
echo "volume of $BASE: $((avail_kb / 1024)) MiB free of $((size_kb / 1024)) MiB ($((100 * used_kb / size_kb)) % used);" \
  "the backlog needs about $((need_kb / 1024)) MiB; admission control refuses above $((limit_kb / 1024)) MiB used"
if (( used_kb + need_kb > limit_kb || avail_kb - need_kb < 64 * 1024 )); then
  echo "not enough room for $N MMs of $SIZE bytes on this volume: admission control would refuse part of them (0xC0)." \
    "Free space, or run with a smaller N"
  exit 2
fi

cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
source wildfly-config/src/test/e2e/admin-api.sh
source wildfly-config/src/test/e2e/single-router.sh
admin_user "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$BASE/deployments/"

SIM_PID=""
SAMPLER_PID=""
cleanup() {
  [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
}
trap cleanup EXIT

failed=0
fail() { echo "FAIL: $* (log: $LOG, $BASE/log/server.log)"; failed=$((failed + 1)); }
metric() { admin_get "http://127.0.0.1:$HTTP" /metrics | sed -n "s/^$1 \([0-9.eE+-]*\)$/\1/p" | head -1; }
depth() { metric 'mmsrouter_queue_messages{queue="MmsSubmissions"}'; }

# memory LABEL: the WildFly JVM's RSS, heap in use now, and the live heap after a full GC.
memory() {
  local rss heap live
  rss=$(ps -o rss= -p "$PID" | tr -d ' ')
  heap=$(jcmd "$PID" GC.heap_info | grep -m1 -i 'total' | sed 's/^ *//')
  jcmd "$PID" GC.run >/dev/null
  live=$(jcmd "$PID" GC.heap_info | grep -m1 -io 'used [0-9]*K')
  echo "memory $1: RSS $((rss / 1024)) MiB; heap: $heap; after a full GC $live; submissions queue $(depth) MMs"
  RSS_MB=$((rss / 1024))
}

start_sims
set_sims refuse
start_router
PID=$(pgrep -f "jboss-modules.jar.*jboss.server.base.dir=$BASE" | head -1)
echo "router up (pid $PID, $(ps -o args= -p "$PID" | grep -o -- '-Xmx[^ ]*')); both MMSCs refuse connections"
memory "before the backlog"
rss_before=$RSS_MB

# Peak RSS while the backlog grows: a sample every 2 s.
( while kill -0 "$PID" 2>/dev/null; do ps -o rss= -p "$PID"; sleep 2; done ) > "$BASE/rss-samples.txt" &
SAMPLER_PID=$!
echo "submitting $N MMs of $SIZE bytes ($CONCURRENCY closed-loop submitters)"
started=$SECONDS
java -jar "$TOOLS" load --url "http://127.0.0.1:$HTTP/mms" --concurrency "$CONCURRENCY" --warmup 0s \
  --duration "${BACKLOG_SECONDS}s" --count "$N" --size "$SIZE" --timeout 30s --run-id backlog \
  --ok-log "$BASE/ok.txt" > "$BASE/load-backlog.txt" 2>&1 || true
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
sed 's/^/    /' "$BASE/load-backlog.txt"
ok=$(sort -u "$BASE/ok.txt" | wc -l)
refused=$(sed -n 's/^ *0xC0 Error-transient-failure: \([0-9]*\)$/\1/p' "$BASE/load-backlog.txt")
errors=$(grep -o ' errors=[0-9]*' "$BASE/load-backlog.txt" | cut -d= -f2)
echo "backlog: $ok of $N answered Ok in $((SECONDS - started)) s; ${refused:-0} refused (0xC0); ${errors:-?} errors"
[[ ${refused:-0} -eq 0 ]] || fail "${refused} submissions refused with 0xC0 (admission control: $(admin_get "http://127.0.0.1:$HTTP" /ready 2>/dev/null || true))"
[[ $ok -eq $N && ${errors:-1} -eq 0 ]] || fail "only $ok of $N MMs answered Ok"
peak=$(sort -n "$BASE/rss-samples.txt" | tail -1)
echo "peak RSS while the backlog grew: $((peak / 1024)) MiB"
memory "at the end of the backlog"
rss_backlog=$RSS_MB
queued=$(depth)
[[ ${queued%.*} -ge $ok ]] || fail "the submissions queue holds ${queued} MMs, not the $ok answered Ok"

pages=$(grep -c 'AMQ222038' "$BASE/log/server.log" || true)
echo "server.log: $pages AMQ222038 (paging started) line(s): $(grep -m1 'AMQ222038' "$BASE/log/server.log" | cut -c1-220 || true)"
(( N * SIZE <= 10485760 )) || [[ $pages -ge 1 ]] || fail "the broker never started paging the submissions address"

# ---- drain ---------------------------------------------------------------------------------------
set_sims healthy
echo "both MMSCs healthy: waiting up to $DRAIN_SECONDS s for the $ok MMs"
started=$SECONDS
while (( SECONDS - started < DRAIN_SECONDS )); do
  [[ $(received_total) -ge $ok ]] && break
  sleep 2
done
drain_s=$((SECONDS - started))
sleep 3   # anything delivered twice arrives too
received_tids > "$BASE/received.txt"
delivered=$(wc -l < "$BASE/received.txt")
missing=$(comm -23 <(sort -u "$BASE/ok.txt") <(sort -u "$BASE/received.txt") | wc -l)
duplicates=$(sort "$BASE/received.txt" | uniq -d | wc -l)
echo "drain: $delivered delivered in $drain_s s ($((delivered / (drain_s > 0 ? drain_s : 1))) MM/s); $missing answered Ok but" \
  "not delivered; $duplicates delivered more than once"
[[ $missing -eq 0 && $duplicates -eq 0 && $delivered -eq $ok ]] || fail "MMs lost or delivered twice"
for _ in $(seq 1 30); do [[ $(depth) == 0 ]] && break; sleep 1; done
memory "after draining"
rss_after=$RSS_MB

oom=$(cat "$BASE/log/server.log" "$LOG" | grep -c 'OutOfMemoryError' || true)
echo "OutOfMemoryError in server.log and the console: $oom"
[[ $oom -eq 0 ]] || fail "OutOfMemoryError logged"
critical=$(grep -c 'AMQ222010\|AMQ144011' "$BASE/log/server.log" || true)
[[ $critical -eq 0 ]] || fail "the broker logged a critical I/O error"

echo "FIGURES n=$N size=$SIZE ok=$ok refused=${refused:-0} rss_before_mb=$rss_before rss_peak_mb=$((peak / 1024))" \
  "rss_backlog_mb=$rss_backlog rss_after_mb=$rss_after paging_lines=$pages drain_s=$drain_s delivered=$delivered" \
  "missing=$missing duplicates=$duplicates oom=$oom"
if [[ $failed -eq 0 ]]; then echo "backlog heap: passed"; else echo "backlog heap: $failed check(s) failed"; fi
[[ $failed -eq 0 ]]
