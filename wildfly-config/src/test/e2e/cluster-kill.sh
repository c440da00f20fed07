#!/usr/bin/env bash
# End-to-end: a two-node router cluster (README "Cluster") loses nothing when a node dies under load.
# PostgreSQL (the shared registry), two simulated MMSCs, two nodes made with cluster-node.sh from the
# cluster profile (standalone-full-ha.xml: JGroups TCP with a static member list; on each node an
# active broker used by the router and a backup broker replicating the other node's journal).
#  1. `tools load` against both nodes at once; both MMSCs refuse from 5 s before until 3 s after
#     node-1 is killed with kill -9 mid-load, so node-1 dies holding a backlog of queued MMs that
#     only its journal's replica on node-2 has.
#     Checked: every MM answered Ok (by either node) reaches a simulated MMSC (Transaction-IDs
#     compared at the simulators' control API); duplicates are counted and reported (at-least-once:
#     an MM a dying node had sent but not yet acknowledged); the surviving node answered every
#     submission Ok; node-2's DNS responder (dig) stops answering node-1's address.
#  2. node-1 restarts and rejoins (its broker takes its journal back from node-2, failback):
#     node-2's DNS answers carry it again, both nodes take a second load, everything is delivered,
#     and no MM of the first load is delivered again.
#  3. Rolling restart (ROLLING=0 skips it): each node in turn, holding ~120 queued MMs (the MMSCs
#     refuse until it is down), is restarted with the operators' script cluster-restart.sh (suspend,
#     kill, replica takes over, failback, redeploy, replicated again) while the load goes to the
#     other node: the other node refuses nothing, its DNS answers leave the restarting node out
#     while it is down, every MM answered Ok is delivered, duplicates counted.
# Reports the memory (RSS) of each node under load. Bounded (~5 min), cleans up on exit, exit 1 on
# any failed check.
#
# Needs a build (mvn package), dig (dnsutils) and PostgreSQL with a database the role owns:
#   PGHOST=127.0.0.1 PGPORT=5432 PGDATABASE=mmsrouter PGUSER=mmsrouter PGPASSWORD=mmsrouter
# Ports (change with the variables): offsets 1000/1100 (HTTP 9080/9180, management 10990/11090),
# JGroups 21600/21700 (+1 for failure detection), DNS 17053/17153, simulators 19080-19082.
set -euo pipefail
cd "$(dirname "$0")/../../../.."

source wildfly-config/src/test/e2e/pg-env.sh

WORK=$PWD/wildfly-config/target/e2e-cluster
NODES=2
OFFSET1=${OFFSET1:-1000}
OFFSET2=${OFFSET2:-1100}
OFFSETS=(0 "$OFFSET1" "$OFFSET2")
JGROUPS_BASE=${JGROUPS_BASE:-20600}          # + offset: 21600, 21700
DNS_BASE=${DNS_BASE:-16053}                  # + offset: 17053, 17153
CONTROL=${SIM_CONTROL_PORT:-19080}
SIM_A=$((CONTROL + 1))
SIM_B=$((CONTROL + 2))
RATE=${RATE:-40}                             # MM/s offered to each node (open loop)
LOAD_SECONDS=${LOAD_SECONDS:-30}
KILL_AFTER=${KILL_AFTER:-12}                 # seconds into the load
SIZE=${SIZE:-10000}
OUTAGE_BEFORE=${OUTAGE_BEFORE:-5}            # MMSCs refuse this long before the kill …
OUTAGE_AFTER=${OUTAGE_AFTER:-3}              # … and this long after it
MAX_DUPLICATES=${MAX_DUPLICATES:-64}         # at-least-once window: MMs in flight on the dying node
source wildfly-config/src/test/e2e/cluster-lib.sh
HTTP1=$(http_of 1)
HTTP2=$(http_of 2)

cluster_prerequisites
trap cluster_cleanup EXIT

start_simulators
source wildfly-config/src/test/e2e/admin-api.sh
prepare 1
prepare 2
echo "     node-1: $(cat "$WORK/node1.start-command")"
started_at=$SECONDS
admin_user "$WORK/node1/configuration"
admin_user "$WORK/node2/configuration"
start 1
deployed 1 120
start 2
deployed 2 120
check "both backup brokers synchronized with the other node's primary" 60 eval 'synced 1 && synced 2'
check "node-1's DNS answers carry both nodes" 30 answers_exactly 1 "1 2"
check "node-2's DNS answers carry both nodes" 30 answers_exactly 2 "1 2"
echo "     cluster up in $((SECONDS - started_at)) s"

# --- 0. shared state: registry edits, health views, learned owners -----------------------------
admin_send POST "http://127.0.0.1:$HTTP1" "/mmscs/sim-b/admin-state?set=draining" >/dev/null
check "a drain on node-1 is in force on node-2 (registry read back every heartbeat)" 10 \
  eval '[[ $(admin_state_at "$HTTP2" sim-b) == draining ]]'
admin_send POST "http://127.0.0.1:$HTTP2" "/mmscs/sim-b/admin-state?set=enabled" >/dev/null
check "re-enabled on node-2, in force on node-1" 10 eval '[[ $(admin_state_at "$HTTP1" sim-b) == enabled ]]'
# (JSON-B writes properties in alphabetical order: mmscHealth just before name.)
check "node-1's console shows node-2's own view of the MMSCs (both UP)" 10 \
  eval 'admin_get "http://127.0.0.1:$HTTP1" /overview | grep -q "\"mmscHealth\":{\"sim-a\":\"UP\",\"sim-b\":\"UP\"},\"name\":\"node2\""'
submitted=$(java -jar "$TOOLS" submit --url "http://127.0.0.1:$HTTP1/mms" --tid cluster-owner-1)
message_id=$(sed -n 's/.*Message-ID=\([^ ]*\).*/\1/p' <<<"$submitted")
learned_before=$(admin_get "http://127.0.0.1:$HTTP2" /status | grep -o '"byLearned":[0-9]*' | cut -d: -f2)
tid_owner_before=$(admin_get "http://127.0.0.1:$HTTP1" "/owners?transactionId=cluster-owner-1")
sleep 1
retrieved=$(curl -s --noproxy '*' -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP2/mms/$message_id")
learned_after=$(admin_get "http://127.0.0.1:$HTTP2" /status | grep -o '"byLearned":[0-9]*' | cut -d: -f2)
if [[ -n $message_id && $retrieved == 200 && $learned_after == $((learned_before + 1)) ]]; then
  pass "an MM submitted at node-1 ($message_id) is retrieved at node-2 from its owner as learned (outcomes topic), no sweep"
else
  fail "retrieval at node-2 of $message_id (submitted at node-1): HTTP $retrieved, byLearned $learned_before -> $learned_after"
fi

# The m-retrieve-conf taught node-2 the Transaction-ID the phone's m-acknowledge-ind will carry;
# node-1 learns it from node-2 (the outcomes topic), so an acknowledgement reaching node-1 needs no broadcast.
owner_of_message=${message_id%%-[0-9]*}
tid_owner_at_1() { admin_get "http://127.0.0.1:$HTTP1" "/owners?transactionId=cluster-owner-1" | grep -q "\"mmsc\":\"$owner_of_message\""; }
if [[ $tid_owner_before == *'"mmsc"'* ]]; then
  fail "node-1 knew the owner of Transaction-ID cluster-owner-1 before any retrieval: $tid_owner_before"
else
  check "node-1 learns from node-2's retrieval that $owner_of_message owns Transaction-ID cluster-owner-1" 10 tid_owner_at_1
fi

# --- 1. load on both nodes, kill -9 node-1 mid-load ------------------------------------------
load 1 n1 "$LOAD_SECONDS"
load 2 n2 "$LOAD_SECONDS"
sleep $((KILL_AFTER - OUTAGE_BEFORE))
sims_mode refuse
echo "     both MMSCs refuse connections from $(date +%T)"
sleep "$OUTAGE_BEFORE"
backlog1=$(queued 1 || echo "?")
backlog2=$(queued 2 || echo "?")
echo "     queued at the kill: node-1 $backlog1 MMs, node-2 $backlog2 MMs"
rss_load="node-1 $(rss_mb 1) MB, node-2 $(rss_mb 2) MB"
echo "     RSS under load: $rss_load"
lines2=$(log_lines 2)
kill -9 "$(node_pid 1)"
killed_at=$(date +%s.%N)
echo "     node-1 killed with kill -9 at $(date +%T) (${KILL_AFTER} s into the load)"
sleep "$OUTAGE_AFTER"
sims_mode healthy
echo "     both MMSCs healthy again at $(date +%T)"
check "node-2's DNS answers drop the dead node-1 (node timeout 10 s, TTL 60 s)" 30 answers_exactly 2 2
wait_for_loads
ok1=$(wc -l <"$WORK/ok-n1.txt")
ok2=$(wc -l <"$WORK/ok-n2.txt")
echo "     load on node-1: $(grep '^RESULT' "$WORK/load-n1.txt")"
echo "     load on node-2: $(grep '^RESULT' "$WORK/load-n2.txt")"
if answered_all_ok "$WORK/load-n2.txt"; then
  pass "the surviving node-2 answered every one of its $ok2 submissions Ok"
else
  fail "node-2 refused or failed submissions: $(grep '^RESULT' "$WORK/load-n2.txt") (report: $WORK/load-n2.txt)"
fi
failover=$(tail -n +"$lines2" "$WORK/node2/log/server.log" | grep -m1 "ActiveMQServerImpl::name=backup to become 'active'" | cut -d' ' -f2 || true)
[[ -n $failover ]] && echo "     node-2's backup broker active (node-1's journal) at $failover"
check "every MM answered Ok is delivered ($ok1 by node-1, $ok2 by node-2; node-1 died with $backlog1 queued)" 90 all_delivered "$WORK/ok-n1.txt" "$WORK/ok-n2.txt"
m=$(missing "$WORK/ok-n1.txt" "$WORK/ok-n2.txt")
[[ $m -gt 0 ]] && echo "     $m MMs answered Ok were not delivered, e.g.: $(sort -u "$WORK"/ok-n?.txt | comm -23 - <(received | sort -u) | head -3 | tr '\n' ' ')"
dup1=$(duplicates "$WORK/ok-n1.txt" "$WORK/ok-n2.txt")
all_received=$(received | wc -l)
echo "     delivered: $all_received MMs, $(received | sort -u | wc -l) distinct; duplicates among those answered Ok: $dup1"
within_window "$dup1" "after the kill"

# --- 2. node-1 restarts and rejoins -----------------------------------------------------------
lines2=$(log_lines 2)
restart_at=$SECONDS
# A node that comes back after a crash gets its queued messages back from its replica first
# (failback); until its broker is active again, it has no JMS connection factory, and a router
# deployed at boot would fail for want of it. So: boot without the router, deploy it once the
# broker is active (README "Cluster", rolling restart).
restart_failback 1
echo "     node-1 back in $((SECONDS - restart_at)) s"
check "node-2's backup broker replicates node-1's journal again" 60 synced 2 "$lines2"
check "node-2's DNS answers carry node-1 again" 30 answers_exactly 2 "1 2"
load 1 r1 10
load 2 r2 10
wait_for_loads
echo "     after the restart, node-1: $(grep '^RESULT' "$WORK/load-r1.txt")"
echo "     after the restart, node-2: $(grep '^RESULT' "$WORK/load-r2.txt")"
if answered_all_ok "$WORK/load-r1.txt" && answered_all_ok "$WORK/load-r2.txt"; then
  pass "both nodes answer every submission Ok after the rejoin"
else
  fail "submissions failed after the rejoin (reports: $WORK/load-r1.txt, $WORK/load-r2.txt)"
fi
# The answer window across nodes: an MM queued on the other node (ON_DEMAND) is answered with the
# MMSC's own m-send-conf only if it comes back through the outcomes topic within the window.
for n in 1 2; do
  http=$HTTP1; [[ $n == 2 ]] && http=$HTTP2
  answers=$(admin_get "http://127.0.0.1:$http" /metrics | grep '^mmsrouter_mm1_answers_total' | sed 's/mmsrouter_mm1_answers_total{answer="\([a-z]*\)"} /\1=/' | tr '\n' ' ')
  echo "     node-$n answers since its start (mmsc = the MMSC's own m-send-conf relayed, router = window closed): $answers"
done
check "every MM of the second load is delivered" 60 all_delivered "$WORK/ok-r1.txt" "$WORK/ok-r2.txt"
sleep 5   # anything the rejoined node's journal would redeliver comes now
dup_after=$(duplicates "$WORK/ok-n1.txt" "$WORK/ok-n2.txt")
dup_r=$(duplicates "$WORK/ok-r1.txt" "$WORK/ok-r2.txt")
if (( dup_after == dup1 && dup_r == 0 )); then
  pass "the rejoin delivered nothing again (first load's duplicates still $dup1, second load's $dup_r)"
else
  fail "after the rejoin: first load's duplicates $dup1 -> $dup_after, second load's $dup_r"
fi

# --- 3. rolling restart: each node in turn stops cleanly while holding a backlog ----------------
# The load goes to the other node for the whole restart (as WAP gateways do once DNS no longer
# names the stopping node); the MMSCs refuse for the first seconds, so the stopping node holds
# queued MMs when it stops. Nothing may be refused, lost or delivered twice.
restart_cleanly() {   # restart_cleanly N OTHER
  local n=$1 other=$2
  sims_mode refuse
  load "$other" "roll$n" 45
  load "$n" "pre$n" 3
  sleep 4
  echo "     node-$n holds $(queued "$n" || echo "?") queued MMs; restarting it with cluster-restart.sh"
  # cluster-restart.sh's update step, run while node-n is down: what node-other's DNS answers then
  # (up to ~16 s for node-n to leave them: node.timeout-ms, 10 s), and the MMSCs recover.
  local seen=$WORK/dns-while-node$n-down.txt while_down=$WORK/while-node$n-down.sh
  cat >"$while_down" <<EOF
for i in \$(seq 80); do
  a=\$(dig @127.0.0.1 -p $(dns_of "$other") +short +tries=1 +time=2 mms.operator.test A | tr '\n' ' ')
  [[ \$a != *"$(address_of "$n") "* ]] && break
  sleep 0.2
done
echo "\$a" >"$seen"
for sim in sim-a sim-b; do curl -sf --noproxy '*' -X POST "http://127.0.0.1:$CONTROL/sims/\$sim/mode?set=healthy"; done
EOF
  restart_node "$n" --update "bash $while_down"
  if [[ -s $seen && $(cat "$seen") != *"$(address_of "$n") "* ]]; then
    pass "node-$other's DNS answers left node-$n out while it was down ($(cat "$seen"))"
  else
    fail "node-$other's DNS answers still carried node-$n while it was down: $(cat "$seen" 2>/dev/null)"
  fi
  check "node-$other's DNS answers carry node-$n again" 30 answers_exactly "$other" "1 2"
  wait_for_loads
  if answered_all_ok "$WORK/load-roll$n.txt"; then
    pass "node-$other answered all $(wc -l <"$WORK/ok-roll$n.txt") submissions Ok while node-$n restarted"
  else
    fail "node-$other refused submissions while node-$n restarted: $(grep '^RESULT' "$WORK/load-roll$n.txt")"
  fi
}
# ROLLING=0 skips it.
if [[ ${ROLLING:-1} == 1 ]]; then
  restart_cleanly 1 2
  restart_cleanly 2 1
  check "every MM answered Ok during the rolling restart is delivered" 90 all_delivered \
    "$WORK/ok-pre1.txt" "$WORK/ok-roll1.txt" "$WORK/ok-pre2.txt" "$WORK/ok-roll2.txt"
  sleep 5
  dup_roll=$(duplicates "$WORK/ok-pre1.txt" "$WORK/ok-roll1.txt" "$WORK/ok-pre2.txt" "$WORK/ok-roll2.txt")
  within_window "$dup_roll" "during the rolling restart"
fi

echo "     RSS: under load $rss_load; at the end node-1 $(rss_mb 1) MB, node-2 $(rss_mb 2) MB"
echo "     total $((SECONDS - started_at)) s"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
