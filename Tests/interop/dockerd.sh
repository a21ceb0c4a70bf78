#!/usr/bin/env bash
# Interop: dockerd runs containers with the runtime under test (`dockerd --add-runtime berth=<runtime>`,
# `docker run --runtime berth`). Installs Debian's docker.io if missing. Starts a private containerd and a private
# dockerd wired to it (own data-root, exec-root, pidfile, sockets, namespaces and cgroup parent under a temp dir;
# never /var/lib/docker, /run/docker.sock or /run/containerd), loads a busybox image built from the standard
# rootfs with `docker load`, and checks what containers print. Prints PASS/FAIL; exit 0 on pass.
#   RUNTIME_BIN=/path/to/runtime overrides the runtime (default: $BERTH_RUNTIME_BIN, then .build/debug/berth-runtime).
set -euo pipefail
NAME=interop/dockerd
. "$(dirname "$0")/../../Scripts/lib/common.sh"
. "$BERTH_REPO/Scripts/lib/interop.sh"
trap '[ $? = 0 ] || echo "FAIL $NAME"' EXIT
require_root

apt_ensure docker.io containerd jq
BIN="$(interop_runtime_bin)"
ROOTFS="${BERTH_TEST_ROOTFS:-$("$BERTH_REPO/Scripts/make-rootfs")}"

NS="berth-dk-$$"
CGPARENT="berth-interop-docker-$$"
INTEROP_TMP="$(mktemp -d /tmp/berth-dk.XXXXXX)"
DK="$INTEROP_TMP/docker"
DOCKER_SOCK="$DK/docker.sock"
export DOCKER_CONFIG="$DK/cli" DOCKER_HOST="unix://$DOCKER_SOCK"
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
DOCKERD_PID=""
# dockerd 20.10 always writes /etc/docker/key.json and /run/docker/plugins: remove them again if we made them.
KEY_EXISTED=0; [ -e /etc/docker/key.json ] && KEY_EXISTED=1
RUNDOCKER_EXISTED=0; [ -e /run/docker ] && RUNDOCKER_EXISTED=1

cleanup() {
    local rc=$? c
    set +e
    if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
        for c in $(docker ps -aq 2>/dev/null); do docker rm -f "$c" >/dev/null 2>&1; done
        interop_stop_pid "$DOCKERD_PID" 20
    fi
    interop_cleanup_containerd "$NS"
    interop_umount_under "$INTEROP_TMP"
    interop_rm_cgroups "$CGPARENT"
    interop_rm_cgroups "$NS"
    rm -rf "$INTEROP_TMP"
    [ "$KEY_EXISTED" = 1 ] || rm -f /etc/docker/key.json
    [ "$RUNDOCKER_EXISTED" = 1 ] || { rmdir /run/docker/plugins /run/docker 2>/dev/null; }
    [ "$rc" = 0 ] || echo "FAIL $NAME"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail() {
    echo "  $*" >&2
    [ -f "$DK/dockerd.log" ] && tail -20 "$DK/dockerd.log" >&2
    exit 1
}
check() { # check DESCRIPTION EXPECTED ACTUAL
    [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}

interop_start_containerd
mkdir -p "$DK/data" "$DK/exec" "$DK/cli"
echo '{}' >"$DK/daemon.json"
dockerd --config-file "$DK/daemon.json" --data-root "$DK/data" --exec-root "$DK/exec" --pidfile "$DK/dockerd.pid" \
    -H "unix://$DOCKER_SOCK" --containerd "$CTRD_SOCK" --containerd-namespace "$NS" \
    --containerd-plugins-namespace "$NS-plugins" --bridge none --iptables=false --ip-masq=false \
    --userland-proxy=false --cgroup-parent "$CGPARENT" --add-runtime "berth=$BIN" \
    >"$DK/dockerd.log" 2>&1 </dev/null &
DOCKERD_PID=$!
for ((i = 0; ; i++)); do
    kill -0 "$DOCKERD_PID" 2>/dev/null || fail "dockerd exited during start-up"
    docker version >/dev/null 2>&1 && break
    [ "$i" -lt 600 ] || fail "dockerd did not answer on $DOCKER_SOCK within 60s"
    sleep 0.1
done
docker info --format '{{json .Runtimes}}' | jq -e --arg bin "$BIN" '.berth.path == $bin' >/dev/null ||
    fail "dockerd does not list the berth runtime"

"$BERTH_REPO/Scripts/lib/make-image-tar" "$ROOTFS" "$INTEROP_TMP/image.tar" busybox-berth-test:latest >/dev/null
docker load -q -i "$INTEROP_TMP/image.tar" >/dev/null
IMAGE=busybox-berth-test:latest
RUN=(docker run --rm --runtime berth --network none)

out="$("${RUN[@]}" "$IMAGE" echo hi-from-docker)" || fail "docker run echo failed"
check "echo output" hi-from-docker "$out"

out="$("${RUN[@]}" --user 65534:65534 "$IMAGE" sh -c 'echo "$$ $(id -u):$(id -g)"')" || fail "docker run --user failed"
check "pid and uid:gid with --user 65534:65534" "1 65534:65534" "$out"

out="$("${RUN[@]}" --cap-drop ALL --cap-add KILL "$IMAGE" sh -c 'grep CapEff /proc/self/status')" ||
    fail "docker run --cap-drop failed"
check "effective caps with --cap-drop ALL --cap-add KILL" "CapEff:	0000000000000020" "$out"

set +e
"${RUN[@]}" "$IMAGE" sh -c 'exit 7' >/dev/null 2>&1
rc=$?
set -e
check "exit status of sh -c 'exit 7'" 7 "$rc"

# Prove the runtime under test drives the container: its own `state` (with the --root the shim gave it) must
# see a running container that docker started.
cid="$(docker run -d --runtime berth --network none "$IMAGE" sleep 60)" || fail "docker run -d failed"
check "HostConfig.Runtime" berth "$(docker inspect -f '{{.HostConfig.Runtime}}' "$cid")"
statedir="$(find "$DK/exec" -mindepth 3 -maxdepth 5 -path "*/$cid/state.json" | head -1)"
statedir="${statedir%/state.json}"
[ -n "$statedir" ] || fail "no runtime state dir for $cid under $DK/exec"
status="$("$BIN" --root "$(dirname "$statedir")" state "$cid" | jq -r .status)" || fail "$BIN state $cid failed"
check "runtime state of the docker container" running "$status"
docker rm -f "$cid" >/dev/null

left="$(docker ps -aq)"
check "containers left after --rm" "" "$left"

echo "PASS $NAME"
