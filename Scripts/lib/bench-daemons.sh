# Shared set-up for the benchmarks that run Berth's stack beside Debian's containerd + runc (Scripts/bench/
# shim-memory, task-latency). Source it after common.sh, then:
#   bench_build_berth            sets BERTH_RUNTIME BERTH_SHIM (release, fully static) and BERTH_SUPERVISOR
#                                BERTH_CTR (release); builds only what is not given by env:
#                                BERTH_RUNTIME_BIN BERTH_SHIM_BIN BERTH_SUPERVISOR_BIN BERTH_CTR_BIN
#                                (scratch dirs: BERTH_STATIC_SCRATCH, default .build-static, via Scripts/build-runtime;
#                                BERTH_RELEASE_SCRATCH, default .build-release)
#   bench_start NAME             private temp dir $T, berth-supervisor and containerd on private sockets and roots
#                                under $T, the busybox rootfs imported into both as busybox:latest; installs the
#                                EXIT trap that tears it all down (also on failure and on INT/TERM)
#   bctr ARGS / cctr ARGS        berth-ctr / ctr against the private daemons, in namespace $NS
#   berth_kill ID / berth_remove ID / cd_remove ID    SIGKILL a task; kill + delete task + container (+ snapshot)
#   shim_pids berth|containerd   the live shim pids of this run, one a line
# Nothing here touches a system containerd or berth-supervisor: both daemons get their own socket, root and
# state. Two paths are shared with a system containerd and cannot be moved from ctr: containerd-shim-runc-v2
# keeps runc's state in /run/containerd/runc/$NS and its socket in /run/containerd/s/<hash>. $NS is unique to
# the run, and its runc dir is removed at the end.
# shellcheck shell=bash

# abs_bin NAME|PATH: absolute path of an executable (the supervisor is given absolute paths).
abs_bin() { local p; p="$(command -v "$1")" && [ -x "$p" ] && realpath -- "$p"; }

bench_build_berth() { # (run from the repository root)
    command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"
    local static_dir=""
    if [ -n "${BERTH_RUNTIME_BIN:-}" ]; then
        BERTH_RUNTIME="$(abs_bin "$BERTH_RUNTIME_BIN")" || die "BERTH_RUNTIME_BIN $BERTH_RUNTIME_BIN not found"
    else
        log "building berth-runtime and berth-shim (release, fully static)..."
        BERTH_RUNTIME="$(Scripts/build-runtime)"
        static_dir="$(dirname "$BERTH_RUNTIME")"
    fi
    if [ -n "${BERTH_SHIM_BIN:-}" ]; then
        BERTH_SHIM="$(abs_bin "$BERTH_SHIM_BIN")" || die "BERTH_SHIM_BIN $BERTH_SHIM_BIN not found"
    elif [ -n "$static_dir" ] && [ -x "$static_dir/berth-shim" ]; then
        BERTH_SHIM="$static_dir/berth-shim"
    else
        # build-runtime did not build the shim (or was skipped): build it the same way.
        local scratch="${BERTH_STATIC_SCRATCH:-.build-static}"
        local flags=(--scratch-path "$scratch" -c release --static-swift-stdlib -Xswiftc -static-executable -Xlinker --gc-sections)
        log "building berth-shim (release, fully static)..."
        swift build "${flags[@]}" --product berth-shim >&2
        BERTH_SHIM="$(swift build "${flags[@]}" --show-bin-path)/berth-shim"
    fi
    local rscratch="${BERTH_RELEASE_SCRATCH:-.build-release}" product var
    for product in berth-supervisor berth-ctr; do
        case "$product" in berth-supervisor) var=BERTH_SUPERVISOR_BIN ;; *) var=BERTH_CTR_BIN ;; esac
        if [ -n "${!var:-}" ]; then
            abs_bin "${!var}" >/dev/null || die "$var ${!var} not found"
            continue
        fi
        log "building $product (release)..."
        swift build --scratch-path "$rscratch" -c release --product "$product" >&2
    done
    local rdir=""
    if [ -z "${BERTH_SUPERVISOR_BIN:-}" ] || [ -z "${BERTH_CTR_BIN:-}" ]; then
        rdir="$(swift build --scratch-path "$rscratch" -c release --show-bin-path)"
    fi
    BERTH_SUPERVISOR="$(abs_bin "${BERTH_SUPERVISOR_BIN:-$rdir/berth-supervisor}")" || die "berth-supervisor not built"
    BERTH_CTR="$(abs_bin "${BERTH_CTR_BIN:-$rdir/berth-ctr}")" || die "berth-ctr not built"
}

# CTR_TIMEOUT (seconds, unset while measuring so no extra process is timed) bounds each call during clean-up.
# (berth-ctr takes --address/--namespace only after the subcommand: its environment variables are simpler.)
bctr() { BERTH_SUPERVISOR_ADDRESS="$T/sup.sock" BERTH_NAMESPACE="$NS" ${CTR_TIMEOUT:+timeout "$CTR_TIMEOUT"} "$BERTH_CTR" "$@"; }
cctr() { ${CTR_TIMEOUT:+timeout "$CTR_TIMEOUT"} ctr --address "$T/cd.sock" --namespace "$NS" "$@"; }

# wait_for SECONDS CMD...: retries CMD every 0.1 s until it succeeds.
wait_for() {
    local deadline=$(($(date +%s) + $1)); shift
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# task_pid_berth ID: the task's init pid from `berth-ctr tasks ls`.
task_pid_berth() { bctr tasks ls | awk -v id="$1" 'NR > 1 && $1 == id { print $2 }'; }

# berth_kill ID: SIGKILL the task. `berth-ctr tasks kill` cannot parse its options in this build (its --all and
# the global --address both claim -a; /tmp/berth-bugs/ctr-tasks-kill-short-a.md): fall back to signalling the
# init pid the supervisor reports, which the shim reaps and reports like any exit.
berth_kill() {
    bctr tasks kill --signal KILL "$1" >/dev/null 2>&1 && return 0
    local pid; pid="$(task_pid_berth "$1")"
    [ -n "$pid" ] && [ "$pid" != 0 ] && kill -KILL "$pid" 2>/dev/null
    return 0
}
# berth_remove ID: kill the task if it runs, delete it, remove the container and its snapshot.
berth_remove() {
    berth_kill "$1"
    local i
    for ((i = 0; i < 50; i++)); do
        bctr tasks rm "$1" >/dev/null 2>&1 && break
        bctr tasks ls | awk -v id="$1" 'NR > 1 && $1 == id { f = 1 } END { exit !f }' || break
        sleep 0.1
    done
    bctr containers rm "$1" >/dev/null
}
cd_remove() {
    cctr tasks kill --signal KILL "$1" >/dev/null 2>&1 || true
    local i
    for ((i = 0; i < 50; i++)); do
        cctr tasks rm "$1" >/dev/null 2>&1 && break
        cctr tasks ls -q 2>/dev/null | grep -qxF "$1" || break
        sleep 0.1
    done
    cctr containers rm "$1" >/dev/null
}

# shim_pids berth|containerd: live shim processes of this run (argv[0] is the shim binary and the command line
# names this run's temp dir: the bundle for berth-shim, the containerd socket for containerd-shim-runc-v2).
shim_pids() {
    local name p argv0
    case "$1" in berth) name=berth-shim ;; containerd) name=containerd-shim-runc-v2 ;; *) die "shim_pids: $1" ;; esac
    for p in /proc/[0-9]*; do
        argv0="$(tr '\0' '\n' 2>/dev/null <"$p/cmdline" | head -n1)" || continue
        [ "${argv0##*/}" = "$name" ] || continue
        tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$T/" || continue
        echo "${p#/proc/}"
    done
}

bench_cleanup() {
    local rc=$? id p
    trap - EXIT INT TERM HUP
    set +e
    if [ -z "${T:-}" ] || [ ! -d "$T" ]; then exit "$rc"; fi
    [ "$rc" = 0 ] || log "exit status $rc: cleaning up $T..."
    # 1. Orderly: kill, delete and remove whatever containers are left, through the daemons.
    CTR_TIMEOUT=10
    if [ -S "$T/sup.sock" ] && [ -n "${SUP_PID:-}" ]; then
        for id in $(bctr containers ls 2>/dev/null | awk 'NR > 1 { print $1 }'); do berth_remove "$id" >/dev/null 2>&1; done
    fi
    if [ -S "$T/cd.sock" ] && [ -n "${CD_PID:-}" ]; then
        for id in $(cctr containers ls -q 2>/dev/null); do cd_remove "$id" >/dev/null 2>&1; done
    fi
    # 2. Stop the daemons.
    for p in ${SUP_PID:-} ${CD_PID:-}; do kill -TERM "$p" 2>/dev/null; done
    for p in ${SUP_PID:-} ${CD_PID:-}; do
        for ((i = 0; i < 50; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null
    done
    # 3. Shims that survived (they outlive their daemon by design): kill their containers, then them.
    for p in $(shim_pids berth) $(shim_pids containerd); do
        pkill -KILL -P "$p" 2>/dev/null
        kill -KILL "$p" 2>/dev/null
    done
    # 4. Unmount everything under $T, deepest first.
    awk -v t="$T/" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r p; do
        umount "$p" 2>/dev/null || umount -l "$p" 2>/dev/null
    done
    # 5. The run's empty cgroup parents (/berth/$NS for Berth, /$NS for containerd) and runc state dir.
    for p in /sys/fs/cgroup/*/berth/"$NS" /sys/fs/cgroup/*/"$NS" /sys/fs/cgroup/berth/"$NS" /sys/fs/cgroup/"$NS"; do
        [ -d "$p" ] && find "$p" -depth -type d -exec rmdir {} + 2>/dev/null
    done
    rmdir "/run/containerd/runc/$NS" 2>/dev/null
    rm -rf "$T"
    exit "$rc"
}

bench_start() {
    apt_ensure containerd runc
    local tool
    for tool in containerd ctr containerd-shim-runc-v2 runc; do
        command -v "$tool" >/dev/null || die "$tool missing after installing packages containerd and runc"
    done
    ROOTFS="$(Scripts/make-rootfs)"
    # /run is where both daemons keep their state in production (on this host it is ext4, not tmpfs; both
    # sides share it, so the comparison is fair either way).
    # Short: the supervisor puts shim sockets at $T/state/s/<64 hex digits>, which must fit in sun_path
    # (/tmp/berth-bugs/supervisor-long-state-dir-shim-socket.md).
    T="$(mktemp -d "/run/bb-$1.XXXXXX")"
    NS="berth-bench-$$"
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP

    "$BERTH_SUPERVISOR" --root "$T/root" --state "$T/state" --address "$T/sup.sock" --runtime-root "$T/runtime" \
        --shim "$BERTH_SHIM" --runtime "$BERTH_RUNTIME" >"$T/supervisor.log" 2>&1 &
    SUP_PID=$!
    wait_for 30 bctr version || { tail -n 20 "$T/supervisor.log" >&2; die "berth-supervisor did not come up"; }

    cat >"$T/config.toml" <<EOF
version = 2
root = "$T/cd-root"
state = "$T/cd-state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$T/cd.sock"
[ttrpc]
  address = "$T/cd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$T/cd-opt"
EOF
    containerd --config "$T/config.toml" >"$T/containerd.log" 2>&1 &
    CD_PID=$!
    wait_for 30 cctr version || { tail -n 20 "$T/containerd.log" >&2; die "containerd did not come up"; }

    # The same image on both sides: Berth imports the rootfs tarball; its OCI export (one layer, the
    # io.containerd.image.name annotation says busybox:latest) goes into containerd, so both unpack the same
    # layer digest into overlayfs.
    tar -C "$ROOTFS" -cf "$T/rootfs.tar" .
    bctr images import --name busybox:latest --format rootfs "$T/rootfs.tar" >/dev/null
    bctr images export --format oci "$T/busybox-oci.tar" busybox:latest
    cctr images import "$T/busybox-oci.tar" >/dev/null
    cctr images ls -q | grep -qxF busybox:latest || die "containerd: import of $T/busybox-oci.tar did not produce busybox:latest"
}
