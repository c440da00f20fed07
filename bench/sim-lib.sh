# Helpers for the benchmarks' simulated MMSCs (tools mmsc-sim: sim-a and sim-b, control API on
# $CONTROL), sourced by run-router-bench.sh and run-hotpath-bench.sh. The caller keeps CLEANER_PID
# in its cleanup.

sims() { curl -sf --noproxy '*' "http://127.0.0.1:$CONTROL/sims$1" "${@:2}"; }
received_total() { sims "" | grep -o '"received":[0-9]*' | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }'; }
set_mode() { sims "/$1/mode?set=$2" -X POST >/dev/null; }
clear_received() { sims /sim-a/received -X DELETE >/dev/null; sims /sim-b/received -X DELETE >/dev/null; }

# The simulators keep every MM they receive (30 KB each): during timed loads forget them every
# second, so their memory does not grow with the run.
CLEANER_PID=""
start_cleaner() {
  ( while true; do clear_received || true; sleep 1; done ) &
  CLEANER_PID=$!
}
stop_cleaner() {
  kill "$CLEANER_PID" 2>/dev/null || true
  wait "$CLEANER_PID" 2>/dev/null || true
  CLEANER_PID=""
}

# settle [SECONDS_BETWEEN_READS] [SAME_READS]: waits (at most 120 reads) until the simulators'
# received counts stop moving — the router still delivers MMs it answered with its own ID after
# a load ends — so one phase does not load the next; then forgets them.
settle() {
  local pause=${1:-1} needed=${2:-3} last=-1 same=0 count
  for _ in $(seq 1 120); do
    count=$(received_total)
    if [[ $count -eq $last ]]; then
      same=$((same + 1)); [[ $same -ge $needed ]] && break
    else
      same=0; last=$count
    fi
    sleep "$pause"
  done
  clear_received
}
