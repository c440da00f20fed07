#!/usr/bin/env bash
# End-to-end: the DNS takeover behind a real WAP gateway and a real local resolver. A handset
# (Kannel's fakewap) posts an m-send-req over WTP/WSP to Kannel (bearerbox + wapbox) for
# http://mms.operator.test/mms, exactly as a phone's MMS settings name the MMSC. wapbox resolves
# that name through the machine's resolver path (glibc, /etc/nsswitch.conf "files dns",
# /etc/resolv.conf) to a local dnsmasq that forwards only the MMS zone to the router's DNS
# responder; the router answers with its own address, wapbox POSTs the MM to the router on port 80,
# the router forwards it to a simulated MMSC and relays that MMSC's m-send-conf back through Kannel
# to fakewap. Checks (about 20 s once built): wapbox's own lookup went through the resolver to the
# router's responder; dig at the resolver gets the zone's A record and REFUSED for anything else (no
# recursion, no upstream); the MMSC receives fakewap's MM byte for byte; fakewap gets a WSP 200
# carrying the m-send-conf (Ok, its Transaction-ID, the MMSC's Message-ID); the machine's
# /etc/resolv.conf is untouched (wapbox sees a private one, bind-mounted in its own mount namespace).
#
# Needs root (port 80 and port 53, mount namespaces; .ci/run runs as root), a built project
# (mvn package), and Debian's kannel, kannel-extras (fakewap), dnsmasq-base and dnsutils (dig);
# .ci/run installs them.
#
# Addresses and ports (all on loopback; specific addresses, so a WildFly or resolver on 127.0.0.1
# or 127.0.0.53 does not clash):
#   127.77.0.1:53     dnsmasq (UDP and TCP), forwards mms.operator.test only, to 127.0.0.1:15953
#   127.0.0.1:15953   the router's DNS responder; it answers mms.operator.test A 127.77.0.2
#   127.77.0.2:80     the router (WildFly: every socket binding on 127.77.0.2, no port offset)
#   127.77.0.3:9200, 9201 (UDP)  bearerbox's WDP ports (fixed in Kannel); 127.77.0.3:18783 its
#                     admin port (closed to all); 0.0.0.0:18784 its wapbox port (Kannel has no
#                     interface setting for that one; box-allow-ip admits loopback only)
#   127.0.0.1:18780   simulator control API; 18781 sim-a, 18782 sim-b
#
# The resolver is dnsmasq (Debian's dnsmasq-base): one command line, no configuration files, no
# daemon or init script in the package (so installing it never grabs port 53), and
# --server=/zone/addr#port is exactly "forward this zone only". Unbound would do the same with a
# forward-zone, but its Debian package ships a service that starts on install.
set -euo pipefail
cd "$(dirname "$0")/../../../.."

SERVER=wildfly-config/target/wildfly-38.0.1.Final
TOOLS=tools/target/mms-router-tools.jar
WORK=$PWD/wildfly-config/target/e2e-kannel
BASE=$WORK/server                 # jboss.server.base.dir of this test's WildFly
ZONE=mms.operator.test
RESOLVER=127.77.0.1
ROUTER=127.77.0.2
KANNEL=127.77.0.3
DNS_PORT=15953
CONTROL=18780
SIM_A=18781
SIM_B=18782
KANNEL_ADMIN=18783
KANNEL_BOX=18784
MM1_URL=http://$ZONE/mms           # what fakewap asks for, as a handset would (port 80)
FAKEWAP=/usr/lib/kannel/test/fakewap
LOG=$WORK/e2e.log

need() { command -v "$1" >/dev/null || [[ -x $1 ]] || { echo "$1 is missing ($2)"; exit 2; }; }
need bearerbox "apt-get install kannel"
need wapbox "apt-get install kannel"
need "$FAKEWAP" "apt-get install kannel-extras"
need dnsmasq "apt-get install dnsmasq-base"
need dig "apt-get install dnsutils"
need unshare "util-linux"
need ss "iproute2"
need curl "apt-get install curl"
[[ $(id -u) -eq 0 ]] || { echo "needs root: port 80, port 53 and a private mount namespace for wapbox"; exit 2; }
[[ -f $SERVER/standalone/deployments/mms-router.ear && -f $TOOLS ]] || { echo "build the project first (mvn package)"; exit 2; }
# wapbox resolves with glibc (gethostbyname_r). The name must reach DNS, i.e. the resolver in
# /etc/resolv.conf: nsswitch's hosts: line may put only files, myhostname and mdns*_minimal (which
# answer only *.local names and pass every other name on, [NOTFOUND=return] included) before dns
# (resolve or full mdns would answer from elsewhere), /etc/hosts must not know the name, and no
# nscd may answer for wapbox from outside its mount namespace.
awk '/^hosts:/ { for (i = 2; i <= NF; i++) { if ($i == "dns") { ok = 1; break }
                   if ($i != "files" && $i != "myhostname" && $i !~ /^mdns[46]?_minimal$/ && $i != "[NOTFOUND=return]") break } }
     END { exit !ok }' /etc/nsswitch.conf \
  || { echo "/etc/nsswitch.conf must reach dns after files only: $(grep '^hosts:' /etc/nsswitch.conf)"; exit 2; }
! grep -Eqw "$ZONE" /etc/hosts || { echo "/etc/hosts names $ZONE: DNS would never be asked"; exit 2; }
[[ ! -S /var/run/nscd/socket ]] || { echo "nscd is running: it would resolve for wapbox with the machine's resolv.conf"; exit 2; }

RESOLV_BEFORE=$(sha256sum /etc/resolv.conf | cut -d' ' -f1)
START=$(date +%s)

pkill -9 -f -- "$WORK/" 2>/dev/null || true   # processes left by an aborted run of this test
rm -rf "$WORK" && mkdir -p "$BASE/deployments" "$WORK/kannel" "$WORK/dns"
cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
source wildfly-config/src/test/e2e/admin-api.sh
admin_user "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$BASE/deployments/"

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pkill -9 -f -- "$WORK/" 2>/dev/null || true   # anything else started with this test's files
}
trap cleanup EXIT

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.25 s.
wait_for() {
  local seconds=$1 description=$2 i
  shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "FAIL timed out after $seconds s waiting for $description (logs: $WORK)"
  exit 1
}
listening() { ss -Hln"$1" "sport = :$3" | grep -q "$2:$3"; }

# --- The router: every WildFly socket on its own address, HTTP on port 80 -----------------------
( "$SERVER/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$BASE" \
  -Djboss.bind.address=$ROUTER -Djboss.bind.address.management=$ROUTER \
  -Djboss.bind.address.unsecure=$ROUTER -Djboss.http.port=80 \
  -Dmmsrouter.dns.port=$DNS_PORT -Dmmsrouter.router.addresses=$ROUTER -Dmmsrouter.mms.domains=$ZONE \
  -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:$SIM_A/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:$SIM_B/mms \
  >> "$WORK/wildfly.log" 2>&1 & )

# --- Simulated MMSCs ----------------------------------------------------------------------------
java -jar "$TOOLS" mmsc-sim --mmsc sim-a=$SIM_A --mmsc sim-b=$SIM_B --control-port $CONTROL >> "$WORK/sims.log" 2>&1 &
PIDS+=($!)
sims() { curl -sf --noproxy "*" --max-time 5 "http://127.0.0.1:$CONTROL/sims$1"; }

# --- The local resolver: the MMS zone goes to the router, nothing else goes anywhere ------------
# No cache (--cache-size=0): every lookup of the zone, wapbox's too, goes to the router's responder.
dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --no-poll --cache-size=0 \
  --listen-address=$RESOLVER --bind-interfaces --port=53 \
  --server=/$ZONE/127.0.0.1#$DNS_PORT --log-queries --log-facility="$WORK/dns/dnsmasq.log" \
  --pid-file="$WORK/dns/dnsmasq.pid" >> "$LOG" 2>&1 &
PIDS+=($!)
printf 'nameserver %s\noptions timeout:2 attempts:2\n' $RESOLVER > "$WORK/dns/resolv.conf"

# --- Kannel: bearerbox (WDP over UDP) and wapbox (WTP/WSP, HTTP to the MMSC URL) ----------------
cat > "$WORK/kannel/kannel.conf" <<EOF
group = core
admin-port = $KANNEL_ADMIN
admin-interface = "$KANNEL"
admin-password = e2e
admin-deny-ip = "*.*.*.*"
admin-allow-ip = ""
wapbox-port = $KANNEL_BOX
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.*.*.*"
wdp-interface-name = "$KANNEL"
log-file = "$WORK/kannel/bearerbox.log"
log-level = 0

group = wapbox
bearerbox-host = 127.0.0.1
log-file = "$WORK/kannel/wapbox.log"
log-level = 0
http-timeout = 20
EOF
bearerbox "$WORK/kannel/kannel.conf" >> "$WORK/kannel/bearerbox.out" 2>&1 &
PIDS+=($!)
bearerbox_up() { listening u $KANNEL 9201 && listening t '' $KANNEL_BOX; }
wait_for 15 "bearerbox (UDP $KANNEL:9201, TCP $KANNEL_BOX)" bearerbox_up
# wapbox in a private mount namespace whose /etc/resolv.conf names only the local resolver; the
# machine's own file is never written.
unshare --mount --propagation private sh -c \
  'mount --bind "$1" /etc/resolv.conf && exec wapbox "$2"' sh "$WORK/dns/resolv.conf" "$WORK/kannel/kannel.conf" \
  >> "$WORK/kannel/wapbox.out" 2>&1 &
PIDS+=($!)

# --- The MM a handset would send ----------------------------------------------------------------
# About 8 KB, as a handset's MM with a small picture: more than one WTP segment, so Kannel
# reassembles it (SAR: fakewap sends 1,200-byte segments, acknowledged in groups of four). fakewap
# encodes Content-Length in 16 bits: keep an MM for it below 64 KB.
for i in $(seq 1 170); do echo "line $i of an MM sent through a real WAP gateway"; done > "$WORK/body.txt"
TID=kannel-wap-$$
cat > "$WORK/mm.json" <<EOF
{"messageType":"m-send-req","mmsVersion":"1.2","transactionId":"$TID","from":"#insert",
 "to":["+491510000001/TYPE=PLMN"],"subject":"through Kannel","contentType":"application/vnd.wap.multipart.mixed",
 "parts":[{"contentType":"text/plain","charset":"utf-8","file":"body.txt"}]}
EOF
java -jar "$TOOLS" compose -o "$WORK/mm.pdu" "$WORK/mm.json"
MM_SHA=$(sha256sum "$WORK/mm.pdu" | cut -d' ' -f1)

wait_for 10 "the simulators' control API" sims ""
wait_for 10 "dnsmasq on $RESOLVER:53" listening u $RESOLVER 53
wait_for 15 "wapbox to connect to bearerbox" grep -q 'Connected to bearerbox' "$WORK/kannel/wapbox.log"
for _ in $(seq 1 120); do
  [[ -f $BASE/deployments/mms-router.ear.deployed ]] && break
  [[ -f $BASE/deployments/mms-router.ear.failed ]] && { echo "FAIL deployment failed (log: $WORK/wildfly.log)"; exit 1; }
  sleep 1
done
[[ -f $BASE/deployments/mms-router.ear.deployed ]] || { echo "FAIL router did not start (log: $WORK/wildfly.log)"; exit 1; }
# Traffic goes to sim-a (priority 0) once the router's probes see it up.
# The subscriber listener is on port 80, not 8080 + an offset: the NOC listener stays on its default.
ADMIN_NOC_URL=https://localhost:9443
sim_a_up() { admin_get "http://$ROUTER" /status | grep -q '"id":"sim-a"[^}]*"state":"UP"'; }
wait_for 20 "the router to see sim-a up" sim_a_up
echo "all up after $(( $(date +%s) - START )) s"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [[ -z ${2:-} ]] || sed 's/^/     /' <<<"$2"; }

# The handset's MM: fakewap posts it over WTP/WSP (connection-oriented, UDP 9201) to Kannel, which
# resolves the URL's host, POSTs the MM there and returns the answer as a WSP Reply. Nothing has
# asked the resolver anything yet, so what it logs next is wapbox's lookup.
fakewap_start=$(date +%s%N)
set +e
timeout 40 "$FAKEWAP" -g $KANNEL -p 9201 -C mms -P "$WORK/mm.pdu" -w "$WORK/m-send-conf.pdu" -D 1 "$MM1_URL" \
  > "$WORK/fakewap.log" 2>&1
fakewap_rc=$?
set -e
echo "fakewap exited $fakewap_rc after $(( ($(date +%s%N) - fakewap_start) / 1000000 )) ms; it printed:"
sed 's/^/     /' "$WORK/fakewap.log"
sleep 0.2
resolver_log_after_fakewap=$(grep -E 'query|forwarded|reply|config' "$WORK/dns/dnsmasq.log" || true)

# (1) The resolver: wapbox's lookup went through it to the router's responder; asked by dig, it
# answers the zone with the router's address and nothing else at all.
if grep -q "forwarded $ZONE to 127.0.0.1#$DNS_PORT" <<<"$resolver_log_after_fakewap" \
    && grep -q "reply $ZONE is $ROUTER" <<<"$resolver_log_after_fakewap" \
    && grep -q "Opening connection to \`$ZONE:80'" "$WORK/kannel/wapbox.log"; then
  ok "wapbox looked up $ZONE through $RESOLVER, which forwarded it to the router's responder (answer $ROUTER) and connected to $ZONE:80"
else
  fail "wapbox's lookup of $ZONE did not go through the resolver to the router" "$resolver_log_after_fakewap
$(grep -E 'Opening connection|HTTP: .*fail|gethostbyname|resolve' "$WORK/kannel/wapbox.log" | tail -5)"
fi
answer=$(dig @$RESOLVER +tries=1 +time=3 $ZONE A 2>&1 || true)
if grep -Eq "^$ZONE\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+A[[:space:]]+$ROUTER\$" <<<"$answer"; then
  ok "dig @$RESOLVER $ZONE A: $ROUTER"
else
  fail "dig @$RESOLVER $ZONE A should answer $ROUTER" "$answer"
fi
for name in www.example.com example.com; do
  answer=$(dig @$RESOLVER +tries=1 +time=3 "$name" A 2>&1 || true)
  if grep -Eq 'status: (REFUSED|SERVFAIL)' <<<"$answer" && grep -q 'ANSWER: 0' <<<"$answer"; then
    ok "dig @$RESOLVER $name A: $(grep -Eo 'status: [A-Z]+' <<<"$answer"), no answer (no upstream, no recursion)"
  else
    fail "dig @$RESOLVER $name A must not be resolved" "$answer"
  fi
done

# (2) The MM reached an MMSC exactly as fakewap sent it.
received=$(sims /sim-a/received 2>/dev/null || true)
mm=$(grep -o "{[^{}]*\"sha256\":\"$MM_SHA\"[^{}]*}" <<<"$received" || true)
if [[ -n $mm ]]; then
  seq=$(grep -o '"sequence":[0-9]*' <<<"$mm" | cut -d: -f2)
  if curl -sf --noproxy "*" --max-time 5 "http://127.0.0.1:$CONTROL/sims/sim-a/received/$seq" | cmp -s - "$WORK/mm.pdu"; then
    ok "sim-a received fakewap's MM byte for byte ($(stat -c %s "$WORK/mm.pdu") bytes, SHA-256 $MM_SHA)"
  else
    fail "sim-a's MM #$seq has the right SHA-256 but its bytes differ"
  fi
else
  fail "no simulated MMSC received fakewap's MM (SHA-256 $MM_SHA)" "sim-a: $received
sim-b: $(sims /sim-b/received 2>/dev/null || true)"
fi

# (3) fakewap got the MMSC's m-send-conf back through the router and Kannel.
sim_message_id=$(grep -o '"messageId":"[^"]*"' <<<"$mm" | cut -d'"' -f4 || true)
if [[ $fakewap_rc -eq 0 ]] && grep -q 'Received WSP Reply with status code 200OK' "$WORK/fakewap.log" \
    && [[ -s $WORK/m-send-conf.pdu ]]; then
  conf=$(java -jar "$TOOLS" dump "$WORK/m-send-conf.pdu" 2>&1 || true)
  if grep -q '"messageType":"m-send-conf"' <<<"$conf" && grep -q '"responseStatus":"0x80"' <<<"$conf" \
      && grep -q "\"transactionId\":\"$TID\"" <<<"$conf" \
      && [[ -n $sim_message_id ]] && grep -q "\"messageId\":\"$sim_message_id\"" <<<"$conf"; then
    ok "fakewap got WSP 200 with the m-send-conf: Ok, Transaction-ID $TID, the MMSC's Message-ID $sim_message_id"
  else
    fail "fakewap's reply is not an Ok m-send-conf for $TID with the MMSC's Message-ID (${sim_message_id:-none})" "$conf"
  fi
else
  fail "fakewap got no m-send-conf (exit $fakewap_rc; see its output above and $WORK/kannel/wapbox.log)"
fi

# (4) The machine's resolver configuration was never touched.
if [[ $(sha256sum /etc/resolv.conf | cut -d' ' -f1) == "$RESOLV_BEFORE" ]]; then
  ok "/etc/resolv.conf unchanged (wapbox saw $RESOLVER through its own mount namespace)"
else
  fail "/etc/resolv.conf changed during the test"
fi

echo "the resolver's log:"; grep -E 'query|forwarded|reply|config' "$WORK/dns/dnsmasq.log" | sed 's/^/     /' || true
echo "kannel-wap: $(( $(date +%s) - START )) s"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
