# Shared by the benchmarks that drive berthd and Debian's dockerd side by side with the real docker CLI
# (Scripts/bench/docker-run, Scripts/bench/pull). Source after common.sh, bench-daemons.sh and interop.sh, then
# call `engines_start PREFIX [DAEMON_JSON]`: it builds what is missing (release), makes the private temp dir $T
# (/run/PREFIX.XXXXXX), starts berth-supervisor + berthd on $BSOCK and containerd + dockerd on $DSOCK (DAEMON_JSON
# is written as both daemons' config), and installs the EXIT trap that removes everything again.
# Then: `side berth|dockerd ARGS...` runs the docker CLI against one daemon; `rm_all SIDE` removes its containers.
# shellcheck shell=bash

. Scripts/lib/berthd-network.sh

engines_start() {
local prefix="$1" daemon_json="${2:-}"
[ -n "$daemon_json" ] || daemon_json="{}"
bench_build_berth
if [ -n "${BERTH_BERTHD_BIN:-}" ]; then
    BERTHD="$(abs_bin "$BERTH_BERTHD_BIN")" || die "BERTH_BERTHD_BIN $BERTH_BERTHD_BIN not found"
else
    rscratch="${BERTH_RELEASE_SCRATCH:-.build-release}"
    log "building berthd (release)..."
    swift build --scratch-path "$rscratch" -c release --product berthd >&2
    BERTHD="$(swift build --scratch-path "$rscratch" -c release --show-bin-path)/berthd"
    [ -x "$BERTHD" ] || die "berthd not built"
fi

# --- private daemons --------------------------------------------------------------------------------------------
T="$(mktemp -d "/run/$prefix.XXXXXX")"   # short: shim socket paths under it must fit in sun_path
# shellcheck disable=SC2034 # used by the interop.sh helpers
INTEROP_TMP="$T"
NS="bdr-$$"
CGPARENT="bdr-docker-$$"
BSOCK="$T/berth.sock"
DSOCK="$T/docker.sock"
# shellcheck disable=SC2034 # CTRD_PID is set by interop_start_containerd
SUP_PID="" BERTHD_PID="" DOCKERD_PID="" CTRD_PID=""
DOCKERD_BRIDGE=""
export DOCKER_CONFIG="$T/cli"
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_API_VERSION
KEY_EXISTED=0; [ -e /etc/docker/key.json ] && KEY_EXISTED=1
RUNDOCKER_EXISTED=0; [ -e /run/docker ] && RUNDOCKER_EXISTED=1

sock_of() { if [ "$1" = berth ]; then echo "$BSOCK"; else echo "$DSOCK"; fi; }
side() { # side berth|dockerd ARGS...: the docker CLI against that daemon
    local s="$1"; shift
    "$DOCKER" -H "unix://$(sock_of "$s")" "$@"
}

# rm_all SIDE: force-removes every container of that daemon (all are ours: the daemons are private).
# Prints the removed ids.
rm_all() {
    local ids
    ids="$(timeout 60 "$DOCKER" -H "unix://$(sock_of "$1")" ps -aq --no-trunc 2>/dev/null)" || return 0
    [ -n "$ids" ] || return 0
    printf '%s\n' "$ids"
    # shellcheck disable=SC2086
    printf '%s\n' $ids | timeout 300 xargs -r -n 50 "$DOCKER" -H "unix://$(sock_of "$1")" rm -f >/dev/null 2>&1 || true
}

cleanup() {
    local rc=$? p id d
    trap - EXIT INT TERM HUP
    set +e
    [ "$rc" = 0 ] || log "exit status $rc: cleaning up $T..."
    # A benchmark's own extras (a registry, say) go first, while the daemons still run.
    if declare -F engines_extra_cleanup >/dev/null; then engines_extra_cleanup; fi
    local berth_ids=()
    if [ -n "$BERTHD_PID" ] && kill -0 "$BERTHD_PID" 2>/dev/null; then
        while read -r id; do [ -n "$id" ] && berth_ids+=("$id"); done < <(rm_all berth)
    fi
    if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
        rm_all dockerd >/dev/null
        interop_stop_pid "$DOCKERD_PID" 20
    fi
    [ -n "$BERTHD_PID" ] && interop_stop_pid "$BERTHD_PID" 15
    berthd_network_cleanup
    if [ -n "${DOCKERD_BRIDGE:-}" ]; then
        ip link del "$DOCKERD_BRIDGE" 2>/dev/null
        [ -s "$T/iptables.before" ] && iptables-restore <"$T/iptables.before"
    fi
    [ -n "$SUP_PID" ] && interop_stop_pid "$SUP_PID" 15
    interop_cleanup_containerd "$NS"
    # Shims of either side that survived (found by $T in their command line): their children first.
    for p in $(interop_pids_under "$T"); do
        pkill -KILL -P "$p" 2>/dev/null
        kill -KILL "$p" 2>/dev/null
    done
    sleep 0.2
    interop_umount_under "$T"
    # Berth's container cgroups are /berth/<id>: the ids from the API and, should berthd be gone, from disk.
    for d in "$T"/engine/containers/* "$T"/sstate/shims/*/*; do
        [ -d "$d" ] && berth_ids+=("$(basename "$d")")
    done
    for id in "${berth_ids[@]}"; do
        [[ "$id" =~ ^[0-9a-f]{64}$ ]] || continue
        for d in /sys/fs/cgroup/berth/"$id" /sys/fs/cgroup/*/berth/"$id"; do
            [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
        done
    done
    interop_rm_cgroups "$CGPARENT"
    interop_rm_cgroups "$NS"
    rm -rf "$T"
    [ "$KEY_EXISTED" = 1 ] || rm -f /etc/docker/key.json
    [ "$RUNDOCKER_EXISTED" = 1 ] || rmdir /run/docker/plugins /run/docker 2>/dev/null
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail_log() { # fail_log LOG MESSAGE
    tail -n 30 "$1" >&2
    die "$2"
}

log "starting berth-supervisor + berthd..."
"$BERTH_SUPERVISOR" --root "$T/sroot" --state "$T/sstate" --address "$T/sup.sock" --runtime-root "$T/runtime" \
    --shim "$BERTH_SHIM" --runtime "$BERTH_RUNTIME" >"$T/supervisor.log" 2>&1 </dev/null &
SUP_PID=$!
wait_for 30 bctr version || fail_log "$T/supervisor.log" "berth-supervisor did not come up"
echo "$daemon_json" >"$T/berthd.json"
berthd_network_init "$T"
"$BERTHD" -H "unix://$BSOCK" --data-root "$T/engine" --supervisor "$T/sup.sock" --config-file "$T/berthd.json" \
    "${BERTHD_NET_ARGS[@]}" >"$T/berthd.log" 2>&1 </dev/null &
BERTHD_PID=$!
wait_for 30 side berth version || fail_log "$T/berthd.log" "berthd did not answer on $BSOCK"

log "starting containerd + dockerd..."
interop_start_containerd
mkdir -p "$T/dk-data" "$T/dk-exec" "$T/cli"
echo "$daemon_json" >"$T/dockerd.json"
# ENGINES_DOCKERD_BRIDGE=1 (the network benchmark): dockerd gets real bridge networking on a bridge of its own,
# with iptables; the host's iptables rules are saved first and restored by cleanup, so dockerd's chains and
# its FORWARD policy do not outlive the run.
local dnet=(--bridge=none --iptables=false --ip6tables=false --ip-masq=false)
if [ "${ENGINES_DOCKERD_BRIDGE:-0}" = 1 ]; then
    iptables-save >"$T/iptables.before"
    local octet=$((120 + $(od -An -N1 -tu1 /dev/urandom | tr -d ' ') % 9))
    DOCKERD_BRIDGE="bk$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
    ip link add "$DOCKERD_BRIDGE" type bridge
    ip addr add "10.$octet.0.1/24" dev "$DOCKERD_BRIDGE"
    ip link set "$DOCKERD_BRIDGE" up
    dnet=(--bridge="$DOCKERD_BRIDGE" --iptables=true --ip6tables=false --ip-masq=true
        --default-address-pool "base=10.$octet.128.0/17,size=24")
fi
dockerd --config-file "$T/dockerd.json" --data-root "$T/dk-data" --exec-root "$T/dk-exec" --pidfile "$T/dockerd.pid" \
    -H "unix://$DSOCK" --containerd "$CTRD_SOCK" --containerd-namespace "$NS" \
    --containerd-plugins-namespace "$NS-plugins" "${dnet[@]}" \
    --userland-proxy=false --cgroup-parent "$CGPARENT" >"$T/dockerd.log" 2>&1 </dev/null &
DOCKERD_PID=$!
wait_for 60 side dockerd version || fail_log "$T/dockerd.log" "dockerd did not answer on $DSOCK"
}
