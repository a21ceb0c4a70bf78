# Helpers for Tests/interop/*.sh: a private containerd (own root, state, socket, config) that coexists with any
# other daemon on the host, and cleanup that leaves no process, mount, cgroup or directory behind.
# Source after Scripts/lib/common.sh. Everything lives under $INTEROP_TMP.
# shellcheck shell=bash

# interop_runtime_bin: the runtime under test. RUNTIME_BIN overrides (e.g. RUNTIME_BIN=$(command -v runc) to
# validate a script against runc), then BERTH_RUNTIME_BIN (set by Scripts/test), then the debug build.
interop_runtime_bin() {
    local bin="${RUNTIME_BIN:-${BERTH_RUNTIME_BIN:-$BERTH_REPO/.build/debug/berth-runtime}}"
    case "$bin" in /*) ;; */*) bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" ;; *) bin="$(command -v "$bin" || true)" ;; esac
    [ -n "$bin" ] && [ -x "$bin" ] || die "runtime binary not found or not executable: ${RUNTIME_BIN:-${BERTH_RUNTIME_BIN:-$BERTH_REPO/.build/debug/berth-runtime}} (build it, or set RUNTIME_BIN)"
    printf '%s\n' "$bin"
}

# interop_pids_under DIR: pids of processes whose command line mentions DIR (our private daemons and shims;
# every such path is unique to this run, so this never matches anyone else's process).
interop_pids_under() {
    local dir="$1" p cmd
    for p in /proc/[0-9]*; do
        p="${p#/proc/}"
        [ "$p" = "$$" ] && continue
        cmd="$( { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null)" || continue
        case "$cmd" in *"$dir"*) echo "$p" ;; esac
    done
}

# interop_stop_pid PID [SECONDS]: SIGTERM, wait, then SIGKILL.
interop_stop_pid() {
    local pid="$1" secs="${2:-10}" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < secs * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
}

# interop_umount_under DIR: unmounts every mount point at or below DIR, deepest first.
interop_umount_under() {
    local dir="$1" mp
    awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r | uniq |
        while IFS= read -r mp; do
            umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || true
        done
}

# interop_rm_cgroups NAME: removes cgroup dirs named NAME (and their children) at the top of every hierarchy.
interop_rm_cgroups() {
    local name="$1" d
    for d in /sys/fs/cgroup/*/"$name" /sys/fs/cgroup/"$name"; do
        [ -d "$d" ] || continue
        find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done
}

# interop_start_containerd: starts containerd with a generated config under $INTEROP_TMP/ctrd.
# Sets CTRD_SOCK and CTRD_PID. Logs go to $INTEROP_TMP/ctrd/containerd.log.
interop_start_containerd() {
    local d="$INTEROP_TMP/ctrd" i
    mkdir -p "$d/root" "$d/state" "$d/opt"
    CTRD_SOCK="$d/containerd.sock"
    cat >"$d/config.toml" <<TOML
version = 2
root = "$d/root"
state = "$d/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.internal.v1.tracing", "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "$CTRD_SOCK"

[ttrpc]
  address = "$CTRD_SOCK.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$d/opt"
TOML
    containerd --config "$d/config.toml" --address "$CTRD_SOCK" --root "$d/root" --state "$d/state" \
        >"$d/containerd.log" 2>&1 </dev/null &
    CTRD_PID=$!
    for ((i = 0; i < 300; i++)); do
        if ! kill -0 "$CTRD_PID" 2>/dev/null; then
            tail -20 "$d/containerd.log" >&2
            die "containerd exited during start-up"
        fi
        [ -S "$CTRD_SOCK" ] && ctr -a "$CTRD_SOCK" version >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    tail -20 "$d/containerd.log" >&2
    die "containerd did not answer on $CTRD_SOCK within 30s"
}

# interop_cleanup_containerd NAMESPACE: kills and deletes leftover tasks/containers in NAMESPACE, stops containerd
# and every shim it started.
interop_cleanup_containerd() {
    local ns="$1" c p
    if [ -n "${CTRD_PID:-}" ] && kill -0 "$CTRD_PID" 2>/dev/null; then
        for c in $(ctr -a "$CTRD_SOCK" -n "$ns" tasks ls -q 2>/dev/null); do
            ctr -a "$CTRD_SOCK" -n "$ns" tasks kill -s SIGKILL "$c" >/dev/null 2>&1 || true
            sleep 0.2
            ctr -a "$CTRD_SOCK" -n "$ns" tasks delete -f "$c" >/dev/null 2>&1 || true
        done
        for c in $(ctr -a "$CTRD_SOCK" -n "$ns" containers ls -q 2>/dev/null); do
            ctr -a "$CTRD_SOCK" -n "$ns" containers delete "$c" >/dev/null 2>&1 || true
        done
        interop_stop_pid "$CTRD_PID" 15
    fi
    # Shims are daemonized (reparented to init): find them by our private socket path.
    for p in $(interop_pids_under "$INTEROP_TMP"); do interop_stop_pid "$p" 5; done
}
