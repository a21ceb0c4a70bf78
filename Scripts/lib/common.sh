# Shared helpers for Berth's scripts. Source it: . "$(dirname "$0")/lib/common.sh"
# shellcheck shell=bash

BERTH_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export BERTH_REPO

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_root() {
    [ "$(id -u)" = 0 ] || die "$(basename "$0") must run as root"
}

# apt_ensure PKG...: installs the packages that are not installed yet. Runs `apt-get update` only when
# something is missing. Never lets a package's maintainer scripts start a service (containerd, docker):
# a temporary policy-rc.d denies it when the host has none.
apt_ensure() {
    local missing=() pkg status
    for pkg in "$@"; do
        status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
        [ "$status" = "install ok installed" ] || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    require_root
    log "installing: ${missing[*]}"
    local policy=/usr/sbin/policy-rc.d made_policy=0 out
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
    fi
    out="$(mktemp)"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$out" 2>&1; then
        [ "$made_policy" = 1 ] && rm -f "$policy"
        cat "$out" >&2; rm -f "$out"
        die "apt-get install failed for: ${missing[*]}"
    fi
    [ "$made_policy" = 1 ] && rm -f "$policy"
    rm -f "$out"
}

# now_ns: monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }
