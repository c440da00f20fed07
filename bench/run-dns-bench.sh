#!/usr/bin/env bash
# DNS benchmark: the router's authoritative DNS responder (UDP) against NSD 4.6 (Debian's package)
# serving the same zone, on this machine, in the same run, driven by dnsperf (Debian's package):
#   1. starts the router (its own WildFly, a copy of the provisioned server's configuration under
#      bench/target/dns-bench, port offset 800, DNS on 127.0.0.1:16053) with response rate limiting
#      off, and asks it once for its SOA, NS, A and AAAA: NSD's zone file is made of those answers;
#   2. starts NSD on 127.0.0.1:16153 with that zone, rrl-ratelimit 0 and minimal-responses (the
#      router adds no authority/additional records to a positive answer either);
#   3. checks that both give the same answer (rcode, flags, sections) to every query of the mixes;
#   4. for each query mix, against each server (the order alternates between mixes): WARMUP of
#      saturating load (not recorded), then DURATION measured: queries/s, average latency, lost
#      queries, response codes, the server's CPU and context switches per query; then LAT_DURATION at a fixed LAT_QPS with
#      dnsperf -v for latency percentiles (dnsperf 2.10 has no histogram of its own);
#   5. prints a side-by-side table per mix with the ratio router/NSD, and a RESULT line.
# Mixes: "inzone" = what a WAP gateway's resolver asks: 90 % mms.operator.test A, 5 % AAAA (NODATA:
# the router answers IPv4 only), 5 % ns.mms.operator.test A; "mixed" = the same with 20 % names
# outside the zone (REFUSED by both).
#
#   bench/run-dns-bench.sh
#   WARMUP=5 DURATION=15 bench/run-dns-bench.sh
#
# Settings (environment): WARMUP=10 DURATION=30 (seconds) CLIENTS=4 (dnsperf -c: sockets)
#   OUTSTANDING=1000 (dnsperf -q) LAT_QPS=5000 LAT_DURATION=10 (the fixed-rate latency runs;
#   LAT_DURATION=0 skips them) MIXES="inzone mixed" ROUNDS=1 (repeat the measured runs)
#   PIN=yes SERVER_CPU=0 CLIENT_CPU=1: with PIN=yes the server under test (the whole WildFly JVM,
#   started under taskset, so it sees one CPU; NSD with server-count 1) runs on SERVER_CPU and
#   dnsperf on CLIENT_CPU, so client and server never take each other's core; PIN=no lets all
#   float (NSD then gets server-count = NSD_SERVERS, default 1).
#   ROUTER_OPTS: extra options for standalone.sh (experiments only; the script says so).
# Needs a built project (mvn -B -DskipTests package) and apt-get install nsd dnsperf (the nsd
# package's own service is not used: stop it if it runs). Starts and stops everything it uses.
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-10}
DURATION=${DURATION:-30}
CLIENTS=${CLIENTS:-4}
OUTSTANDING=${OUTSTANDING:-1000}
LAT_QPS=${LAT_QPS:-5000}
LAT_DURATION=${LAT_DURATION:-10}
MIXES=${MIXES:-inzone mixed}
ROUNDS=${ROUNDS:-1}
PIN=${PIN:-yes}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
NSD_SERVERS=${NSD_SERVERS:-1}
ROUTER_OPTS=${ROUTER_OPTS:-}

source bench/lib/router.sh
TARGET=$PWD/bench/target/dns-bench
BASE=$TARGET/router                 # the router's jboss.server.base.dir
NSD_DIR=$TARGET/nsd
OFFSET=800                          # HTTP 8880, management 10790: clear of run, tests, e2e and the other benches
HTTP=$((8080 + OFFSET))
ROUTER_DNS=16053
NSD_PORT=16153
SIM_A=18881                         # nothing listens there: no MMSC is needed for DNS
SIM_B=18882
DOMAIN=mms.operator.test            # the router's default mmsrouter.mms.domains
LOG=$BASE/dns-bench.log
ROUTER_LOG=$LOG
ROUTER_START_TIMEOUT=240
NSD_CONF=$NSD_DIR/nsd.conf

[[ -f $SERVER/standalone/deployments/mms-router.ear ]] \
  || { echo "build the project first (mvn -B -DskipTests package)"; exit 2; }
for tool in nsd dnsperf dig taskset; do
  command -v $tool >/dev/null || { echo "$tool is not installed (apt-get install nsd dnsperf bind9-dnsutils util-linux)"; exit 2; }
done
[[ $PIN == yes && $(nproc) -lt 2 ]] && { echo "PIN=yes needs two CPUs (PIN=no to let everything float)"; exit 2; }
for port in $HTTP $((9990 + OFFSET)) $ROUTER_DNS $NSD_PORT; do
  if ss -Htuln "sport = :$port" | grep -q .; then
    echo "port $port is in use: is another benchmark (or server) running?"; exit 2
  fi
done

rm -rf "$TARGET" && mkdir -p "$NSD_DIR"
provision_base "$BASE"

NSD_PID=""
# Every process this script starts has TARGET in its command line (WildFly's base dir, NSD's
# config), so the cleanup also finds one whose PID file was not written yet.
ours() { pgrep -f -- "$1" || true; }
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pids
  stop_router "$BASE"
  pids="$(ours "jboss.server.base.dir=$BASE") $NSD_PID $(ours "$NSD_CONF")"
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=""
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ -z $alive ]] && break
    sleep 0.2
  done
  for pid in $pids; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  admin_forget
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

server_pin() { if [[ $PIN == yes ]]; then echo "taskset -c $SERVER_CPU"; fi; }
client_pin() { if [[ $PIN == yes ]]; then echo "taskset -c $CLIENT_CPU"; fi; }
router_pids() { router_pid "$BASE"; }
nsd_pids() { ours "$NSD_CONF"; }       # NSD's main process, its reload/xfrd child and the server process(es)
# CPU time (clock ticks, user + system) used so far by the given processes, all their threads.
# (Fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the name: NSD names its
# processes "nsd: server 1", with spaces.)
cpu_ticks() { for pid in "$@"; do sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null || true; done | awk '{ s += $12 + $13 } END { print s + 0 }'; }
# Context switches (voluntary and not) of every thread of the given processes. The DNS threads of both
# servers live as long as the server, so the threads alive at the end hold the whole run's switches.
ctx_switches() { for pid in "$@"; do cat /proc/"$pid"/task/*/status 2>/dev/null || true; done \
  | awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }'; }
HZ=$(getconf CLK_TCK)
# Datagrams the kernel dropped so far on the server's UDP socket (receive buffer full): skmem's d.
socket_drops() { ss -Huanm "sport = :$1" | grep -o 'skmem:([^)]*' | grep -o ',d[0-9]*' | tr -d ',d' | awk '{ s += $1 } END { print s + 0 }'; }
# The server socket's receive buffer as the kernel granted it (skmem's rb).
socket_rcvbuf() { ss -Huanm "sport = :$1" | grep -o 'skmem:([^)]*' | grep -o ',rb[0-9]*' | tr -d ',rb' | head -1; }
ask() { dig @127.0.0.1 -p "$1" +norec +time=2 +tries=1 "${@:2}"; }

echo "DNS benchmark: WARMUP=${WARMUP}s DURATION=${DURATION}s CLIENTS=$CLIENTS OUTSTANDING=$OUTSTANDING" \
  "LAT_QPS=$LAT_QPS LAT_DURATION=${LAT_DURATION}s MIXES='$MIXES' ROUNDS=$ROUNDS PIN=$PIN (logs: $TARGET)"
[[ -z $ROUTER_OPTS ]] || echo "NOT the router as provisioned: ROUTER_OPTS='$ROUTER_OPTS'"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
  "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; $(java -version 2>&1 | head -1); $(nsd -v 2>&1 | head -1);" \
  "dnsperf $(dnsperf -h 2>&1 | sed -n 's/^Version //p' | head -1)"
if [[ $PIN == yes ]]; then
  echo "pinning: server under test on CPU $SERVER_CPU (WildFly started under taskset: the JVM sees 1 CPU;" \
    "NSD server-count 1), dnsperf on CPU $CLIENT_CPU"
else
  echo "pinning: none (NSD server-count $NSD_SERVERS)"
fi
echo "response rate limiting: OFF on both (router -Dmmsrouter.dns.rate-limit=0, NSD rrl-ratelimit: 0)"
echo "before: $(uptime | sed 's/.*load average/load average/')"

# ---- the router --------------------------------------------------------------------------------------
echo "starting WildFly (port offset $OFFSET, DNS 127.0.0.1:$ROUTER_DNS)"
if [[ $PIN == yes ]]; then ROUTER_CPU=$SERVER_CPU; fi
# shellcheck disable=SC2086
start_router "$BASE" $OFFSET -Dmmsrouter.dns.port=$ROUTER_DNS -Dmmsrouter.dns.rate-limit=0 \
  -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
  $ROUTER_OPTS
for _ in $(seq 1 30); do ask $ROUTER_DNS +short $DOMAIN SOA | grep -q . && break; sleep 1; done
grep -o 'DNS responder on .*' "$LOG" | tail -1 || true
grep -o 'DNS over UDP on .*' "$LOG" | tail -1 || true   # which UDP transport serves (Netty epoll or the JDK's)

# ---- NSD's zone, made of the router's own answers ---------------------------------------------------------
# dig's answer lines are master-file records: the router's SOA (serial and timers included), NS, and
# the A/AAAA of the apex and of each name server, with the router's TTLs.
ZONE=$NSD_DIR/$DOMAIN.zone
{
  echo "; $DOMAIN as the router at 127.0.0.1:$ROUTER_DNS answers it ($(date -u +%FT%TZ))"
  ask $ROUTER_DNS +noall +answer $DOMAIN SOA
  ask $ROUTER_DNS +noall +answer $DOMAIN NS
  for name in $DOMAIN $(ask $ROUTER_DNS +short $DOMAIN NS); do
    ask $ROUTER_DNS +noall +answer "$name" A
    ask $ROUTER_DNS +noall +answer "$name" AAAA
  done
} | awk '!seen[$0]++' > "$ZONE"
grep -q "SOA" "$ZONE" || { echo "the router gave no SOA for $DOMAIN (log: $LOG)"; cat "$ZONE"; exit 1; }
echo "zone for NSD, from the router's answers:"
grep -v '^;' "$ZONE" | sed 's/^/    /'

cat > "$NSD_CONF" <<EOF
server:
    ip-address: 127.0.0.1@$NSD_PORT
    do-ip6: no
    server-count: $([[ $PIN == yes ]] && echo 1 || echo "$NSD_SERVERS")
    username: ""
    chroot: ""
    zonesdir: "$NSD_DIR"
    database: ""
    zonelistfile: "$NSD_DIR/zone.list"
    xfrdfile: "$NSD_DIR/xfrd.state"
    xfrdir: "$NSD_DIR"
    pidfile: "$NSD_DIR/nsd.pid"
    logfile: "$NSD_DIR/nsd.log"
    verbosity: 1
    # Throughput test: no response rate limiting (the router runs with rate-limit=0 too).
    rrl-ratelimit: 0
    # No NS/glue added to positive answers: the router adds none either, so the packets are alike.
    minimal-responses: yes
remote-control:
    control-enable: no
zone:
    name: $DOMAIN
    zonefile: $DOMAIN.zone
EOF
nsd-checkconf "$NSD_CONF"
# shellcheck disable=SC2046
$(server_pin) nsd -d -c "$NSD_CONF" >> "$NSD_DIR/nsd.out" 2>&1 &
NSD_PID=$!
for _ in $(seq 1 50); do ask $NSD_PORT +short $DOMAIN SOA | grep -q . && break; sleep 0.2; done
ask $NSD_PORT +short $DOMAIN SOA | grep -q . || { echo "NSD did not answer (log: $NSD_DIR/nsd.log)"; exit 1; }
echo "NSD up: $(tail -1 "$NSD_DIR/nsd.log")"
echo "UDP receive buffers as granted by the kernel: router $(socket_rcvbuf $ROUTER_DNS) bytes, NSD $(socket_rcvbuf $NSD_PORT) bytes"

# ---- query mixes ---------------------------------------------------------------------------------------
OUT_OF_ZONE=("www.example.com A" "mmsc.other-operator.test A" "wap.operator.test A" "operator.test A"
  "example.org AAAA" "gprs.operator.test A" "push.example.net A")
mix_file() {   # NAME → $TARGET/queries-NAME.txt, 100 lines (dnsperf loops over it)
  local file=$TARGET/queries-$1.txt i
  : > "$file"
  for i in $(seq 0 99); do
    if [[ $1 == mixed && $((i % 5)) -eq 4 ]]; then
      echo "${OUT_OF_ZONE[$(( (i / 5) % ${#OUT_OF_ZONE[@]} ))]}"
    elif [[ $((i % 20)) -eq 6 ]]; then
      echo "$DOMAIN AAAA"
    elif [[ $((i % 20)) -eq 12 ]]; then
      echo "ns.$DOMAIN A"
    else
      echo "$DOMAIN A"
    fi >> "$file"
  done
  echo "$file"
}
describe_mix() { sort "$TARGET/queries-$1.txt" | uniq -c | sort -rn | awk '{ printf "%s%d %% %s %s", (NR > 1 ? ", " : ""), $1, $2, $3 }'; }

# ---- same answers from both? ------------------------------------------------------------------------------
# Compares rcode, flags, and every section (the ID, timing and server lines are dropped), with and
# without EDNS, for each distinct query of the mixes.
# NSD 4.6 adds an Extended DNS Error (EDE 20, Not Authoritative) to REFUSED when the query has
# EDNS; the router does not. That option is counted, not compared.
normalised() {
  ask "$1" +nocmd +nostats "${@:2}" | sed -e 's/, id: [0-9]*//' -e '/^;; Query time\|^;; SERVER\|^;; WHEN\|^;; MSG SIZE\|^;; Got answer/d' \
    -e '/^; EDE: /d' -e '/^$/d'
}
NSD_EDE=$(ask $NSD_PORT +edns www.example.com A | grep -c '^; EDE: ' || true)
DIFFERENT=0
CHECKED=0
for mix in $MIXES; do mix_file "$mix" >/dev/null; done
while read -r name type; do
  for edns in +edns +noedns; do
    CHECKED=$((CHECKED + 1))
    if ! diff <(normalised $ROUTER_DNS $edns "$name" "$type") <(normalised $NSD_PORT $edns "$name" "$type") \
        > "$TARGET/answer-diff.txt"; then
      DIFFERENT=$((DIFFERENT + 1))
      echo "DIFFERENT answers for $name $type ($edns), router < > NSD:"; sed 's/^/    /' "$TARGET/answer-diff.txt"
    fi
  done
done < <(cat "$TARGET"/queries-*.txt | sort -u)
echo "answers compared (rcode, flags, sections; with and without EDNS): $CHECKED, different: $DIFFERENT" \
  "$([[ $NSD_EDE -gt 0 ]] && echo "(not compared: NSD adds EDE 20 'Not Authoritative' to REFUSED with EDNS, the router adds no EDE)")"

# ---- runs ----------------------------------------------------------------------------------------------------
DNSPERF_ARGS=(-s 127.0.0.1 -e -c "$CLIENTS" -q "$OUTSTANDING" -t 2)
# measure SERVER MIX RUN: warm-up, then the measured run; dnsperf's output in $TARGET/RUN.txt, CPU in RUN.cpu.
measure() {
  local server=$1 mix=$2 run=$3 port pids
  [[ $server == router ]] && port=$ROUTER_DNS || port=$NSD_PORT
  # shellcheck disable=SC2046
  $(client_pin) dnsperf "${DNSPERF_ARGS[@]}" -p "$port" -d "$TARGET/queries-$mix.txt" -l "$WARMUP" \
    > "$TARGET/$run.warmup.txt" 2>&1 || true
  pids=$( [[ $server == router ]] && router_pids || nsd_pids )
  local before after t0 t1 drops
  drops=$(socket_drops "$port")
  # shellcheck disable=SC2086
  before=$(cpu_ticks $pids)
  # shellcheck disable=SC2086
  local ctx_before; ctx_before=$(ctx_switches $pids)
  t0=$(date +%s.%N)
  # shellcheck disable=SC2046
  { TIMEFORMAT='client_cpu %U %S %R'; time $(client_pin) dnsperf "${DNSPERF_ARGS[@]}" -p "$port" \
      -d "$TARGET/queries-$mix.txt" -l "$DURATION" > "$TARGET/$run.txt" 2>&1; } 2> "$TARGET/$run.time" || true
  t1=$(date +%s.%N)
  # shellcheck disable=SC2086
  after=$(cpu_ticks $pids)
  # shellcheck disable=SC2086
  echo $(( $(ctx_switches $pids) - ctx_before )) > "$TARGET/$run.ctx"
  awk -v b="$before" -v a="$after" -v hz="$HZ" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "%.3f\n", (a - b) / hz / (t1 - t0) }' > "$TARGET/$run.cpu"
  echo $(( $(socket_drops "$port") - drops )) > "$TARGET/$run.drops"
  if [[ $LAT_DURATION != 0 ]]; then
    # shellcheck disable=SC2046
    $(client_pin) dnsperf "${DNSPERF_ARGS[@]}" -p "$port" -d "$TARGET/queries-$mix.txt" -l "$LAT_DURATION" \
      -Q "$LAT_QPS" -v > "$TARGET/$run.lat.txt" 2>&1 || true
  fi
  echo "  $run: $(field "$run" qps) q/s, $(field "$run" avg_ms) ms avg, lost $(field "$run" lost)," \
    "$(field "$run" rcodes); server CPU $(cat "$TARGET/$run.cpu") cores"
}

# field RUN NAME: one figure of a run, from dnsperf's output (and the CPU / latency files).
field() {
  local f=$TARGET/$1.txt
  case $2 in
    qps)       awk -F: '/Queries per second/ { gsub(/ /, "", $2); printf "%.0f", $2 }' "$f" ;;
    avg_ms)    awk '/Average Latency/ { printf "%.3f", $4 * 1000 }' "$f" ;;
    max_ms)    awk '/Average Latency/ { gsub(/\)/, "", $8); printf "%.3f", $8 * 1000 }' "$f" ;;
    sd_ms)     awk '/Latency StdDev/ { printf "%.3f", $4 * 1000 }' "$f" ;;
    sent)      awk '/Queries sent/ { print $3 }' "$f" ;;
    lost)      awk '/Queries lost/ { print $3 " " $4 }' "$f" ;;
    rcodes)    sed -n 's/^ *Response codes: *//p' "$f" ;;
    cpu)       cat "$TARGET/$1.cpu" ;;
    drops)     cat "$TARGET/$1.drops" ;;
    ctx_per_kq) awk -v q="$(field "$1" qps)" -v c="$(cat "$TARGET/$1.ctx")" -v d="$DURATION" 'BEGIN { if (q > 0) printf "%.3f", c * 1000 / (q * d); else print "n/a" }' ;;
    per_cpu)   awk -v q="$(field "$1" qps)" -v c="$(cat "$TARGET/$1.cpu")" 'BEGIN { if (c > 0) printf "%.0f", q / c; else print "n/a" }' ;;
    client_cpu) awk '/client_cpu/ { printf "%.2f", ($2 + $3) / $4 }' "$TARGET/$1.time" ;;
  esac
}

# One line of the summary table: label, router, NSD and their ratio.
row() { printf "%-34s %16s %16s %12s\n" "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN { if (b + 0 > 0 && a ~ /^[0-9.]+$/) printf "%.3f", a / b; else print "" }')"; }

order=0
for round in $(seq 1 "$ROUNDS"); do
  for mix in $MIXES; do
    echo
    echo "== round $round, mix $mix: $(describe_mix "$mix") =="
    if [[ $((order % 2)) -eq 0 ]]; then servers="router nsd"; else servers="nsd router"; fi
    order=$((order + 1))
    for server in $servers; do measure "$server" "$mix" "$server-$mix-$round"; done
  done
done

# ---- summary ---------------------------------------------------------------------------------------------------
# mean SERVER MIX FIELD: the field's mean over the rounds.
mean() {
  local round
  for round in $(seq 1 "$ROUNDS"); do field "$1-$2-$round" "$3"; echo; done \
    | awk '$1 ~ /^[0-9.]+$/ { s += $1; n++ } END { if (n) printf "%.3f", s / n; else print "n/a" }'
}
# lost SERVER MIX: lost queries over all rounds, of those sent.
lost_total() {
  local round
  for round in $(seq 1 "$ROUNDS"); do echo "$(field "$1-$2-$round" lost | cut -d' ' -f1) $(field "$1-$2-$round" sent)"; done \
    | awk '{ l += $1; s += $2 } END { printf "%d (%.3f %%)", l, (s ? 100 * l / s : 0) }'
}
# pct SERVER MIX Q: latency quantile Q (ms) over the fixed-rate runs of all rounds.
pct() {
  cat "$TARGET/$1-$2-"*.lat.txt 2>/dev/null | awk '/^> / && $2 != "T" && $2 != "I" { print $NF }' | sort -g \
    | awk -v q="$3" '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } i = int(q * NR + 0.999999); if (i < 1) i = 1; printf "%.3f", v[i] * 1000 }'
}
timed() { cat "$TARGET/$1-$2-"*.lat.txt 2>/dev/null | awk '/^> / && $2 != "T" && $2 != "I" { n++ } END { print n + 0 }'; }
int() { awk -v v="$1" 'BEGIN { if (v ~ /^[0-9.]+$/) printf "%.0f", v; else print v }'; }

RESULT="RESULT"
echo
echo "== DNS benchmark summary: UDP, dnsperf -c $CLIENTS -q $OUTSTANDING with EDNS0, ${DURATION} s measured after" \
  "${WARMUP} s warm-up$([[ $ROUNDS -gt 1 ]] && echo ", mean of $ROUNDS rounds"); response rate limiting OFF on both;" \
  "$([[ $PIN == yes ]] && echo "server under test on CPU $SERVER_CPU, dnsperf on CPU $CLIENT_CPU" || echo "no pinning") =="
for mix in $MIXES; do
  echo
  echo "mix $mix: $(describe_mix "$mix")"
  printf "%-34s %16s %16s %12s\n" "" "router" "NSD" "router/NSD"
  row "queries/s" "$(int "$(mean router "$mix" qps)")" "$(int "$(mean nsd "$mix" qps)")"
  row "average latency (ms)" "$(mean router "$mix" avg_ms)" "$(mean nsd "$mix" avg_ms)"
  row "latency stddev (ms)" "$(mean router "$mix" sd_ms)" "$(mean nsd "$mix" sd_ms)"
  row "max latency (ms)" "$(mean router "$mix" max_ms)" "$(mean nsd "$mix" max_ms)"
  printf "%-34s %16s %16s\n" "lost queries" "$(lost_total router "$mix")" "$(lost_total nsd "$mix")"
  printf "%-34s %16s %16s\n" "  kernel drops per run (rcvbuf full)" "$(int "$(mean router "$mix" drops)")" "$(int "$(mean nsd "$mix" drops)")"
  row "server CPU (cores)" "$(mean router "$mix" cpu)" "$(mean nsd "$mix" cpu)"
  row "queries per server CPU-second" "$(int "$(mean router "$mix" per_cpu)")" "$(int "$(mean nsd "$mix" per_cpu)")"
  row "server context switches per 1,000 queries" "$(mean router "$mix" ctx_per_kq)" "$(mean nsd "$mix" ctx_per_kq)"
  printf "%-34s %16s %16s\n" "dnsperf CPU (cores)" "$(mean router "$mix" client_cpu)" "$(mean nsd "$mix" client_cpu)"
  if [[ $LAT_DURATION != 0 ]]; then
    row "p50 at $LAT_QPS q/s (ms)" "$(pct router "$mix" 0.50)" "$(pct nsd "$mix" 0.50)"
    row "p99 at $LAT_QPS q/s (ms)" "$(pct router "$mix" 0.99)" "$(pct nsd "$mix" 0.99)"
    row "p99.9 at $LAT_QPS q/s (ms)" "$(pct router "$mix" 0.999)" "$(pct nsd "$mix" 0.999)"
    printf "%-34s %16s %16s\n" "  answers timed" "$(timed router "$mix")" "$(timed nsd "$mix")"
  fi
  for round in $(seq 1 "$ROUNDS"); do
    echo "  round $round response codes: router $(field "router-$mix-$round" rcodes); NSD $(field "nsd-$mix-$round" rcodes)"
    [[ $ROUNDS -gt 1 ]] && echo "  round $round queries/s: router $(field "router-$mix-$round" qps), NSD $(field "nsd-$mix-$round" qps)," \
      "ratio $(awk -v a="$(field "router-$mix-$round" qps)" -v b="$(field "nsd-$mix-$round" qps)" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
  done
  RESULT="$RESULT ${mix}_router_qps=$(int "$(mean router "$mix" qps)") ${mix}_nsd_qps=$(int "$(mean nsd "$mix" qps)")"
  RESULT="$RESULT ${mix}_ratio=$(awk -v a="$(mean router "$mix" qps)" -v b="$(mean nsd "$mix" qps)" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
  RESULT="$RESULT ${mix}_router_q_per_cpu_s=$(int "$(mean router "$mix" per_cpu)") ${mix}_nsd_q_per_cpu_s=$(int "$(mean nsd "$mix" per_cpu)")"
done
echo
echo "The server is saturated only when its CPU is close to 1 core (PIN=yes): below that, queries/s is what dnsperf"
echo "(one core) and the machine delivered, and 'queries per server CPU-second' is the fairer comparison of cost."
echo "answers compared between the two servers: $CHECKED, different: $DIFFERENT"
echo "after: $(uptime | sed 's/.*load average/load average/')"
echo "$RESULT answers_different=$DIFFERENT"
