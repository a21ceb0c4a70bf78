#!/usr/bin/env bash
# Interop: containerd drives the runtime under test through its runc shim (`ctr run --runc-binary`).
# Installs Debian's containerd if missing, starts a private containerd (own config, root, state and socket under a
# temp dir; never the default paths), imports a busybox image built from the standard rootfs, runs a container
# with the runtime and checks its output. Prints PASS/FAIL; exit 0 on pass.
#   RUNTIME_BIN=/path/to/runtime overrides the runtime (default: $BERTH_RUNTIME_BIN, then .build/debug/berth-runtime).
set -euo pipefail
NAME=interop/containerd
. "$(dirname "$0")/../../Scripts/lib/common.sh"
. "$BERTH_REPO/Scripts/lib/interop.sh"
trap '[ $? = 0 ] || echo "FAIL $NAME"' EXIT
require_root

apt_ensure containerd jq
BIN="$(interop_runtime_bin)"
ROOTFS="${BERTH_TEST_ROOTFS:-$("$BERTH_REPO/Scripts/make-rootfs")}"

NS="berth-interop-$$"
INTEROP_TMP="$(mktemp -d /tmp/berth-ctrd.XXXXXX)"
cleanup() {
    local rc=$?
    set +e
    interop_cleanup_containerd "$NS"
    interop_umount_under "$INTEROP_TMP"
    interop_rm_cgroups "$NS"
    rm -rf "$INTEROP_TMP"
    [ "$rc" = 0 ] || echo "FAIL $NAME"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

CTR() { ctr -a "$CTRD_SOCK" -n "$NS" "$@"; }
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        echo "  $1: expected [$2], got [$3]" >&2
        [ -f "$INTEROP_TMP/ctrd/containerd.log" ] && tail -20 "$INTEROP_TMP/ctrd/containerd.log" >&2
        false
    fi
}

interop_start_containerd
"$BERTH_REPO/Scripts/lib/make-image-tar" "$ROOTFS" "$INTEROP_TMP/image.tar" busybox-berth-test:latest >/dev/null
CTR images import "$INTEROP_TMP/image.tar" >/dev/null
IMAGE=docker.io/library/busybox-berth-test:latest
RUNOPTS=(--rm --runc-binary "$BIN" --runc-root "$INTEROP_TMP/runc" --fifo-dir "$INTEROP_TMP/fifo")

out="$(CTR run "${RUNOPTS[@]}" "$IMAGE" "berth-ctr-$$-1" echo hi-from-ctr)"
check "echo output" hi-from-ctr "$out"

out="$(CTR run "${RUNOPTS[@]}" "$IMAGE" "berth-ctr-$$-2" sh -c 'echo "$$ $(id -u)"')"
check "pid and uid inside the container" "1 0" "$out"

set +e
CTR run "${RUNOPTS[@]}" "$IMAGE" "berth-ctr-$$-3" sh -c 'exit 7' >/dev/null
rc=$?
set -e
check "exit status of sh -c 'exit 7'" 7 "$rc"

# The runtime's own `state`, with the root the shim gave it, must see the running container containerd started.
CTR run -d "${RUNOPTS[@]:1}" "$IMAGE" "berth-ctr-$$-4" sleep 60 >/dev/null
status="$("$BIN" --root "$INTEROP_TMP/runc/$NS" state "berth-ctr-$$-4" | jq -r .status)"
check "runtime state of the ctr container" running "$status"
CTR tasks kill -s SIGKILL "berth-ctr-$$-4" >/dev/null
for ((i = 0; i < 100; i++)); do
    [ "$(CTR tasks ls | awk -v id="berth-ctr-$$-4" '$1 == id { print $3 }')" = STOPPED ] && break
    sleep 0.1
done
CTR tasks delete "berth-ctr-$$-4" >/dev/null 2>&1
CTR containers delete "berth-ctr-$$-4"

left="$(CTR containers ls -q)"
check "containers left after --rm" "" "$left"

echo "PASS $NAME"
