# Shared by the benchmark scripts (bench/run-*.sh), sourced from the project root (each script cd's
# there first): one way to provision, start, stop and kill a router node, the admin API as an operator,
# and the simulated MMSCs. Globals the caller may set before calling:
#   SERVER        the provisioned WildFly to run (set here to this work tree's build, WILDFLY_DIR)
#   ROUTER_LOG    where start_router appends the server's console (default: BASE/router.log)
#   ROUTER_START_TIMEOUT  seconds start_router waits for the deployment (default 180)
#   ROUTER_CPU    when set, start_router runs the server under `taskset -c ROUTER_CPU`
#   ROUTER_CONFIG the server configuration start_router starts (default standalone-full.xml)
# The caller's EXIT trap calls stop_router BASE, stop_sims and admin_forget.

# ---- the server ----------------------------------------------------------------------------------
# The WildFly version comes from the root POM only; the build unpacks it to wildfly-config/target.
WILDFLY_VERSION=$(sed -n 's:.*<wildfly.version>\(.*\)</wildfly.version>.*:\1:p' pom.xml | head -1)
WILDFLY_DIR=wildfly-config/target/wildfly-$WILDFLY_VERSION
SERVER=$WILDFLY_DIR

# require_free_ports PORT...: exits 2 if something already listens (TCP) on one of them.
require_free_ports() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use: is another benchmark (or server) running?"; exit 2
    fi
  done
}

# provision_base BASE: a jboss.server.base.dir of its own, copied from SERVER's configuration and
# deployment, so a build running meanwhile cannot change the node under the run. BASE must not exist.
provision_base() {
  mkdir -p "$1/deployments"
  cp -r "$SERVER/standalone/configuration" "$1/configuration"
  cp "$SERVER/standalone/deployments/mms-router.ear" "$1/deployments/"
}

# The PID file standalone.sh writes (JBOSS_PIDFILE): the java process, which stop/kill target.
router_pidfile() { echo "$1/wildfly.pid"; }
router_pid() { cat "$(router_pidfile "$1")"; }

# start_router BASE OFFSET [OPTION...]: starts SERVER with ROUTER_CONFIG (standalone-full.xml) on BASE at port offset
# OFFSET (extra -D options as given) and returns once the EAR is deployed. Exits 1 if the deployment
# fails, the server exits, or ROUTER_START_TIMEOUT passes first, printing the log's last lines.
ROUTER_WRAPPER_PID=""
start_router() {
  local base=$1 offset=$2 log=${ROUTER_LOG:-$1/router.log} limit=${ROUTER_START_TIMEOUT:-180} waited=0
  shift 2
  local launcher=()
  if [[ -n ${ROUTER_CPU:-} ]]; then launcher=(taskset -c "$ROUTER_CPU"); fi
  JBOSS_PIDFILE=$(router_pidfile "$base") LAUNCH_JBOSS_IN_BACKGROUND=1 \
    "${launcher[@]}" "$SERVER/bin/standalone.sh" -c "${ROUTER_CONFIG:-standalone-full.xml}" -Djboss.server.base.dir="$base" \
    -Djboss.socket.binding.port-offset="$offset" "$@" >> "$log" 2>&1 &
  ROUTER_WRAPPER_PID=$!
  local deployed=$base/deployments/mms-router.ear.deployed failed=$base/deployments/mms-router.ear.failed
  until [[ -f $deployed ]]; do
    if [[ -f $failed ]]; then router_failed "deployment failed" "$log"
    elif ! kill -0 "$ROUTER_WRAPPER_PID" 2>/dev/null; then router_failed "WildFly exited" "$log"
    elif [[ $waited -ge $limit ]]; then router_failed "router did not start within $limit s" "$log"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}
router_failed() {
  echo "$1 (log: $2); its last lines:"
  tail -n 20 "$2" | sed 's/^/    /'
  exit 1
}

# stop_router BASE: TERM to the java process named in BASE's PID file, KILL after 10 s; then the
# standalone.sh wrapper. kill_router BASE: KILL at once (a crash). Both are quiet if nothing runs
# (and never fail: the callers' EXIT traps run under set -e).
stop_router() {
  local pid
  if [[ -f $(router_pidfile "$1") ]]; then
    pid=$(router_pid "$1")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  stop_wrapper
}
kill_router() {
  if [[ -f $(router_pidfile "$1") ]]; then kill -9 "$(router_pid "$1")" 2>/dev/null || true; fi
  stop_wrapper
}
stop_wrapper() {
  if [[ -n $ROUTER_WRAPPER_PID ]]; then kill "$ROUTER_WRAPPER_PID" 2>/dev/null || true; fi
  ROUTER_WRAPPER_PID=""
}

# ---- the admin API as an operator ------------------------------------------------------------------
#   admin_user <configuration-dir>        adds the scripts' operator (bin/mmsrouter-user.sh, as README says)
#   admin_get  <base-url> <path>          GET  <admin>/admin/api<path> as that operator
#   admin_send <method> <base-url> <path> [json]   a state-changing call, with the session's CSRF token
#   wait_mmscs <base-url> <state> <count> <tries>  until <count> MMSCs are in <state> (one try a second)
# <base-url> is the node's subscriber listener, http://127.0.0.1:<8080 + offset>: the calls go to the same
# node's management listener, https://localhost:<9443 + offset>, trusting exactly the key it presents
# (read on first use and pinned). The password goes to curl in a config file only this user can read,
# never on its command line. Every call fails (curl -f) on an HTTP error. Needs curl and openssl.
ADMIN_USER=e2e-operator
ADMIN_PASSWORD=e2e-operator-pw
ADMIN_JAR=$(mktemp /tmp/mmsrouter-admin-cookies.XXXXXX)
ADMIN_CURL_CONFIG=$(umask 077; mktemp /tmp/mmsrouter-admin-curl.XXXXXX)
printf 'user = "%s:%s"\n' "$ADMIN_USER" "$ADMIN_PASSWORD" > "$ADMIN_CURL_CONFIG"
ADMIN_PINS=$(mktemp /tmp/mmsrouter-admin-pins.XXXXXX)

admin_user() {
  printf '%s\n' "$ADMIN_PASSWORD" | JBOSS_HOME="$SERVER" "$SERVER/bin/mmsrouter-user.sh" --base-dir "$(dirname "$1")" \
    --password-stdin add "$ADMIN_USER" noc-operator >/dev/null
}
# Removes the cookie jar, the password's curl config and the pins.
admin_forget() { rm -f "$ADMIN_JAR" "$ADMIN_CURL_CONFIG" "$ADMIN_PINS"; }

# https://localhost:<noc port> for the node whose subscriber listener <base-url> names (its port offset).
admin_url() {
  local port=${1##*:}
  echo "https://localhost:$((port - 8080 + 9443))"
}

# curl's --pinnedpubkey value for the key the listener at <https-url> presents: read once and kept in a
# file, as most calls run in a subshell ($(admin_get …)) where a variable would not keep it.
admin_pin() {
  local url=$1 pin
  pin=$(awk -v u="$url" '$1 == u { print $2 }' "$ADMIN_PINS")
  if [[ -z $pin ]]; then
    pin="sha256//$(openssl s_client -connect "127.0.0.1:${url##*:}" </dev/null 2>/dev/null | openssl x509 -pubkey -noout \
      | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
    echo "$url $pin" >> "$ADMIN_PINS"
  fi
  echo "$pin"
}

admin_curl() {
  local url=$1; shift
  curl -sf --noproxy '*' -K "$ADMIN_CURL_CONFIG" -k --pinnedpubkey "$(admin_pin "$url")" -b "$ADMIN_JAR" -c "$ADMIN_JAR" "$@"
}

admin_get() {
  local url; url=$(admin_url "$1")
  admin_curl "$url" --max-time 10 "$url/admin/api$2"
}

admin_send() {
  local method=$1 url path=$3 json=${4:-} token
  url=$(admin_url "$2")
  token=$(admin_get "$2" /session | sed -n 's/.*"csrfToken":"\([0-9a-f]*\)".*/\1/p')
  [[ -n "$token" ]] || { echo "no CSRF token from $url/admin/api/session" >&2; return 1; }
  if [[ -n "$json" ]]; then
    admin_curl "$url" --max-time 30 -X "$method" -H "X-CSRF-Token: $token" -H 'Content-Type: application/json' -d "$json" \
      "$url/admin/api$path"
  else
    admin_curl "$url" --max-time 30 -X "$method" -H "X-CSRF-Token: $token" "$url/admin/api$path"
  fi
}

# Never fails: the caller prints what the router sees afterwards.
wait_mmscs() {
  for _ in $(seq 1 "$4"); do
    [[ $(admin_get "$1" /status | grep -o "\"state\":\"$2\"" | wc -l) -ge $3 ]] && return 0
    sleep 1
  done
  return 0
}

# ---- the simulated MMSCs (tools mmsc-sim: sim-a and sim-b, control API on $CONTROL) -------------------
# start_sims LOG: starts them on $SIM_A, $SIM_B and $CONTROL with TOOLS (the tools jar), output appended
# to LOG, and waits until the control API answers (exits 1 if it does not within 10 s).
# (tools mmsc-sim answers with TCP_NODELAY, as a real MMSC's HTTP stack would.)
SIM_PID=""
start_sims() {
  java -jar "$TOOLS" mmsc-sim --mmsc sim-a="$SIM_A" --mmsc sim-b="$SIM_B" --control-port "$CONTROL" >> "$1" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 50); do sims "" >/dev/null 2>&1 && break; sleep 0.2; done
  sims "" >/dev/null || { echo "the simulator did not start (log: $1)"; exit 1; }
}
stop_sims() {
  if [[ -n $SIM_PID ]]; then kill "$SIM_PID" 2>/dev/null || true; fi
  SIM_PID=""
}

sims() { curl -sf --noproxy '*' "http://127.0.0.1:$CONTROL/sims$1" "${@:2}"; }
received_total() { sims "" | grep -o '"received":[0-9]*' | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }'; }
set_mode() { sims "/$1/mode?set=$2" -X POST >/dev/null; }
clear_received() { sims /sim-a/received -X DELETE >/dev/null; sims /sim-b/received -X DELETE >/dev/null; }

# The simulators keep every MM they receive (30 KB each): during timed loads forget them every
# second, so their memory does not grow with the run. The caller's cleanup calls stop_cleaner.
CLEANER_PID=""
start_cleaner() {
  ( while true; do clear_received || true; sleep 1; done ) &
  CLEANER_PID=$!
}
stop_cleaner() {
  [[ -n $CLEANER_PID ]] || return 0
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
