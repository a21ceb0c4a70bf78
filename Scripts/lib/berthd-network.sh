# Sourced by the scripts that start a private berthd (interop tests, benchmarks). Gives that berthd a bridge,
# an nftables table and subnets of its own, so it never collides with a dockerd, the default `berth0` or a test
# harness on the same host, and removes them afterwards.
#   berthd_network_init DIR    sets BERTHD_NET_ARGS (flags for berthd) and remembers what to clean up
#   berthd_network_cleanup     deletes the bridges (default and user networks) and the table; idempotent
berthd_network_init() {
    local dir="$1" tag octet
    tag="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
    # 10.60.0.0 - 10.119.255.255: away from the harnesses' 10.130+/10.201 and from dockerd's 172.17/16.
    octet=$((60 + $(od -An -N1 -tu1 /dev/urandom | tr -d ' ') % 60))
    BERTHD_NET_BRIDGE="bs$tag"
    BERTHD_NET_TABLE="berth_s$tag"
    BERTHD_NET_DATA="$dir"
    BERTHD_NET_ARGS=(--bridge "$BERTHD_NET_BRIDGE" --bip "10.$octet.0.1/24"
        --default-address-pool "base=10.$octet.128.0/17,size=24" --nftables-table "$BERTHD_NET_TABLE" --exec-root "$dir/exec")
}

berthd_network_cleanup() {
    [ -n "${BERTHD_NET_BRIDGE:-}" ] || return 0
    local f iface
    # User networks' bridges are named in their records (the daemon may be gone already).
    for f in "$BERTHD_NET_DATA"/*/networks/*.json "$BERTHD_NET_DATA"/networks/*.json; do
        [ -f "$f" ] || continue
        iface="$(jq -r 'select(.driver == "bridge") | .interface // empty' "$f" 2>/dev/null)"
        [ -n "$iface" ] && ip link del "$iface" 2>/dev/null
    done
    ip link del "$BERTHD_NET_BRIDGE" 2>/dev/null
    nft delete table ip "$BERTHD_NET_TABLE" 2>/dev/null
    for f in "$BERTHD_NET_DATA"/exec/netns/*; do
        [ -e "$f" ] && umount -l "$f" 2>/dev/null
    done
    return 0
}
