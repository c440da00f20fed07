#!/usr/bin/env bash
# MMS Router console users (README "Security"): adds a user, changes a password or removes a user in the
# router's Elytron filesystem realm (configuration/mms-router-users/: one file per user, a salted bcrypt
# hash and the user's role). Works on a stopped server (embedded CLI); a running one reloads the realm's
# files on the next login of that user.
#
#   bin/mmsrouter-user.sh [--base-dir DIR] [--config FILE] [--password-stdin] add USER ROLE
#   bin/mmsrouter-user.sh [--base-dir DIR] [--config FILE] [--password-stdin] passwd USER
#   bin/mmsrouter-user.sh [--base-dir DIR] [--config FILE] remove USER
#
# ROLE: noc-operator (reads and acts), noc-viewer (reads; subscriber numbers masked) or noc-metrics
# (only /admin/api/metrics: what a Prometheus scraper uses). The password is asked on the terminal
# (twice) or, with --password-stdin, read from the first line of standard input: never an argument,
# so ps never shows it. --base-dir: the server base directory (default JBOSS_HOME/standalone);
# --config: the profile that names the realm (default standalone-full.xml); --properties: a node's
# properties file (the -P file it starts with: the cluster profile needs the cluster password to boot).
set -euo pipefail
umask 077

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

JBOSS_HOME=${JBOSS_HOME:-$(cd "$(dirname "$0")/.." && pwd)}
BASE_DIR="$JBOSS_HOME/standalone"
CONFIG=standalone-full.xml
PASSWORD_STDIN=""
CLI_OPTIONS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base-dir) BASE_DIR=$2; shift 2 ;;
    --config) CONFIG=$2; shift 2 ;;
    --properties) CLI_OPTIONS+=("--properties=$2"); shift 2 ;;
    --password-stdin) PASSWORD_STDIN=1; shift ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[[ $# -ge 2 ]] || usage
ACTION=$1 USER_NAME=$2 ROLE=${3:-}
[[ "$USER_NAME" =~ ^[A-Za-z0-9._@-]{1,64}$ ]] || { echo "user names are 1-64 of A-Z a-z 0-9 . _ @ -" >&2; exit 2; }
case "$ACTION" in
  add) [[ "$ROLE" =~ ^noc-(operator|viewer|metrics)$ ]] || { echo "ROLE is noc-operator, noc-viewer or noc-metrics" >&2; exit 2; } ;;
  passwd|remove) ;;
  *) usage ;;
esac

read_password() {
  local first second
  if [[ -n "$PASSWORD_STDIN" ]]; then
    IFS= read -r first || true
  else
    IFS= read -r -s -p "Password for $USER_NAME: " first; echo >&2
    IFS= read -r -s -p "Again: " second; echo >&2
    [[ "$first" == "$second" ]] || { echo "the passwords differ" >&2; exit 1; }
  fi
  [[ ${#first} -ge 8 ]] || { echo "a password has at least 8 characters" >&2; exit 1; }
  [[ "$first" != *'"'* && "$first" != *'\'* ]] || { echo "a password may not contain \" or \\" >&2; exit 1; }
  PASSWORD=$first
}

# The CLI commands go in a file only this user can read (umask 077), removed on exit: the password is
# in it, never on a command line.
SCRIPT=$(mktemp "${TMPDIR:-/tmp}/mmsrouter-user.XXXXXX")
trap 'rm -f "$SCRIPT"' EXIT
REALM=/subsystem=elytron/filesystem-realm=MmsRouterUsers
{
  echo "embed-server --server-config=$CONFIG --std-out=discard"
  case "$ACTION" in
    add|passwd)
      read_password
      # bcrypt with a fresh 16-byte salt; cost 10 (2^10 rounds, ~50 ms a check: the API checks BASIC
      # credentials on each request, and logins are throttled besides).
      salt=$(head -c 16 /dev/urandom | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /,0x/g; s/^/0x/')
      if [[ "$ACTION" == add ]]; then
        # An existing user of that name is replaced (new role, new password).
        echo "if (outcome == success) of $REALM:read-identity(identity=$USER_NAME)"
        echo "    $REALM:remove-identity(identity=$USER_NAME)"
        echo "end-if"
        echo "$REALM:add-identity(identity=$USER_NAME)"
        echo "$REALM:add-identity-attribute(identity=$USER_NAME, name=groups, value=[$ROLE])"
      else
        echo "$REALM:read-identity(identity=$USER_NAME)"
      fi
      echo "$REALM:set-password(identity=$USER_NAME, bcrypt={password=\"$PASSWORD\", salt=bytes{$salt}, iteration-count=10})"
      ;;
    remove)
      echo "$REALM:remove-identity(identity=$USER_NAME)"
      ;;
  esac
  echo "stop-embedded-server"
} > "$SCRIPT"

out=$(JBOSS_HOME="$JBOSS_HOME" "$JBOSS_HOME/bin/jboss-cli.sh" "-Djboss.server.base.dir=$BASE_DIR" ${CLI_OPTIONS[@]+"${CLI_OPTIONS[@]}"} --file="$SCRIPT" 2>&1) \
  || { echo "$out" | grep -v "bcrypt=" >&2; echo "mmsrouter-user: $ACTION $USER_NAME failed" >&2; exit 1; }
chmod -R go-rwx "$BASE_DIR/configuration/mms-router-users" 2>/dev/null || true
echo "mmsrouter-user: $ACTION $USER_NAME${ROLE:+ ($ROLE)} done"
