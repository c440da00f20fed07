#!/usr/bin/env bash
# Prints the CLI commands that give a cluster profile COUNT static members (README "Cluster"): cluster.cli
# defines members 1 and 2 (outbound socket bindings cluster-member-N over the expressions
# mmsrouter.cluster.member.N.host/.port); this adds 3..COUNT and lists them all in TCPPING. Used by
# install.sh and cluster-node.sh; idempotent (re-adding is skipped, the list is written whole).
#
#   cluster-members-cli.sh COUNT
set -euo pipefail
count=${1:-}
[[ $count =~ ^[0-9]+$ ]] && (( count >= 2 )) || { echo "usage: cluster-members-cli.sh COUNT (2 or more)" >&2; exit 2; }
bindings="cluster-member-1, cluster-member-2"
for ((i = 3; i <= count; i++)); do
  bindings+=", cluster-member-$i"
  echo "if (outcome != success) of /socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=cluster-member-$i:read-resource"
  echo "    /socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=cluster-member-$i:add(host=\"\${mmsrouter.cluster.member.$i.host}\", port=\"\${mmsrouter.cluster.member.$i.port}\")"
  echo "end-if"
done
echo "/subsystem=jgroups/stack=tcp/protocol=TCPPING:write-attribute(name=socket-bindings, value=[$bindings])"
