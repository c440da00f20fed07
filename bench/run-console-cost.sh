#!/usr/bin/env bash
# What the NOC console costs the router: latency of the admin API reads the console polls
# (/overview, /series, /metrics, /status; 300 sequential requests each, BASIC + a session), and the
# server CPU one open console adds on an idle router (overview every 2 s, series every 4 s, 60 s),
# against the same router left alone for 60 s. Starts ./run.sh --no-build (ports 8080, 9443, 5353,
# 18080-18082) and stops it at the end. The console is on the NOC listener (HTTPS, the certificate
# run.sh saved); the password goes to curl in an owner-only config file.
#   bench/run-console-cost.sh        (build first: ./run.sh once, or mvn -DskipTests package)
set -u
cd "$(dirname "$0")/.."
OUT=target/console-cost
mkdir -p "$OUT"
./run.sh --no-build > "$OUT/run.out" 2>&1 &
RUN_PID=$!
trap 'kill $RUN_PID 2>/dev/null; wait 2>/dev/null; rm -f "${CURL_CONFIG:-}"' EXIT
for _ in $(seq 1 180); do grep -q 'MMS Router is running' "$OUT/run.out" && break; sleep 1; done
grep -q 'MMS Router is running' "$OUT/run.out" || { echo "router did not start: $OUT/run.out"; exit 1; }
CURL_CONFIG=$(umask 077; mktemp)
printf 'user = "noc:%s"\n' "$(cat target/run/console-password)" > "$CURL_CONFIG"
JAVA_PID=$(pgrep -f 'jboss-modules.jar.*standalone-full.xml' | head -1)
JAR="$OUT/cookies"
get() { curl -s -o /dev/null -w '%{time_total}\n' -K "$CURL_CONFIG" --cacert target/run/noc-certificate.pem -b "$JAR" -c "$JAR" "https://localhost:9443/admin/api/$1"; }
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
