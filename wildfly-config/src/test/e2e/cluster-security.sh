#!/usr/bin/env bash
# End-to-end: the cluster plane is closed (issue 17; docs/security/cluster-plane.md). Two nodes made
# with cluster-node.sh from the cluster profile, on PostgreSQL; each check tries the way in as an
# attacker would and asserts it is refused:
#  - cluster-node.sh refuses a cluster key or password file others can read, and a key the cluster
#    password does not open; the files it writes (properties, key) are mode 600;
#  - no AJP: port 8009 + each node's offset is closed (its HTTP port, the control, is open);
#  - JGroups: a would-be member (JGroupsProbe.java, the server's own JGroups, the same stack) at the
#    nodes' JGroups ports does not join their view (read from each node's management model) when it
#    has no key (the stack as the issue found it), a wrong key, or the key but a wrong AUTH password;
#    the control — the same probe with the key and the password — does join, so the refusals are the
#    key's and the password's doing;
#  - PostgreSQL over TLS when the server offers it (sslmode=require in the URL, the connections seen
#    encrypted in pg_stat_ssl); the check is skipped, and says so, when the server has ssl = off;
#  - no secret in any process's arguments (ps -eo args sampled 5 times a second) while the nodes are
#    made, run and node-1 is restarted with cluster-restart.sh authenticating as a management user
#    (--user/--password-file); a management CLI given a wrong password is refused (so the restart
#    really authenticated with the file's password).
# Bounded (~3 min; RESTART=0 skips the restart), cleans up on exit, exit 1 on any failed check.
#
# Needs a build (mvn package), dig (dnsutils) and PostgreSQL with a database the role owns:
#   PGHOST=127.0.0.1 PGPORT=5432 PGDATABASE=mmsrouter PGUSER=mmsrouter PGPASSWORD=mmsrouter
# Ports: offsets 1000/1100 (HTTP 9080/9180, management 10990/11090, AJP would be 9009/9109), JGroups
# 21600/21700 (+1), probes 21800-21807, DNS 17053/17153 (as cluster-kill.sh: run one at a time).
set -euo pipefail
cd "$(dirname "$0")/../../../.."

source wildfly-config/src/test/e2e/pg-env.sh

WORK=$PWD/wildfly-config/target/e2e-cluster-security
NODES=2
OFFSET1=${OFFSET1:-1000}
OFFSET2=${OFFSET2:-1100}
OFFSETS=(0 "$OFFSET1" "$OFFSET2")
JGROUPS_BASE=${JGROUPS_BASE:-20600}          # + offset: 21600, 21700
PROBE_BASE=${PROBE_BASE:-21800}              # each probe: a port and the next (FD_SOCK2)
DNS_BASE=${DNS_BASE:-16053}
CONTROL=${SIM_CONTROL_PORT:-19080}
SIM_A=$((CONTROL + 1))
SIM_B=$((CONTROL + 2))
source wildfly-config/src/test/e2e/cluster-lib.sh
MODULES=$SERVER/modules/system/layers/base
PROBE_CP=$(ls "$MODULES"/org/jgroups/main/jgroups-*.jar):$(ls "$MODULES"/org/jboss/as/clustering/jgroups/main/wildfly-clustering-jgroups-extension-*.jar)
PS_LOG=$WORK/ps.log
SAMPLER_PID=""

cluster_prerequisites
security_cleanup() {
  [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  cluster_cleanup
  rm -f "$WORK/mgmt-password" "$WORK/other-password" "$WORK/other-key.p12" "$WORK/key-644.p12"
}
trap security_cleanup EXIT
started_at=$SECONDS

# --- the secret files ----------------------------------------------------------------------------
mode() { stat -c %a "$1"; }
[[ $(mode "$WORK/cluster-key.p12") == 600 ]] && pass "--generate-cluster-key made the key mode 600" \
  || fail "--generate-cluster-key made the key mode $(mode "$WORK/cluster-key.p12")"
(umask 077 && echo "other-$RANDOM$RANDOM" >"$WORK/other-password")
"$NODE_SH" --generate-cluster-key "$WORK/other-key.p12" --cluster-password-file "$WORK/other-password" 2>/dev/null
cp "$WORK/cluster-key.p12" "$WORK/key-644.p12" && chmod 644 "$WORK/key-644.p12"
# refused_with KEY-FILE TEXT: cluster-node.sh, given this key, exits 2 saying TEXT.
refused_with() {
  local out rc=0
  out=$("$NODE_SH" --server "$SERVER" --name nodeX --base "$WORK/refused" --backup-of node1 \
    --members 127.0.0.1:1,127.0.0.1:2 --cluster-password-file "$WORK/cluster-password" --cluster-key "$1" \
    --db-url jdbc:postgresql://127.0.0.1/x --db-user x --db-password-file "$WORK/db-password" 2>&1) || rc=$?
  [[ $rc == 2 && $out == *"$2"* && ! -e $WORK/refused/configuration/cluster-node.properties ]]
}
refused_with "$WORK/key-644.p12" "a secret must be readable by its owner only" \
  && pass "cluster-node.sh refuses a cluster key others can read (mode 644)" || fail "cluster-node.sh took a key of mode 644"
refused_with "$WORK/other-key.p12" "is not a cluster key that" \
  && pass "cluster-node.sh refuses a key the cluster password does not open" || fail "cluster-node.sh took a foreign key"

# --- ps: sampled from here on ------------------------------------------------------------------
(while :; do ps -eo args >>"$PS_LOG"; sleep 0.2; done) &
SAMPLER_PID=$!

# PostgreSQL over TLS when the server offers it.
DB_TLS=0
if psql "sslmode=require" -tAc "select 1" >/dev/null 2>&1; then
  DB_TLS=1
  DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?sslmode=require"
fi
prepare 1
prepare 2
for n in 1 2; do
  for f in cluster-node.properties cluster-key.p12; do
    m=$(mode "$WORK/node$n/configuration/$f")
    [[ $m == 600 ]] && pass "node$n's $f is mode 600" || fail "node$n's $f is mode $m"
  done
done
start 1
deployed 1 120
start 2
deployed 2 120

# view_of N: node N's JGroups view of channel ee, as its management model has it (members in []).
view_of() {
  "$SERVER/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$(mgmt_of "$1")" \
    --command='/subsystem=jgroups/channel=ee:read-attribute(name=view)' 2>/dev/null | sed -n 's/.*"result" => "\(.*\)".*/\1/p'
}
members_of() { view_of "$1" | sed -n 's/.*\[\(.*\)\].*/\1/p' | tr ',' '\n' | grep -c . || true; }
two_members() { [[ $(members_of 1) == 2 && $(members_of 2) == 2 ]]; }
check "both nodes' JGroups view (SYM_ENCRYPT + AUTH) has the two of them" 60 two_members

# --- brokers on their own listener --------------------------------------------------------------
check "both backup brokers synchronized with the other node's primary (through the cluster-messaging listener)" 60 eval 'synced 1 && synced 2'

# --- AJP ---------------------------------------------------------------------------------------
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }
for n in 1 2; do
  ajp=$((8009 + OFFSETS[n]))
  if port_open "$(http_of "$n")" && ! port_open "$ajp"; then
    pass "node$n: AJP port $ajp closed (HTTP port $(http_of "$n") open)"
  else
    fail "node$n: AJP port $ajp open, or HTTP port $(http_of "$n") closed"
  fi
done

# --- management plane in the cluster profile -------------------------------------------------------
# The console and admin API answer 404 on the subscriber listener and are served over TLS on "noc"
# (9443 + offset), as in the single-node profile (ManagementPlaneSecurityIT).
for n in 1 2; do
  plain=$(curl -s -o /dev/null -w '%{http_code}' --noproxy '*' --max-time 10 "http://127.0.0.1:$(http_of "$n")/admin/api/session")
  tls=$(curl -s -o /dev/null -w '%{http_code}' --noproxy '*' --max-time 10 -k "https://127.0.0.1:$((9443 + OFFSETS[n]))/admin/api/session")
  if [[ $plain == 404 && $tls == 401 ]]; then
    pass "node$n: /admin is 404 on the subscriber listener, 401 (login) on the TLS management listener"
  else
    fail "node$n: /admin answered $plain on the subscriber listener and $tls on the management listener (404 and 401 expected)"
  fi
done

# --- PostgreSQL over TLS -----------------------------------------------------------------------
if [[ $DB_TLS == 1 ]]; then
  tls=$(psql -tAc "select count(*) filter (where s.ssl), count(*) filter (where not s.ssl) from pg_stat_ssl s
        join pg_stat_activity a using (pid) where a.usename = current_user and a.application_name = 'PostgreSQL JDBC Driver'")
  if [[ ${tls%|*} -gt 0 && ${tls#*|} == 0 ]]; then
    pass "the nodes' PostgreSQL connections are TLS (sslmode=require): ${tls%|*} encrypted, none plain"
  else
    fail "the nodes' PostgreSQL connections (encrypted|plain): $tls"
  fi
else
  echo "SKIP PostgreSQL over TLS: the server at $PGHOST:$PGPORT has ssl = off (docs/security/cluster-plane.md)"
fi

# --- JGroups: would-be members -----------------------------------------------------------------
members="127.0.0.1:$((JGROUPS_BASE + OFFSET1)),127.0.0.1:$((JGROUPS_BASE + OFFSET2))"
# The JGroups cluster name channel ee joins (WildFly's default: ejb).
cluster=$("$SERVER/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$(mgmt_of 1)" \
  --command='/subsystem=jgroups/channel=ee:read-attribute(name=cluster)' 2>/dev/null | sed -n 's/.*"result" => "\(.*\)".*/\1/p')
probe_no=0
# probe DESCRIPTION EXPECT [KEY STORE-PASSWORD [AUTH-PASSWORD]]: runs a probe; while it tries, polls
# node-1's view; EXPECT "joins" or "refused".
probe() {
  local description=$1 expect=$2 port=$((PROBE_BASE + 2 * probe_no)) out=$WORK/probe-$probe_no.txt most=0 m i
  shift 2
  probe_no=$((probe_no + 1))
  java -cp "$PROBE_CP" wildfly-config/src/test/e2e/JGroupsProbe.java "$cluster" "$port" "$members" "$@" >"$out" 2>"$out.log" &
  local pid=$!
  for i in 1 2 3 4 5; do
    sleep 1.5
    m=$(members_of 1); (( m > most )) && most=$m
  done
  wait "$pid" || true
  local seen; seen=$(grep -E '^(VIEW|REFUSED)' "$out" || echo "no answer (log $out.log)")
  if [[ $expect == joins ]]; then
    if (( most == 3 )) && [[ $seen == "VIEW 3 "* ]]; then pass "$description: joins (node-1's view had $most members; probe: ${seen:0:60})"
    else fail "$description: did not join (node-1's view at most $most members; probe: $seen)"; fi
  else
    if (( most == 2 )) && [[ $seen != "VIEW 3 "* && $seen != "VIEW 2 "* ]]; then pass "$description: kept out (node-1's view stayed at 2; probe: ${seen:0:70})"
    else fail "$description: got in (node-1's view up to $most members; probe: $seen)"; fi
  fi
}
probe "a member without the key or password (the stack as the issue found it)" refused
probe "a member with another cluster key (and the right AUTH password)" refused "$WORK/other-key.p12" "$WORK/other-password" "$WORK/cluster-password"
probe "a member with the cluster key but a wrong AUTH password" refused "$WORK/cluster-key.p12" "$WORK/cluster-password" "$WORK/other-password"
probe "control: the same probe with the cluster key and password" joins "$WORK/cluster-key.p12" "$WORK/cluster-password" "$WORK/cluster-password"
check "the nodes' view is back to the two of them" 30 two_members

# --- cluster-restart.sh as a management user, no password in ps ---------------------------------
(umask 077 && echo "mgmt-$RANDOM$RANDOM$RANDOM" >"$WORK/mgmt-password")
mgmt_password=$(cat "$WORK/mgmt-password")
for n in 1 2; do   # the user add-user.sh -m would add (HEX(MD5(user:realm:password))), without a command line
  echo "e2e-admin=$(printf '%s' "e2e-admin:ManagementRealm:$mgmt_password" | md5sum | cut -d' ' -f1)" >>"$WORK/node$n/configuration/mgmt-users.properties"
done
wrong_config=$(mktemp "$WORK/wrong-client.XXXXXX.xml")
cat >"$wrong_config" <<EOF
<configuration><authentication-client xmlns="urn:elytron:client:1.7">
  <authentication-rules><rule use-configuration="c"/></authentication-rules>
  <authentication-configurations><configuration name="c"><sasl-mechanism-selector selector="DIGEST-MD5"/>
    <set-user-name name="e2e-admin"/><credentials><clear-password password="not-$mgmt_password"/></credentials>
  </configuration></authentication-configurations></authentication-client></configuration>
EOF
if JAVA_OPTS="-Dwildfly.config.url=$wrong_config" "$SERVER/bin/jboss-cli.sh" --connect --controller="127.0.0.1:$(mgmt_of 1)" \
     --command=':read-attribute(name=server-state)' >/dev/null 2>&1; then
  fail "a management CLI with a wrong password in its client configuration was let in"
else
  pass "a management CLI with a wrong password in its client configuration is refused"
fi
# RESTART=0 skips the restart (and the ps check's part of it).
if [[ ${RESTART:-1} == 1 ]]; then
  restart_node 1 --user e2e-admin --password-file "$WORK/mgmt-password"
  pass "cluster-restart.sh restarted node-1 authenticating as e2e-admin (--password-file)"
  check "node-1 rejoined the encrypted view" 60 two_members
  leftover=$(find /tmp -maxdepth 1 -name 'cluster-restart-client.*' -newer "$WORK/mgmt-password" 2>/dev/null | wc -l)
  (( leftover == 0 )) && pass "cluster-restart.sh removed its client configuration" || fail "cluster-restart.sh left $leftover client configurations in /tmp"
fi

kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
ours=$(grep -F -e "$WORK" -e "$SERVER" "$PS_LOG" | sort -u)
if { [[ ${RESTART:-1} == 0 ]] || grep -q 'cluster-restart.sh' <<<"$ours"; } && grep -q 'cluster-node.sh' <<<"$ours" && grep -q 'jboss.server.base.dir' <<<"$ours"; then
  pass "ps saw cluster-node.sh, the nodes and cluster-restart.sh ($(wc -l <"$PS_LOG") lines sampled)"
else
  fail "the ps sampler missed the scripts or nodes: its check would prove nothing"
fi
leaks=$( { grep -F -e "$(cat "$WORK/cluster-password")" -e "$mgmt_password" -e "$(cat "$WORK/other-password")" "$PS_LOG" || true
           grep -Ei -e '--password[= ]' -e 'password=' <<<"$ours" || true; } | sort -u)
if [[ -z $leaks ]]; then
  pass "no password or key in any process's arguments"
else
  fail "secrets in process arguments: $(head -c 400 <<<"$leaks")"
fi

echo "     total $((SECONDS - started_at)) s"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
