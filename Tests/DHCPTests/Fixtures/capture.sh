#!/bin/sh
# Regenerates the captured DHCP fixtures in this folder from real clients (run as root):
#   sh Tests/DHCPTests/Fixtures/capture.sh
# Needs: ip, tcpdump, busybox udhcpc, qemu-system-x86_64 with ipxe-qemu (its e1000 ROM is iPXE).
# Each fixture is the UDP payload of the first DHCPDISCOVER the client sent, as hex, 16 bytes a line.
set -eu
cd "$(dirname "$0")"
ns="dhcpfix$$"
ip netns add "$ns"
trap 'kill $(jobs -p) 2>/dev/null || true; ip netns delete "$ns"' EXIT
run() { ip netns exec "$ns" "$@"; }
run ip link set lo up

payload() {  # pcap file -> hex of the UDP payload (IP header 20 bytes + UDP header 8 bytes dropped)
    tcpdump -r "$1" -x -n 2>/dev/null | grep '^[[:space:]]*0x' | sed 's/^[[:space:]]*0x[0-9a-f]*:[[:space:]]*//' \
        | tr -d ' \n' | cut -c57- | fold -w 32 | sed 's/../& /g; s/ $//'
}

fixture() {  # name, command text, pcap
    { echo "# $2"; echo "# Regenerate: sh Tests/DHCPTests/Fixtures/capture.sh"; payload "$3"; } > "$1"
}

# busybox udhcpc as a BIOS PXE client, on a veth pair.
run ip link add cap0 type veth peer name cli0
run ip link set cap0 up
run ip link set cli0 up
run tcpdump -i cap0 -U -c 1 -w "/tmp/$ns-udhcpc.pcap" 'udp dst port 67' 2>/dev/null &
sleep 1
run udhcpc -i cli0 -n -q -t 1 -T 1 -V PXEClient:Arch:00000:UNDI:002001 -x hostname:fixture -s /bin/true || true
wait
fixture udhcpc-discover.hex "udhcpc -i cli0 -n -q -t 1 -T 1 -V PXEClient:Arch:00000:UNDI:002001 -x hostname:fixture" \
    "/tmp/$ns-udhcpc.pcap"

# qemu's iPXE ROM (BIOS, e1000), through a tap on a bridge.
run ip link add br0 type bridge
run ip tuntap add tap0 mode tap
run ip link set tap0 master br0
run ip link set br0 up
run ip link set tap0 up
run tcpdump -i br0 -U -c 1 -w "/tmp/$ns-ipxe.pcap" 'udp dst port 67' 2>/dev/null &
capture=$!
sleep 1
run qemu-system-x86_64 -machine pc,accel=tcg -m 256 -display none -serial null -monitor none \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device e1000,netdev=n0,mac=52:54:00:12:34:56 -boot n &
qemu=$!
waited=0
while kill -0 "$capture" 2>/dev/null && [ "$waited" -lt 90 ]; do sleep 1; waited=$((waited + 1)); done
kill "$qemu" 2>/dev/null || true
fixture ipxe-bios-discover.hex "qemu-system-x86_64 -machine pc,accel=tcg -m 256 -device e1000,mac=52:54:00:12:34:56 -boot n (iPXE ROM from ipxe-qemu)" \
    "/tmp/$ns-ipxe.pcap"
rm -f "/tmp/$ns-udhcpc.pcap" "/tmp/$ns-ipxe.pcap"
