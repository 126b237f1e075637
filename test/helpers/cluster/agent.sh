#!/bin/sh
# Open MPI's rsh launcher calls its agent as `agent HOST COMMAND…` (as it would call ssh). This agent runs
# COMMAND on HOST of the namespace cluster of netns.sh instead of on another machine: nodeK → namespace
# ${I2D_NETNS_PREFIX}-nK, host name nodeK. Same file system and PATH, so the orted that COMMAND starts is the
# one mpirun found. Use: I2D_NETNS_PREFIX=… mpirun --mca plm_rsh_agent /path/to/agent.sh …
set -eu
[ $# -ge 2 ] || { echo "agent.sh: usage: agent.sh HOST COMMAND..." >&2; exit 2; }
host=$1
shift
case $host in
  node[1-9]) ;;
  *) echo "agent.sh: unknown host \"$host\" (this cluster has node1 … node9)" >&2; exit 255 ;;
esac
# ssh joins its arguments with spaces and hands them to the remote shell: do the same.
exec "$(dirname "$0")/netns.sh" run "${I2D_NETNS_PREFIX:-i2d}" "${host#node}" sh -c "$*"
