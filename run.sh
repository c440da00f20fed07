#!/usr/bin/env bash
# MMS Router: build, provision WildFly, start it with the router deployed plus two simulated
# MMSCs, and print where everything listens. Ctrl-C stops everything.
#   ./run.sh              build (tests skipped) and run
#   ./run.sh --no-build   run what the last build produced
set -euo pipefail
cd "$(dirname "$0")"

WILDFLY_VERSION=$(sed -n "s|.*<wildfly.version>\(.*\)</wildfly.version>.*|\1|p" pom.xml | head -1)
SERVER_DIR="$PWD/wildfly-config/target/wildfly-$WILDFLY_VERSION"
TOOLS_JAR="$PWD/tools/target/mms-router-tools.jar"
RUN_DIR="$PWD/target/run"
HTTP_PORT=8080
DNS_PORT=$(sed -n 's/^mmsrouter\.dns\.port=//p' ejb/src/main/resources/mms-router-defaults.properties)
DOMAIN=$(sed -n 's/^mmsrouter\.mms\.domains=//p' ejb/src/main/resources/mms-router-defaults.properties | cut -d, -f1)

if [[ "${1:-}" != "--no-build" ]]; then
  echo "Building and provisioning (mvn -DskipTests package)…"
  mvn -B -q -DskipTests package
fi
[[ -f "$SERVER_DIR/standalone/deployments/mms-router.ear" ]] || { echo "No provisioned server in $SERVER_DIR: run without --no-build"; exit 1; }

mkdir -p "$RUN_DIR"

# The console's first operator: user "noc", a password made on the first run and kept in
# target/run/console-password (owner-only); README "Security" tells how to add others. Everything this
# script and the server create is owner-only (umask 077): the key pair the server generates, logs, data.
umask 077
CONSOLE_USER=noc
PASSWORD_FILE="$RUN_DIR/console-password"
# (The realm keeps user noc in n/o/noc-NZXWG.xml: the name, then its base32 form.)
if [[ ! -f "$SERVER_DIR/standalone/configuration/mms-router-users/n/o/noc-NZXWG.xml" || ! -s $PASSWORD_FILE ]]; then
  head -c 12 /dev/urandom | base64 | tr -d '/+=' > "$PASSWORD_FILE"
  JBOSS_HOME="$SERVER_DIR" "$SERVER_DIR/bin/mmsrouter-user.sh" --password-stdin add "$CONSOLE_USER" noc-operator \
    < "$PASSWORD_FILE" > /dev/null
fi
SIM_PID="" ; WILDFLY_PID_FILE="$RUN_DIR/wildfly.pid"
stop_all() {
  trap - INT TERM EXIT
  echo; echo "Stopping…"
  if [[ -f "$WILDFLY_PID_FILE" ]]; then kill "$(cat "$WILDFLY_PID_FILE")" 2>/dev/null || true; fi
  [[ -n "$SIM_PID" ]] && kill "$SIM_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -f "$WILDFLY_PID_FILE"
  echo "Stopped."
}
trap stop_all INT TERM EXIT

java -jar "$TOOLS_JAR" mmsc-sim > "$RUN_DIR/mmsc-sim.log" 2>&1 &
SIM_PID=$!

rm -f "$SERVER_DIR"/standalone/deployments/mms-router.ear.{deployed,failed,isdeploying,pending}
JBOSS_PIDFILE="$WILDFLY_PID_FILE" LAUNCH_JBOSS_IN_BACKGROUND=1 \
  "$SERVER_DIR/bin/standalone.sh" -c standalone-full.xml > "$RUN_DIR/wildfly-console.log" 2>&1 &

echo "Starting WildFly (log: $SERVER_DIR/standalone/log/server.log)…"
for _ in $(seq 1 180); do
  if [[ -f "$SERVER_DIR/standalone/deployments/mms-router.ear.deployed" ]]; then break; fi
  if [[ -f "$SERVER_DIR/standalone/deployments/mms-router.ear.failed" ]]; then
    echo "Deployment failed:"; cat "$SERVER_DIR/standalone/deployments/mms-router.ear.failed"; exit 1
  fi
  sleep 1
done
[[ -f "$SERVER_DIR/standalone/deployments/mms-router.ear.deployed" ]] || { echo "Router did not start within 180 s"; exit 1; }

# The NOC listener's certificate (its key pair was generated on first start): saved so clients can trust
# exactly it.
NOC_PORT=9443
CERT_FILE="$RUN_DIR/noc-certificate.pem"
openssl s_client -connect 127.0.0.1:$NOC_PORT </dev/null 2>/dev/null | openssl x509 > "$CERT_FILE" 2>/dev/null \
  || echo "(openssl missing: the certificate was not saved)"

cat <<INFO

MMS Router is running.
  MM1 ingress   http://127.0.0.1:$HTTP_PORT/mms    (POST application/vnd.wap.mms-message)
  DNS           udp://127.0.0.1:$DNS_PORT          answers $DOMAIN A
  NOC console   https://localhost:$NOC_PORT/admin/   user $CONSOLE_USER (noc-operator), password in $PASSWORD_FILE
  Admin API     https://localhost:$NOC_PORT/admin/api/overview   (BASIC, same user; OpenAPI at /openapi)
  NOC certificate  $CERT_FILE  (self-signed, generated on first start: trust it in the browser,
                   or curl --cacert it; README "Security" tells how to use your own)
  Simulated MMSCs  http://127.0.0.1:18081/mms (sim-a), http://127.0.0.1:18082/mms (sim-b)
  Simulator control  http://127.0.0.1:18080/sims
Try:
  dig @127.0.0.1 -p $DNS_PORT $DOMAIN A
  java -jar tools/target/mms-router-tools.jar submit --url http://127.0.0.1:$HTTP_PORT/mms
  curl --cacert $CERT_FILE -u $CONSOLE_USER https://localhost:$NOC_PORT/admin/api/overview
  curl -s http://127.0.0.1:18080/sims/sim-a/received
Press Ctrl-C to stop.
INFO
wait
