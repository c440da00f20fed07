# Sourced by the end-to-end and benchmark scripts: the admin API as a script uses it.
#   admin_user <configuration-dir>        adds the scripts' operator (bin/mmsrouter-user.sh, as README says)
#   admin_get  <base-url> <path>          GET  <admin>/admin/api<path> as that operator
#   admin_send <method> <base-url> <path> [json]   a state-changing call, with the session's CSRF token
# <base-url> is the node's subscriber listener, http://127.0.0.1:<8080 + offset>: the calls go to the same
# node's management listener, https://localhost:<9443 + offset>, trusting exactly the key it presents
# (read on first use and pinned). The password goes to curl in a config file only this user can read,
# never on its command line. Every call fails (curl -f) on an HTTP error. Needs SERVER, curl and openssl.
ADMIN_USER=e2e-operator
ADMIN_PASSWORD=e2e-operator-pw
ADMIN_JAR=$(mktemp /tmp/mmsrouter-admin-cookies.XXXXXX)
ADMIN_CURL_CONFIG=$(umask 077; mktemp /tmp/mmsrouter-admin-curl.XXXXXX)
printf 'user = "%s:%s"\n' "$ADMIN_USER" "$ADMIN_PASSWORD" > "$ADMIN_CURL_CONFIG"
declare -A ADMIN_PINS=()

admin_user() {
  printf '%s\n' "$ADMIN_PASSWORD" | JBOSS_HOME="$SERVER" "$SERVER/bin/mmsrouter-user.sh" --base-dir "$(dirname "$1")" \
    --password-stdin add "$ADMIN_USER" noc-operator >/dev/null
}

# https://localhost:<noc port> for the node whose subscriber listener <base-url> names (its port offset),
# or ADMIN_NOC_URL when a script moved the subscriber listener by other means than an offset.
admin_url() {
  if [[ -n "${ADMIN_NOC_URL:-}" ]]; then echo "$ADMIN_NOC_URL"; return; fi
  local port=${1##*:}
  echo "https://localhost:$((port - 8080 + 9443))"
}

# curl's --pinnedpubkey value for the key the listener at <https-url> presents (read once).
admin_pin() {
  local url=$1 hostport
  if [[ -z "${ADMIN_PINS[$url]:-}" ]]; then
    hostport=127.0.0.1:${url##*:}
    ADMIN_PINS[$url]="sha256//$(openssl s_client -connect "$hostport" </dev/null 2>/dev/null | openssl x509 -pubkey -noout \
      | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
  fi
  echo "${ADMIN_PINS[$url]}"
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
