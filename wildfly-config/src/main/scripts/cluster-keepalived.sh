#!/usr/bin/env bash
# Writes the keepalived (VRRP) configuration of one MMS Router cluster node (docs/vip.md): every
# node owns a virtual IPv4 address (VIP) that DNS answers give out (mmsrouter.router.addresses);
# when a node's router stops being ready its VIP moves to a surviving node, which serves MM1 on it,
# so a WAP gateway that cached the address keeps working within seconds.
#
#   cluster-keepalived.sh --name node1 --interface eth0 --address 10.0.0.1 --peers 10.0.0.2,10.0.0.3 \
#       --own-vip 10.0.0.101 --all-vips 10.0.0.101,10.0.0.102,10.0.0.103 --out /etc/keepalived \
#       [--vip-prefix 32] [--vrid-base 50] [--advert-int 1] [--preempt-delay 30] \
#       [--check-interval 1] [--fall 1] [--rise 2] [--script-user nobody] \
#       [--ready-url https://127.0.0.1:9443/admin/api/ready] [--mm1-url http://127.0.0.1:8080/]
#
# Writes into --out:
#   keepalived.conf         (mode 600) one vrrp_instance per VIP of the cluster, VRRP version 3,
#                           unicast to --peers from --address (no multicast), adverts accepted only
#                           from the peers (check_unicast_src); this node's priority is 250 for its own
#                           VIP and lower for the others' (240, 239, ... by its distance after the owner
#                           in --all-vips), so each VIP has one preferred survivor and a dead node's
#                           load lands on one neighbour, not on all. (High priorities: a backup takes
#                           over (256 - priority) / 256 advert intervals after the master gives up.)
#   mmsrouter-vip-check.sh  (mode 755, no secret in it) the health check keepalived runs every
#                           --check-interval s: the router's readiness (200 while it takes new MMs,
#                           503 while admission control refuses them: broker stopped, disk full) and
#                           its MM1 listener (200 while the router is deployed), each with a 0.3 s limit,
#                           a failed check tried once more 0.2 s later. --fall failed checks in a row
#                           put every instance of this node into FAULT: it gives its VIPs up at once
#                           (an advert of priority 0), and a survivor takes them.
# --all-vips lists the VIP of every node in one order, the same on every node; --own-vip is this node's.
#   Virtual router ids are --vrid-base + the VIP's position (1-based): unique per network segment.
# --peers: the other nodes' own (not virtual) addresses; --address: this node's, on --interface.
# --advert-int: seconds between VRRP adverts (VRRPv3: down to 0.01); a host that dies altogether (its
#   keepalived with it) loses its VIPs after 3 adverts missed: 3 s at 1.
# --preempt-delay: a node that comes back takes its VIP back only after it has been ready for that
#   long (a node that flaps does not pull its address to and fro); 0 = at once.
# Run keepalived with it in the foreground (as a service unit would):
#   keepalived -n -l -P -f /etc/keepalived/keepalived.conf
# The router must accept on the VIPs: bind its public interface to 0.0.0.0 (jboss.bind.address) and
# keep JGroups and the brokers on the node's own address (jboss.bind.address.private).
set -euo pipefail

NAME="" INTERFACE="" ADDRESS="" PEERS="" OWN_VIP="" ALL_VIPS="" OUT=""
VIP_PREFIX=32 VRID_BASE=50 ADVERT_INT=1 PREEMPT_DELAY=30 CHECK_INTERVAL=1 FALL=1 RISE=2 SCRIPT_USER=nobody
READY_URL=https://127.0.0.1:9443/admin/api/ready MM1_URL=http://127.0.0.1:8080/
usage() { sed -n '2,42p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --name) NAME=$2; shift 2 ;;
    --interface) INTERFACE=$2; shift 2 ;;
    --address) ADDRESS=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    --own-vip) OWN_VIP=$2; shift 2 ;;
    --all-vips) ALL_VIPS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --vip-prefix) VIP_PREFIX=$2; shift 2 ;;
    --vrid-base) VRID_BASE=$2; shift 2 ;;
    --advert-int) ADVERT_INT=$2; shift 2 ;;
    --preempt-delay) PREEMPT_DELAY=$2; shift 2 ;;
    --check-interval) CHECK_INTERVAL=$2; shift 2 ;;
    --fall) FALL=$2; shift 2 ;;
    --rise) RISE=$2; shift 2 ;;
    --script-user) SCRIPT_USER=$2; shift 2 ;;
    --ready-url) READY_URL=$2; shift 2 ;;
    --mm1-url) MM1_URL=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done
for required in name:NAME interface:INTERFACE address:ADDRESS peers:PEERS own-vip:OWN_VIP all-vips:ALL_VIPS out:OUT; do
  variable=${required##*:}
  [[ -n ${!variable} ]] || { echo "missing --${required%:*}" >&2; exit 2; }
done
ipv4='^([0-9]{1,3}\.){3}[0-9]{1,3}$'
integer='^[0-9]+$'
[[ $NAME =~ ^[A-Za-z0-9_.-]+$ ]] || { echo "--name $NAME: letters, digits, _ . - only" >&2; exit 2; }
[[ $INTERFACE =~ ^[A-Za-z0-9_.:@-]+$ ]] || { echo "--interface $INTERFACE is not an interface name" >&2; exit 2; }
IFS=, read -r -a peers <<<"$PEERS"
IFS=, read -r -a vips <<<"$ALL_VIPS"
for a in "$ADDRESS" "$OWN_VIP" "${peers[@]}" "${vips[@]}"; do
  [[ $a =~ $ipv4 ]] || { echo "$a is not an IPv4 address" >&2; exit 2; }
done
[[ $ADVERT_INT =~ ^[0-9]+(\.[0-9]{1,2})?$ ]] && awk -v a="$ADVERT_INT" 'BEGIN { exit !(a >= 0.01 && a <= 40) }' \
  || { echo "--advert-int must be 0.01..40 seconds (centiseconds at most), not $ADVERT_INT" >&2; exit 2; }
[[ $SCRIPT_USER =~ ^[a-z_][a-z0-9_-]*$ ]] || { echo "--script-user $SCRIPT_USER is not a user name" >&2; exit 2; }
for n in VIP_PREFIX VRID_BASE PREEMPT_DELAY CHECK_INTERVAL FALL RISE; do
  [[ ${!n} =~ $integer ]] || { echo "${n,,} must be a whole number (${!n})" >&2; exit 2; }
done
(( VIP_PREFIX >= 1 && VIP_PREFIX <= 32 )) || { echo "--vip-prefix must be 1..32" >&2; exit 2; }
(( ${#peers[@]} >= 1 )) || { echo "--peers needs at least one address" >&2; exit 2; }
(( ${#vips[@]} >= 2 && ${#vips[@]} <= 100 )) || { echo "--all-vips needs the VIP of every node (2 to 100)" >&2; exit 2; }
(( VRID_BASE + ${#vips[@]} <= 255 )) || { echo "--vrid-base + number of VIPs must stay within 255" >&2; exit 2; }
(( FALL >= 1 && RISE >= 1 && CHECK_INTERVAL >= 1 )) || { echo "--fall, --rise, --check-interval must be >= 1" >&2; exit 2; }
own=0
for ((i = 0; i < ${#vips[@]}; i++)); do
  [[ ${vips[$i]} == "$OWN_VIP" ]] && own=$((i + 1))
done
(( own > 0 )) || { echo "--own-vip $OWN_VIP is not in --all-vips" >&2; exit 2; }
for p in "${peers[@]}"; do
  [[ $p != "$ADDRESS" ]] || { echo "--peers lists this node's own --address $ADDRESS" >&2; exit 2; }
done
for url in "$READY_URL" "$MM1_URL"; do
  [[ $url =~ ^https?://[][A-Za-z0-9.:-]+(/[A-Za-z0-9._/-]*)?$ ]] || { echo "$url is not an http(s) URL the check can take" >&2; exit 2; }
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
check=$OUT/mmsrouter-vip-check.sh
# curl's own limits keep a check (both requests, twice) inside keepalived's timeout (the check
# interval + 1 s): a hung router counts as a failure, not as a check still running. -k: the
# readiness endpoint is on this host's loopback NOC listener with the node's own self-signed
# certificate; the probe sends no credential and reads only a status code, so verifying the
# certificate would protect nothing.
max_time=$(awk -v i="$CHECK_INTERVAL" 'BEGIN { printf "%.2f", i * 0.3 }')
written=$(mktemp "$OUT/.mmsrouter-vip-check.XXXXXX")
cat >"$written" <<EOF
#!/bin/sh
# Written by cluster-keepalived.sh for $NAME: keepalived's health check (docs/vip.md). Exit 0 while
# the router on this node takes new MMs; anything else makes this node give its VIPs up.
check() {
  # Readiness: 200 while the router accepts MMs, 503 while admission control refuses them.
  curl -fsS -o /dev/null -k --connect-timeout $max_time --max-time $max_time '$READY_URL' || return 1
  # The MM1 listener: 200 while the router is deployed (503 while WildFly runs without it).
  curl -fsS -o /dev/null --connect-timeout $max_time --max-time $max_time '$MM1_URL' || return 1
}
# A second chance 0.2 s later: one lost answer (a pause of the JVM) does not move the VIPs; a
# router that is gone fails both at once, so it loses them within a check interval.
check || { sleep 0.2; check; }
EOF
chmod 755 "$written"
mv -f "$written" "$check"

conf=$OUT/keepalived.conf
written=$(mktemp "$OUT/.keepalived.conf.XXXXXX")
chmod 600 "$written"
{
  echo "# Written by cluster-keepalived.sh for $NAME (docs/vip.md). VIPs: $ALL_VIPS; this node's: $OWN_VIP."
  echo "global_defs {"
  echo "    router_id $NAME"
  # VRRPv3 (RFC 5798): no authentication field (v2's PASS auth is a cleartext password in every
  # advert: it stops a misconfigured neighbour, not an attacker); protection is unicast to known
  # peers, check_unicast_src, and a firewall letting protocol 112 in from the peers only.
  echo "    vrrp_version 3"
  # Scripts run unprivileged; keepalived refuses a script a non-root user could modify.
  echo "    script_user $SCRIPT_USER"
  echo "    enable_script_security"
  # Announce the move at once, then again 1 s later (a switch that missed the first).
  echo "    vrrp_garp_master_delay 1"
  echo "    vrrp_garp_master_repeat 3"
  echo "}"
  echo
  echo "vrrp_script mmsrouter_ready {"
  echo "    script \"$check\""
  echo "    interval $CHECK_INTERVAL"
  echo "    timeout $((CHECK_INTERVAL + 1))"
  echo "    fall $FALL"
  echo "    rise $RISE"
  echo "}"
  n=${#vips[@]}
  for ((k = 1; k <= n; k++)); do
    # Distance of this node after VIP k's owner in the ring of --all-vips: 0 = the owner.
    distance=$(( (own - k + n) % n ))
    if (( distance == 0 )); then priority=250; else priority=$(( 241 - distance )); fi
    echo
    echo "vrrp_instance mmsrouter_vip_$k {"
    # Every instance starts BACKUP (preempt_delay needs it); the highest ready priority wins.
    echo "    state BACKUP"
    echo "    interface $INTERFACE"
    echo "    virtual_router_id $((VRID_BASE + k))"
    echo "    priority $priority"
    echo "    advert_int $ADVERT_INT"
    (( PREEMPT_DELAY > 0 )) && echo "    preempt_delay $PREEMPT_DELAY"
    echo "    unicast_src_ip $ADDRESS"
    echo "    unicast_peer {"
    for p in "${peers[@]}"; do echo "        $p"; done
    echo "    }"
    echo "    check_unicast_src"
    echo "    virtual_ipaddress {"
    echo "        ${vips[$((k - 1))]}/$VIP_PREFIX dev $INTERFACE"
    echo "    }"
    # No weight: a failing check puts the instance into FAULT, which releases the VIP at once
    # (priority-0 advert) instead of lowering a priority a peer would preempt only after preempt_delay.
    echo "    track_script {"
    echo "        mmsrouter_ready"
    echo "    }"
    echo "}"
  done
} >"$written"
mv -f "$written" "$conf"
echo "wrote $conf and $check: run keepalived -n -l -P -f $conf (as root, on $INTERFACE)"
