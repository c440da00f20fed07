#!/usr/bin/env bash
# End-to-end: a three-node router cluster (README "Cluster") — the ring of replicas closes over three
# nodes (node1 <- node2 <- node3 <- node1: node i's backup broker replicates node i-1's journal) and
# the middle node dies under load without a loss.
#  1. Three nodes made with cluster-node.sh (three members in TCPPING's list), PostgreSQL, two
#     simulated MMSCs: every backup broker synchronized with its primary, every node's DNS answers
#     carry all three, a drain on node-1 is in force on node-3.
#  2. `tools load` against all three; both MMSCs refuse from 5 s before until 3 s after node-2 is
#     killed (kill -9) mid-load, so it dies holding queued MMs that only node-3 (its replica) has.
#     Checked: node-1 and node-3 answered every submission Ok; their DNS answers drop node-2; node-3's
#     backup broker takes over node-2's journal; every MM answered Ok reaches an MMSC; duplicates
#     counted (at-least-once window).
#  3. node-2 restarts (failback), is answered by DNS again, node-3 replicates it again, all three take
#     a second load, everything is delivered and nothing of the first load again.
# Reports the memory (RSS) of each node under load. Bounded (~4 min), cleans up on exit, exit 1 on
# any failed check. Needs what cluster-kill.sh needs (a build, dig, PostgreSQL: pg-env.sh).
# Ports: offsets 1000/1100/1200 (HTTP 9080/9180/9280, management 10990/11090/11190), JGroups
# 21600/21700/21800 (+1 for failure detection), DNS 17053/17153/17253, simulators 19080-19082 — the
# same as cluster-kill.sh: run them one after the other.
set -euo pipefail
cd "$(dirname "$0")/../../../.."

source wildfly-config/src/test/e2e/pg-env.sh

WORK=$PWD/wildfly-config/target/e2e-cluster-three
NODES=3
OFFSETS=(0 1000 1100 1200)
JGROUPS_BASE=${JGROUPS_BASE:-20600}
DNS_BASE=${DNS_BASE:-16053}
CONTROL=${SIM_CONTROL_PORT:-19080}
SIM_A=$((CONTROL + 1))
SIM_B=$((CONTROL + 2))
RATE=${RATE:-25}                             # MM/s offered to each node (open loop)
LOAD_SECONDS=${LOAD_SECONDS:-30}
KILL_AFTER=${KILL_AFTER:-12}                 # seconds into the load
SIZE=${SIZE:-10000}
OUTAGE_BEFORE=${OUTAGE_BEFORE:-5}
OUTAGE_AFTER=${OUTAGE_AFTER:-3}
MAX_DUPLICATES=${MAX_DUPLICATES:-64}
source wildfly-config/src/test/e2e/cluster-lib.sh

cluster_prerequisites
trap cluster_cleanup EXIT
start_simulators
source wildfly-config/src/test/e2e/admin-api.sh
started_at=$SECONDS
for n in 1 2 3; do
  prepare "$n"
  admin_user "$WORK/node$n/configuration"
done
# One after the other: three WildFly boots at once on two cores take longer than in turn.
for n in 1 2 3; do
  start "$n"
  deployed "$n" 180
done
check "every backup broker synchronized with its primary (node1 <- node2 <- node3 <- node1)" 90 \
  eval 'synced 1 && synced 2 && synced 3'
for n in 1 2 3; do
  check "node-$n's DNS answers carry all three nodes" 30 answers_exactly "$n" "1 2 3"
done
echo "     cluster of three up in $((SECONDS - started_at)) s"
admin_send POST "http://127.0.0.1:$(http_of 1)" "/mmscs/sim-b/admin-state?set=draining" >/dev/null
check "a drain on node-1 is in force on node-3" 10 \
  eval '[[ $(admin_state_at "$(http_of 3)" sim-b) == draining ]]'
admin_send POST "http://127.0.0.1:$(http_of 3)" "/mmscs/sim-b/admin-state?set=enabled" >/dev/null

# --- kill -9 the middle node under load ---------------------------------------------------------
for n in 1 2 3; do load "$n" "n$n" "$LOAD_SECONDS"; done
sleep $((KILL_AFTER - OUTAGE_BEFORE))
sims_mode refuse
sleep "$OUTAGE_BEFORE"
echo "     queued at the kill: node-1 $(queued 1 || echo ?), node-2 $(queued 2 || echo ?), node-3 $(queued 3 || echo ?) MMs"
rss_load="node-1 $(rss_mb 1) MB, node-2 $(rss_mb 2) MB, node-3 $(rss_mb 3) MB"
echo "     RSS under load: $rss_load"
lines3=$(log_lines 3)
kill -9 "$(node_pid 2)"
echo "     node-2 killed with kill -9 at $(date +%T) (${KILL_AFTER} s into the load)"
sleep "$OUTAGE_AFTER"
sims_mode healthy
check "node-1's DNS answers drop the dead node-2" 30 answers_exactly 1 "1 3"
check "node-3's DNS answers drop the dead node-2" 30 answers_exactly 3 "1 3"
wait_for_loads
for n in 1 2 3; do echo "     load on node-$n: $(grep '^RESULT' "$WORK/load-n$n.txt")"; done
for n in 1 3; do
  if answered_all_ok "$WORK/load-n$n.txt"; then
    pass "the surviving node-$n answered every one of its $(wc -l <"$WORK/ok-n$n.txt") submissions Ok"
  else
    fail "node-$n refused or failed submissions: $(grep '^RESULT' "$WORK/load-n$n.txt")"
  fi
done
check "node-3's backup broker took over node-2's journal" 30 \
  logged_since 3 "$lines3" "ActiveMQServerImpl::name=backup to become 'active'"
failover=$(tail -n +"$lines3" "$WORK/node3/log/server.log" | grep -m1 "ActiveMQServerImpl::name=backup to become 'active'" | cut -d' ' -f2 || true)
[[ -n $failover ]] && echo "     node-3's backup broker active (node-2's journal) at $failover"
first=("$WORK/ok-n1.txt" "$WORK/ok-n2.txt" "$WORK/ok-n3.txt")
check "every MM answered Ok is delivered ($(cat "${first[@]}" | wc -l) in all, $(wc -l <"$WORK/ok-n2.txt") by node-2 before it died)" \
  90 all_delivered "${first[@]}"
dup1=$(duplicates "${first[@]}")
within_window "$dup1" "after the kill"

# --- node-2 comes back --------------------------------------------------------------------------
lines3=$(log_lines 3)
restart_at=$SECONDS
restart_failback 2
echo "     node-2 back in $((SECONDS - restart_at)) s"
check "node-3's backup broker replicates node-2's journal again" 60 synced 3 "$lines3"
for n in 1 3; do
  check "node-$n's DNS answers carry node-2 again" 30 answers_exactly "$n" "1 2 3"
done
for n in 1 2 3; do load "$n" "r$n" 10; done
wait_for_loads
if answered_all_ok "$WORK/load-r1.txt" && answered_all_ok "$WORK/load-r2.txt" && answered_all_ok "$WORK/load-r3.txt"; then
  pass "all three nodes answer every submission Ok after the rejoin"
else
  fail "submissions failed after the rejoin: $(grep -h '^RESULT' "$WORK"/load-r?.txt | tr '\n' ' ')"
fi
check "every MM of the second load is delivered" 60 all_delivered "$WORK"/ok-r?.txt
sleep 5   # anything the rejoined node's journal would redeliver comes now
dup_after=$(duplicates "${first[@]}")
dup_r=$(duplicates "$WORK"/ok-r?.txt)
if (( dup_after == dup1 && dup_r == 0 )); then
  pass "the rejoin delivered nothing again (first load's duplicates still $dup1, second load's $dup_r)"
else
  fail "after the rejoin: first load's duplicates $dup1 -> $dup_after, second load's $dup_r"
fi

echo "     RSS: under load $rss_load; at the end node-1 $(rss_mb 1) MB, node-2 $(rss_mb 2) MB, node-3 $(rss_mb 3) MB"
echo "     total $((SECONDS - started_at)) s"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
