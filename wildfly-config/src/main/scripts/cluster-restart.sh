#!/usr/bin/env bash
# Restarts one MMS Router cluster node the rolling-restart way (README "Cluster", rolling restart):
#
#   cluster-restart.sh --base /srv/mmsrouter/node1 --controller 10.0.0.1:9990 --replica 10.0.0.2:9990 \
#       --start 'systemctl start mmsrouter-node1' [--peers 10.0.0.2:9990,10.0.0.3:9990] [--server DIR] \
#       [--user U --password-file F] [--skip-stop] [--kill 'command that kills the node's process'] \
#       [--update 'command run while the node is down']
#
# --user/--password-file: a management user (add-user.sh -m) when the CLI cannot authenticate as a
# local user; the password goes to jboss-cli in a wildfly-config.xml made mode 600 for the run and
# removed at its end, never on a command line (ps shows those).
# --controller is the node's management address, --replica that of the node whose `backup` broker
# holds this node's journal (the next node in the ring: cluster-node.sh --backup-of names the other
# direction), --peers every other node's (default: the replica only). --start starts the node's
# WildFly and returns (it must not wait for the server to end).
# Steps, each logged with its time:
#  1. Stop (unless --skip-stop: the node is down already, e.g. it crashed): `:suspend` first — new
#     requests are refused, running ones finish, forwarders waiting for a route hand their MM back
#     (README "Cluster", a clean stop) — then the process is killed (--kill, default `kill -9` of the pid the
#     node reports: run the script on the node's host). Not `:shutdown`: after an orderly broker
#     stop its replica takes over before the other brokers have heard the node leave, and their
#     late "node down" then deletes the replica from their topology for good (Artemis 2.42; README
#     "Cluster"); the node restarted against that topology waits for its journal for ever, or starts
#     beside its replica with the same node ID. After a kill, the node-down comes first (the
#     replica's quorum vote waits for it), as in every crash test. Nothing is lost by the kill: a
#     suspended node runs no request or delivery, and the journal is replicated synchronously.
#     The other nodes drop it from DNS within mmsrouter.node.timeout-ms (10 s). The script then
#     waits until the replica is active and every peer lists the node's ID at it; if the replica
#     does not take over within 60 s (its quorum vote failed: a peer still saw the node), the node's
#     queued MMs wait for its restart, which then needs no failback.
#  2. --update, if given (new EAR, configuration: e.g. cluster-node.sh again, which keeps data/).
#  3. Start without the router: the EAR is held out of deployments/ until the node's own broker is
#     active, because after a failover the broker first takes its journal back from the replica
#     (failback) and a router deployed before that fails for want of a JMS connection factory.
#     A node whose broker comes up active while its replica is still active is a split brain: the
#     script stops there and says so.
#  4. Deploy the router, wait for it, and wait until the node's broker is replicated again
#     (`synchronized-with-backup`), so that the next node may go.
# Exit 0 when the node is back and replicated; 1 with the step that failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
SERVER=${JBOSS_HOME:-}
[[ -z $SERVER && -d $here/../../../target/wildfly-38.0.1.Final ]] && SERVER=$(cd "$here/../../../target/wildfly-38.0.1.Final" && pwd)
BASE="" CONTROLLER="" REPLICA="" PEERS="" START="" UPDATE="" SKIP_STOP=0 KILL="" USER="" PASSWORD_FILE=""
usage() { sed -n '2,39p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --base) BASE=$2; shift 2 ;;
    --controller) CONTROLLER=$2; shift 2 ;;
    --replica) REPLICA=$2; shift 2 ;;
    --start) START=$2; shift 2 ;;
    --update) UPDATE=$2; shift 2 ;;
    --skip-stop) SKIP_STOP=1; shift ;;
    --peers) PEERS=$2; shift 2 ;;
    --kill) KILL=$2; shift 2 ;;
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
[[ -n $PEERS ]] || PEERS=$REPLICA
IFS=, read -r -a peers <<<"$PEERS"
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
replicated() {
  answers_true "$CONTROLLER" '/subsystem=messaging-activemq/server=default/ha-policy=replication-primary:read-attribute(name=synchronized-with-backup)'
}
deployed() { [[ -f $EAR.deployed ]]; }

# node_ids CONTROLLER: the node IDs that broker's `default` has cluster bridges to (get-nodes), one a line.
node_ids() {
  cli "$1" '/subsystem=messaging-activemq/server=default/cluster-connection=my-cluster:get-nodes' \
    | grep -o '"[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}"' | tr -d '"' | sort -u || true
}
# every_peer_lists ID: every peer's broker has the node ID in its topology (bridges to it).
every_peer_lists() {
  local peer
  for peer in "${peers[@]}"; do node_ids "$peer" | grep -qx "$1" || return 1; done
}

# 1. Stop.
if [[ $SKIP_STOP == 0 ]]; then
  reachable || die "the node at $CONTROLLER is not reachable (down already? use --skip-stop)"
  # Its broker's node ID: the one the replica knows and the node itself does not (it is not its own peer).
  node_id=$(comm -23 <(node_ids "$REPLICA") <(node_ids "$CONTROLLER") | head -n1)
  [[ -n $node_id ]] || die "cannot tell the node's broker ID from the replica's topology (is the cluster formed?)"
  pid=$(cli "$CONTROLLER" '/core-service=platform-mbean/type=runtime:read-attribute(name=name)' \
    | sed -n 's/.*"result" => "\([0-9]*\)@.*/\1/p')
  [[ -n $KILL || -n $pid ]] || die "cannot read the node's process id (give --kill)"
  log "suspending the node (its broker is $node_id)"
  cli "$CONTROLLER" ':suspend(suspend-timeout=60)' >/dev/null || die ":suspend was refused"
  cli "$CONTROLLER" ':read-attribute(name=suspend-state)' | grep -q '"result" => "SUSPENDED"' \
    || die "the node did not reach SUSPENDED within 60 s (resume it with :resume)"
  log "suspended: killing it"
  if [[ -n $KILL ]]; then bash -c "$KILL" || die "the kill command failed"; else kill -9 "$pid" || die "cannot kill $pid"; fi
  wait_until 60 down || die "the node still answers after the kill"
  log "stopped"
  if wait_until 60 replica_active; then
    log "its replica at $REPLICA took the journal over"
    wait_until 30 every_peer_lists "$node_id" \
      || die "a peer's topology lacks $node_id at the replica: restarting the node now could split the brain"
    log "every peer lists $node_id at the replica"
  else
    # Its quorum vote did not pass (a peer still saw the node): it went back to waiting as a
    # backup, and the node's broker comes back from its own journal, which is complete.
    log "its replica at $REPLICA did not take over within 60 s: the queued MMs wait for the node's own broker"
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
if wait_until 30 eval '! replica_active'; then
  :
else
  die "split brain: the node's broker and its replica at $REPLICA are both active; stop this node (:shutdown), see README \"Cluster\""
fi
log "the node's broker is active"

# 4. Deploy the router and wait until the node is replicated again.
mv "$HELD" "$EAR"
wait_until 180 deployed || die "the router did not deploy (log: $BASE/log/server.log)"
log "router deployed"
wait_until 120 replicated || die "the node's broker is not replicated again within 120 s"
log "replicated again: the next node may go"
