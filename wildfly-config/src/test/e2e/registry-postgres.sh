#!/usr/bin/env bash
# End-to-end: the MMSC registry on PostgreSQL (the datasource a cluster shares) instead of the
# embedded H2 file. Points MmsRouterDS of a copy of the provisioned server at PostgreSQL, deploys
# the JDBC driver, starts the router, edits an MMSC through the API, kills WildFly with kill -9,
# restarts it, and checks the edit is in force again and stored in PostgreSQL's MMSC table.
# Then a second router node joins on the same database: each node's DNS answers carry both nodes'
# addresses (rotated), and when the second node is killed with kill -9 the first one's answers
# drop it within the node timeout. Needs dig (Debian's dnsutils) for that part.
#
# Needs a reachable PostgreSQL and a database the given role owns (.ci/run creates them):
#   PGHOST=127.0.0.1 PGPORT=5432 PGDATABASE=mmsrouter PGUSER=mmsrouter PGPASSWORD=mmsrouter
set -euo pipefail
cd "$(dirname "$0")/../../../.."

source wildfly-config/src/test/e2e/pg-env.sh

SERVER=wildfly-config/target/wildfly-38.0.1.Final
DRIVER=wildfly-config/target/jdbc/postgresql.jar
BASE=$PWD/wildfly-config/target/e2e-postgres-server
BASE2=$PWD/wildfly-config/target/e2e-postgres-node2
TOOLS=tools/target/mms-router-tools.jar
OFFSET=500
HTTP=$((8080 + OFFSET))
CONTROL=18580
SIM_A=18581
SIM_B=18582
LOG=$BASE/e2e.log   # node-2 logs to $BASE2/e2e.log

[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $DRIVER && -f $TOOLS ]] \
  || { echo "build the project first (mvn -B -DskipTests install)"; exit 2; }
psql -tAc "select 1" >/dev/null || { echo "PostgreSQL $PGUSER@$PGHOST:$PGPORT/$PGDATABASE is not reachable"; exit 2; }
command -v dig >/dev/null || { echo "dig is not installed (apt-get install dnsutils)"; exit 2; }

rm -rf "$BASE" && mkdir -p "$BASE/deployments"
cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
source wildfly-config/src/test/e2e/admin-api.sh
admin_user "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$DRIVER" "$BASE/deployments/"
psql -qc "drop table if exists mmsc; drop table if exists router_node; drop table if exists audit_event" >/dev/null

# The same datasource, now on PostgreSQL (what an operator does for a cluster; README "MMSC registry").
JAVA_OPTS="-Djboss.server.base.dir=$BASE" "$SERVER/bin/jboss-cli.sh" >> "$LOG" 2>&1 <<EOF
embed-server --server-config=standalone-full.xml --std-out=discard
/subsystem=datasources/data-source=MmsRouterDS:write-attribute(name=driver-name, value=postgresql.jar)
/subsystem=datasources/data-source=MmsRouterDS:write-attribute(name=connection-url, value="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE")
/subsystem=datasources/data-source=MmsRouterDS:write-attribute(name=user-name, value=$PGUSER)
/subsystem=datasources/data-source=MmsRouterDS:write-attribute(name=password, value=$PGPASSWORD)
stop-embedded-server
EOF
grep -q "jdbc:postgresql://" "$BASE/configuration/standalone-full.xml" || { echo "could not point MmsRouterDS at PostgreSQL (log: $LOG)"; exit 1; }

SIM_PID=""
cleanup() {
  pkill -9 -f "jboss.server.base.dir=$BASE " 2>/dev/null || true
  pkill -9 -f "jboss.server.base.dir=$BASE2 " 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
}
trap cleanup EXIT

# start_router BASE OFFSET NODE-NAME ADDRESS [PROPERTY...]: one router node on the shared database.
start_router() {
  local base=$1 offset=$2 name=$3 address=$4
  shift 4
  rm -f "$base"/deployments/mms-router.ear.{deployed,failed,isdeploying,pending}
  # (the space after the base dir keeps pkill -f of one node from matching the other's)
  ( "$SERVER/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$base" \
    -Djboss.socket.binding.port-offset=$offset -Dmmsrouter.dns.port=$((15253 + offset)) \
    -Dmmsrouter.node.name="$name" -Dmmsrouter.router.addresses="$address" -Dmmsrouter.dns.rate-limit=0 \
    -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
    "$@" >> "$base/e2e.log" 2>&1 & )
  for _ in $(seq 1 180); do
    [[ -f $base/deployments/mms-router.ear.deployed ]] && return 0
    [[ -f $base/deployments/mms-router.ear.failed ]] && { echo "deployment failed (log: $base/e2e.log)"; exit 1; }
    sleep 1
  done
  echo "router did not start (log: $base/e2e.log)"; exit 1
}

java -jar "$TOOLS" mmsc-sim --mmsc sim-a=$SIM_A --mmsc sim-b=$SIM_B --control-port $CONTROL >> "$LOG" 2>&1 &
SIM_PID=$!

start_router "$BASE" $OFFSET node-1 127.0.5.1
EDIT='{"priority":0,"weight":9,"recipientPrefixes":["+49170"],"adminState":"draining","maxRate":50}'
admin_send PUT "http://127.0.0.1:$HTTP" /mmscs/sim-a/routing "$EDIT" >/dev/null \
  || { echo "FAIL: the registry edit was refused (log: $LOG)"; exit 1; }
pkill -9 -f "jboss.server.base.dir=$BASE "
sleep 1

stored=$(psql -tAc "select weight, recipient_prefixes, admin_state, max_rate, updated_by from mmsc where id = 'sim-a'")
start_router "$BASE" $OFFSET node-1 127.0.5.1
listed=$(admin_get "http://127.0.0.1:$HTTP" /mmscs | grep -o '{[^{}]*"id":"sim-a"[^{}]*}' || true)
echo "PostgreSQL row: $stored"
echo "after kill -9 and restart: $listed"
passed=0
failed=0
if [[ $stored == "9|+49170|DRAINING|50|e2e-operator (api from 127.0.0.1)" && $listed == *'"weight":9'* && $listed == *'"adminState":"draining"'* \
      && $listed == *'"updatedBy":"e2e-operator (api from 127.0.0.1)"'* ]]; then
  passed=$((passed + 1)); echo "ok   the registry edit survived kill -9 on PostgreSQL"
else
  failed=$((failed + 1)); echo "FAIL: the registry edit did not survive on PostgreSQL (log: $LOG)"
fi

# A second node joins on the same database.
rm -rf "$BASE2" && mkdir -p "$BASE2/deployments"
cp -r "$BASE/configuration" "$BASE2/configuration"
rm -rf "$BASE2"/configuration/standalone_xml_history
cp "$SERVER/standalone/deployments/mms-router.ear" "$DRIVER" "$BASE2/deployments/"
start_router "$BASE2" $((OFFSET + 10)) node-2 127.0.5.2
DNS1=$((15253 + OFFSET))
DNS2=$((15253 + OFFSET + 10))
answers() { dig @127.0.0.1 -p "$1" +short +tries=1 +time=2 mms.operator.test A | tr '\n' ' '; }
# check DESCRIPTION SECONDS CONDITION...: polls the condition (a shell command) until it holds.
check() {
  local description=$1 seconds=$2 started=$SECONDS
  shift 2
  while ! "$@"; do
    if (( SECONDS - started >= seconds )); then
      failed=$((failed + 1)); echo "FAIL $description (not within $seconds s)"; return
    fi
    sleep 0.2
  done
  passed=$((passed + 1)); echo "ok   $description ($((SECONDS - started)) s)"
}
both() { local a; a=$(answers "$1"); [[ $a == *127.0.5.1* && $a == *127.0.5.2* ]]; }
only_first() { local a; a=$(answers "$1"); [[ $a == *127.0.5.1* && $a != *127.0.5.2* ]]; }
rotates() { [[ $(answers "$DNS1" | cut -d' ' -f1) != $(answers "$DNS1" | cut -d' ' -f1) ]]; }

check "node-1's DNS answers carry both nodes" 30 both "$DNS1"
check "node-2's DNS answers carry both nodes" 30 both "$DNS2"
check "consecutive answers start with a different node" 5 rotates
nodes=$(psql -tAc "select name || '=' || addresses from router_node order by name" | tr '\n' ' ')
if [[ $nodes == "node-1=127.0.5.1 node-2=127.0.5.2 " ]]; then
  passed=$((passed + 1)); echo "ok   both nodes beat in PostgreSQL's ROUTER_NODE table: $nodes"
else
  failed=$((failed + 1)); echo "FAIL ROUTER_NODE holds: $nodes"
fi
pkill -9 -f "jboss.server.base.dir=$BASE2 "
echo "node-2 killed with kill -9; node-1 answered: $(answers "$DNS1")"
check "node-1's answers drop the dead node-2 (node timeout 10 s, DNS TTL 60 s)" 30 only_first "$DNS1"

# node-2 back, but refusing new MMs (admission control: a free-space floor no volume here meets, as
# if its journal's disk were full): live, yet left out of every node's answers while node-1 accepts.
start_router "$BASE2" $((OFFSET + 10)) node-2 127.0.5.2 -Dmmsrouter.admission.disk-min-free-mb=1000000
second_live() { admin_get "http://127.0.0.1:$HTTP" /status | grep -q '"addresses":\["127.0.5.2"\][^{}]*"live":true'; }
check "node-1 sees node-2 live again" 30 second_live
sleep 3   # a few heartbeats more: the answers below are not a leftover of node-2's absence
check "node-1's answers leave out node-2 while it refuses new MMs" 5 only_first "$DNS1"
check "node-2's own answers leave it out too" 5 only_first "$DNS2"
accepting=$(psql -tAc "select name || '=' || accepting from router_node order by name" | tr '\n' ' ')
if [[ $accepting =~ ^node-1=t(rue)?\ node-2=f(alse)?\ $ ]]; then
  passed=$((passed + 1)); echo "ok   ROUTER_NODE says which node accepts: $accepting"
else
  failed=$((failed + 1)); echo "FAIL ROUTER_NODE's accepting column: $accepting"
fi
pkill -9 -f "jboss.server.base.dir=$BASE2 "

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
