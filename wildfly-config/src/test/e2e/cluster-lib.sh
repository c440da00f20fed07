# Sourced by the cluster end-to-end scripts (cluster-kill.sh, cluster-three.sh): N router nodes made
# with cluster-node.sh on one host, two simulated MMSCs, PostgreSQL, and the checks they share.
# The sourcing script sets, before sourcing:
#   NODES            how many nodes (node i's backup broker replicates node i-1, node 1's the last: a ring)
#   OFFSETS          array, OFFSETS[i] = node i's port offset (HTTP 8080+, management 9990+)
#   WORK             a fresh work directory
#   JGROUPS_BASE, DNS_BASE   ports before the offset
#   CONTROL, SIM_A, SIM_B    the simulators' control API and MMSC ports
#   RATE, SIZE       what `load` offers (MM/s per node, bytes per MM)
# Node i's DNS answers give out 127.0.10.i for it.
SERVER=$PWD/wildfly-config/target/wildfly-38.0.1.Final
TOOLS=$PWD/tools/target/mms-router-tools.jar
NODE_SH=wildfly-config/src/main/scripts/cluster-node.sh

http_of() { echo $((8080 + OFFSETS[$1])); }
mgmt_of() { echo $((9990 + OFFSETS[$1])); }
dns_of() { echo $((DNS_BASE + OFFSETS[$1])); }
address_of() { echo "127.0.10.$1"; }
backup_of() { local previous=$(($1 - 1)); (( previous == 0 )) && previous=$NODES; echo "node$previous"; }

node_pid() { cat "$WORK/node$1.pid" 2>/dev/null || true; }
alive() { local pid; pid=$(node_pid "$1"); [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

SIM_PID=""
LOAD_PIDS=()
cluster_cleanup() {
  for ((n = 1; n <= NODES; n++)); do alive $n && kill -9 "$(node_pid $n)" 2>/dev/null || true; done
  for pid in "${LOAD_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
  rm -f "$WORK/cluster-password" "$WORK/db-password" "$WORK/cluster-key.p12"
}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# check DESCRIPTION SECONDS COMMAND...: polls the command until it succeeds.
check() {
  local description=$1 seconds=$2 started=$SECONDS
  shift 2
  while ! "$@"; do
    if (( SECONDS - started >= seconds )); then fail "$description (not within $seconds s)"; return; fi
    sleep 0.2
  done
  pass "$description ($((SECONDS - started)) s)"
}

# cluster_prerequisites: the build, PostgreSQL, dig; then a fresh work directory, database and secrets.
cluster_prerequisites() {
  [[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] || { echo "build the project first (mvn -B -DskipTests package)"; exit 2; }
  grep -q mmsrouter.cluster.password "$SERVER/standalone/configuration/standalone-full-ha.xml" \
    || { echo "$SERVER has no cluster profile: build the project first"; exit 2; }
  psql -tAc "select 1" >/dev/null || { echo "PostgreSQL $PGUSER@$PGHOST:$PGPORT/$PGDATABASE is not reachable"; exit 2; }
  command -v dig >/dev/null || { echo "dig is not installed (apt-get install dnsutils)"; exit 2; }
  rm -rf "$WORK" && mkdir -p "$WORK"
  psql -qc "drop table if exists mmsc; drop table if exists router_node; drop table if exists audit_event" >/dev/null
  (umask 077 && echo "cluster-$$-$RANDOM$RANDOM" >"$WORK/cluster-password" && echo "$PGPASSWORD" >"$WORK/db-password")
  # The cluster key every node gets (JGroups SYM_ENCRYPT), made as docs/security/cluster-plane.md says.
  "$NODE_SH" --generate-cluster-key "$WORK/cluster-key.p12" --cluster-password-file "$WORK/cluster-password" 2>/dev/null
}

# prepare N: makes node N's base directory with cluster-node.sh (start command in node<N>.start-command).
prepare() {
  local n=$1 members="" i
  for ((i = 1; i <= NODES; i++)); do members+="${members:+,}127.0.0.1:$((JGROUPS_BASE + OFFSETS[i]))"; done
  "$NODE_SH" --server "$SERVER" --name "node$n" --base "$WORK/node$n" --backup-of "$(backup_of "$n")" --offset "${OFFSETS[$n]}" \
    --members "$members" --jgroups-port "$JGROUPS_BASE" \
    --cluster-password-file "$WORK/cluster-password" --cluster-key "$WORK/cluster-key.p12" \
    --db-url "${DB_URL:-jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE}" --db-user "$PGUSER" --db-password-file "$WORK/db-password" \
    --router-address "$(address_of "$n")" --set "mmsrouter.dns.port=$(dns_of "$n")" --set mmsrouter.dns.rate-limit=0 \
    --set "mmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms" --set "mmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms" \
    >"$WORK/node$n.start-command"
}

# start_command N: the command that starts node N in the background (its java process id in node<N>.pid).
start_command() {
  local base=$WORK/node$1
  echo "LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE='$WORK/node$1.pid' nohup '$SERVER/bin/standalone.sh' -c standalone-full-ha.xml" \
    "-Djboss.server.base.dir='$base' -P '$base/configuration/cluster-node.properties' >>'$base/console.log' 2>&1 </dev/null &"
}
start() {
  rm -f "$WORK/node$1"/deployments/*.{deployed,failed,isdeploying,pending} "$WORK/node$1.pid"
  bash -c "$(start_command "$1")"
}
replica_of() { local next=$(($1 + 1)); (( next > NODES )) && next=1; echo "$next"; }

# deployed N SECONDS: waits until node N's router is deployed; fails the run otherwise.
deployed() {
  local n=$1 base=$WORK/node$1 started=$SECONDS
  while (( SECONDS - started < $2 )); do
    [[ -f $base/deployments/mms-router.ear.deployed ]] && { echo "     node$n deployed ($((SECONDS - started)) s)"; return 0; }
    [[ -f $base/deployments/mms-router.ear.failed ]] && break
    [[ -f $WORK/node$n.pid ]] && ! alive "$n" && break
    sleep 0.5
  done
  echo "FAIL node$n did not start (log: $base/log/server.log)"; exit 1
}

# broker_active N SECONDS: waits until node N's own broker (server=default) is active.
broker_active() {
  local n=$1 started=$SECONDS
  while (( SECONDS - started < $2 )); do
    if "$SERVER/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$(mgmt_of "$n")" \
         --command='/subsystem=messaging-activemq/server=default:read-attribute(name=active)' 2>/dev/null \
         | grep -q '"result" => true'; then
      echo "     node$n's broker active again ($((SECONDS - started)) s after its start)"; return 0
    fi
    [[ -f $WORK/node$n.pid ]] && ! alive "$n" && break
    sleep 2
  done
  echo "FAIL node$n's broker did not become active (log: $WORK/node$n/log/server.log)"; exit 1
}

# restart_node N [--skip-stop]: restarts node N with the operators' script (cluster-restart.sh: leave the
# cluster, clean stop, start without the router, failback, deploy, replicated again); its log lines are
# shown indented. Fails the run if the script does.
restart_node() {
  local n=$1 peers="" i; shift
  for ((i = 1; i <= NODES; i++)); do (( i != n )) && peers+="${peers:+,}127.0.0.1:$(mgmt_of "$i")"; done
  rm -f "$WORK/node$n.pid"
  wildfly-config/src/main/scripts/cluster-restart.sh --server "$SERVER" --base "$WORK/node$n" \
    --controller "127.0.0.1:$(mgmt_of "$n")" --replica "127.0.0.1:$(mgmt_of "$(replica_of "$n")")" --peers "$peers" \
    --start "$(start_command "$n")" "$@" >"$WORK/restart-node$n.log" 2>&1 \
    || { sed 's/^/     /' "$WORK/restart-node$n.log"; echo "FAIL node-$n did not come back (log: $WORK/node$n/log/server.log)"; exit 1; }
  sed 's/^/     /' "$WORK/restart-node$n.log"
}
# restart_failback N: node N is down (killed): start it the same way.
restart_failback() { restart_node "$1" --skip-stop; }

# synced N SINCE-LINE: node N's backup broker has caught up with its primary (after log line SINCE-LINE).
synced() { logged_since "$1" "${2:-1}" "AMQ221024: Backup server ActiveMQServerImpl::name=backup is synchronized"; }
# logged_since N SINCE-LINE TEXT: node N's server.log has TEXT at or after line SINCE-LINE (reads the
# whole file: a `tail | grep -q` pipeline fails under pipefail when grep stops reading early).
logged_since() { awk -v since="$2" -v text="$3" 'NR >= since && index($0, text) { found = 1 } END { exit !found }' "$WORK/node$1/log/server.log" 2>/dev/null; }
log_lines() { wc -l <"$WORK/node$1/log/server.log"; }

answers() { dig @127.0.0.1 -p "$1" +short +tries=1 +time=2 mms.operator.test A 2>/dev/null | tr '\n' ' '; }
# answers_exactly N "I J ...": node N's DNS answers carry the addresses of exactly these nodes.
answers_exactly() {
  local a i
  a=$(answers "$(dns_of "$1")")
  for ((i = 1; i <= NODES; i++)); do
    if [[ " $2 " == *" $i "* ]]; then [[ $a == *"$(address_of "$i") "* ]] || return 1
    else [[ $a != *"$(address_of "$i") "* ]] || return 1; fi
  done
}

# received: every Transaction-ID the simulated MMSCs took, one a line (repeated when delivered twice).
received() {
  for sim in sim-a sim-b; do
    curl -sf --noproxy '*' --max-time 10 "http://127.0.0.1:$CONTROL/sims/$sim/received" \
      | { grep -o '"transactionId":"[^"]*"' || true; } | cut -d'"' -f4
  done
}
# missing OK-FILE...: how many Transaction-IDs answered Ok the MMSCs have not received (yet).
missing() { sort -u "$@" | comm -23 - <(received | sort -u) | wc -l; }
all_delivered() { [[ $(missing "$@") -eq 0 ]]; }
# duplicates OK-FILE...: of these Transaction-IDs, how many were delivered more than once.
duplicates() { received | sort | uniq -d | comm -12 - <(sort -u "$@") | wc -l; }
sims_mode() { for sim in sim-a sim-b; do curl -sf --noproxy '*' -X POST "http://127.0.0.1:$CONTROL/sims/$sim/mode?set=$1" >/dev/null; done; }
start_simulators() {
  java -jar "$TOOLS" mmsc-sim --mmsc sim-a="$SIM_A" --mmsc sim-b="$SIM_B" --control-port "$CONTROL" >>"$WORK/e2e.log" 2>&1 &
  SIM_PID=$!
}
# queued N: MMs in node N's MmsSubmissions queue (its metrics, as a scraper reads them).
queued() {
  admin_get "http://127.0.0.1:$(http_of "$1")" /metrics | grep '^mmsrouter_queue_messages{queue="MmsSubmissions"}' | awk '{print $2}'
}
# admin_state_at HTTP-PORT MMSC: the MMSC's admin state as the node on that port has it in force.
admin_state_at() {
  admin_get "http://127.0.0.1:$1" /mmscs | grep -o "{[^{}]*\"id\":\"$2\"[^{}]*}" | grep -o '"adminState":"[a-z]*"' | cut -d'"' -f4
}
# within_window COUNT WHEN: COUNT MMs answered Ok were delivered twice WHEN; passes within the
# at-least-once window (MAX_DUPLICATES: MMs a dying node had sent but not yet acknowledged).
within_window() {
  if (( $1 <= MAX_DUPLICATES )); then
    pass "duplicates $2: $1 (at most $MAX_DUPLICATES)"
  else
    fail "$1 MMs delivered twice $2 (more than $MAX_DUPLICATES)"
  fi
}
rss_mb() { local pid; pid=$(node_pid "$1"); [[ -n $pid ]] && echo $(( $(ps -o rss= -p "$pid") / 1024 )) || echo "?"; }
result_field() { grep '^RESULT' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# answered_all_ok LOAD-REPORT: the load client got an Ok m-send-conf for every submission.
answered_all_ok() { [[ $(result_field "$1" errors) == 0 && $(result_field "$1" not_ok) == 0 && $(result_field "$1" ok) -gt 0 ]]; }

# load N RUN-ID SECONDS: tools load against node N in the background (report in load-<RUN-ID>.txt,
# the Transaction-IDs answered Ok in ok-<RUN-ID>.txt).
load() {
  java -jar "$TOOLS" load --url "http://127.0.0.1:$(http_of "$1")/mms" --rate "$RATE" --concurrency 100 --warmup 0s \
    --duration "${3}s" --size "$SIZE" --timeout 10s --run-id "$2" --ok-log "$WORK/ok-$2.txt" >"$WORK/load-$2.txt" 2>&1 &
  LOAD_PIDS+=($!)
}
wait_for_loads() { wait "${LOAD_PIDS[@]}" 2>/dev/null || true; LOAD_PIDS=(); }
