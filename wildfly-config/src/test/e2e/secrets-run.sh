#!/usr/bin/env bash
# End-to-end (issue 17, secrets): while ./run.sh builds nothing, adds its console user, starts WildFly
# and the simulators, no process's arguments hold a secret (the console password, the NOC key store's
# password, the embedded database's password), and the files holding secrets are owner-only.
# ps is sampled every 0.1 s from before run.sh starts until the router answers; the samples are searched
# afterwards. Starts ./run.sh --no-build (ports 8080, 9443, 5353, 18080-18082) on a fresh run directory.
#   wildfly-config/src/test/e2e/secrets-run.sh      (after mvn package)
set -euo pipefail
cd "$(dirname "$0")/../../../.."
SERVER=$(ls -d wildfly-config/target/wildfly-*.Final)
CONFIG=$SERVER/standalone/configuration
OUT=target/e2e-secrets
rm -rf "$OUT" target/run/console-password
mkdir -p "$OUT"
failures=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi; }

# A fresh console user: run.sh makes the password and adds the user as on a first run.
rm -rf "$CONFIG/mms-router-users/n/o/noc-NZXWG.xml"

( while :; do ps -eo args >> "$OUT/ps-samples"; sleep 0.1; done ) &
SAMPLER=$!
./run.sh --no-build > "$OUT/run.out" 2>&1 &
RUN_PID=$!
cleanup() { kill "$SAMPLER" 2>/dev/null || true; kill "$RUN_PID" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 240); do grep -q 'MMS Router is running' "$OUT/run.out" && break; sleep 0.5; done
grep -q 'MMS Router is running' "$OUT/run.out" || { cat "$OUT/run.out"; echo "FAIL router did not start"; exit 1; }
sleep 2
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
echo "$(wc -l < "$OUT/ps-samples") process lines sampled"

console_password=$(cat target/run/console-password)
keystore_password=$(sed -n 's/.*mmsrouter.noc.keystore.password:\([^}]*\)}.*/\1/p' "$CONFIG/standalone-full.xml" | head -1)
h2_password=$(grep -A12 'pool-name="MmsRouterDS"' "$CONFIG/standalone-full.xml" | sed -n 's/.*<security user-name="[^"]*" password="\([^"]*\)".*/\1/p' | head -1)
check "the console password exists (${#console_password} chars)" '[[ ${#console_password} -ge 12 ]]'
check "the NOC key store password is per install (${#keystore_password} chars)" '[[ ${#keystore_password} -ge 24 && $keystore_password != *@* ]]'
check "the embedded database password is per install (${#h2_password} chars)" '[[ ${#h2_password} -ge 24 && $h2_password != sa ]]'
check "no process argument holds the console password" '! grep -qF -- "$console_password" "$OUT/ps-samples"'
check "no process argument holds the key store password" '! grep -qF -- "$keystore_password" "$OUT/ps-samples"'
check "no process argument holds the database password" '! grep -qF -- "$h2_password" "$OUT/ps-samples"'
check "the user tool ran while sampled" 'grep -q "mmsrouter-user" "$OUT/ps-samples" || grep -q "jboss-cli" "$OUT/ps-samples"'

mode() { stat -c %a "$1"; }
check "console password file is 600 ($(mode target/run/console-password))" '[[ $(mode target/run/console-password) == 600 ]]'
check "configuration directory is 700 ($(mode "$CONFIG"))" '[[ $(mode "$CONFIG") == 700 ]]'
check "standalone-full.xml is 600 ($(mode "$CONFIG/standalone-full.xml"))" '[[ $(mode "$CONFIG/standalone-full.xml") == 600 ]]'
user_file=$CONFIG/mms-router-users/n/o/noc-NZXWG.xml
check "the console user's file is 600 ($(mode "$user_file"))" '[[ $(mode "$user_file") == 600 ]]'
check "its password is a salted bcrypt hash" 'grep -q "algorithm=\"bcrypt\"" "$user_file" && ! grep -qF -- "$console_password" "$user_file"'
keystore=$CONFIG/mms-router-noc.p12
check "the generated NOC key store exists and is 600 ($(mode "$keystore" 2>/dev/null || echo none))" '[[ -f $keystore && $(mode "$keystore") == 600 ]]'

echo
if (( failures > 0 )); then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
