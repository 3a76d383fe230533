#!/usr/bin/env bash
# Prints an access token from the platform's identity service, following its discovery document.
#
#   scripts/token.sh citizen citizen-kari                         # a citizen, through the test eID
#   scripts/token.sh servant ingrid@fjordby.no [password]         # a civil servant (default password: demo-password)
#   scripts/token.sh client nordbank-client nordbank-demo-secret "forms.submit cases.read"
#
# People sign in with the authorization code flow and PKCE as the public client platform-cli, through the same
# pages a browser would see; the code is read off the redirect, whose target is never requested.
# ISSUER overrides the issuer (default: the gateway, http://127.0.0.1:8080/api/identity/).
# Needs bash, curl and openssl only.
set -euo pipefail
# Bash 5.2 would read "&" in a ${var//pattern/replacement} as the matched text; the HTML decoding needs it literal.
shopt -u patsub_replacement 2>/dev/null || true

ISSUER="${ISSUER:-http://127.0.0.1:8080/api/identity/}"
ISSUER="${ISSUER%/}/"
CLIENT_ID="platform-cli"
REDIRECT_URI="http://127.0.0.1:8080/signed-in"

usage() {
  sed -n '4,6p' "$0" | sed 's/^#   //' >&2
  exit 2
}

fail() {
  echo "token.sh: $*" >&2
  exit 1
}

# The value of a top-level string member of a JSON document (enough for discovery and token responses).
json_string() {
  tr -d '\n' | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"
}

base64url() {
  openssl base64 -A | tr '+/' '-_' | tr -d '='
}

urlencode() {
  local string="$1" encoded="" char i
  for ((i = 0; i < ${#string}; i++)); do
    char="${string:i:1}"
    case "$char" in
      [a-zA-Z0-9.~_-]) encoded+="$char" ;;
      *) encoded+=$(printf '%%%02X' "'$char") ;;
    esac
  done
  printf '%s' "$encoded"
}

urldecode() {
  local value="${1//+/ }"
  printf '%b' "${value//%/\\x}"
}

# Undoes the identity service's HTML encoding of attribute values (&amp;, &quot;, &#xHH;).
html_decode() {
  local value="$1" hex
  while [[ "$value" =~ \&#x([0-9A-Fa-f]+)\; ]]; do
    hex="${BASH_REMATCH[1]}"
    value="${value//"&#x${hex};"/$(printf "\\x${hex}")}"
  done
  value="${value//&quot;/\"}"
  value="${value//&lt;/<}"
  value="${value//&gt;/>}"
  printf '%s' "${value//&amp;/&}"
}

# scheme://host[:port] of a URL, to resolve the absolute paths the pages link to.
origin_of() {
  sed -E 's#^([a-z]+://[^/]+).*#\1#' <<<"$1"
}

absolute() {
  case "$2" in
    http://* | https://*) printf '%s' "$2" ;;
    *) printf '%s%s' "$(origin_of "$1")" "$2" ;;
  esac
}

attribute() {
  sed -n "s/.*[[:space:]]$1=\"\([^\"]*\)\".*/\1/p" <<<"$2" | head -n 1
}

discover() {
  local document
  document=$(curl -fsS "${ISSUER}.well-known/openid-configuration") || fail "no discovery document at ${ISSUER}.well-known/openid-configuration"
  TOKEN_ENDPOINT=$(json_string token_endpoint <<<"$document")
  AUTHORIZATION_ENDPOINT=$(json_string authorization_endpoint <<<"$document")
  [ -n "$TOKEN_ENDPOINT" ] || fail "the discovery document names no token endpoint: $document"
}

# Prints the access token of a token response, or fails with the server's answer.
token_from() {
  local token
  token=$(json_string access_token <<<"$1")
  [ -n "$token" ] || fail "the token endpoint refused: $1"
  printf '%s\n' "$token"
}

JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT

get() {
  curl -sS -b "$JAR" -c "$JAR" "$@"
}

# The Location a GET is redirected to, absolute.
redirect_of() {
  local location
  location=$(get -o /dev/null -w '%{redirect_url}' "$1")
  [ -n "$location" ] || fail "expected a redirect from $1, got: $(get "$1" | head -c 2000)"
  printf '%s' "$location"
}

# The <form id="$1"> of a page: its action and the name=value pairs of its hidden inputs, one per line.
form_of() {
  local page="$1" id="$2" block
  # The form may start on a line that also closes the one before it ("</form><form ... id=..."): cut the line at its own
  # <form, so only a </form> after it ends the block.
  block=$(awk -v id="id=\"$id\"" '
    !inside && index($0, "<form") && index($0, id) {
      head = substr($0, 1, index($0, id)); start = 0
      while ((i = index(substr(head, start + 1), "<form")) > 0) start += i
      $0 = substr($0, start); inside = 1
    }
    inside { print }
    inside && index($0, "</form>") { exit }' <<<"$page")
  [ -n "$block" ] || fail "no form '$id' on the page: $(head -c 2000 <<<"$page")"
  FORM_ACTION=$(html_decode "$(attribute action "$(grep -m1 '<form' <<<"$block")")")
  FORM_FIELDS=()
  while IFS= read -r input; do
    FORM_FIELDS+=("$(html_decode "$(attribute name "$input")")=$(html_decode "$(attribute value "$input")")")
  done < <(grep -o '<input type="hidden"[^>]*>' <<<"$block")
}

# Posts the current form with extra name=value fields; prints the absolute URL it redirects to.
submit() {
  local base="$1"
  shift
  local arguments=() field location
  for field in "${FORM_FIELDS[@]}" "$@"; do
    arguments+=(--data-urlencode "$field")
  done
  location=$(get -o /dev/null -w '%{redirect_url}' "${arguments[@]}" "$(absolute "$base" "$FORM_ACTION")")
  [ -n "$location" ] || fail "the sign-in was refused: $(get "${arguments[@]}" "$(absolute "$base" "$FORM_ACTION")" | head -c 2000)"
  printf '%s' "$location"
}

# Authorization code + PKCE: runs the sign-in given as a function, then trades the code for a token.
person_token() {
  local sign_in="$1"
  shift
  discover
  local verifier challenge state authorize sign_in_page after_sign_in callback code
  verifier=$(openssl rand 32 | base64url)
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | base64url)
  state=$(openssl rand 16 | base64url)
  authorize="${AUTHORIZATION_ENDPOINT}?client_id=${CLIENT_ID}&response_type=code&scope=openid&state=${state}"
  authorize+="&redirect_uri=$(urlencode "$REDIRECT_URI")&code_challenge=${challenge}&code_challenge_method=S256"

  sign_in_page=$(redirect_of "$authorize")
  after_sign_in=$("$sign_in" "$sign_in_page" "$@")
  callback=$(redirect_of "$after_sign_in")
  case "$callback" in
    "$REDIRECT_URI"?*) ;;
    *) fail "expected a redirect to $REDIRECT_URI with a code, got $callback" ;;
  esac
  code=$(urldecode "$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$callback")")
  [ -n "$code" ] || fail "no code in $callback"

  token_from "$(curl -sS "$TOKEN_ENDPOINT" \
    --data-urlencode "grant_type=authorization_code" \
    --data-urlencode "client_id=${CLIENT_ID}" \
    --data-urlencode "code=${code}" \
    --data-urlencode "redirect_uri=${REDIRECT_URI}" \
    --data-urlencode "code_verifier=${verifier}")"
}

servant_sign_in() {
  local page_url="$1" email="$2" password="$3"
  form_of "$(get "$page_url")" civil-servant
  submit "$page_url" "email=${email}" "password=${password}"
}

citizen_sign_in() {
  local page_url="$1" citizen="$2" link picker_url
  link=$(grep -o '<a id="eid-test"[^>]*>' <<<"$(get "$page_url")") || fail "the sign-in page offers no test eID (is Eid:Test:Enabled on?)"
  picker_url=$(absolute "$page_url" "$(html_decode "$(attribute href "$link")")")
  form_of "$(get "$picker_url")" "citizen-${citizen}"
  submit "$picker_url"
}

case "${1:-}" in
  citizen)
    [ $# -eq 2 ] || usage
    person_token citizen_sign_in "$2"
    ;;
  servant)
    [ $# -ge 2 ] && [ $# -le 3 ] || usage
    person_token servant_sign_in "$2" "${3:-demo-password}"
    ;;
  client)
    [ $# -eq 4 ] || usage
    discover
    token_from "$(curl -sS "$TOKEN_ENDPOINT" \
      --data-urlencode "grant_type=client_credentials" \
      --data-urlencode "client_id=$2" \
      --data-urlencode "client_secret=$3" \
      --data-urlencode "scope=$4")"
    ;;
  *) usage ;;
esac
