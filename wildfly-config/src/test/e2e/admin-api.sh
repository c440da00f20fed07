# Sourced by the end-to-end and benchmark scripts: the admin API as a script uses it.
#   admin_user <configuration-dir>        adds the scripts' operator (add-user.sh, as README says)
#   admin_get  <base-url> <path>          GET  <base-url>/admin/api<path> as that operator
#   admin_send <method> <base-url> <path> [json]   a state-changing call, with the session's CSRF token
# Every call fails (curl -f) on an HTTP error. Needs SERVER (the provisioned WildFly) and curl.
ADMIN_USER=e2e-operator
ADMIN_PASSWORD=e2e-operator-pw
ADMIN_JAR=$(mktemp /tmp/mmsrouter-admin-cookies.XXXXXX)

admin_user() {
  JBOSS_HOME="$SERVER" "$SERVER/bin/add-user.sh" -a -sc "$1" -up mms-router-users.properties \
    -gp mms-router-roles.properties -r MmsRouter -u "$ADMIN_USER" -p "$ADMIN_PASSWORD" -g noc-operator >/dev/null
}

admin_get() {
  curl -sf --noproxy '*' --max-time 10 -u "$ADMIN_USER:$ADMIN_PASSWORD" -b "$ADMIN_JAR" -c "$ADMIN_JAR" "$1/admin/api$2"
}

admin_send() {
  local method=$1 base=$2 path=$3 json=${4:-} token
  token=$(admin_get "$base" /session | sed -n 's/.*"csrfToken":"\([0-9a-f]*\)".*/\1/p')
  [[ -n "$token" ]] || { echo "no CSRF token from $base/admin/api/session" >&2; return 1; }
  if [[ -n "$json" ]]; then
    curl -sf --noproxy '*' --max-time 30 -u "$ADMIN_USER:$ADMIN_PASSWORD" -b "$ADMIN_JAR" -c "$ADMIN_JAR" -X "$method" \
      -H "X-CSRF-Token: $token" -H 'Content-Type: application/json' -d "$json" "$base/admin/api$path"
  else
    curl -sf --noproxy '*' --max-time 30 -u "$ADMIN_USER:$ADMIN_PASSWORD" -b "$ADMIN_JAR" -c "$ADMIN_JAR" -X "$method" \
      -H "X-CSRF-Token: $token" "$base/admin/api$path"
  fi
}
