#!/usr/bin/env bash
# End-to-end: the router's DNS responder as BIND's dig sees it from outside the JVM, over UDP and
# TCP. Starts a copy of the provisioned server (port offset 600, DNS on 15853) and checks the
# answers a resolver relies on. Needs dig (Debian's dnsutils; .ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/../../../.."

SERVER=wildfly-config/target/wildfly-38.0.1.Final
BASE=$PWD/wildfly-config/target/e2e-dns-server
DNS_PORT=15853
LOG=$BASE/e2e.log

command -v dig >/dev/null || { echo "dig is not installed (apt-get install dnsutils)"; exit 2; }
[[ -f $SERVER/standalone/deployments/mms-router.ear ]] || { echo "build the project first (mvn -B -DskipTests install)"; exit 2; }

rm -rf "$BASE" && mkdir -p "$BASE/deployments"
cp -r "$SERVER/standalone/configuration" "$BASE/configuration"
cp "$SERVER/standalone/deployments/mms-router.ear" "$BASE/deployments/"
trap 'pkill -9 -f "jboss.server.base.dir=$BASE" 2>/dev/null || true' EXIT

( "$SERVER/bin/standalone.sh" -c standalone-full.xml -Djboss.server.base.dir="$BASE" \
  -Djboss.socket.binding.port-offset=600 -Dmmsrouter.dns.port=$DNS_PORT -Dmmsrouter.router.addresses=127.0.0.1,127.0.0.2 \
  -Dmmsrouter.mmsc.sim-a.url=http://127.0.0.1:18681/mms -Dmmsrouter.mmsc.sim-b.url=http://127.0.0.1:18682/mms \
  >> "$LOG" 2>&1 & )
for _ in $(seq 1 180); do
  [[ -f $BASE/deployments/mms-router.ear.deployed ]] && break
  [[ -f $BASE/deployments/mms-router.ear.failed ]] && { echo "deployment failed (log: $LOG)"; exit 1; }
  sleep 1
done
[[ -f $BASE/deployments/mms-router.ear.deployed ]] || { echo "router did not start (log: $LOG)"; exit 1; }

passed=0
failed=0
# check DESCRIPTION EXPECTED-REGEX DIG-ARGS...: dig's full output must match the pattern.
check() {
  local description=$1 pattern=$2 output
  shift 2
  output=$(dig @127.0.0.1 -p $DNS_PORT +tries=1 +time=2 "$@" 2>&1 || true)
  if grep -Eq "$pattern" <<<"$output"; then
    passed=$((passed + 1)); echo "ok   $description"
  else
    failed=$((failed + 1)); echo "FAIL $description: expected /$pattern/ in:"; sed 's/^/     /' <<<"$output"
  fi
}

check "A over UDP: authoritative" 'flags: qr aa' mms.operator.test A
check "A over UDP: the router's address, TTL 60" \
  'mms\.operator\.test\.[[:space:]]+60[[:space:]]+IN[[:space:]]+A[[:space:]]+127\.0\.0\.1' mms.operator.test A
check "A over TCP" 'mms\.operator\.test\.[[:space:]]+60[[:space:]]+IN[[:space:]]+A[[:space:]]+127\.0\.0\.1' +tcp mms.operator.test A
check "SOA at the apex" 'IN[[:space:]]+SOA[[:space:]]+ns\.mms\.operator\.test\. hostmaster\.mms\.operator\.test\.' mms.operator.test SOA
check "NS with glue" 'ADDITIONAL SECTION:' mms.operator.test NS
check "an unknown name in the zone: NXDOMAIN" 'status: NXDOMAIN' www.mms.operator.test A
check "another type at the apex: NOERROR" 'status: NOERROR' mms.operator.test MX
check "… with no answer but the SOA (NODATA)" 'ANSWER: 0, AUTHORITY: 1' mms.operator.test MX
check "outside the zone: REFUSED, no recursion" 'status: REFUSED' www.example.com A
check "EDNS0 answered with OPT (udp: 1232)" 'udp: 1232' +edns=0 mms.operator.test A
check "an unknown EDNS version: BADVERS" 'status: BADVERS' +edns=1 +noednsnegotiation mms.operator.test A
first_address() { dig @127.0.0.1 -p $DNS_PORT +short +tries=1 +time=2 mms.operator.test A | head -1; }
one=$(first_address); two=$(first_address)
if [[ $one != "$two" && " 127.0.0.1 127.0.0.2 " == *" $one "* && " 127.0.0.1 127.0.0.2 " == *" $two "* ]]; then
  passed=$((passed + 1)); echo "ok   both addresses, rotated from one answer to the next ($one, then $two)"
else
  failed=$((failed + 1)); echo "FAIL rotation: first addresses of two answers were '$one' and '$two'"
fi
check "the query's case is echoed" 'MmS\.oPeRaToR\.tEsT\.[[:space:]]+60' MmS.oPeRaToR.tEsT A

# Security (docs/security/subscriber-plane.md): ANY answered minimally (RFC 8482), and slow TCP
# clients from one source take only that source's share while another source's TCP query answers.
check "ANY over UDP: one record only" 'ANSWER: 1,' mms.operator.test ANY
check "ANY over UDP: a HINFO \"RFC8482\"" 'IN[[:space:]]+HINFO[[:space:]]+"RFC8482"' mms.operator.test ANY
check "ANY over TCP: a HINFO \"RFC8482\"" 'IN[[:space:]]+HINFO[[:space:]]+"RFC8482"' +tcp mms.operator.test ANY
slow=()
for _ in $(seq 1 70); do
  # A query announcing 200 bytes, of which one comes; the connections stay open until the end.
  if exec {fd}<>/dev/tcp/127.0.0.1/$DNS_PORT 2>/dev/null; then
    ( printf '\x00\xc8\x00' >&"$fd" ) 2>/dev/null || true
    slow+=("$fd")
  fi
done
check "TCP from another source while 70 slow TCP clients wait" 'status: NOERROR' -b 127.0.0.2 +tcp mms.operator.test A
for fd in "${slow[@]}"; do exec {fd}>&-; done

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
