#!/usr/bin/env bash
# Interop: Scripts/lib/registry-fixture runs a real registry (Debian's docker-registry) on loopback in each auth
# mode, and skopeo (an independent client) pushes to it: none, basic (htpasswd) and token (the fixture's token
# server), then kill + restart on the same port keeps the data, and stop leaves no process and no directory.
# Self-cleaning (every fixture is stopped on exit); nothing listens or is contacted beyond 127.0.0.1.
# Prints PASS/FAIL; exit 0 on pass. Takes a few seconds.
set -euo pipefail
NAME=interop/registry-fixture
. "$(dirname "$0")/../../Scripts/lib/common.sh"
FIX="$BERTH_REPO/Scripts/lib/registry-fixture"
MKOCI="$BERTH_REPO/Scripts/lib/make-oci-layout"

apt_ensure docker-registry apache2-utils openssl skopeo curl jq python3 iproute2

TMP="$(mktemp -d /tmp/berth-regfix.XXXXXX)"
cleanup() {
    local rc=$? d
    set +e
    for d in "$TMP"/reg-*; do
        [ -d "$d" ] && "$FIX" stop "$d" --hard
    done
    rm -rf "$TMP"
    if [ "$rc" = 0 ]; then echo "PASS $NAME"; else echo "FAIL $NAME"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail() { echo "  $NAME: $*" >&2; exit 1; }
check() { # check DESCRIPTION EXPECTED ACTUAL
    [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}
check_has() { # check_has DESCRIPTION NEEDLE HAYSTACK
    case "$3" in *"$2"*) ;; *) fail "$1: [$2] not in [$3]" ;; esac
}
step() { printf '  %s\n' "$*"; }

# Loopback only, whatever the environment says about proxies; skopeo sees no auth file, mirror or policy of the host.
export NO_PROXY='*' no_proxy='*'
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
echo '{}' >"$TMP/auth.json"
: >"$TMP/registries.conf"
export REGISTRY_AUTH_FILE="$TMP/auth.json" CONTAINERS_REGISTRIES_CONF="$TMP/registries.conf"
CURL() { curl --noproxy '*' -s --max-time 10 "$@"; }
code() { CURL -o /dev/null -w '%{http_code}' "$@" || true; }
# header NAME URL [CURL ARGS...]: the value of a response header (case-insensitive name, CR stripped).
header() {
    local n="$1"
    shift
    CURL -o /dev/null -D - "$@" | tr -d '\r' | awk -v n="$n" -F': ' \
        'tolower($1) == tolower(n) { sub(/^[^:]*: /, ""); print; exit }'
}
# check_loopback DIR COUNT: the fixture's processes listen on COUNT sockets, all on 127.0.0.1.
check_loopback() {
    local pid l n=0
    # shellcheck disable=SC2013
    for pid in $(awk '{print $2}' "$1/pids"); do
        for l in $(ss -ltnpH | grep "pid=$pid," | awk '{print $4}'); do
            case "$l" in 127.0.0.1:*) n=$((n + 1)) ;; *) fail "$1: pid $pid listens on $l" ;; esac
        done
    done
    check "$1: listening sockets on 127.0.0.1" "$2" "$n"
}
SKOPEO() { skopeo --insecure-policy copy --retry-times 0 --dest-tls-verify=false "$@"; }

MDIG="$("$MKOCI" "$TMP/oci" --tag 1)"
step "OCI layout: manifest $MDIG"

# ---- none ---------------------------------------------------------------------------------------------------
t0="$(now_ns)"
ADDR="$("$FIX" start "$TMP/reg-none")"
step "none: started on $ADDR in $(( ($(now_ns) - t0) / 1000000 )) ms"
case "$ADDR" in 127.0.0.1:[0-9]*) ;; *) fail "start printed [$ADDR], not 127.0.0.1:PORT" ;; esac
check "DIR/addr" "$ADDR" "$(cat "$TMP/reg-none/addr")"
check "none: GET /v2/" 200 "$(code "http://$ADDR/v2/")"
check_loopback "$TMP/reg-none" 1
SKOPEO "oci:$TMP/oci:1" "docker://$ADDR/fixture/test:1" >"$TMP/skopeo.log" 2>&1 ||
    { cat "$TMP/skopeo.log" >&2; fail "none: skopeo push failed"; }
check "none: tags/list" '{"name":"fixture/test","tags":["1"]}' "$(CURL "http://$ADDR/v2/fixture/test/tags/list" | jq -c .)"
check "none: pushed manifest digest" "$MDIG" \
    "$(header Docker-Content-Digest "http://$ADDR/v2/fixture/test/manifests/1" -H 'Accept: application/vnd.oci.image.manifest.v1+json')"
step "none: GET /v2/ 200, skopeo push, tags/list [1]"

# kill + restart on the same port keeps the data
"$FIX" kill "$TMP/reg-none"
check "none: after kill, GET /v2/" 000 "$(code --max-time 2 "http://$ADDR/v2/")"
[ -d "$TMP/reg-none/storage" ] || fail "kill removed the storage"
check "none: restart prints the same address" "$ADDR" "$("$FIX" restart "$TMP/reg-none")"
check "none: tags/list after restart" '{"name":"fixture/test","tags":["1"]}' "$(CURL "http://$ADDR/v2/fixture/test/tags/list" | jq -c .)"
step "none: kill (GET /v2/ refused), restart on $ADDR, tags/list still [1]"

# ---- basic --------------------------------------------------------------------------------------------------
t0="$(now_ns)"
ADDR="$("$FIX" start "$TMP/reg-basic" --auth basic)"
step "basic: started on $ADDR in $(( ($(now_ns) - t0) / 1000000 )) ms"
check_loopback "$TMP/reg-basic" 1
check "basic: GET /v2/ without credentials" 401 "$(code "http://$ADDR/v2/")"
check "basic: WWW-Authenticate" 'Basic realm="berth-test"' "$(header WWW-Authenticate "http://$ADDR/v2/")"
check "basic: GET /v2/ with credentials" 200 "$(code -u berth:berth-pass "http://$ADDR/v2/")"
check "basic: GET /v2/ with a wrong password" 401 "$(code -u berth:nope "http://$ADDR/v2/")"
SKOPEO --dest-creds berth:berth-pass "oci:$TMP/oci:1" "docker://$ADDR/fixture/test:1" >"$TMP/skopeo.log" 2>&1 ||
    { cat "$TMP/skopeo.log" >&2; fail "basic: skopeo push with credentials failed"; }
if SKOPEO --dest-creds berth:wrong "oci:$TMP/oci:1" "docker://$ADDR/fixture/test:2" >"$TMP/skopeo.log" 2>&1; then
    fail "basic: skopeo push with a wrong password succeeded"
fi
check_has "basic: wrong-password error" "unauthorized" "$(cat "$TMP/skopeo.log")"
check "basic: tags/list" '{"name":"fixture/test","tags":["1"]}' \
    "$(CURL -u berth:berth-pass "http://$ADDR/v2/fixture/test/tags/list" | jq -c .)"
step "basic: 401 + Basic realm, 200 with credentials, push ok, wrong password refused"

# ---- token --------------------------------------------------------------------------------------------------
t0="$(now_ns)"
ADDR="$("$FIX" start "$TMP/reg-token" --auth token)"
TADDR="$(cat "$TMP/reg-token/token-addr")"
step "token: started on $ADDR (token server $TADDR) in $(( ($(now_ns) - t0) / 1000000 )) ms"
case "$TADDR" in 127.0.0.1:[0-9]*) ;; *) fail "token-addr is [$TADDR]" ;; esac
check_loopback "$TMP/reg-token" 2
check "token: GET /v2/" 401 "$(code "http://$ADDR/v2/")"
check "token: WWW-Authenticate" "Bearer realm=\"http://$TADDR/token\",service=\"berth-registry\"" \
    "$(header WWW-Authenticate "http://$ADDR/v2/")"
SCOPE='repository:fixture/test:pull,push'
RESP="$(CURL -u berth:berth-pass "http://$TADDR/token?service=berth-registry&scope=$SCOPE")"
TOK="$(jq -r .token <<<"$RESP")"
check "token: token == access_token" "$TOK" "$(jq -r .access_token <<<"$RESP")"
check "token: expires_in" 300 "$(jq -r .expires_in <<<"$RESP")"
CLAIMS="$(cut -d. -f2 <<<"$TOK" | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' | base64 -d)"
check "token: claims" '{"access":[{"actions":["pull","push"],"name":"fixture/test","type":"repository"}],"aud":"berth-registry","iss":"berth-token-issuer","sub":"berth"}' \
    "$(jq -cS '{iss, sub, aud, access}' <<<"$CLAIMS")"
check "token: JWT header has x5c" 1 "$(cut -d. -f1 <<<"$TOK" | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' | base64 -d | jq '.x5c | length')"
check "token: GET /v2/ with the token" 200 "$(code -H "Authorization: Bearer $TOK" "http://$ADDR/v2/")"
check "token: wrong credentials" 401 "$(code -u berth:nope "http://$TADDR/token?service=berth-registry&scope=$SCOPE")"
check "token: wrong-credentials body" UNAUTHORIZED \
    "$(CURL -u berth:nope "http://$TADDR/token?service=berth-registry&scope=$SCOPE" | jq -r '.errors[0].code')"
SKOPEO --dest-creds berth:berth-pass "oci:$TMP/oci:1" "docker://$ADDR/fixture/test:1" >"$TMP/skopeo.log" 2>&1 ||
    { cat "$TMP/skopeo.log" >&2; fail "token: skopeo push with credentials failed"; }
check "token: GET manifest with the bearer token" 200 \
    "$(code -H "Authorization: Bearer $TOK" -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$ADDR/v2/fixture/test/manifests/1")"
check "token: pushed manifest digest" "$MDIG" \
    "$(header Docker-Content-Digest "http://$ADDR/v2/fixture/test/manifests/1" -H "Authorization: Bearer $TOK" -H 'Accept: application/vnd.oci.image.manifest.v1+json')"
step "token: 401 + Bearer challenge, token fetched with credentials, skopeo push, manifest pulled with the bearer token"

# anonymous: pull-only
ANON="$(CURL "http://$TADDR/token?service=berth-registry&scope=$SCOPE" | jq -r .token)"
check "token: anonymous token claims" '{"access":[{"actions":["pull"],"name":"fixture/test","type":"repository"}],"sub":""}' \
    "$(cut -d. -f2 <<<"$ANON" | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' | base64 -d | jq -cS '{sub, access}')"
check "token: anonymous pull of the manifest" 200 \
    "$(code -H "Authorization: Bearer $ANON" -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$ADDR/v2/fixture/test/manifests/1")"
check "token: anonymous upload start" 401 "$(code -X POST -H "Authorization: Bearer $ANON" "http://$ADDR/v2/fixture/test/blobs/uploads/")"
if SKOPEO --dest-no-creds "oci:$TMP/oci:1" "docker://$ADDR/fixture/anon:1" >"$TMP/skopeo.log" 2>&1; then
    fail "token: anonymous skopeo push succeeded"
fi
check_has "token: anonymous push error" "authentication required" "$(cat "$TMP/skopeo.log")"
step "token: anonymous token is pull-only (manifest 200, upload 401, skopeo push refused)"

# the response field can be switched
echo access_token >"$TMP/reg-token/token-field"
check "token: token-field=access_token" "access_token,expires_in,issued_at" \
    "$(CURL "http://$TADDR/token?service=berth-registry" | jq -r 'keys | join(",")')"
echo token >"$TMP/reg-token/token-field"
check "token: token-field=token" "expires_in,issued_at,token" \
    "$(CURL "http://$TADDR/token?service=berth-registry" | jq -r 'keys | join(",")')"
echo both >"$TMP/reg-token/token-field"
step "token: DIR/token-field switches the response field"

# kill + restart: same ports, same storage, same signing key (the old token still works)
"$FIX" kill "$TMP/reg-token"
check "token: after kill, GET /v2/" 000 "$(code --max-time 2 "http://$ADDR/v2/")"
check "token: restart prints the same address" "$ADDR" "$("$FIX" restart "$TMP/reg-token")"
check "token: same token server address" "$TADDR" "$(cat "$TMP/reg-token/token-addr")"
check "token: tags/list after restart, old token" '{"name":"fixture/test","tags":["1"]}' \
    "$(CURL -H "Authorization: Bearer $TOK" "http://$ADDR/v2/fixture/test/tags/list" | jq -c .)"
TOK2="$(CURL -u berth:berth-pass "http://$TADDR/token?service=berth-registry&scope=$SCOPE" | jq -r .token)"
check "token: tags/list after restart, new token" '{"name":"fixture/test","tags":["1"]}' \
    "$(CURL -H "Authorization: Bearer $TOK2" "http://$ADDR/v2/fixture/test/tags/list" | jq -c .)"
step "token: kill + restart on $ADDR / $TADDR, tags/list still [1]"

# ---- stop ---------------------------------------------------------------------------------------------------
mkdir "$TMP/not-a-fixture"
if "$FIX" stop "$TMP/not-a-fixture" 2>/dev/null; then fail "stop accepted a directory that is no fixture"; fi
[ -d "$TMP/not-a-fixture" ] || fail "stop removed a directory that is no fixture"
ALL_PIDS=""
for d in reg-none reg-basic reg-token; do
    pids="$(awk '{print $2}' "$TMP/$d/pids")"
    ALL_PIDS="$ALL_PIDS $pids"
    addr="$(cat "$TMP/$d/addr")"
    t0="$(now_ns)"
    "$FIX" stop "$TMP/$d"
    ms=$(( ($(now_ns) - t0) / 1000000 ))
    [ ! -e "$TMP/$d" ] || fail "stop left $TMP/$d"
    check "$d: after stop, GET /v2/" 000 "$(code --max-time 2 "http://$addr/v2/")"
    for pid in $pids; do
        st="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
        [ -z "$st" ] || [ "$st" = Z ] || fail "$d: pid $pid still running after stop (state $st)"
    done
    "$FIX" stop "$TMP/$d" || fail "a second stop of $d failed"
    step "$d: stop in $ms ms, directory removed, pids ${pids//$'\n'/ } not running, second stop ok"
done
# A stopped process may stay a zombie until init reaps it (this machine's init does so every ~2 s): give it 10 s.
t0="$(now_ns)"
for pid in $ALL_PIDS; do
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then fail "pid $pid still there 10 s after stop: $(cat "/proc/$pid/stat" 2>/dev/null)"; fi
done
step "kill -0 fails for every pid ($(( ($(now_ns) - t0) / 1000000 )) ms for init to reap)"
