#!/usr/bin/env bash
# End-to-end: the MMSC registry on PostgreSQL (the datasource a cluster shares) instead of the
# embedded H2 file. Points MmsRouterDS of a copy of the provisioned server at PostgreSQL, deploys
# the JDBC driver, starts the router, edits an MMSC through the API, kills WildFly with kill -9,
# restarts it, and checks the edit is in force again and stored in PostgreSQL's MMSC table.
#
# Needs a reachable PostgreSQL and a database the given role owns (.ci/run creates them):
#   PGHOST=127.0.0.1 PGPORT=5432 PGDATABASE=mmsrouter PGUSER=mmsrouter PGPASSWORD=mmsrouter
set -euo pipefail
cd "$(dirname "$0")/../../../.."

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGDATABASE=${PGDATABASE:-mmsrouter}
PGUSER=${PGUSER:-mmsrouter}
PGPASSWORD=${PGPASSWORD:-mmsrouter}
PGOPTIONS=${PGOPTIONS:---client-min-messages=warning}
export PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD PGOPTIONS

SERVER=wildfly-config/target/wildfly-38.0.1.Final
DRIVER=wildfly-config/target/jdbc/postgresql.jar
BASE=$PWD/wildfly-config/target/e2e-postgres-server
TOOLS=tools/target/mms-router-tools.jar
OFFSET=500
HTTP=$((8080 + OFFSET))
CONTROL=18580
SIM_A=18581
SIM_B=18582
LOG=$BASE/e2e.log

[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $DRIVER && -f $TOOLS ]] \
  || { echo "build the project first (mvn -B -DskipTests install)"; exit 2; }
psql -tAc "select 1" >/dev/null || { echo "PostgreSQL $PGUSER@$PGHOST:$PGPORT/$PGDATABASE is not reachable"; exit 2; }

rm -rf "$BASE" && mkdir -p "$BASE/deployments"
cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$DRIVER" "$BASE/deployments/"
psql -qc "drop table if exists mmsc" >/dev/null

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
  pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
  [[ -n $SIM_PID ]] && kill "$SIM_PID" 2>/dev/null || true
}
trap cleanup EXIT

start_router() {
  rm -f "$BASE"/deployments/mms-router.ear.{deployed,failed,isdeploying,pending}
  ( "$SERVER/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$BASE" \
    -Djboss.socket.binding.port-offset=$OFFSET -Dmmsrouter.dns.port=15753 \
    -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
    >> "$LOG" 2>&1 & )
  for _ in $(seq 1 180); do
    [[ -f $BASE/deployments/mms-router.ear.deployed ]] && return 0
    [[ -f $BASE/deployments/mms-router.ear.failed ]] && { echo "deployment failed (log: $LOG)"; exit 1; }
    sleep 1
  done
  echo "router did not start (log: $LOG)"; exit 1
}

java -jar "$TOOLS" mmsc-sim --mmsc sim-a=$SIM_A --mmsc sim-b=$SIM_B --control-port $CONTROL >> "$LOG" 2>&1 &
SIM_PID=$!

start_router
EDIT='{"priority":0,"weight":9,"recipientPrefixes":["+49170"],"adminState":"draining","maxRate":50}'
curl -sf -X PUT -H 'Content-Type: application/json' -d "$EDIT" "http://127.0.0.1:$HTTP/api/mmscs/sim-a/routing" >/dev/null \
  || { echo "FAIL: the registry edit was refused (log: $LOG)"; exit 1; }
pkill -9 -f "jboss.server.base.dir=$BASE"
sleep 1

stored=$(psql -tAc "select weight, recipient_prefixes, admin_state, max_rate, updated_by from mmsc where id = 'sim-a'")
start_router
listed=$(curl -sf "http://127.0.0.1:$HTTP/api/mmscs" | grep -o '{[^{}]*"id":"sim-a"[^{}]*}' || true)
echo "PostgreSQL row: $stored"
echo "after kill -9 and restart: $listed"
if [[ $stored == "9|+49170|DRAINING|50|api from 127.0.0.1" && $listed == *'"weight":9'* && $listed == *'"adminState":"draining"'* \
      && $listed == *'"updatedBy":"api from 127.0.0.1"'* ]]; then
  echo "1 passed, 0 failed"
else
  echo "FAIL: the registry edit did not survive on PostgreSQL (log: $LOG)"
  echo "0 passed, 1 failed"
  exit 1
fi
