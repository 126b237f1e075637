#!/bin/sh
# A small cluster on one Linux machine, for test/mpi-cluster.test.ts and the README's cluster section: one
# network namespace per "machine" (PREFIX-n1 … PREFIX-nN, loopback up, eth0 = 198.18.0.K/24) and a "switch"
# namespace (PREFIX-sw) holding the bridge that the machines' veth links join. Every address lives inside these
# namespaces (198.18.0.0/24 is a benchmarking range, RFC 2544); the root namespace gets no address, no link, no
# route. Needs root (CAP_SYS_ADMIN + CAP_NET_ADMIN) and iproute2.
#
#   netns.sh up PREFIX N        make the switch and N machines (fails, after cleaning up, if any step fails)
#   netns.sh stop PREFIX        SIGKILL every process in the cluster's namespaces (they stay)
#   netns.sh down PREFIX        stop, then delete the namespaces (and with them their links) and the TMPDIRs
#   netns.sh pids PREFIX        "namespace pid…" for every namespace of the cluster that still holds a process
#   netns.sh cut PREFIX K       take machine K's link down (its eth0 and the switch's end of its veth)
#   netns.sh mend PREFIX K      bring machine K's link up again
#   netns.sh kill PREFIX K      SIGKILL every process in machine K's namespace
#   netns.sh run PREFIX K CMD…  run CMD on machine K: in its network namespace, with its own host name nodeK (a
#                               UTS namespace) and its own TMPDIR=/tmp/PREFIX-nK, as machines of a cluster have:
#                               Open MPI keeps a session directory per host name under TMPDIR, and a killed
#                               daemon leaves its directory there (down removes it)
set -eu

usage() { echo "usage: netns.sh up PREFIX N | stop PREFIX | down PREFIX | pids PREFIX | cut PREFIX K | mend PREFIX K | kill PREFIX K | run PREFIX K CMD..." >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1 prefix=$2
case $cmd in cut | mend | kill | run) case ${3:-} in [1-9]) ;; *) echo "netns.sh: K must be 1 to 9 (got \"${3:-}\")" >&2; exit 2 ;; esac ;; esac
case $prefix in *[!A-Za-z0-9_-]* | "") echo "netns.sh: PREFIX must be letters, digits, - or _ (got \"$prefix\")" >&2; exit 2 ;; esac

# The namespaces of this cluster (machines and switch), from `ip netns list` ("name (id: 3)").
spaces() { ip netns list | awk -v p="$prefix" '$1 == p "-sw" || $1 ~ ("^" p "-n[1-9]$") { print $1 }'; }

kill_all_in() { ip netns pids "$1" 2>/dev/null | xargs -r kill -9 2>/dev/null || true; }

stop() { for ns in $(spaces); do kill_all_in "$ns"; done; }

down() {
  stop
  # A killed process leaves its namespace when it is reaped; deleting the name is fine meanwhile (the kernel
  # frees the namespace, and with it the veth ends, when the last process is gone).
  for ns in $(spaces); do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "/tmp/$prefix-n"[1-9]
}

case $cmd in
  up)
    [ $# -eq 3 ] || usage
    n=$3
    case $n in [1-9]) ;; *) echo "netns.sh: N must be 1 to 9 (got \"$n\")" >&2; exit 2 ;; esac
    if [ -n "$(spaces)" ]; then echo "netns.sh: namespaces $prefix-* exist already" >&2; exit 1; fi
    trap 'down' EXIT  # a failed step leaves nothing behind; cleared on success
    sw=$prefix-sw
    ip netns add "$sw"
    ip netns exec "$sw" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 2>/dev/null || true  # no link-local either
    ip -n "$sw" link set lo up
    ip -n "$sw" link add br0 type bridge
    ip -n "$sw" link set br0 up
    k=1
    while [ "$k" -le "$n" ]; do
      ns=$prefix-n$k
      ip netns add "$ns"
      ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 2>/dev/null || true
      ip -n "$ns" link set lo up
      # Both ends are created inside the namespaces, so no interface ever appears in the root namespace.
      ip -n "$sw" link add "p$k" type veth peer name eth0 netns "$ns"
      ip -n "$ns" addr add "198.18.0.$k/24" dev eth0
      ip -n "$ns" link set eth0 up
      ip -n "$sw" link set "p$k" master br0 up
      k=$((k + 1))
    done
    trap - EXIT
    ;;
  stop) stop ;;
  down) down ;;
  pids)
    for ns in $(spaces); do
      p=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
      [ -z "$p" ] || echo "$ns ${p% }"
    done
    ;;
  cut)
    [ $# -eq 3 ] || usage
    ip -n "$prefix-n$3" link set eth0 down
    ip -n "$prefix-sw" link set "p$3" down
    ;;
  mend)
    [ $# -eq 3 ] || usage
    ip -n "$prefix-sw" link set "p$3" up
    ip -n "$prefix-n$3" link set eth0 up
    ;;
  kill)
    [ $# -eq 3 ] || usage
    kill_all_in "$prefix-n$3"
    ;;
  run)
    [ $# -ge 4 ] || usage
    k=$3
    shift 3
    mkdir -p "/tmp/$prefix-n$k"
    export TMPDIR="/tmp/$prefix-n$k"
    exec ip netns exec "$prefix-n$k" unshare --uts sh -c 'hostname "$0" && exec "$@"' "node$k" "$@"
    ;;
  *) usage ;;
esac
