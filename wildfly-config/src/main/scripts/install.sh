#!/usr/bin/env bash
# Installs MMS Router into an existing WildFly 38 (INSTALL.md, docs/install.md): the router's settings
# (server.cli, jms-destinations.cli and, for a cluster node, cluster.cli) applied to the profile, the
# EAR (and the PostgreSQL driver, if the server has none) in standalone/deployments, bin/mmsrouter-user.sh,
# a first console operator, and then checks the node works. Run it from the unpacked distribution archive.
#
#   install.sh --jboss-home DIR [--profile standalone-full.xml|standalone-full-ha.xml]
#              [--node-settings FILE] [--cluster-key FILE]
#              [--operator NAME [--operator-password-file FILE]] [--jdbc-driver NAME]
#              [--online [--controller HOST:PORT]] [--no-verify]
#   install.sh --check-node-settings FILE [--profile ...]
#   install.sh --jboss-home DIR --verify-only --operator NAME [--operator-password-file FILE] [--node-settings FILE]
#
# Offline (the default): the server must be stopped; the scripts run in an embedded server. Start it
#   afterwards with the command printed at the end, then run --verify-only.
# --online: applies the scripts to the running server at --controller (default 127.0.0.1:9990 + the
#   settings' port offset; local authentication, so run it as the server's user on its host), reloads
#   it when the changes need that (and says so), waits for the router and verifies it.
# --profile standalone-full-ha.xml makes a cluster node and needs --node-settings (every key in the
#   node-settings.properties template) and the cluster key (--cluster-key, once; it is kept in the
#   configuration directory). Online, the server must already run with -P of that settings file.
# --node-settings: the node's properties file (node-settings.properties is the template), checked first
#   (--check-node-settings alone only checks) and kept as standalone/configuration/mms-router-node.properties
#   (mode 600; start the server with -P that file).
# --operator NAME: a console user with role noc-operator, added unless it exists; its password is read
#   from --operator-password-file (mode 600) or asked on the terminal: never an argument.
# --jdbc-driver NAME: the server's own PostgreSQL driver (a module driver); by default one found in the
#   server is used and reported, else the archive's jdbc/postgresql.jar is deployed beside the router.
# Idempotent: a second run with the same arguments changes nothing that matters (secrets made on the first
# run are kept; an existing operator is kept). The first run saves the profile as <profile>.before-mms-router.
# Exit codes: 0 done, 1 a step or a check failed, 2 wrong usage or settings, 3 the server's configuration
# conflicts with the router's (an HA policy of its own).
set -euo pipefail
umask 077

here=$(cd "$(dirname "$0")" && pwd)
JBOSS_HOME=${JBOSS_HOME:-}
PROFILE=standalone-full.xml
SETTINGS="" CLUSTER_KEY="" OPERATOR="" OPERATOR_PASSWORD_FILE="" JDBC_DRIVER=""
ONLINE="" CONTROLLER="" VERIFY=1 CHECK_ONLY="" VERIFY_ONLY=""
usage() { sed -n '2,37p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "install.sh: $*" >&2; exit 2; }
fail() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --jboss-home) JBOSS_HOME=$2; shift 2 ;;
    --profile) PROFILE=$2; shift 2 ;;
    --node-settings) SETTINGS=$2; shift 2 ;;
    --cluster-key) CLUSTER_KEY=$2; shift 2 ;;
    --operator) OPERATOR=$2; shift 2 ;;
    --operator-password-file) OPERATOR_PASSWORD_FILE=$2; shift 2 ;;
    --jdbc-driver) JDBC_DRIVER=$2; shift 2 ;;
    --online) ONLINE=1; shift ;;
    --controller) CONTROLLER=$2; shift 2 ;;
    --no-verify) VERIFY=""; shift ;;
    --check-node-settings) CHECK_ONLY=1; SETTINGS=$2; shift 2 ;;
    --verify-only) VERIFY_ONLY=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done
case $PROFILE in
  standalone-full.xml) CLUSTER="" ;;
  standalone-full-ha.xml) CLUSTER=1 ;;
  *) die "--profile is standalone-full.xml or standalone-full-ha.xml (the router needs the full profile's messaging)" ;;
esac
java -version >/dev/null 2>&1 || die "java is not on the PATH (WildFly needs Java 17 or later)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# setting KEY DEFAULT: the value of KEY in the node settings (the checker refuses a key set twice).
setting() {
  local value=""
  if [[ -n $SETTINGS ]]; then
    value=$(sed -n "s/^[[:space:]]*${1//./\\.}[[:space:]]*[=:][[:space:]]*//p" "$SETTINGS" | tail -n1)
  fi
  printf '%s' "${value:-$2}"
}
# owner_only FILE: a secret's file, readable by its owner only.
owner_only() {
  [[ -f $1 ]] || die "$1 does not exist"
  [[ $(stat -c %a "$1") == [4567]00 ]] || die "$1 is mode $(stat -c %a "$1"): a secret must be readable by its owner only (chmod 600 $1)"
}
# check_settings: the node settings checked against every key the router and the scripts read.
check_settings() {
  [[ -f $SETTINGS ]] || die "$SETTINGS does not exist"
  {
    sed -n 's/^\(mmsrouter\.[A-Za-z0-9.-]*\)=.*/\1/p' "$here/lib/mms-router-defaults.properties"
    grep -oh '\${mmsrouter\.[A-Za-z0-9.-]*' "$here"/cli/*.cli | cut -c3-
    echo mmsrouter.config.file
  } | sort -u >"$work/known-keys"
  java -cp "$here/lib/mms-router-install.jar" org.mmsrouter.install.InstallTool settings "$SETTINGS" "$PROFILE" "$work/known-keys" \
    || die "fix the settings named above (the template node-settings.properties explains each key)"
}

if [[ -n $CHECK_ONLY ]]; then
  check_settings
  exit 0
fi
[[ -n $JBOSS_HOME ]] || die "missing --jboss-home (the WildFly installation)"
JBOSS_HOME=$(cd "$JBOSS_HOME" 2>/dev/null && pwd) || die "--jboss-home: no such directory"
CLI=$JBOSS_HOME/bin/jboss-cli.sh
[[ -x $CLI ]] || die "$JBOSS_HOME is not a WildFly installation (no bin/jboss-cli.sh)"
CONFIG_DIR=$JBOSS_HOME/standalone/configuration
DEPLOYMENTS=$JBOSS_HOME/standalone/deployments
[[ -f $CONFIG_DIR/$PROFILE ]] || die "no $CONFIG_DIR/$PROFILE"
NODE_SETTINGS=$CONFIG_DIR/mms-router-node.properties
if [[ -z $SETTINGS && -f $NODE_SETTINGS ]]; then
  SETTINGS=$NODE_SETTINGS   # an earlier run's: the ports and addresses to verify are there
fi
[[ -z $SETTINGS || $SETTINGS == "$NODE_SETTINGS" ]] || check_settings
OFFSET=$(setting jboss.socket.binding.port-offset 0)
CONTROLLER=${CONTROLLER:-127.0.0.1:$((9990 + OFFSET))}

# read_operator_password: the first line of --operator-password-file, or asked on the terminal.
read_operator_password() {
  if [[ -n $OPERATOR_PASSWORD_FILE ]]; then
    owner_only "$OPERATOR_PASSWORD_FILE"
    OPERATOR_PASSWORD=$(head -n1 "$OPERATOR_PASSWORD_FILE")
  elif [[ -t 0 ]]; then
    IFS= read -r -s -p "Password for $OPERATOR: " OPERATOR_PASSWORD; echo >&2
  else
    die "--operator $OPERATOR needs --operator-password-file (no terminal to ask on)"
  fi
}

# verify: the started node answers as it should (deployment marker, DNS, MM1, console login).
verify() {
  [[ -n $OPERATOR ]] || die "verifying logs in to the console: give --operator NAME (and its password)"
  read_operator_password
  local http_address noc_address domain
  http_address=$(setting jboss.bind.address 127.0.0.1)
  [[ $http_address == 0.0.0.0 ]] && http_address=127.0.0.1
  noc_address=$(setting jboss.bind.address.noc 127.0.0.1)
  domain=$(setting mmsrouter.mms.domains mms.operator.test)
  say "verifying the node (waiting up to 180 s for the router to be deployed)"
  java -cp "$here/lib/mms-router-install.jar" org.mmsrouter.install.InstallTool verify \
    --deployments "$DEPLOYMENTS" \
    --dns "$(setting mmsrouter.dns.bind-address 127.0.0.1):$(setting mmsrouter.dns.port 5353)" \
    --domain "${domain%%,*}" \
    --mm1 "http://$http_address:$((8080 + OFFSET))/" \
    --noc "https://$noc_address:$(($(setting mmsrouter.noc.port 9443) + OFFSET))/" \
    --user "$OPERATOR" <<<"$OPERATOR_PASSWORD" || fail "the node does not work as installed (see the FAILED lines)"
  if grep -q '^[[:space:]]*mmsrouter\.cluster\.ha\.journal' "${SETTINGS:-/dev/null}"; then
    verify_cluster
  fi
  say "the node works"
}
# verify_cluster: the node sees every member in its JGroups view (waited for up to 120 s: the others may be
# starting too), its broker is active and its backup broker stands by for the neighbour's journal.
verify_cluster() {
  local members view="" active started backup_active
  members=$(sed -n 's/^[[:space:]]*mmsrouter\.cluster\.member\.\([0-9]*\)\.host[[:space:]]*=.*/\1/p' "$SETTINGS" | sort -n | tail -n1)
  ask() { "$CLI" --connect --controller="$CONTROLLER" --command="$1" 2>/dev/null | sed -n 's/.*"result" => \(.*\)$/\1/p'; }
  for ((waited = 0; waited <= 120; waited += 2)); do
    view=$(ask '/subsystem=jgroups/channel=ee:read-attribute(name=view)')
    [[ $(sed 's/.*\[\(.*\)\].*/\1/' <<<"$view" | tr ',' '\n' | grep -c .) -ge $members ]] && break
    view=""
    sleep 2
  done
  [[ -n $view ]] || fail "cluster: the JGroups view has not reached $members members in 120 s: $(ask '/subsystem=jgroups/channel=ee:read-attribute(name=view)')"
  echo "ok      cluster view: $view"
  active=$(ask '/subsystem=messaging-activemq/server=default:read-attribute(name=active)')
  [[ $active == true ]] || fail "cluster: this node's broker is not active (active=$active)"
  echo "ok      broker default: active"
  started=$(ask '/subsystem=messaging-activemq/server=backup:read-attribute(name=started)')
  backup_active=$(ask '/subsystem=messaging-activemq/server=backup:read-attribute(name=active)')
  [[ $started == true && $backup_active == false ]] \
    || fail "cluster: the backup broker does not stand by (started=$started, active=$backup_active)"
  echo "ok      broker backup: standing by for journal $(setting mmsrouter.cluster.ha.backup-journal '?')"
}
if [[ -n $VERIFY_ONLY ]]; then
  verify
  exit 0
fi

# cli FILE: runs a CLI script against the running server (online), or in an embedded server (offline; the
# node settings as system properties, which the cluster profile's key stores need at boot; BASE_DIR, when
# set, is the server base directory it works on).
cli() {
  local log=$work/cli.log
  if [[ -n $ONLINE ]]; then
    sed -e '/^embed-server/d' -e '/^stop-embedded-server/d' "$1" >"$1.online"
    "$CLI" --connect --controller="$CONTROLLER" --file="$1.online" >"$log" 2>&1 || { cat "$log" >&2; return 1; }
  else
    JAVA_OPTS="${JAVA_OPTS:-} ${BASE_DIR:+-Djboss.server.base.dir=$BASE_DIR}" \
      "$CLI" ${SETTINGS:+"--properties=$SETTINGS"} --file="$1" >"$log" 2>&1 || { cat "$log" >&2; return 1; }
  fi
  cat "$log"
}
# script NAME: a CLI script of the archive (or lines from stdin when NAME is -), made for this server: the
# profile's name, the install's own secrets for the placeholders, the PostgreSQL driver's name.
H2_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
NOC_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
script() {
  local out=$work/$1
  [[ $1 == - ]] && out=$work/stdin.cli
  { if [[ $1 == - ]]; then
      echo "embed-server --server-config=$PROFILE --std-out=discard"; cat; echo "stop-embedded-server"
    else cat "$here/cli/$1"; fi
  } | sed -e "s/--server-config=standalone-full\(-ha\)\{0,1\}\.xml/--server-config=$PROFILE/" \
          -e "s/@H2_PASSWORD@/$H2_PASSWORD/g" -e "s/@NOC_KEYSTORE_PASSWORD@/$NOC_PASSWORD/g" \
          -e "s/driver-name=postgresql\.jar/driver-name=${DRIVER_NAME:-postgresql.jar}/g" \
          -e "s/name=driver-name, value=postgresql\.jar/name=driver-name, value=${DRIVER_NAME:-postgresql.jar}/g" >"$out"
  printf '%s' "$out"
}

# --- Before changing anything: is the server as this mode needs it, and does it hold anything in the way?
management_answers() { (exec 3<>"/dev/tcp/${CONTROLLER%:*}/${CONTROLLER##*:}") 2>/dev/null; }
if [[ -n $ONLINE ]]; then
  management_answers || die "--online: nothing answers at $CONTROLLER (start the server, or install offline)"
else
  ! management_answers || die "a server answers at $CONTROLLER: stop it first, or install --online (offline changes to a running server's file are lost)"
fi
if [[ -n $CLUSTER ]]; then
  [[ -n $SETTINGS ]] || die "a cluster node needs --node-settings (template: $here/node-settings.properties)"
  if [[ -n $CLUSTER_KEY ]]; then
    owner_only "$CLUSTER_KEY"
  elif [[ ! -f $CONFIG_DIR/cluster-key.p12 ]]; then
    die "a cluster node needs the cluster key: --cluster-key FILE (make it once: scripts/cluster-node.sh --generate-cluster-key)"
  fi
fi
owner_only_if_secret() { ! grep -q 'password' "$1" || owner_only "$1"; }
[[ -z $SETTINGS ]] || owner_only_if_secret "$SETTINGS"
if [[ -n $OPERATOR ]]; then
  read_operator_password
fi

probe=$(script - <<'CLI'
/subsystem=messaging-activemq/server=*/ha-policy=*:read-resource
/subsystem=datasources/jdbc-driver=*:read-resource
/subsystem=deployment-scanner/scanner=*:read-resource
CLI
)
if [[ -n $ONLINE && -n $CLUSTER ]]; then
  echo ':resolve-expression(expression="${mmsrouter.cluster.password}")' >>"$probe"
fi
probed=$(cli "$probe" 2>&1) || {
  [[ -n $ONLINE && -n $CLUSTER ]] && grep -q 'resolve' <<<"$probed" \
    && die "the running server has no mmsrouter.cluster.password: restart it with -P $SETTINGS first, then run --online again"
  echo "$probed" >&2; fail "could not read the server's configuration"
}
flat=$(tr -d ' \n\t' <<<"$probed")
# HA policies: cluster.cli turns replication into the shared store; any other policy is the operator's.
while read -r pair; do
  [[ -n $pair ]] || continue
  server=$(sed 's/("server"=>"\([^"]*\)").*/\1/' <<<"$pair")
  policy=$(sed 's/.*("ha-policy"=>"\([^"]*\)")/\1/' <<<"$pair")
  case $server/$policy in
    default/replication-primary|default/shared-store-primary|backup/replication-secondary|backup/shared-store-secondary) ;;
    *)
      echo "install.sh: broker '$server' has HA policy '$policy' of its own; the router's cluster profile needs" >&2
      echo "  'default' shared-store-primary and 'backup' shared-store-secondary (docs/decisions/0006-ha-shared-store.md)." >&2
      echo "  Remove it (/subsystem=messaging-activemq/server=$server/ha-policy=$policy:remove) and run again." >&2
      exit 3 ;;
  esac
  if [[ -z $CLUSTER ]]; then
    echo "install.sh: broker '$server' has HA policy '$policy' in $PROFILE, a single-node profile: kept as it is" >&2
  fi
done < <(grep -o '("server"=>"[^"]*"),("ha-policy"=>"[^"]*")' <<<"$flat" || true)
# The PostgreSQL driver: the operator's choice, else one the server has as a module, else the archive's jar.
if [[ -z $JDBC_DRIVER ]]; then
  JDBC_DRIVER=$(grep -o '("jdbc-driver"=>"[^"]*")\],"outcome"=>"success","result"=>{[^}]*[Pp]ostgre' <<<"$flat" \
    | sed 's/("jdbc-driver"=>"\([^"]*\)").*/\1/' | head -n1 || true)
  [[ -z $JDBC_DRIVER ]] || say "using the server's PostgreSQL driver '$JDBC_DRIVER' (a module): jdbc/postgresql.jar is not deployed"
fi
DRIVER_NAME=${JDBC_DRIVER:-postgresql.jar}
grep -q '("scanner"=>"default")' <<<"$flat" \
  || die "the server has no deployment scanner 'default': deploy $here/deployments/mms-router.ear with your own tooling"

# --- The profile: saved once, then the scripts.
if [[ ! -f $CONFIG_DIR/$PROFILE.before-mms-router ]]; then
  cp -p "$CONFIG_DIR/$PROFILE" "$CONFIG_DIR/$PROFILE.before-mms-router"
  say "saved $CONFIG_DIR/$PROFILE as $PROFILE.before-mms-router (uninstall: docs/install.md)"
fi
# apply: every script, then the members beyond two.
apply() {
  local name members
  for name in server.cli jms-destinations.cli ${CLUSTER:+cluster.cli}; do
    cli "$(script "$name")" >/dev/null || fail "$name failed (above); the profile is as the failing command left it: fix and run again"
    say "applied $name to $PROFILE${BASE_DIR:+ (a copy, to compare)}"
  done
  if [[ -n $CLUSTER ]]; then
    members=$(sed -n 's/^[[:space:]]*mmsrouter\.cluster\.member\.\([0-9]*\)\.host[[:space:]]*=.*/\1/p' "$SETTINGS" | sort -n | tail -n1)
    "$here/scripts/cluster-members-cli.sh" "$members" | script - >/dev/null
    cli "$work/stdin.cli" >/dev/null || fail "adding the cluster's $members members failed (above)"
    say "the cluster profile lists $members members"
  fi
}
if [[ -n $ONLINE ]]; then
  # WildFly marks a running server reload-required on any write, even of the value it has: the scripts go
  # to a copy of the configuration first (embedded), and to the running server only if the copy changed.
  mkdir -p "$work/copy"
  cp -a "$CONFIG_DIR" "$work/copy/configuration"
  (ONLINE="" BASE_DIR=$work/copy apply)
  if cmp -s "$work/copy/configuration/$PROFILE" "$CONFIG_DIR/$PROFILE"; then
    say "the running server's $PROFILE has these settings already: nothing to apply"
  else
    apply
  fi
else
  apply
fi

# --- Files: the settings and the cluster key beside the profile, the user tool, the deployments.
# install_file FROM TO MODE: copies when the content differs (a re-run rewrites nothing).
install_file() {
  if ! cmp -s "$1" "$2"; then
    cp "$1" "$2.mms-router-new"
    chmod "$3" "$2.mms-router-new"
    mv -f "$2.mms-router-new" "$2"
    say "installed $2"
  fi
}
[[ -z $SETTINGS || $SETTINGS == "$NODE_SETTINGS" ]] || install_file "$SETTINGS" "$NODE_SETTINGS" 600
[[ -z $CLUSTER_KEY ]] || install_file "$CLUSTER_KEY" "$CONFIG_DIR/cluster-key.p12" 600
install_file "$here/bin/mmsrouter-user.sh" "$JBOSS_HOME/bin/mmsrouter-user.sh" 755
chmod -R go-rwx "$CONFIG_DIR"
if [[ $DRIVER_NAME == postgresql.jar ]] && { [[ -n $CLUSTER ]] || grep -q '^[[:space:]]*mmsrouter\.db\.url' "${SETTINGS:-/dev/null}"; }; then
  install_file "$here/jdbc/postgresql.jar" "$DEPLOYMENTS/postgresql.jar" 644
fi
# deploy_router: the EAR into the scanned directory (online after the reload: a router deployed into a
# server still waiting for its new settings would start with the old ones).
deploy_router() { install_file "$here/deployments/mms-router.ear" "$DEPLOYMENTS/mms-router.ear" 644; }
[[ -n $ONLINE ]] || deploy_router

# --- The first operator (kept when it exists: its password may have changed since).
if [[ -n $OPERATOR ]]; then
  user_tool=("$JBOSS_HOME/bin/mmsrouter-user.sh" --config "$PROFILE")
  [[ ! -f $NODE_SETTINGS ]] || user_tool+=(--properties "$NODE_SETTINGS")
  # The realm's file of that user (Elytron's filesystem realm, encoded: <name, other characters than
  # letters and digits made _>-<base32 of the name>.xml).
  if [[ -n $(find "$CONFIG_DIR/mms-router-users" -name "*-$(printf %s "$OPERATOR" | base32 -w0 | tr -d =).xml" 2>/dev/null) ]]; then
    say "console user $OPERATOR exists: kept (bin/mmsrouter-user.sh passwd $OPERATOR changes its password)"
  else
    JBOSS_HOME=$JBOSS_HOME "${user_tool[@]}" --password-stdin add "$OPERATOR" noc-operator <<<"$OPERATOR_PASSWORD" \
      || fail "could not add console user $OPERATOR"
  fi
fi

# Run as root for a server that runs as its own user: what this run made (the profile the embedded server
# rewrote, data/, log/, the copied files) keeps the owner of the server's directory.
if [[ $(id -u) == 0 ]]; then
  owner=$(stat -c %u:%g "$JBOSS_HOME/standalone")
  [[ $owner == 0:0 ]] || chown -R "$owner" "$JBOSS_HOME/standalone" "$JBOSS_HOME/bin/mmsrouter-user.sh"
fi

# --- Online: reload when the changes wait for one, then verify. Offline: how to start and verify.
if [[ -n $ONLINE ]]; then
  state=$("$CLI" --connect --controller="$CONTROLLER" --command=':read-attribute(name=server-state)' 2>&1 || true)
  if grep -q 'reload-required\|restart-required' <<<"$state"; then
    if grep -q 'restart-required' <<<"$state"; then
      fail "the server needs a restart (not a reload) for these changes: restart it, then run install.sh --verify-only"
    fi
    say "the server is reload-required after these changes: reloading it now"
    "$CLI" --connect --controller="$CONTROLLER" --command=':reload' >/dev/null || fail "the reload failed"
    # Running again before the router goes in (its deployment marker, should it exist, outlives a reload).
    for ((waited = 0; waited < 180; waited += 2)); do
      "$CLI" --connect --controller="$CONTROLLER" --command=':read-attribute(name=server-state)' 2>/dev/null | grep -q '"running"' && break
      sleep 2
    done
  fi
  deploy_router
  [[ -z $VERIFY ]] || verify
else
  start="$JBOSS_HOME/bin/standalone.sh -c $PROFILE"
  [[ -z $SETTINGS ]] || start+=" -P $NODE_SETTINGS"
  say "installed. Start the server:"
  echo "  $start"
  echo "  then: $0 --jboss-home $JBOSS_HOME --verify-only --operator ${OPERATOR:-NAME} --operator-password-file FILE"
fi
