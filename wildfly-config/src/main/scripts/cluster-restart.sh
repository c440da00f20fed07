#!/usr/bin/env bash
# Restarts one MMS Router cluster node the rolling-restart way (docs/operations.md "Rolling restart"),
# with ordinary stops only:
#
#   cluster-restart.sh --base /srv/mmsrouter/node1 --controller 10.0.0.1:9990 --replica 10.0.0.2:9990 \
#       --start 'systemctl start mmsrouter-node1' [--stop 'systemctl stop mmsrouter-node1'] [--server DIR] \
#       [--user U --password-file F] [--skip-stop] [--update 'command run while the node is down']
#
# --user/--password-file: a management user (add-user.sh -m) when the CLI cannot authenticate as a
# local user; the password goes to jboss-cli in a wildfly-config.xml made mode 600 for the run and
# removed at its end, never on a command line (ps shows those).
# --controller is the node's management address, --replica that of the node whose `backup` broker
# stands by for this node's journal (the next node in the ring: cluster-node.sh --backup-of names the
# other direction). --start starts the node's WildFly and returns (it must not wait for the server to
# end); --stop stops it the ordinary way and may wait (default: `:shutdown` through the CLI).
# Steps, each logged with its time:
#  1. Stop (unless --skip-stop: the node is down already, e.g. it crashed): `:suspend` first — new
#     requests are refused, running ones finish, forwarders waiting for a route hand their MM back —
#     then the ordinary stop. The broker closes its bridges and journal and releases the journal's
#     lease in the database; the replica's backup broker takes the journal over (within ~2 s) and
#     hands the queued MMs to its own node's router. The other nodes drop the node from DNS within
#     mmsrouter.node.timeout-ms (10 s).
#  2. --update, if given (new EAR, configuration: e.g. cluster-node.sh again, which keeps data/).
#  3. Start without the router: the EAR is held out of deployments/ until the node's own broker is
#     active again, because its broker first takes its journal back from the replica (failback) and a
#     router deployed before that fails for want of a JMS connection factory. The journal's lease
#     lets only one broker run it: the script checks that the replica's backup is no longer active.
#  4. Deploy the router, wait for it, and wait until the replica's backup stands by again for the
#     node's journal, so that the next node may go.
# Exit 0 when the node is back and its journal has a standby again; 1 with the step that failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
SERVER=${JBOSS_HOME:-}
[[ -z $SERVER && -d $here/../../../target/wildfly-38.0.1.Final ]] && SERVER=$(cd "$here/../../../target/wildfly-38.0.1.Final" && pwd)
BASE="" CONTROLLER="" REPLICA="" START="" STOP="" UPDATE="" SKIP_STOP=0 USER="" PASSWORD_FILE=""
usage() { sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --base) BASE=$2; shift 2 ;;
    --controller) CONTROLLER=$2; shift 2 ;;
    --replica) REPLICA=$2; shift 2 ;;
    --start) START=$2; shift 2 ;;
    --update) UPDATE=$2; shift 2 ;;
    --stop) STOP=$2; shift 2 ;;
    --skip-stop) SKIP_STOP=1; shift ;;
    --server) SERVER=$2; shift 2 ;;
    --user) USER=$2; shift 2 ;;
    --password-file) PASSWORD_FILE=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done
for required in base:BASE controller:CONTROLLER replica:REPLICA start:START "server (or JBOSS_HOME):SERVER"; do
  variable=${required##*:}
  [[ -n ${!variable} ]] || { echo "missing --${required%:*}" >&2; exit 2; }
done
EAR=$BASE/deployments/mms-router.ear
HELD=$BASE/mms-router.ear.held
[[ -f $EAR || -f $HELD ]] || { echo "no mms-router.ear in $BASE/deployments" >&2; exit 2; }

started_at=$SECONDS
log() { echo "[cluster-restart $(date +%T) +$((SECONDS - started_at))s] $*"; }
die() { log "FAILED: $*"; exit 1; }
# With --user: the credentials in a client configuration (Elytron's wildfly-config.xml) that
# jboss-cli reads through -Dwildfly.config.url; the file is made mode 600 (mktemp) before the
# password goes in.
CLI_JAVA_OPTS=${JAVA_OPTS:-}
if [[ -n $USER ]]; then
  [[ -n $PASSWORD_FILE && -f $PASSWORD_FILE ]] || { echo "--user needs --password-file" >&2; exit 2; }
  client_config=$(mktemp /tmp/cluster-restart-client.XXXXXX.xml)
  trap 'rm -f "$client_config"' EXIT
  xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' -e "s/'/\&apos;/g"; }
  cat >"$client_config" <<EOF
<configuration>
  <authentication-client xmlns="urn:elytron:client:1.7">
    <authentication-rules><rule use-configuration="management"/></authentication-rules>
    <authentication-configurations>
      <configuration name="management">
        <sasl-mechanism-selector selector="DIGEST-MD5"/>
        <set-user-name name="$(printf '%s' "$USER" | xml_escape)"/>
        <credentials><clear-password password="$(head -n1 "$PASSWORD_FILE" | xml_escape)"/></credentials>
      </configuration>
    </authentication-configurations>
  </authentication-client>
</configuration>
EOF
  CLI_JAVA_OPTS+=" -Dwildfly.config.url=$client_config"
fi
# cli CONTROLLER OPERATION: one management operation; its output.
cli() {
  JAVA_OPTS=$CLI_JAVA_OPTS "$SERVER/bin/jboss-cli.sh" --connect --controller="$1" --command="$2" 2>/dev/null
}
answers_true() { cli "$1" "$2" | grep -q '"result" => true'; }
# wait_until SECONDS COMMAND...: polls every 2 s; 1 on timeout.
wait_until() {
  local until=$((SECONDS + $1)); shift
  until "$@"; do (( SECONDS >= until )) && return 1; sleep 2; done
}
reachable() { cli "$CONTROLLER" ':read-attribute(name=server-state)' | grep -q '"outcome" => "success"'; }
down() { ! reachable; }
broker_active() { answers_true "$CONTROLLER" '/subsystem=messaging-activemq/server=default:read-attribute(name=active)'; }
replica_active() { answers_true "$REPLICA" '/subsystem=messaging-activemq/server=backup:read-attribute(name=active)'; }
replica_standing_by() {
  answers_true "$REPLICA" '/subsystem=messaging-activemq/server=backup:read-attribute(name=started)' && ! replica_active
}
deployed() { [[ -f $EAR.deployed ]]; }

# 1. Stop.
if [[ $SKIP_STOP == 0 ]]; then
  reachable || die "the node at $CONTROLLER is not reachable (down already? use --skip-stop)"
  log "suspending the node"
  cli "$CONTROLLER" ':suspend(suspend-timeout=60)' >/dev/null || die ":suspend was refused"
  cli "$CONTROLLER" ':read-attribute(name=suspend-state)' | grep -q '"result" => "SUSPENDED"' \
    || die "the node did not reach SUSPENDED within 60 s (resume it with :resume)"
  log "suspended: stopping it"
  if [[ -n $STOP ]]; then
    bash -c "$STOP" || die "the stop command failed"
  else
    cli "$CONTROLLER" ':shutdown' >/dev/null || true   # the connection may close before the answer
  fi
  wait_until 120 down || die "the node still answers 120 s after the stop"
  log "stopped"
  if wait_until 30 replica_active; then
    log "its replica at $REPLICA took the journal over"
  else
    # Only a database problem keeps the lease from passing (the log of either node says which);
    # nothing is lost: the queued MMs wait in the journal for the node's own broker.
    log "its replica at $REPLICA did not take the journal over within 30 s: the queued MMs wait for the node's own broker"
  fi
fi

# 2. Update.
if [[ -n $UPDATE ]]; then
  log "update: $UPDATE"
  bash -c "$UPDATE" || die "the update failed"
fi

# 3. Start without the router, wait for the node's own broker.
[[ -f $EAR ]] && mv "$EAR" "$HELD"
rm -f "$EAR".{deployed,failed,isdeploying,pending,undeployed}
log "starting the node without the router"
bash -c "$START" || die "the start command failed"
wait_until 180 reachable || die "the node did not answer on $CONTROLLER within 180 s"
wait_until 180 broker_active || die "the node's broker did not become active (log: $BASE/log/server.log)"
wait_until 30 eval '! replica_active' \
  || die "the node's broker and its replica at $REPLICA both say they are active: stop this node (:shutdown) and look at both logs"
log "the node's broker is active, its replica stands down"

# 4. Deploy the router and wait until the journal has a standby again.
mv "$HELD" "$EAR"
wait_until 180 deployed || die "the router did not deploy (log: $BASE/log/server.log)"
log "router deployed"
wait_until 120 replica_standing_by || die "the replica's backup broker does not stand by again within 120 s"
log "its replica stands by again: the next node may go"
