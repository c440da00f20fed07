#!/usr/bin/env bash
# End-to-end: the embedded Artemis broker stopped under a running router (issue 22). A management
# operation (force-failover: with no backup, Artemis just stops; WildFly runs on) stops the broker;
# the router's deployment must stay up (it has no hard dependency on the broker's JMS resources:
# it looks them up at use), within 5 s readiness (GET /admin/api/ready on the NOC listener) must
# answer 503 with JSON {"cause":"broker"}, the metrics must say mmsrouter_broker_up 0, one SEVERE log
# line must say what to do, and every submission during the outage must get a prompt transient
# answer — m-send-conf Error-transient-failure (0xC0) with Retry-After (or, when a concurrent load
# exceeds the source's share before its body is read, HTTP 503) — never a client timeout. Then the
# server is brought back (a :reload, or a restart where WildFly refuses the reload), and must be
# ready again, take new MMs, and deliver every MM it answered Ok before the stop, those queued in the
# journal at the stop included: none lost, none twice.
# Crosses processes (WildFly, simulator, client, jboss-cli), so it is a script. Needs a built project.
#
#   flock /tmp/mmsrouter-it.lock wildfly-config/src/test/e2e/broker-stop.sh
#   N_QUEUED=500 OUTAGE_LOAD=5s flock /tmp/mmsrouter-it.lock wildfly-config/src/test/e2e/broker-stop.sh
set -euo pipefail
cd "$(dirname "$0")/../../../.."

N_DELIVERED=${N_DELIVERED:-50}           # answered Ok and delivered before the stop
N_QUEUED=${N_QUEUED:-200}                # answered Ok while the MMSCs refuse: in the journal at the stop
N_AFTER=${N_AFTER:-20}                   # submitted after the broker is back
OUTAGE_LOAD=${OUTAGE_LOAD:-3s}           # closed-loop load while the broker is down
READY_LIMIT_MS=5000                      # issue 22: readiness false within 5 s
ANSWER_P99_LIMIT_MS=1000                 # a refusal is prompt: well under a second
SERVER=wildfly-config/target/wildfly-38.0.1.Final
CLI=$SERVER/bin/jboss-cli.sh
BASE=$PWD/wildfly-config/target/e2e-broker-stop
TOOLS=tools/target/mms-router-tools.jar
OFFSET=250                      # HTTP 8330, NOC 9693, management 10240: clear of the other scripts
HTTP=$((8080 + OFFSET))
NOC=https://localhost:$((9443 + OFFSET))
MGMT=127.0.0.1:$((9990 + OFFSET))
CONTROL=18250
SIM_A=18251
SIM_B=18252
DNS_PORT=15473
LOG=$BASE/e2e.log

[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] || { echo "build the project first (mvn package)"; exit 2; }
rm -rf "$BASE" && mkdir -p "$BASE/deployments"
cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
source wildfly-config/src/test/e2e/admin-api.sh
source wildfly-config/src/test/e2e/single-router.sh
admin_user "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$BASE/deployments/"

SIM_PID=""
cleanup() {
  pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
}
trap cleanup EXIT

failed=0
fail() { echo "FAIL: $* (log: $LOG, $BASE/log/server.log)"; failed=$((failed + 1)); }
cli() { "$CLI" --connect --controller="$MGMT" --command="$1" 2>&1; }
# HTTP status of the readiness endpoint (no login), and its body in $BASE/ready.json.
ready_status() { curl -s --noproxy '*' -k --max-time 2 -o "$BASE/ready.json" -w '%{http_code}' "$NOC/admin/api/ready" || true; }
now_ms() { date +%s%3N; }
# submit COUNT: COUNT MMs one after another; fails unless every one is answered Ok.
submit() { java -jar "$TOOLS" submit --url "http://127.0.0.1:$HTTP/mms" --count "$1"; }
wait_for() { # wait_for SECONDS COMMAND...: polls COMMAND every 0.2 s
  local until=$((SECONDS + $1)); shift
  while ((SECONDS < until)); do "$@" && return 0; sleep 0.2; done
  return 1
}

start_sims
set_sims healthy
start_router

# ---- 1. before the stop: MMs delivered, MMs queued, ready --------------------------------------
echo "router up, MMSCs healthy: submitting $N_DELIVERED MMs"
submit "$((N_DELIVERED - 1))" || fail "an MM was not answered Ok before the stop"
java -jar "$TOOLS" submit --url "http://127.0.0.1:$HTTP/mms" --save "$BASE/one.pdu" >/dev/null || fail "an MM was not answered Ok before the stop"
wait_for 60 eval '[[ $(received_total) -ge $N_DELIVERED ]]' || fail "the first $N_DELIVERED MMs were not delivered"
set_sims refuse
echo "both MMSCs refuse connections: submitting $N_QUEUED MMs (they stay queued in the journal)"
submit "$N_QUEUED" || fail "an MM was not answered Ok while the MMSCs refused"
status=$(ready_status)
[[ $status == 200 ]] || fail "readiness before the stop was HTTP $status: $(cat "$BASE/ready.json")"
echo "readiness before the stop: HTTP $status $(cat "$BASE/ready.json")"

# ---- 2. the broker stops ------------------------------------------------------------------------
# force-failover makes Artemis fail as on a fatal error (ActiveMQServer.fail): with no backup the
# broker just stops. WildFly runs on, but takes down the JMS resources of the deactivated broker and
# with them every deployment service that depends on them: the router must not be one.
echo "stopping the broker: /subsystem=messaging-activemq/server=default:force-failover"
t0=$(now_ms)
cli '/subsystem=messaging-activemq/server=default:force-failover' >> "$LOG" || fail "force-failover failed"
t_op=$(now_ms)
not_ready_ms=""
while (( $(now_ms) - t0 < 15000 )); do
  [[ $(ready_status) == 503 ]] && tr -d ' \n' < "$BASE/ready.json" | grep -q '"cause":"broker"' \
    && { not_ready_ms=$(( $(now_ms) - t0 )); break; }
  sleep 0.05
done
started=$(cli '/subsystem=messaging-activemq/server=default:read-attribute(name=started)' | sed -n 's/.*"result" => \([a-z]*\).*/\1/p')
deployment=$(cli '/deployment=mms-router.ear:read-attribute(name=status)' | sed -n 's/.*"result" => "\([A-Z]*\)".*/\1/p')
echo "broker stopped: the operation took $((t_op - t0)) ms; Artemis started=$started; deployment status $deployment;" \
  "readiness 503 ${not_ready_ms:-never} ms after the operation began: $(tr -d '\n' < "$BASE/ready.json")"
[[ $started == false ]] || fail "force-failover did not stop the broker (started=$started)"
[[ $deployment == OK ]] || fail "the router's deployment did not stay up with the broker stopped (status ${deployment:-none})"
if [[ -z $not_ready_ms || $not_ready_ms -gt $READY_LIMIT_MS ]]; then
  fail "readiness did not answer 503 with JSON cause broker within $READY_LIMIT_MS ms (last answer HTTP $(ready_status): $(cat "$BASE/ready.json"))"
fi
broker_up=$(admin_get "http://127.0.0.1:$HTTP" /metrics | sed -n 's/^mmsrouter_broker_up \([0-9]*\).*/\1/p' || true)
echo "metrics while the broker is down: mmsrouter_broker_up ${broker_up:-missing}"
[[ $broker_up == 0 ]] || fail "the metrics did not say mmsrouter_broker_up 0 (${broker_up:-no metrics})"

# ---- 3. submissions during the outage: prompt transient answers --------------------------------
echo "submitting for $OUTAGE_LOAD while the broker is down (8 closed-loop workers, 5 s client timeout)"
java -jar "$TOOLS" load --url "http://127.0.0.1:$HTTP/mms" --concurrency 8 --warmup 0s --duration "$OUTAGE_LOAD" \
  --size 5000 --timeout 5s --run-id outage > "$BASE/load-outage.txt" 2>&1 || true
sed 's/^/    /' "$BASE/load-outage.txt"
result=$(grep '^RESULT ' "$BASE/load-outage.txt" || true)
field() { echo "$result" | grep -o " $1=[0-9.]*" | cut -d= -f2; }
sent=$(sed -n 's/^requests sent: *\([0-9]*\).*/\1/p' "$BASE/load-outage.txt")
ok=$(field ok)
transient=$(sed -n 's/^ *0xC0 Error-transient-failure: \([0-9]*\)$/\1/p' "$BASE/load-outage.txt")
http503=$(sed -n 's/.*\[.*503 × \([0-9]*\).*/\1/p' "$BASE/load-outage.txt")
timeouts=$(sed -n 's/.*timeouts: \([0-9]*\).*/\1/p' "$BASE/load-outage.txt")
other=$(( ${sent:-0} - ${transient:-0} - ${http503:-0} ))
# Each answer's time, whatever it is (the load tool times m-send-confs only): sequential POSTs, one
# at a time, so no per-source share is exceeded and each must be an m-send-conf with Response-Status
# (header 0x92) Error-transient-failure (0xC0) and a Retry-After. Each line: HTTP code, time, whether
# the body holds 0x92 0xC0, whether a Retry-After came.
for i in $(seq 1 100); do
  line=$(curl -s --noproxy '*' -o "$BASE/outage-answer.bin" -D "$BASE/outage-headers.txt" --max-time 5 \
    -w '%{http_code} %{time_total}' -X POST -H 'Content-Type: application/vnd.wap.mms-message' \
    --data-binary @"$BASE/one.pdu" "http://127.0.0.1:$HTTP/mms" || true)
  transient_conf=no; retry_after=no
  od -An -v -tx1 "$BASE/outage-answer.bin" 2>/dev/null | tr -s ' \n' ' ' | grep -q ' 92 c0' && transient_conf=yes
  grep -qi '^Retry-After:' "$BASE/outage-headers.txt" 2>/dev/null && retry_after=yes
  echo "$line $transient_conf $retry_after"
done > "$BASE/outage-curl.txt"
p99=$(awk '{ print $2 * 1000 }' "$BASE/outage-curl.txt" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99 + 0.999); print v[i] }')
codes=$(awk '{ print $1 }' "$BASE/outage-curl.txt" | sort | uniq -c | awk '{ printf "%s%s×%s", sep, $2, $1; sep = ", " }')
echo "outage answers (tools load): ${sent:-?} sent, ${transient:-0} m-send-conf 0xC0, ${http503:-0} HTTP 503, ${ok:-?} Ok," \
  "$other other, ${timeouts:-?} timeouts; 100 single POSTs: HTTP $codes, p99 ${p99:-?} ms"
if [[ ${sent:-0} -eq 0 || $other -ne 0 || ${timeouts:-1} -ne 0 ]]; then
  fail "not every submission during the outage got a transient answer (0xC0 or HTTP 503) at once"
fi
not_c0=$(grep -cv '^200 [0-9.]* yes ' "$BASE/outage-curl.txt" || true)
no_retry=$(grep -cv ' yes$' "$BASE/outage-curl.txt" || true)
echo "single POSTs: $not_c0 not an m-send-conf 0xC0, $no_retry without Retry-After"
[[ $not_c0 -eq 0 ]] || fail "$not_c0 single POST(s) during the outage did not get m-send-conf 0xC0 (HTTP 200)"
[[ $no_retry -eq 0 ]] || fail "$no_retry single POST(s) during the outage came without Retry-After"
[[ ${transient:-0} -gt 0 ]] || fail "the load during the outage got no m-send-conf 0xC0 at all"
awk -v p="${p99:-99999}" -v l=$ANSWER_P99_LIMIT_MS 'BEGIN { exit !(p < l) }' || fail "outage answers' p99 ${p99:-?} ms is not under $ANSWER_P99_LIMIT_MS ms"

severe=$(grep -c 'SEVERE.*MMS Router: the message broker (Artemis) has stopped' "$BASE/log/server.log" || true)
echo "server.log: $severe SEVERE line(s) 'MMS Router: the message broker (Artemis) has stopped'"
[[ $severe -ge 1 ]] || fail "no SEVERE line about the stopped broker in server.log"

# ---- 4. recovery: reload (or restart), ready, new MMs Ok, nothing lost -------------------------
echo "bringing the broker back: jboss-cli :reload"
t1=$(now_ms)
recovered_by=reload
reload=$(cli ':reload' || true)
echo "$reload" >> "$LOG"
if [[ $reload != *'"outcome" => "success"'* ]]; then
  refused=$(echo "$reload" | grep -o 'WFLYCTL0[0-9]*' | head -1)
  echo "  WildFly refused the reload ($refused, rolled back): restarting instead, jboss-cli ':shutdown(restart=true)'"
  recovered_by="restart (reload refused: $refused)"
  cli ':shutdown(restart=true)' >> "$LOG" || true   # standalone.sh starts the JVM again (exit status 10)
fi
ready_ms=""
while (( $(now_ms) - t1 < 180000 )); do
  [[ $(ready_status) == 200 ]] && { ready_ms=$(( $(now_ms) - t1 )); break; }
  sleep 0.2
done
echo "ready again ${ready_ms:-never} ms after the $recovered_by began: $(cat "$BASE/ready.json")"
[[ -n $ready_ms ]] || fail "not ready within 180 s"
set_sims healthy
expected=$((N_DELIVERED + N_QUEUED))
wait_for 120 eval '[[ $(received_total) -ge $expected ]]' || true
echo "submitting $N_AFTER new MMs"
submit "$N_AFTER" || fail "a new MM after the recovery was not answered Ok"
expected=$((expected + N_AFTER))
wait_for 60 eval '[[ $(received_total) -ge $expected ]]' || true
sleep 2   # anything delivered twice arrives too
delivered=$(received_total)
distinct=$(received_tids | sort -u | wc -l)
echo "delivery: $((N_DELIVERED + N_QUEUED)) answered Ok before the stop ($N_QUEUED of them queued at the stop) + $N_AFTER after it;" \
  "$delivered delivered, $distinct distinct"
[[ $delivered -eq $expected && $distinct -eq $expected ]] || fail "MMs lost or delivered twice ($delivered delivered, $distinct distinct, $expected expected)"

echo "FIGURES not_ready_ms=${not_ready_ms:-none} outage_sent=${sent:-0} outage_0xC0=${transient:-0} outage_503=${http503:-0}" \
  "outage_timeouts=${timeouts:-?} outage_p99_ms=${p99:-?} recovery='$recovered_by' ready_again_ms=${ready_ms:-none}" \
  "delivered=$delivered distinct=$distinct expected=$expected"
if [[ $failed -eq 0 ]]; then echo "broker stop: passed"; else echo "broker stop: $failed check(s) failed"; fi
[[ $failed -eq 0 ]]
