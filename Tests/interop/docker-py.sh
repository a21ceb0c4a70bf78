#!/usr/bin/env bash
# Interop: docker-py 7.1 (the Python Docker SDK) drives berthd. Installs docker==7.1.0 from PyPI into a private
# venv cached at .test-artifacts/docker-py-venv (reruns reuse it; `python3 -m venv` needs Debian's python3-venv,
# installed if missing). Starts a private berth-supervisor + berthd pair on sockets under /run/berth-pytest-$$
# (own roots, state and data-root; never the default paths), imports the standard busybox rootfs as
# busybox:latest with berth-ctr, and runs Tests/interop/docker_py_scenarios.py against it with
# DOCKER_HOST=unix://... The scenarios print PASS/FAIL each; this script exits non-zero if any fails.
# Teardown runs on every exit (failure, INT, TERM): containers force-removed through the API, daemons stopped,
# leftover shims (found by the private base dir in their command line) and their children killed, mounts
# under the base unmounted, the containers' empty cgroups removed, the base deleted.
# A basic-auth docker-registry on loopback (Scripts/lib/registry-fixture, stopped in the teardown) serves the
# login/push/pull scenario (BPY_REGISTRY, BPY_REGISTRY_USER, BPY_REGISTRY_PASSWORD).
# Env: BERTH_SUPERVISOR_BIN BERTH_BERTHD_BIN BERTH_CTR_BIN BERTH_SHIM_BIN BERTH_RUNTIME_BIN (default
#      <repo>/.build/debug/...), BERTH_TEST_ROOTFS (default: Scripts/make-rootfs), BPY_SCENARIOS (comma-separated
#      scenario names to run only those), BPY_KEEP=1 (keep the base dir and logs for a post-mortem).
set -euo pipefail
NAME=interop/docker-py
. "$(dirname "$0")/../../Scripts/lib/common.sh"
. "$BERTH_REPO/Scripts/lib/interop.sh"
. "$BERTH_REPO/Scripts/lib/berthd-network.sh"
require_root

bin_of() { # bin_of ENVVAR NAME: absolute path of a Berth binary (env override, else the debug build)
    local p="${!1:-$BERTH_REPO/.build/debug/$2}"
    case "$p" in /*) ;; *) p="$(cd "$(dirname "$p")" && pwd)/$(basename "$p")" ;; esac
    [ -x "$p" ] || die "$2 not found or not executable: $p (build it, or set $1)"
    printf '%s\n' "$p"
}
SUPERVISOR="$(bin_of BERTH_SUPERVISOR_BIN berth-supervisor)"
BERTHD="$(bin_of BERTH_BERTHD_BIN berthd)"
CTR="$(bin_of BERTH_CTR_BIN berth-ctr)"
SHIM="$(bin_of BERTH_SHIM_BIN berth-shim)"
RUNTIME="$(bin_of BERTH_RUNTIME_BIN berth-runtime)"
ROOTFS="${BERTH_TEST_ROOTFS:-$("$BERTH_REPO/Scripts/make-rootfs")}"
[ -x "$ROOTFS/bin/busybox" ] || die "no busybox rootfs at $ROOTFS"

# --- docker-py 7.1 in a private venv (cached) -------------------------------------------------------------------
DOCKER_PY_VERSION=7.1.0
VENV="$BERTH_REPO/.test-artifacts/docker-py-venv"
venv_ok() {
    [ -x "$VENV/bin/python" ] &&
        "$VENV/bin/python" -c "import sys, docker; sys.exit(docker.__version__ != '$DOCKER_PY_VERSION')" >/dev/null 2>&1
}
ensure_venv() {
    mkdir -p "$(dirname "$VENV")"
    exec 8>"$VENV.lock"
    flock 8
    if ! venv_ok; then
        command -v python3 >/dev/null 2>&1 || apt_ensure python3
        log "creating $VENV with docker==$DOCKER_PY_VERSION..."
        rm -rf "$VENV"
        if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
            # Debian's python3 ships venv's ensurepip separately.
            rm -rf "$VENV"
            apt_ensure python3-venv
            python3 -m venv "$VENV" || die "python3 -m venv $VENV failed"
        fi
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "docker==$DOCKER_PY_VERSION" ||
            { rm -rf "$VENV"; die "pip install docker==$DOCKER_PY_VERSION failed"; }
        venv_ok || { rm -rf "$VENV"; die "docker $DOCKER_PY_VERSION not importable from $VENV after install"; }
    fi
    flock -u 8
    exec 8>&-
}
ensure_venv
PY="$VENV/bin/python"

# --- private daemons --------------------------------------------------------------------------------------------
# Short: the supervisor's shim sockets live at <state>/s/<64 hex digits> and must fit in sun_path.
BASE="/run/berth-pytest-$$"
SUP_SOCK="$BASE/sup.sock"
ENGINE_SOCK="$BASE/berth.sock"
SUP_PID=""
BERTHD_PID=""
CONTAINER_IDS=()

# api_cleanup: force-removes every container through the API (prints their ids). The daemons are private, so
# every container is ours.
api_cleanup() {
    timeout 120 "$PY" - "unix://$ENGINE_SOCK" <<'EOF' 2>/dev/null
import sys, docker
c = docker.DockerClient(base_url=sys.argv[1], timeout=30)
for ctr in c.api.containers(all=True, quiet=True):
    print(ctr["Id"], flush=True)
    try:
        c.api.remove_container(ctr["Id"], force=True)
    except Exception as e:
        print("cleanup: rm -f %s: %s" % (ctr["Id"], e), file=sys.stderr)
EOF
}

cleanup() {
    local rc=$? p id d
    trap - EXIT INT TERM HUP
    set +e
    [ -n "${REG_DIR:-}" ] && "$BERTH_REPO/Scripts/lib/registry-fixture" stop "$REG_DIR" --hard >/dev/null 2>&1
    if [ -n "$BERTHD_PID" ] && kill -0 "$BERTHD_PID" 2>/dev/null; then
        while read -r id; do [ -n "$id" ] && CONTAINER_IDS+=("$id"); done < <(api_cleanup)
    fi
    [ -n "$BERTHD_PID" ] && interop_stop_pid "$BERTHD_PID" 15
    [ -n "$SUP_PID" ] && interop_stop_pid "$SUP_PID" 15
    # Shims outlive their supervisor by design: kill what they still run, then them. Every process whose
    # command line names $BASE is ours (daemons, shims, runtimes).
    for p in $(interop_pids_under "$BASE"); do
        pkill -KILL -P "$p" 2>/dev/null
        kill -KILL "$p" 2>/dev/null
    done
    sleep 0.2
    interop_umount_under "$BASE"
    berthd_network_cleanup
    # Containers' cgroups are /berth/<container id>: remove the ones of this run that are left (empty ones only).
    # The ids come from the API and, should the daemons be gone already, from their state on disk.
    for d in "$BASE"/engine/containers/* "$BASE"/sstate/shims/*/*; do
        [ -d "$d" ] && CONTAINER_IDS+=("$(basename "$d")")
    done
    for id in "${CONTAINER_IDS[@]}"; do
        [[ "$id" =~ ^[0-9a-f]{64}$ ]] || continue
        for d in /sys/fs/cgroup/berth/"$id" /sys/fs/cgroup/*/berth/"$id"; do
            [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
        done
    done
    if [ "${BPY_KEEP:-0}" = 1 ]; then
        log "BPY_KEEP=1: kept $BASE"
    else
        rm -rf "$BASE"
    fi
    [ "$rc" = 0 ] && echo "PASS $NAME" || echo "FAIL $NAME"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail() {
    echo "  $*" >&2
    for f in supervisor.log berthd.log; do
        [ -f "$BASE/$f" ] && { echo "--- $BASE/$f (last 30 lines)" >&2; tail -30 "$BASE/$f" >&2; }
    done
    exit 1
}

wait_socket() { # wait_socket PID SOCKET WHAT
    local i
    for ((i = 0; i < 400; i++)); do
        kill -0 "$1" 2>/dev/null || fail "$3 exited during start-up"
        [ -S "$2" ] && "$PY" -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])' "$2" \
            >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    fail "$3 did not answer on $2 within 20s"
}

mkdir -p "$BASE"
"$SUPERVISOR" --root "$BASE/sroot" --state "$BASE/sstate" --address "$SUP_SOCK" --runtime-root "$BASE/runtime" \
    --shim "$SHIM" --runtime "$RUNTIME" >"$BASE/supervisor.log" 2>&1 </dev/null &
SUP_PID=$!
wait_socket "$SUP_PID" "$SUP_SOCK" berth-supervisor

echo '{}' >"$BASE/daemon.json"
berthd_network_init "$BASE"
"$BERTHD" -H "unix://$ENGINE_SOCK" --data-root "$BASE/engine" --supervisor "$SUP_SOCK" \
    --config-file "$BASE/daemon.json" "${BERTHD_NET_ARGS[@]}" >"$BASE/berthd.log" 2>&1 </dev/null &
BERTHD_PID=$!
wait_socket "$BERTHD_PID" "$ENGINE_SOCK" berthd

tar -C "$ROOTFS" -cf "$BASE/rootfs.tar" .
BERTH_SUPERVISOR_ADDRESS="$SUP_SOCK" BERTH_NAMESPACE=berth \
    "$CTR" images import --name busybox:latest --format rootfs "$BASE/rootfs.tar" >/dev/null ||
    fail "berth-ctr images import busybox:latest failed"
rm -f "$BASE/rootfs.tar"

# A basic-auth registry on loopback for the login/push/pull scenario (Scripts/lib/registry-fixture).
REG_DIR="$BASE/registry"
REG_ADDR="$("$BERTH_REPO/Scripts/lib/registry-fixture" start "$REG_DIR" --auth basic)" || fail "registry fixture did not start"

# --- scenarios --------------------------------------------------------------------------------------------------
rc=0
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_API_VERSION
DOCKER_HOST="unix://$ENGINE_SOCK" BPY_IMAGE=busybox:latest BPY_RUN_ID="$$" HOME="$BASE" DOCKER_CONFIG="$BASE/docker-config" \
    BPY_REGISTRY="$REG_ADDR" BPY_REGISTRY_USER=berth BPY_REGISTRY_PASSWORD=berth-pass \
    timeout --kill-after=20 600 "$PY" -u "$BERTH_REPO/Tests/interop/docker_py_scenarios.py" || rc=$?
if [ "$rc" != 0 ]; then
    echo "--- $BASE/berthd.log (last 40 lines)" >&2
    tail -40 "$BASE/berthd.log" >&2
fi
exit "$rc"
