# Sourced by the single-node end-to-end scripts (broker-stop.sh, backlog-heap.sh): one router, a copy
# of the provisioned server under BASE, in front of two simulated MMSCs (sim-a, sim-b).
# Needs SERVER, BASE, OFFSET, DNS_PORT, CONTROL, SIM_A, SIM_B, LOG and TOOLS set.
#   start_sims                 the simulators, control API on CONTROL (SIM_PID is theirs)
#   set_sims MODE              both simulators: healthy, refuse, ...
#   received_total             MMs the two simulators hold
#   received_tids              their Transaction-IDs, one a line
#   start_router [PROPERTY...] WildFly with the EAR and answer window 0; returns once it is deployed

sims() { curl -sf "http://127.0.0.1:$CONTROL/sims$1" "${@:2}"; }
received_total() { sims "" | grep -o '"received":[0-9]*' | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }'; }
received_tids() { { sims /sim-a/received; sims /sim-b/received; } | grep -o '"transactionId":"[^"]*"' | cut -d'"' -f4; }
set_sims() { sims "/sim-a/mode?set=$1" -X POST >/dev/null; sims "/sim-b/mode?set=$1" -X POST >/dev/null; }

start_sims() {
  java -jar "$TOOLS" mmsc-sim --mmsc sim-a="$SIM_A" --mmsc sim-b="$SIM_B" --control-port "$CONTROL" >> "$LOG" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 50); do sims "" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "the MMSC simulators did not start"; exit 1
}

start_router() {
  rm -f "$BASE"/deployments/mms-router.ear.{deployed,failed,isdeploying,pending}
  # In a subshell, so that a kill of the server does not make the calling shell report the job.
  ( "$SERVER/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$BASE" \
    -Djboss.socket.binding.port-offset="$OFFSET" -Dmmsrouter.dns.port="$DNS_PORT" \
    -Dmmsrouter.mmsc.sim-a.url="http://127.0.0.1:$SIM_A/mms" -Dmmsrouter.mmsc.sim-b.url="http://127.0.0.1:$SIM_B/mms" \
    -Dmmsrouter.mm1.answer-window-ms=0 "$@" >> "$LOG" 2>&1 & )
  for _ in $(seq 1 180); do
    [[ -f $BASE/deployments/mms-router.ear.deployed ]] && return 0
    [[ -f $BASE/deployments/mms-router.ear.failed ]] && { echo "deployment failed"; exit 1; }
    sleep 1
  done
  echo "router did not start"; exit 1
}
