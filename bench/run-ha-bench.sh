#!/usr/bin/env bash
# One node with messaging HA on against today's single node, in one run (issue 19: "throughput within
# 20 % of today's single-node figure"). The same phases as bench/run-router-bench.sh, run once per variant:
#   file  today's single node: standalone-full.xml, Artemis's file journal (as run-router-bench.sh runs it);
#   jdbc  one cluster node made with cluster-node.sh as an operator makes it (standalone-full-ha.xml,
#         --members with two entries, --backup-of a second node that is never started: its backup
#         broker must just stand by, which is checked), the journal a shared store in PostgreSQL;
#   repl  (not in the default VARIANTS) the data path of replication, for decision 0006's option B′:
#         two nodes made with cluster-node.sh, their brokers switched to Artemis's replication policies
#         (file journal; replication-primary, group = node name; the backup broker replication-secondary
#         of the other node's group): the measured node's journal is replicated, synchronously, to a
#         second node that runs no router (its EAR left out), so it only holds the replica. Quorum
#         (vote or lock manager) is not what is measured: only what replicating every MM costs.
# Per variant:
#   1. warm-up: closed-loop `tools load` in WARMUP_SLICE s slices until two in a row differ by less than
#      WARMUP_TOLERANCE % (at least WARMUP_MIN s, at most WARMUP_MAX s), each slice printed;
#   2. live load: SIZE-byte MMs, CONCURRENCY closed-loop submitters for DURATION: throughput, p50/p99;
#   3. backlog: BACKLOG MMs queued while both simulated MMSCs refuse, then both recover: drain MM/s;
#   4. large messages: LARGE_COUNT MMs of LARGE_SIZE bytes (above Artemis's 100 KiB large-message
#      threshold) queued the same way and drained;
#   per phase: WildFly's CPU ms per MM (/proc/PID/stat utime+stime) and PostgreSQL's (every live
#   postgres process plus the postmaster's reaped children, cutime+cstime, so backends that end count),
#   context switches per MM (/proc/PID/task/*/status: threads alive at both ends); for the jdbc node also
#   the journal pool's statistics, its PostgreSQL sessions' states and waits (pg_stat_activity every 0.2 s)
#   and three WildFly thread dumps during the live load, large objects (pg_largeobject_metadata) before,
#   while queued and after delivery, those no table refers to at the end (vacuumlo -n, from
#   postgresql-contrib) and the database's size. (No "direct" phase: run-router-bench.sh has it.)
# Then a summary side by side with the ratio jdbc/file. Starts and stops its own simulators and WildFly;
# needs a built project (mvn -B -DskipTests package), psql and a PostgreSQL reachable with the libpq
# environment (PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE). Before the jdbc variant it drops that node's
# journal tables (HA_NAME_msg, _bind, … and HA_BACKUP_OF's), the router's registry tables (mmsc,
# router_node, audit_event: as the system tests' Cluster does) and the current user's large objects.
# Run it under the lock the tests use (it starts WildFly on port offset 300, as run-router-bench.sh):
#
#   flock /tmp/mmsrouter-it.lock bench/run-ha-bench.sh                       # ≈ 10–15 min
#   DURATION=30s BACKLOG=5000 flock /tmp/mmsrouter-it.lock bench/run-ha-bench.sh
#
# Settings (environment): DURATION=30s CONCURRENCY=50 SIZE=30000 BACKLOG=5000 BACKLOG_CONCURRENCY=200
#   LOAD_WARMUP=5s (tools load's own warm-up, not measured) WARMUP_SLICE=10 WARMUP_MIN=30 WARMUP_MAX=120
#   WARMUP_TOLERANCE=5 (%) LARGE_SIZE=150000 LARGE_COUNT=300 VARIANTS="file jdbc" (or "file jdbc repl") HA_NAME=hab1
#   HA_BACKUP_OF=hab2 (Artemis refuses a page-store table prefix longer than 10 characters: NAME_p,
#   so at most 8 characters). For experiments only: HA_SET="key=value ..." more --set options for the
#   jdbc node (e.g. mmsrouter.broker.global-max-memory-bytes=268435456); JOURNAL_DS_VALIDATION=background
#   was the experiment that made the journal data source validate its connections every 10 s in the
#   background instead of on every checkout: cluster.cli now does so (the setting is left for old builds).
#   PIN=yes gives WildFly a core of its own in both variants, as a node has when its PostgreSQL runs on
#   another host: WildFly on ROUTER_CPU (0; started under taskset, so its JVM sees one CPU), everything
#   else (this script's children: simulators, tools load; and every PostgreSQL process, put back on all
#   CPUs at the end) on CLIENT_CPU (1). Then PostgreSQL shares its core with the load generator, which
#   handicaps the jdbc variant only.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30s}
CONCURRENCY=${CONCURRENCY:-50}
SIZE=${SIZE:-30000}
BACKLOG=${BACKLOG:-5000}
BACKLOG_CONCURRENCY=${BACKLOG_CONCURRENCY:-200}
LOAD_WARMUP=${LOAD_WARMUP:-5s}
WARMUP_SLICE=${WARMUP_SLICE:-10}
WARMUP_MIN=${WARMUP_MIN:-30}
WARMUP_MAX=${WARMUP_MAX:-120}
WARMUP_TOLERANCE=${WARMUP_TOLERANCE:-5}
LARGE_SIZE=${LARGE_SIZE:-150000}
LARGE_COUNT=${LARGE_COUNT:-300}
VARIANTS=${VARIANTS:-file jdbc}
HA_NAME=${HA_NAME:-hab1}
HA_BACKUP_OF=${HA_BACKUP_OF:-hab2}
HA_SET=${HA_SET:-}
JOURNAL_DS_VALIDATION=${JOURNAL_DS_VALIDATION:-}
REPLICA_OFFSET=700              # the repl variant's second node: its JGroups port is the member list's second
PIN=${PIN:-no}
CLIENT_CPU=${CLIENT_CPU:-1}

ROOT=$PWD/bench/target/ha-bench
TOOLS=tools/target/mms-router-tools.jar
OFFSET=300                      # HTTP 8380, management 10290: as run-router-bench.sh
HTTP=$((8080 + OFFSET))
DNS_PORT=15553
CONTROL=18380
SIM_A=18381
SIM_B=18382
JGROUPS_BASE=20600              # the node's JGroups port is this + OFFSET; the absent second member's + 400
ROUTER_URL=http://127.0.0.1:$HTTP/mms
LOG=$ROOT/bench.log
HZ=$(getconf CLK_TCK)
source bench/lib/router.sh
ROUTER_LOG=$LOG

for value in "${DURATION%s}" "${LOAD_WARMUP%s}" "$CONCURRENCY" "$SIZE" "$BACKLOG" "$WARMUP_SLICE" "$WARMUP_MIN" \
             "$WARMUP_MAX" "$WARMUP_TOLERANCE" "$LARGE_SIZE" "$LARGE_COUNT"; do
  [[ $value =~ ^[0-9]+$ ]] || { echo "settings are whole numbers (DURATION and LOAD_WARMUP in seconds, e.g. 30s); got '$value'"; exit 2; }
done
[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] \
  || { echo "build the project first (mvn -B -DskipTests package)"; exit 2; }
command -v psql >/dev/null || { echo "psql is not installed (apt-get install postgresql-client)"; exit 2; }
if [[ " $VARIANTS " == *" jdbc "* || " $VARIANTS " == *" repl "* ]]; then
  for v in PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE; do
    [[ -n ${!v:-} ]] || { echo "set $v (the PostgreSQL the cluster node's journal goes to)"; exit 2; }
  done
  psql -qAtc 'select 1' >/dev/null || { echo "PostgreSQL $PGUSER@$PGHOST:$PGPORT/$PGDATABASE is not reachable"; exit 2; }
fi
require_free_ports $HTTP $((9990 + OFFSET)) $CONTROL $SIM_A $SIM_B $((JGROUPS_BASE + OFFSET)) $((JGROUPS_BASE + OFFSET + 1))
[[ " $VARIANTS " != *" repl "* ]] || require_free_ports $((8080 + REPLICA_OFFSET)) $((9990 + REPLICA_OFFSET)) \
  $((JGROUPS_BASE + REPLICA_OFFSET)) $((JGROUPS_BASE + REPLICA_OFFSET + 1))

# pin_postgres CPUS: every PostgreSQL process (and so the backends the postmaster forks later) on CPUS.
pin_postgres() {
  local pid
  for pid in $(pgrep -x postgres || true); do taskset -a -p -c "$1" "$pid" >/dev/null 2>&1 || true; done
}
case $PIN in
  yes)
    command -v taskset >/dev/null || { echo "PIN=yes needs taskset (util-linux)"; exit 2; }
    export ROUTER_CPU=${ROUTER_CPU:-0}
    taskset -p -c "$CLIENT_CPU" $$ >/dev/null
    pin_postgres "$CLIENT_CPU"
    ;;
  no) ;;
  *) echo "PIN is yes or no; got '$PIN'"; exit 2 ;;
esac

rm -rf "$ROOT" && mkdir -p "$ROOT"
SECRETS=$(mktemp -d /tmp/mmsrouter-ha-bench.XXXXXX)   # mode 700: the cluster's secrets, removed at the end
BASE=""
CLIENT_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_cleaner
  stop_pg_sampler
  [[ -n $CLIENT_PID ]] && kill "$CLIENT_PID" 2>/dev/null || true
  [[ -n $BASE ]] && stop_router "$BASE"
  [[ -n $REPLICA_BASE ]] && stop_router "$REPLICA_BASE"
  stop_sims
  wait 2>/dev/null || true
  admin_forget
  rm -rf "$SECRETS"
  [[ $PIN == yes ]] && pin_postgres "0-$(($(nproc --all) - 1))"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
# per_second N SECONDS: N / SECONDS to one decimal (0 for no time).
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# One field of a load run's RESULT line.
result() { grep '^RESULT ' "$BASE/$1.txt" | tail -1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# utime+stime (clock ticks) of one process, every thread live or exited; 0 once it is gone.
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# "ticks ctxsw" of PostgreSQL: the postmaster's own CPU and that of its children it has reaped (backends
# that ended: stat fields cutime, cstime), plus every live child's; context switches of the live ones only.
postgres_usage() {
  local pid t=0 c=0 postmaster
  postmaster=$(pgrep -o -x postgres || true)
  [[ -n $postmaster ]] || { echo "0 0"; return; }
  for pid in $(pgrep -x postgres); do
    if [[ $pid == "$postmaster" ]]; then
      t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    else
      t=$((t + $(ticks "$pid")))
    fi
    c=$((c + $(awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$t $c"
}
wildfly_ctx() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }'; }
# SNAP: time, WildFly ticks, WildFly context switches, PostgreSQL ticks, PostgreSQL context switches,
# the replica node's ticks (repl variant; else 0).
REPLICA_BASE=""
snapshot() {
  local pid replica=0; pid=$(router_pid "$BASE")
  [[ -n $REPLICA_BASE ]] && replica=$(ticks "$(router_pid "$REPLICA_BASE")")
  # shellcheck disable=SC2207
  SNAP=($(now) "$(ticks "$pid")" "$(wildfly_ctx "$pid")" $(postgres_usage) "$replica")
}
# usage NAME MMS: per-MM figures between BEFORE and SNAP, stored as USAGE_<NAME>_{wf_ms,pg_ms,wf_ctx,pg_ctx,s}.
usage() {
  local name=$1 mms=$2
  read -r wf pg wfc pgc s rp < <(awk -v hz="$HZ" -v n="$mms" \
    -v t0="${BEFORE[0]}" -v w0="${BEFORE[1]}" -v wc0="${BEFORE[2]}" -v p0="${BEFORE[3]}" -v pc0="${BEFORE[4]}" -v r0="${BEFORE[5]}" \
    -v t1="${SNAP[0]}" -v w1="${SNAP[1]}" -v wc1="${SNAP[2]}" -v p1="${SNAP[3]}" -v pc1="${SNAP[4]}" -v r1="${SNAP[5]}" 'BEGIN {
      if (n <= 0) n = 1
      printf "%.3f %.3f %.2f %.2f %.1f %.3f\n", (w1 - w0) * 1000 / hz / n, (p1 - p0) * 1000 / hz / n, (wc1 - wc0) / n, (pc1 - pc0) / n, t1 - t0,
        (r1 - r0) * 1000 / hz / n }')
  printf -v "USAGE_${name}_wf_ms" '%s' "$wf"
  printf -v "USAGE_${name}_pg_ms" '%s' "$pg"
  printf -v "USAGE_${name}_wf_ctx" '%s' "$wfc"
  printf -v "USAGE_${name}_pg_ctx" '%s' "$pgc"
  printf -v "USAGE_${name}_rep_ms" '%s' "$( [[ -n $REPLICA_BASE ]] && echo "$rp" )"
  echo "    $name: $mms MMs in $s s; per MM: WildFly $wf CPU-ms, $wfc context switches; PostgreSQL $pg CPU-ms, $pgc context switches;" \
    "cores busy: WildFly $(awk -v ms="$wf" -v n="$mms" -v s="$s" 'BEGIN { printf "%.2f", ms * n / 1000 / s }')," \
    "PostgreSQL $(awk -v ms="$pg" -v n="$mms" -v s="$s" 'BEGIN { printf "%.2f", ms * n / 1000 / s }'); load average $(loadavg)"
  [[ -z $REPLICA_BASE ]] || echo "    $name: the replica node (second WildFly, holding this node's replica): $rp CPU-ms per MM," \
    "cores busy $(awk -v ms="$rp" -v n="$mms" -v s="$s" 'BEGIN { printf "%.2f", ms * n / 1000 / s }')"
}
lo_count() {
  if [[ $VARIANT == jdbc ]]; then psql -qAtc 'select count(*) from pg_largeobject_metadata'; else echo n/a; fi
}
db_mb() { psql -qAtc 'select pg_database_size(current_database()) / 1048576'; }
# Large objects no table refers to (vacuumlo's dry run), or "?" without vacuumlo (postgresql-contrib).
lo_orphans() {
  if command -v vacuumlo >/dev/null; then
    vacuumlo -n -v -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$PGDATABASE" 2>&1 | tr '\r' '\n' | grep -o 'Would remove [0-9]*' | awk '{ print $3 }'
  else echo "?"; fi
}
large_files() { find "$BASE/data" -path '*largemessages*' -type f 2>/dev/null | wc -l; }

# load NAME ARGS...: tools load, output in $BASE/NAME.txt and on the terminal; never fails the script.
load() {
  local name=$1 rc=0
  shift
  java -jar "$TOOLS" load "$@" > "$BASE/$name.txt" 2>&1 || rc=$?
  sed 's/^/    /' "$BASE/$name.txt"
  [[ $rc -eq 0 ]] || echo "    (tools load exited $rc: not every MM was answered Ok, see above)"
  grep -q '^RESULT ' "$BASE/$name.txt" || { echo "tools load printed no RESULT line"; exit 1; }
}

# drop_journals: the jdbc node's journal tables (and its absent neighbour's), the registry's tables and
# the large objects left: a new node must not load an old journal, nor an old node ID.
drop_journals() {
  local tables
  # The page store adds a table per paged address: <journal>_p<number> (_page<number> before).
  tables=$(psql -qAtc "select string_agg(quote_ident(tablename), ', ') from pg_tables where schemaname = current_schema()
    and tablename ~ '^($HA_NAME|$HA_BACKUP_OF)_(msg|bind|jmsbind|lmsg|nm|p[0-9]*|page[0-9]*)\$'")
  psql -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
set client_min_messages = warning;
${tables:+drop table $tables;}
drop table if exists mmsc;
drop table if exists router_node;
drop table if exists audit_event;
select count(lo_unlink(oid)) from pg_largeobject_metadata where lomowner = (select oid from pg_roles where rolname = current_user);
SQL
}

cli() { "$SERVER/bin/jboss-cli.sh" --connect --controller=127.0.0.1:$((9990 + OFFSET)) --command="$1" 2>&1; }
broker_active() { cli "/subsystem=messaging-activemq/server=$1:read-attribute(name=active)" | grep -o '"result" => [a-z]*' | awk '{ print $3 }' || true; }

# The journal data source's pool: connections in use at most, waits for one, time blocked.
pool_stats() {
  cli "/subsystem=datasources/data-source=MmsRouterJournalDS/statistics=pool:read-resource(include-runtime=true)" \
    | grep -E '"(ActiveCount|MaxUsedCount|InUseCount|WaitCount|MaxWaitTime|TotalBlockingTime|AverageBlockingTime|TimedOut|MaxWaitCount)"' \
    | tr -d ' ",' | sed 's/=>/=/' | tr '\n' ' ' || true
}

# What the node's PostgreSQL sessions do during the live load (pg_stat_activity every 0.2 s), and
# three thread dumps of WildFly: which side waits for which.
PG_SAMPLER_PID=""
start_pg_sampler() {
  local pid; pid=$(router_pid "$BASE")
  ( while true; do
      psql -qAtF' ' -c "select state, coalesce(wait_event_type, '-') || ':' || coalesce(wait_event, '-') from pg_stat_activity
        where usename = current_user and pid <> pg_backend_pid() and backend_type = 'client backend'" 2>/dev/null
      sleep 0.2
    done > "$BASE/pg-activity.txt" ) &
  PG_SAMPLER_PID=$!
  ( for i in 1 2 3; do sleep 6; jcmd "$pid" Thread.print > "$BASE/threads-$i.txt" 2>/dev/null || true; done ) &
}
stop_pg_sampler() {
  [[ -n $PG_SAMPLER_PID ]] || return 0
  kill "$PG_SAMPLER_PID" 2>/dev/null || true
  wait "$PG_SAMPLER_PID" 2>/dev/null || true
  PG_SAMPLER_PID=""
}

# cluster_secrets: the cluster password, database password and cluster key the nodes are made with.
cluster_secrets() {
  [[ ! -f $SECRETS/cluster-password ]] || return 0   # once per run: the key is made with this password
  (umask 077 && echo "cluster-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" > "$SECRETS/cluster-password" \
    && printf '%s\n' "$PGPASSWORD" > "$SECRETS/db-password")
  [[ -f $SECRETS/cluster-key.p12 ]] || wildfly-config/src/main/scripts/cluster-node.sh \
    --generate-cluster-key "$SECRETS/cluster-key.p12" --cluster-password-file "$SECRETS/cluster-password" 2>/dev/null
}
# make_node NAME BACKUP_OF BASE OFFSET DNS_PORT: a cluster node made by cluster-node.sh as an operator
# makes it (members: this script's two JGroups ports, offsets OFFSET and REPLICA_OFFSET).
make_node() {
  local name=$1 backup_of=$2 base=$3 offset=$4 dns=$5 extra=() kv
  for kv in $HA_SET; do extra+=(--set "$kv"); done
  wildfly-config/src/main/scripts/cluster-node.sh --server "$SERVER" --name "$name" --base "$base" \
    --backup-of "$backup_of" --offset "$offset" --jgroups-port $JGROUPS_BASE \
    --members "127.0.0.1:$((JGROUPS_BASE + OFFSET)),127.0.0.1:$((JGROUPS_BASE + REPLICA_OFFSET))" \
    --cluster-password-file "$SECRETS/cluster-password" --cluster-key "$SECRETS/cluster-key.p12" \
    --db-url "jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE" --db-user "$PGUSER" --db-password-file "$SECRETS/db-password" \
    --router-address 127.0.0.1 --set mmsrouter.dns.port="$dns" --set mmsrouter.dns.rate-limit=0 \
    --set mmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms --set mmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
    "${extra[@]}" > "$base.start-command"
}
# to_replication BASE GROUP BACKUP_GROUP: the node's two brokers from the JDBC shared store to Artemis's
# replication, as the cluster profile had them before decision 0006 (file journal; the own broker
# replication-primary of group GROUP, the backup broker replication-secondary of BACKUP_GROUP).
to_replication() {
  python3 - "$1/configuration/standalone-full-ha.xml" "$2" "$3" <<'PY'
import re, sys
path, group, backup_group = sys.argv[1:4]
xml = open(path).read()
jdbc = re.compile(r'\s(?:datasource|[a-z-]*-table|jdbc-[a-z-]*)="[^"]*"')
def journal(block):
    return re.sub(r'<journal [^>]*/>', lambda m: jdbc.sub('', m.group(0)), block)
def server(name, old, new):
    global xml
    start = xml.index('<server name="%s">' % name)
    end = xml.index('</server>', start)
    block = journal(xml[start:end])
    assert re.search(old, block), (name, old)
    xml = xml[:start] + re.sub(old, new, block) + xml[end:]
server('default', r'<shared-store-primary[^>]*/>',
       '<replication-primary cluster-name="my-cluster" group-name="%s" check-for-live-server="true"/>' % group)
server('backup', r'<shared-store-secondary[^>]*/>',
       '<replication-secondary cluster-name="my-cluster" group-name="%s" allow-failback="true" restart-backup="true"/>' % backup_group)
open(path, 'w').write(xml)
PY
}
# cli_at PORT COMMAND: jboss-cli against the management port PORT.
cli_at() { "$SERVER/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$1" --command="$2" 2>&1; }

# prepare_file / prepare_jdbc / prepare_repl: BASE made and the router started.
prepare_file() {
  BASE=$ROOT/file
  provision_base "$BASE"
  admin_user "$BASE/configuration"
  ROUTER_CONFIG=standalone-full.xml start_router "$BASE" $OFFSET -Dmmsrouter.dns.port=$DNS_PORT \
    -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms
}
prepare_jdbc() {
  BASE=$ROOT/jdbc
  drop_journals
  R_db_mb_start=$(db_mb)
  cluster_secrets
  make_node "$HA_NAME" "$HA_BACKUP_OF" "$BASE" $OFFSET $DNS_PORT
  if [[ $JOURNAL_DS_VALIDATION == background ]]; then
    # Experiment: the journal's connections checked every 10 s in the background instead of on every
    # checkout (the JDBC journal takes a connection from the pool for each sync).
    sed -i '/jndi-name="java:jboss\/datasources\/MmsRouterJournalDS"/,/<\/datasource>/{
      s|<validate-on-match>true</validate-on-match>|<validate-on-match>false</validate-on-match>|
      s|<background-validation>false</background-validation>|<background-validation>true</background-validation><background-validation-millis>10000</background-validation-millis>|
    }' "$BASE/configuration/standalone-full-ha.xml"
    grep -q '<background-validation-millis>10000' "$BASE/configuration/standalone-full-ha.xml" \
      || { echo "could not set JOURNAL_DS_VALIDATION in $BASE/configuration/standalone-full-ha.xml"; exit 2; }
  fi
  admin_user "$BASE/configuration"
  ROUTER_CONFIG=standalone-full-ha.xml start_router "$BASE" $OFFSET -P "$BASE/configuration/cluster-node.properties"
  # The backup broker for the never-started neighbour must only stand by (AMQ221109), not take its journal.
  local default backup standing
  default=$(broker_active default)
  backup=$(broker_active backup)
  standing=$(grep -c 'ActiveMQServerImpl::name=backup) AMQ221109' "$BASE/log/server.log" || true)
  echo "brokers: default active=$default; backup (for $HA_BACKUP_OF's journal) active=$backup," \
    "standing by (AMQ221109 logged) $standing time(s)"
  [[ $default == true && $backup == false ]] \
    || { echo "not one active broker and one backup standing by: see $BASE/log/server.log (AMQ224000?)"; exit 1; }
  # Pool statistics of the journal's data source (runtime only, no reload): waits for a connection show here.
  cli "/subsystem=datasources/data-source=MmsRouterJournalDS/statistics=pool:write-attribute(name=statistics-enabled, value=true)" >/dev/null || true
  echo "journal tables: $(psql -qAtc "select string_agg(tablename, ' ' order by tablename) from pg_tables where tablename ~ '^($HA_NAME|$HA_BACKUP_OF)_'")"
}

prepare_repl() {
  BASE=$ROOT/repl
  REPLICA_BASE=$ROOT/repl-replica
  drop_journals
  cluster_secrets
  make_node "$HA_NAME" "$HA_BACKUP_OF" "$BASE" $OFFSET $DNS_PORT
  make_node "$HA_BACKUP_OF" "$HA_NAME" "$REPLICA_BASE" $REPLICA_OFFSET $((DNS_PORT + 1))
  rm -f "$REPLICA_BASE/deployments/mms-router.ear"     # the replica node only holds the replica
  to_replication "$BASE" "$HA_NAME" "$HA_BACKUP_OF"
  to_replication "$REPLICA_BASE" "$HA_BACKUP_OF" "$HA_NAME"
  admin_user "$BASE/configuration"
  # The replica node first (on CLIENT_CPU with PIN=yes): its backup broker waits for the measured
  # node's broker to replicate from.
  JBOSS_PIDFILE=$(router_pidfile "$REPLICA_BASE") LAUNCH_JBOSS_IN_BACKGROUND=1 \
    "$SERVER/bin/standalone.sh" -c standalone-full-ha.xml -Djboss.server.base.dir="$REPLICA_BASE" \
    -P "$REPLICA_BASE/configuration/cluster-node.properties" >> "$ROOT/replica.log" 2>&1 &
  local waited=0
  until cli_at $((9990 + REPLICA_OFFSET)) ":read-attribute(name=server-state)" | grep -q '"result" => "running"'; do
    [[ $waited -lt 120 ]] || { echo "the replica node did not start within 120 s: $REPLICA_BASE/log/server.log"; exit 1; }
    sleep 2; waited=$((waited + 2))
  done
  ROUTER_CONFIG=standalone-full-ha.xml start_router "$BASE" $OFFSET -P "$BASE/configuration/cluster-node.properties"
  waited=0
  local synced=""
  until [[ $synced == true ]]; do
    synced=$(cli_at $((9990 + REPLICA_OFFSET)) \
      "/subsystem=messaging-activemq/server=backup/ha-policy=replication-secondary:read-attribute(name=synchronized-with-live)" \
      | grep -o '"result" => [a-z]*' | awk '{ print $3 }' || true)
    [[ $synced == true ]] && break
    [[ $waited -lt 120 ]] || { echo "the replica is not in sync within 120 s: $REPLICA_BASE/log/server.log"; exit 1; }
    sleep 2; waited=$((waited + 2))
  done
  echo "brokers: $HA_NAME's own active=$(broker_active default) (replication-primary, group $HA_NAME);" \
    "its replica on the second node in sync ${waited} s after the router deployed (backup broker there:" \
    "replication-secondary, synchronized-with-live=$synced)"
}

# queue_and_drain NAME COUNT SIZE CONCURRENCY: COUNT MMs answered while both MMSCs refuse, then both
# recover; sets QUEUED, DELIVERED, DRAIN_S, FIRST_S; CPU of filling and of draining via usage.
queue_and_drain() {
  local name=$1 count=$2 size=$3 concurrency=$4
  set_mode sim-a refuse
  set_mode sim-b refuse
  wait_mmscs "http://127.0.0.1:$HTTP" DOWN 2 15
  clear_received
  local baseline; baseline=$(received_total)
  snapshot; BEFORE=("${SNAP[@]}")
  load "$name" --url "$ROUTER_URL" --rate 0 --concurrency "$concurrency" --count "$count" \
    --warmup 0s --duration "$((count * 4 / concurrency + 120))s" --size "$size" --run-id "$name$$"
  snapshot
  QUEUED=$(result "$name" ok)
  usage "${name}_fill" "$QUEUED"
  [[ $(received_total) -eq $baseline ]] || echo "    WARNING: an MMSC received MMs while refusing"
  LO_QUEUED=$(lo_count); FILES_QUEUED=$(large_files)
  local target=$((baseline + QUEUED)) t0 t first="" c t_end
  snapshot; BEFORE=("${SNAP[@]}")
  t0=$(now)
  set_mode sim-a healthy
  set_mode sim-b healthy
  while true; do
    c=$(received_total); t=$(now)
    [[ -z $first && $c -gt $baseline ]] && first=$t
    [[ $c -ge $target ]] && break
    if awk -v t="$t" -v t0="$t0" -v limit="$((QUEUED / 10 + 300))" 'BEGIN { exit !(t - t0 > limit) }'; then
      echo "    WARNING: drain incomplete: $((c - baseline)) of $QUEUED"; break
    fi
    sleep 0.2
  done
  t_end=$(now)
  snapshot
  DELIVERED=$(( $(received_total) - baseline ))
  DRAIN_S=$(awk -v a="$t0" -v b="$t_end" 'BEGIN { printf "%.1f", b - a }')
  FIRST_S=$(awk -v a="$t0" -v b="${first:-$t_end}" 'BEGIN { printf "%.1f", b - a }')
  usage "${name}_drain" "$DELIVERED"
  echo "    $QUEUED answered Ok while both MMSCs refused; $DELIVERED delivered $DRAIN_S s after recovery" \
    "(first after $FIRST_S s): $(per_second "$DELIVERED" "$DRAIN_S") MM/s"
}

run_variant() {
  VARIANT=$1
  echo
  local what
  case $VARIANT in
    file) what='single node, standalone-full.xml, file journal' ;;
    jdbc) what="cluster node $HA_NAME by cluster-node.sh, standalone-full-ha.xml, JDBC journal in $PGHOST:$PGPORT/$PGDATABASE" ;;
    repl) what="cluster node $HA_NAME by cluster-node.sh, brokers switched to replication (file journal), replica on $HA_BACKUP_OF" ;;
    *) echo "unknown variant '$VARIANT' (file, jdbc, repl)"; exit 2 ;;
  esac
  echo "######## variant $VARIANT: $what ########"
  # Both variants listen on the same NOC port with keys of their own: forget the first one's pin and session.
  : > "$ADMIN_PINS"; : > "$ADMIN_JAR"
  "prepare_$VARIANT"
  wait_mmscs "http://127.0.0.1:$HTTP" UP 2 30
  echo "router up: $(admin_get "http://127.0.0.1:$HTTP" /status | grep -o '"id":"[^"]*"[^}]*"state":"[A-Z]*"' | tr '\n' ' ')"

  echo "== warm-up: tools load in ${WARMUP_SLICE} s slices until two in a row differ by < $WARMUP_TOLERANCE %" \
    "(at least $WARMUP_MIN s, at most $WARMUP_MAX s) =="
  local elapsed=0 previous="" slice=0 rps
  WARMUP_STABLE=no
  start_cleaner
  while [[ $elapsed -lt $WARMUP_MAX ]]; do
    slice=$((slice + 1))
    java -jar "$TOOLS" load --url "$ROUTER_URL" --concurrency "$CONCURRENCY" --duration "${WARMUP_SLICE}s" --size "$SIZE" \
      --warmup 0s --run-id "warm$slice-$$" > "$BASE/warmup-$slice.txt" 2>&1 || true
    elapsed=$((elapsed + WARMUP_SLICE))
    rps=$(result "warmup-$slice" throughput); rps=${rps:-0}
    echo "  slice $slice (${elapsed} s): $rps MM/s, p50 $(result "warmup-$slice" p50_ms) ms, p99 $(result "warmup-$slice" p99_ms) ms," \
      "errors $(result "warmup-$slice" errors), load average $(loadavg)"
    if [[ -n $previous && $elapsed -ge $WARMUP_MIN ]] \
       && awk -v a="$previous" -v b="$rps" -v tol="$WARMUP_TOLERANCE" 'BEGIN { d = (b - a) / a * 100; exit !(a > 0 && d < tol) }'; then
      WARMUP_STABLE=yes; break
    fi
    previous=$rps
  done
  stop_cleaner
  settle
  printf -v "WARMUP_${VARIANT}" '%s' "$elapsed s ($( [[ $WARMUP_STABLE == yes ]] && echo stable || echo 'NOT stable'))"
  echo "  warm-up: $elapsed s, $( [[ $WARMUP_STABLE == yes ]] && echo 'throughput stopped rising' || echo "WARNING: still rising at $WARMUP_MAX s; measuring anyway")"

  echo "== live load: $CONCURRENCY closed-loop submitters, $DURATION, $SIZE-byte MMs =="
  start_cleaner
  local rc=0
  java -jar "$TOOLS" load --url "$ROUTER_URL" --concurrency "$CONCURRENCY" --duration "$DURATION" --size "$SIZE" \
    --warmup "$LOAD_WARMUP" --run-id "live$$" --expect-message-id '.*@mmsc\.sim' > "$BASE/live.txt" 2>&1 &
  CLIENT_PID=$!
  # The measured window opens when tools load's own warm-up ends (its JVM starts in ≈ 0.5 s).
  sleep "$(awk -v w="${LOAD_WARMUP%s}" 'BEGIN { print w + 0.5 }')"
  snapshot; BEFORE=("${SNAP[@]}")
  [[ $VARIANT == jdbc ]] && start_pg_sampler
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=""
  snapshot
  stop_cleaner
  sed 's/^/    /' "$BASE/live.txt"
  [[ $rc -eq 0 ]] || echo "    (tools load exited $rc: not every measured MM was answered Ok)"
  grep -q '^RESULT ' "$BASE/live.txt" || { echo "tools load printed no RESULT line"; exit 1; }
  usage live "$(result live ok)"
  if [[ $VARIANT == jdbc ]]; then
    stop_pg_sampler
    echo "    journal data source pool: $(pool_stats)"
    echo "    PostgreSQL sessions of $PGUSER sampled every 0.2 s (state wait_event_type:wait_event: samples):"
    sort "$BASE/pg-activity.txt" | uniq -c | sort -rn | head -8 | sed 's/^/      /'
  fi
  settle

  echo "== backlog: $BACKLOG MMs of $SIZE bytes while sim-a and sim-b refuse, then drained =="
  local lo0 lo1
  lo0=$(lo_count)
  queue_and_drain backlog "$BACKLOG" "$SIZE" "$BACKLOG_CONCURRENCY"
  settle
  lo1=$(lo_count)
  printf -v "R_${VARIANT}_backlog_drain" '%s' "$(per_second "$DELIVERED" "$DRAIN_S")"
  printf -v "R_${VARIANT}_backlog_n" '%s' "$DELIVERED/$QUEUED"
  printf -v "R_${VARIANT}_lo_backlog" '%s' "$lo0 → $LO_QUEUED → $lo1"
  echo "    large objects (pg_largeobject_metadata): $lo0 before, $LO_QUEUED queued, $lo1 after delivery"

  echo "== large messages: $LARGE_COUNT MMs of $LARGE_SIZE bytes while both refuse, then drained =="
  lo0=$(lo_count); local f0; f0=$(large_files)
  queue_and_drain large "$LARGE_COUNT" "$LARGE_SIZE" "$(( LARGE_COUNT < BACKLOG_CONCURRENCY ? LARGE_COUNT : BACKLOG_CONCURRENCY ))"
  settle 1 5
  lo1=$(lo_count)
  printf -v "R_${VARIANT}_large_drain" '%s' "$(per_second "$DELIVERED" "$DRAIN_S")"
  printf -v "R_${VARIANT}_large_n" '%s' "$DELIVERED/$QUEUED"
  printf -v "R_${VARIANT}_lo_large" '%s' "$lo0 → $LO_QUEUED → $lo1"
  if [[ $VARIANT == jdbc ]]; then
    R_db_mb_end=$(db_mb)
    R_lo_orphans=$(lo_orphans)
    echo "    after both queued phases: $R_lo_orphans large objects that no table refers to (vacuumlo -n);" \
      "database $R_db_mb_start MB at the start, $R_db_mb_end MB now"
  fi
  printf -v "R_${VARIANT}_files_large" '%s' "$f0 → $FILES_QUEUED → $(large_files)"
  echo "    large objects: $lo0 before, $LO_QUEUED queued, $lo1 after delivery; files in the broker's" \
    "largemessages directories: $f0 before, $FILES_QUEUED queued, $(large_files) after"

  printf -v "R_${VARIANT}_tput" '%s' "$(result live throughput)"
  printf -v "R_${VARIANT}_p50" '%s' "$(result live p50_ms)"
  printf -v "R_${VARIANT}_p99" '%s' "$(result live p99_ms)"
  printf -v "R_${VARIANT}_okerr" '%s' "$(result live ok)/$(result live errors)"
  for phase in live backlog_fill backlog_drain; do
    for m in wf_ms pg_ms wf_ctx pg_ctx rep_ms; do
      local var="USAGE_${phase}_$m"
      printf -v "R_${VARIANT}_${phase}_$m" '%s' "${!var}"
    done
  done
  printf -v "R_${VARIANT}_rss" '%s' "$(ps -o rss= -p "$(router_pid "$BASE")" | awk '{ printf "%.0f", $1 / 1024 }')"
  stop_router "$BASE"
  BASE=""
  if [[ -n $REPLICA_BASE ]]; then
    printf -v "R_${VARIANT}_replica_rss" '%s' "$(ps -o rss= -p "$(router_pid "$REPLICA_BASE")" | awk '{ printf "%.0f", $1 / 1024 }')"
    stop_router "$REPLICA_BASE"
    REPLICA_BASE=""
  fi
}

echo "HA benchmark: VARIANTS='$VARIANTS' DURATION=$DURATION CONCURRENCY=$CONCURRENCY SIZE=$SIZE BACKLOG=$BACKLOG" \
  "BACKLOG_CONCURRENCY=$BACKLOG_CONCURRENCY LARGE_SIZE=$LARGE_SIZE LARGE_COUNT=$LARGE_COUNT LOAD_WARMUP=$LOAD_WARMUP" \
  "WARMUP_SLICE=$WARMUP_SLICE WARMUP_MIN=$WARMUP_MIN WARMUP_MAX=$WARMUP_MAX WARMUP_TOLERANCE=$WARMUP_TOLERANCE% (logs: $ROOT)"
[[ -z $HA_SET && -z $JOURNAL_DS_VALIDATION ]] \
  || echo "NOT the cluster node as provisioned: HA_SET='$HA_SET' JOURNAL_DS_VALIDATION='$JOURNAL_DS_VALIDATION'"
echo "machine: $(nproc --all) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
  "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; $(java -version 2>&1 | head -1);" \
  "PostgreSQL $(psql -qAtc 'show server_version' 2>/dev/null || echo '?')"
echo "code: $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($(git status --porcelain 2>/dev/null | wc -l) paths changed);" \
  "EAR built $(date -r "$SERVER/standalone/deployments/mms-router.ear" '+%Y-%m-%d %H:%M:%S')"
echo "before: $(date '+%Y-%m-%d %H:%M:%S'), load average $(loadavg)"
PINNING="$(nproc --all) shared cores"
[[ $PIN == yes ]] && PINNING="WildFly on CPU $ROUTER_CPU alone; PostgreSQL, simulators and tools load on CPU $CLIENT_CPU"
echo "pinning: $PINNING"

start_sims "$LOG"
for variant in $VARIANTS; do run_variant "$variant"; done

# ---- summary -----------------------------------------------------------------------------------------
echo
echo "== HA benchmark summary (DURATION=$DURATION CONCURRENCY=$CONCURRENCY SIZE=$SIZE, closed loop; $PINNING:" \
  "compare the ratios, not the absolute figures) =="
row() {  # row LABEL KEY: the file variant's figure, then each other variant's and its ratio to file
  local f="R_file_$2" v line
  line=$(printf "%-40s %12s" "$1" "${!f:--}")
  for v in $OTHERS; do
    local k="R_${v}_$2"
    line+=$(awk -v a="${!f:-}" -v b="${!k:-}" 'BEGIN {
      r = (a + 0 > 0 && b != "") ? sprintf("%.3f", b / a) : "n/a"
      printf " %12s %10s", (b == "" ? "-" : b), r }')
  done
  echo "$line"
}
text() {  # text LABEL KEY: a figure that is not a number, per variant
  local v line
  line=$(printf "%-40s" "$1")
  for v in file $OTHERS; do local k="R_${v}_$2"; line+=$(printf " %23s" "${!k:--}"); done
  echo "$line"
}
OTHERS=$(for v in $VARIANTS; do [[ $v == file ]] || printf '%s ' "$v"; done)
header=$(printf "%-40s %12s" "" "file")
for v in $OTHERS; do header+=$(printf " %12s %10s" "$v" "$v/file"); done
echo "$header"
row "throughput (MM/s)" tput
row "m-send-conf p50 (ms)" p50
row "m-send-conf p99 (ms)" p99
row "live: WildFly CPU-ms per MM" live_wf_ms
row "live: PostgreSQL CPU-ms per MM" live_pg_ms
row "live: replica node CPU-ms per MM (repl)" live_rep_ms
row "live: WildFly context switches per MM" live_wf_ctx
row "live: PostgreSQL ctx switches per MM" live_pg_ctx
row "backlog drain (MM/s)" backlog_drain
row "backlog fill: WildFly CPU-ms per MM" backlog_fill_wf_ms
row "backlog fill: PostgreSQL CPU-ms per MM" backlog_fill_pg_ms
row "drain: WildFly CPU-ms per MM" backlog_drain_wf_ms
row "drain: PostgreSQL CPU-ms per MM" backlog_drain_pg_ms
row "large ($LARGE_SIZE B) drain (MM/s)" large_drain
row "WildFly RSS at the end (MB)" rss
row "replica node RSS at the end (MB)" replica_rss
text "live answered Ok / errors" okerr
text "backlog delivered / queued" backlog_n
text "large delivered / queued" large_n
for v in file $OTHERS; do printf '%s: warm-up %s\n' "$v" "$(k=WARMUP_$v; echo "${!k:--}")"; done
echo "large objects (pg_largeobject_metadata, before → queued → after delivery): backlog ${R_jdbc_lo_backlog:--};" \
  "large messages ${R_jdbc_lo_large:--}"
echo "large objects no table refers to after both phases (vacuumlo -n): ${R_lo_orphans:--}; database size ${R_db_mb_start:--} MB → ${R_db_mb_end:--} MB"
echo "files in the brokers' largemessages directories (before → queued → after): file ${R_file_files_large:--}, jdbc ${R_jdbc_files_large:--}, repl ${R_repl_files_large:--}"
echo "after: $(date '+%Y-%m-%d %H:%M:%S'), load average $(loadavg)"
echo "RESULT file_mm_s=${R_file_tput:-} jdbc_mm_s=${R_jdbc_tput:-} repl_mm_s=${R_repl_tput:-}" \
  "ratio=$(awk -v a="${R_file_tput:-0}" -v b="${R_jdbc_tput:-0}" 'BEGIN { printf "%.3f", (a > 0 ? b / a : 0) }')" \
  "repl_ratio=$(awk -v a="${R_file_tput:-0}" -v b="${R_repl_tput:-0}" 'BEGIN { printf "%.3f", (a > 0 ? b / a : 0) }')" \
  "file_p99_ms=${R_file_p99:-} jdbc_p99_ms=${R_jdbc_p99:-} file_drain_mm_s=${R_file_backlog_drain:-} jdbc_drain_mm_s=${R_jdbc_backlog_drain:-}" \
  "file_wf_cpu_ms=${R_file_live_wf_ms:-} jdbc_wf_cpu_ms=${R_jdbc_live_wf_ms:-} jdbc_pg_cpu_ms=${R_jdbc_live_pg_ms:-}"
