#!/usr/bin/env bash
# Prepares one MMS Router cluster node (README "Cluster"): a server base directory of its own with
# the provisioned cluster profile (standalone-full-ha.xml, made by the build from cluster.cli), the
# EAR and the PostgreSQL driver in deployments/, configuration/cluster-node.properties holding what
# differs per node and configuration/cluster-key.p12, the cluster key (both mode 600), and a systemd
# unit for the node, mmsrouter-<name>.service (stopped the ordinary way: a graceful :shutdown). Then
# prints the command that starts it.
#
#   cluster-node.sh --name node1 --base /srv/mmsrouter/node1 --backup-of node2 \
#       --members 10.0.0.1:7600,10.0.0.2:7600 --cluster-password-file /etc/mmsrouter/cluster-password \
#       --cluster-key /etc/mmsrouter/cluster-key.p12 \
#       --db-url jdbc:postgresql://db:5432/mmsrouter --db-user mmsrouter --db-password-file /etc/mmsrouter/db-password \
#       [--offset 0] [--jgroups-port 7600] [--bind 127.0.0.1] [--router-address 10.0.0.1] [--server DIR] \
#       [--service-user wildfly] [--set key=value]...
#       [--vip 10.0.0.101 --all-vips 10.0.0.101,10.0.0.102 --vip-interface eth0 [--keepalived-option preempt-delay=30]...]
#   cluster-node.sh --generate-cluster-key /etc/mmsrouter/cluster-key.p12 --cluster-password-file /etc/mmsrouter/cluster-password
#
# --cluster-password-file and --cluster-key are the cluster's secrets, the same files on every node,
#   each readable by its owner only (mode 600, else refused). The password is the brokers' cluster
#   password and JGroups AUTH's shared secret, and opens the key: a PKCS12 key store holding the AES
#   key JGroups encrypts with (alias mmsrouter-cluster). --generate-cluster-key makes one (keytool,
#   the password read from the file) and exits. docs/security/cluster-plane.md.
# --db-url may ask for TLS: jdbc:postgresql://db:5432/mmsrouter?sslmode=verify-full&sslrootcert=/etc/mmsrouter/db-ca.pem
# --members lists every node's JGroups address (host:port, the port after the node's offset), this
#   one included: the static member list of TCPPING (no multicast).
# --backup-of names the node whose journal this node's backup broker stands by for: in a ring
#   node1 <- node2 <- ... <- nodeN <- node1. Journals are tables in the --db-url database, named after
#   the node (lower case, other characters than a-z, 0-9 and _ made _: node "Node-1" -> node_1_msg, ...),
#   so node names have at most 8 characters (Artemis limits the page tables' prefix).
# --jgroups-port is the JGroups TCP port before the port offset; FD_SOCK2 (failure detection) uses
#   the next port.
# --service-user is the account the systemd unit runs WildFly as (default: the one running this script).
# --vip gives the node a virtual address that keepalived moves to a surviving node when this node's
#   router is not ready (docs/vip.md): DNS answers give it out (it is the default --router-address),
#   the subscriber listener binds 0.0.0.0 (it must accept on any VIP it takes over; JGroups and the
#   brokers stay on --bind), and cluster-keepalived.sh writes <base>/keepalived/keepalived.conf and its
#   health check, with --all-vips (every node's VIP, the same order on every node), --vip-interface
#   (the interface --bind is on), the other --members hosts as VRRP peers and any --keepalived-option
#   (NAME=VALUE: --NAME VALUE for cluster-keepalived.sh).
# --set adds any other system property (mmsrouter.* settings, e.g. mmsrouter.dns.port=53).
# Re-running it on an existing base directory refreshes the configuration and deployments, keeping
# data/ (the journals) and log/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
SERVER=${JBOSS_HOME:-}
# Found next to the script in the source tree (wildfly-config/src/main/scripts) after a build.
[[ -z $SERVER && -d $here/../../../target/wildfly-38.0.1.Final ]] && SERVER=$(cd "$here/../../../target/wildfly-38.0.1.Final" && pwd)
NAME="" BASE="" BACKUP_OF="" MEMBERS="" PASSWORD_FILE="" KEY_FILE="" GENERATE_KEY="" DB_URL="" DB_USER="" DB_PASSWORD_FILE=""
OFFSET=0 JGROUPS_PORT=7600 BIND=127.0.0.1 ROUTER_ADDRESS="" EXTRA=()
SERVICE_USER=$(id -un)
VIP="" ALL_VIPS="" VIP_INTERFACE="" KEEPALIVED_OPTIONS=()
usage() { sed -n '2,45p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --name) NAME=$2; shift 2 ;;
    --base) BASE=$2; shift 2 ;;
    --backup-of) BACKUP_OF=$2; shift 2 ;;
    --members) MEMBERS=$2; shift 2 ;;
    --cluster-password-file) PASSWORD_FILE=$2; shift 2 ;;
    --cluster-key) KEY_FILE=$2; shift 2 ;;
    --generate-cluster-key) GENERATE_KEY=$2; shift 2 ;;
    --db-url) DB_URL=$2; shift 2 ;;
    --db-user) DB_USER=$2; shift 2 ;;
    --db-password-file) DB_PASSWORD_FILE=$2; shift 2 ;;
    --offset) OFFSET=$2; shift 2 ;;
    --jgroups-port) JGROUPS_PORT=$2; shift 2 ;;
    --bind) BIND=$2; shift 2 ;;
    --router-address) ROUTER_ADDRESS=$2; shift 2 ;;
    --server) SERVER=$2; shift 2 ;;
    --service-user) SERVICE_USER=$2; shift 2 ;;
    --vip) VIP=$2; shift 2 ;;
    --all-vips) ALL_VIPS=$2; shift 2 ;;
    --vip-interface) VIP_INTERFACE=$2; shift 2 ;;
    --keepalived-option) KEEPALIVED_OPTIONS+=("--${2%%=*}" "${2#*=}"); shift 2 ;;
    --set) EXTRA+=("$2"); shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done
# owner_only FILE: the file exists and neither its group nor others may read or write it.
owner_only() {
  [[ -f $1 ]] || { echo "$1 does not exist" >&2; exit 2; }
  [[ $(stat -c %a "$1") == [4567]00 ]] || { echo "$1 is mode $(stat -c %a "$1"): a secret must be readable by its owner only (chmod 600 $1)" >&2; exit 2; }
}
# The key alias and store type cluster.cli's key store and SYM_ENCRYPT expect.
KEY_ALIAS=mmsrouter-cluster
if [[ -n $GENERATE_KEY ]]; then
  [[ -n $PASSWORD_FILE ]] || { echo "missing --cluster-password-file (it protects the key)" >&2; exit 2; }
  owner_only "$PASSWORD_FILE"
  [[ ! -e $GENERATE_KEY ]] || { echo "$GENERATE_KEY exists: not overwritten (every node must keep the same key)" >&2; exit 2; }
  # keytool reads the password from the file: never on its command line. umask: the key file is
  # created readable by its owner only.
  (umask 077 && keytool -genseckey -alias "$KEY_ALIAS" -keyalg AES -keysize 256 -storetype PKCS12 \
     -keystore "$GENERATE_KEY" -storepass:file "$PASSWORD_FILE") >&2
  echo "made $GENERATE_KEY: copy it, with $PASSWORD_FILE, to every node (mode 600) and give both to cluster-node.sh" >&2
  exit 0
fi
for required in name:NAME base:BASE backup-of:BACKUP_OF members:MEMBERS cluster-password-file:PASSWORD_FILE \
    cluster-key:KEY_FILE db-url:DB_URL db-user:DB_USER db-password-file:DB_PASSWORD_FILE "server (or JBOSS_HOME):SERVER"; do
  variable=${required##*:}
  [[ -n ${!variable} ]] || { echo "missing --${required%:*}" >&2; exit 2; }
done
CONFIG=$SERVER/standalone/configuration/standalone-full-ha.xml
grep -q 'mmsrouter.cluster.password' "$CONFIG" 2>/dev/null \
  || { echo "$CONFIG is not the cluster profile: build the project first (mvn package), or install.sh --profile standalone-full-ha.xml" >&2; exit 2; }
[[ -f $SERVER/standalone/deployments/mms-router.ear ]] || { echo "no mms-router.ear in $SERVER/standalone/deployments" >&2; exit 2; }
# The driver: beside the scripts in the distribution archive (jdbc/), or where the build put it.
if [[ -z ${DRIVER:-} ]]; then
  DRIVER=$here/../jdbc/postgresql.jar
  [[ -f $DRIVER ]] || DRIVER=$SERVER/../jdbc/postgresql.jar
fi
[[ -f $DRIVER ]] || { echo "no PostgreSQL driver at $DRIVER (set DRIVER=…)" >&2; exit 2; }
owner_only "$PASSWORD_FILE"
owner_only "$KEY_FILE"
owner_only "$DB_PASSWORD_FILE"
password=$(head -n1 "$PASSWORD_FILE")
[[ -n $password && $password != "CHANGE ME!!" ]] || { echo "$PASSWORD_FILE holds no usable cluster password" >&2; exit 2; }
keytool -list -storetype PKCS12 -keystore "$KEY_FILE" -storepass:file "$PASSWORD_FILE" -alias "$KEY_ALIAS" >/dev/null 2>&1 \
  || { echo "$KEY_FILE is not a cluster key that $PASSWORD_FILE opens (alias $KEY_ALIAS; make one with --generate-cluster-key)" >&2; exit 2; }
db_password=$(head -n1 "$DB_PASSWORD_FILE")
# journal_of NODE: the table-name prefix of that node's journal: an unquoted PostgreSQL name of at most
# 8 characters, because Artemis refuses a page-store table prefix (<journal>_p) over 10 (AMQ224000).
journal_of() {
  local prefix
  prefix=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9_' '_')
  [[ $prefix =~ ^[a-z][a-z0-9_]{0,7}$ ]] \
    || { echo "node name '$1' gives no usable journal name ('$prefix'): a letter first, at most 8 characters (e.g. node1, mms03)" >&2; exit 2; }
  printf '%s' "$prefix"
}
journal=$(journal_of "$NAME")
backup_journal=$(journal_of "$BACKUP_OF")
[[ $journal != "$backup_journal" ]] || { echo "--backup-of must name another node than --name" >&2; exit 2; }
if [[ -n $VIP ]]; then
  [[ -n $ALL_VIPS && -n $VIP_INTERFACE ]] || { echo "--vip needs --all-vips and --vip-interface" >&2; exit 2; }
  [[ -n $ROUTER_ADDRESS ]] || ROUTER_ADDRESS=$VIP
fi
IFS=, read -r -a members <<<"$MEMBERS"
(( ${#members[@]} >= 2 )) || { echo "--members needs at least two host:port entries" >&2; exit 2; }

mkdir -p "$BASE/deployments" "$BASE/configuration"
BASE=$(cd "$BASE" && pwd)
# The profile and the console users; users added to this node earlier (bin/mmsrouter-user.sh --base-dir) are kept.
for f in "$SERVER"/standalone/configuration/*; do
  name=$(basename "$f")
  [[ $name == standalone_xml_history ]] && continue
  [[ $name == mms-router-users ]] && [[ -d $BASE/configuration/$name ]] && continue
  # The NOC listener's generated key pair is the install's, not this node's: each node makes its own.
  [[ $name == mms-router-noc.p12 ]] && continue
  cp -r "$f" "$BASE/configuration/"
done
cp "$SERVER/standalone/deployments/mms-router.ear" "$DRIVER" "$BASE/deployments/"
rm -f "$BASE"/deployments/*.{deployed,failed,isdeploying,pending,undeployed}

# write_secret FILE: stdin into FILE through a file mktemp creates mode 600 before a byte goes in,
# renamed over FILE (a file left by an earlier run with a wider mode is replaced, not reused).
write_secret() {
  local written
  written=$(mktemp "$(dirname "$1")/.$(basename "$1").XXXXXX")
  cat >"$written"
  mv -f "$written" "$1"
}
write_secret "$BASE/configuration/cluster-key.p12" <"$KEY_FILE"
properties=$BASE/configuration/cluster-node.properties
{
  echo "# Written by cluster-node.sh for $NAME: what differs per node (README \"Cluster\")."
  echo "jboss.node.name=$NAME"
  echo "jboss.tx.node.id=$NAME"
  echo "jboss.socket.binding.port-offset=$OFFSET"
  if [[ -n $VIP ]]; then echo "jboss.bind.address=0.0.0.0"; else echo "jboss.bind.address=$BIND"; fi
  echo "jboss.bind.address.private=$BIND"
  echo "mmsrouter.cluster.jgroups.port=$JGROUPS_PORT"
  echo "mmsrouter.cluster.jgroups.fd-port=$((JGROUPS_PORT + 1))"
  for ((i = 1; i <= ${#members[@]}; i++)); do
    member=${members[$((i - 1))]}
    echo "mmsrouter.cluster.member.$i.host=${member%:*}"
    echo "mmsrouter.cluster.member.$i.port=${member##*:}"
  done
  echo "mmsrouter.cluster.ha.journal=$journal"
  echo "mmsrouter.cluster.ha.backup-journal=$backup_journal"
  echo "mmsrouter.cluster.password=$password"
  echo "mmsrouter.db.url=$DB_URL"
  echo "mmsrouter.db.user=$DB_USER"
  echo "mmsrouter.db.password=$db_password"
  [[ -n $ROUTER_ADDRESS ]] && echo "mmsrouter.router.addresses=$ROUTER_ADDRESS"
  for kv in "${EXTRA[@]}"; do echo "$kv"; done
} | write_secret "$properties"

# More than two members: one outbound socket binding each, all of them in TCPPING's list.
if (( ${#members[@]} > 2 )); then
  commands="embed-server --server-config=standalone-full-ha.xml --std-out=discard"
  commands+=$'\n'"$("$here/cluster-members-cli.sh" "${#members[@]}")"
  commands+=$'\n'"stop-embedded-server"
  # --properties: the embedded server boots the profile, whose key store needs the cluster password
  # (read from the node's file, never put on a command line).
  JAVA_OPTS="-Djboss.server.base.dir=$BASE" "$SERVER/bin/jboss-cli.sh" --properties="$properties" <<<"$commands" >"$BASE/cluster-node-cli.log" 2>&1 \
    || { echo "could not add the cluster members (log: $BASE/cluster-node-cli.log)" >&2; exit 1; }
fi

start="$SERVER/bin/standalone.sh -c standalone-full-ha.xml -Djboss.server.base.dir=$BASE -P $properties"
# The node as a service: started in the foreground by systemd, stopped the ordinary way — a graceful
# :shutdown (suspend, running submissions answered, forwarders hand their MMs back) — after which its
# broker releases the journal's lease and the neighbour's backup broker takes the journal over.
management_port=$((9990 + OFFSET))
unit=$BASE/mmsrouter-$NAME.service
cat >"$unit" <<UNIT
# Written by cluster-node.sh: install with
#   cp $unit /etc/systemd/system/ && systemctl daemon-reload && systemctl enable --now mmsrouter-$NAME
[Unit]
Description=MMS Router cluster node $NAME
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=$SERVICE_USER
Environment=LAUNCH_JBOSS_IN_BACKGROUND=1
Environment=JBOSS_PIDFILE=$BASE/server.pid
ExecStart=$start
ExecStop=$SERVER/bin/jboss-cli.sh --connect --controller=127.0.0.1:$management_port --command=:shutdown(suspend-timeout=60)
TimeoutStopSec=120
# 143: the JVM ended by the SIGTERM systemd sends should the :shutdown not have ended it.
SuccessExitStatus=143
Restart=on-failure
RestartSec=5
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
UNIT
# The node's virtual address: keepalived's configuration and health check (to stderr: stdout stays the
# start command).
if [[ -n $VIP ]]; then
  peers=()
  for member in "${members[@]}"; do
    [[ ${member%:*} == "$BIND" ]] || peers+=("${member%:*}")
  done
  (IFS=,; "$here/cluster-keepalived.sh" --name "$NAME" --interface "$VIP_INTERFACE" --address "$BIND" \
     --peers "${peers[*]}" --own-vip "$VIP" --all-vips "$ALL_VIPS" --out "$BASE/keepalived" \
     "${KEEPALIVED_OPTIONS[@]}") >&2 || { echo "could not write the keepalived configuration" >&2; exit 1; }
fi
echo "$start"
