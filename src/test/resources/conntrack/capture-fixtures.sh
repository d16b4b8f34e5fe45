#!/usr/bin/env bash
# Captures the conntrack fixtures in this folder from a real kernel: a server and a client
# network namespace joined by a veth pair, addresses only from 198.18.0.0/15 and fd00::/8
# (unique per run, derived from the PID). Needs Linux, root, iproute2, iptables, conntrack,
# python3. Everything started here is stopped by PID and both namespaces are deleted on exit.
#
#   sudo bash src/test/resources/conntrack/capture-fixtures.sh src/test/resources/conntrack
#
# What the client opens (the tests assert exactly this):
#   tcp 8443  v4: 3 held (ESTABLISHED)       v6: 2 held (ESTABLISHED)
#   tcp 8080  v4: 2 opened and closed (TIME_WAIT), connmark 7 on the port
#   tcp 8081  v4: 1, v6: 1 half-closed by the client, the server never closes (CLOSE_WAIT)
#   tcp 9997  v4: 1 whose SYN-ACK the server drops on output (SYN_RECV)
#   tcp 9999  v6: 3 to a listener with a full accept queue (1 ESTABLISHED, 2 SYN_SENT UNREPLIED)
#   udp 8443  v4: 1 flow with replies over 2 s (ASSURED)   v6: 1 flow with replies (not assured)
#   udp 5353  v4: 1 flow, no reply (UNREPLIED), conntrack zone 3
#   icmp      v4: 1 ping, icmpv6 v6: 1 ping
#   outward   the server opens tcp to the client's port 2222 (ESTABLISHED) and to 2223, which
#             the client drops (SYN_SENT UNREPLIED): connections the server makes, not clients
set -euo pipefail

out=${1:?usage: capture-fixtures.sh OUTPUT_DIR}
mkdir -p "$out"
tag=$$
srv="pcsrv$tag"
cli="pccli$tag"
n=$((tag % 250 + 1))
v4srv="198.18.$n.1"
v4cli="198.18.$n.2"
v6srv=$(printf 'fd00:%x::1' "$tag")
v6cli=$(printf 'fd00:%x::2' "$tag")
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    ip netns del "$srv" 2>/dev/null || true
    ip netns del "$cli" 2>/dev/null || true
}
trap cleanup EXIT

ip netns add "$srv"
ip netns add "$cli"
ip link add "vs$tag" type veth peer name "vc$tag"
ip link set "vs$tag" netns "$srv"
ip link set "vc$tag" netns "$cli"
ip -n "$srv" addr add "$v4srv/24" dev "vs$tag"
ip -n "$cli" addr add "$v4cli/24" dev "vc$tag"
ip -n "$srv" addr add "$v6srv/64" dev "vs$tag" nodad
ip -n "$cli" addr add "$v6cli/64" dev "vc$tag" nodad
for ns in "$srv" "$cli"; do
    ip -n "$ns" link set lo up
done
ip -n "$srv" link set "vs$tag" up
ip -n "$cli" link set "vc$tag" up

# conntrack -L shows nothing in a namespace until a rule uses conntrack.
for ipt in iptables ip6tables; do
    ip netns exec "$srv" "$ipt" -A INPUT -m conntrack --ctstate NEW -j ACCEPT
done
ip netns exec "$srv" iptables -A OUTPUT -p tcp --sport 9997 --tcp-flags SYN,ACK SYN,ACK -j DROP
ip netns exec "$cli" iptables -A INPUT -p tcp --dport 2223 -j DROP
ip netns exec "$srv" iptables -t mangle -A PREROUTING -p tcp --dport 8080 -j CONNMARK --set-mark 7
ip netns exec "$srv" iptables -t raw -A PREROUTING -p udp --dport 5353 -j CT --zone 3

# Server: tcp 8443, 8080, 9997 (dual stack) accept and hold; udp 8443 echoes; 8081 accepts and
# never reads or closes; 9999 never accepts (backlog 0).
ip netns exec "$srv" python3 - <<'PY' &
import socket, select, time
def listener(port, backlog):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port)); s.listen(backlog); return s
full = listener(9999, 0)
mute = listener(8081, 8)
socks = []
for port in (8443, 8080, 9997):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port)); s.listen(64); socks.append(s)
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
u.bind(("::", 8443))
held, muted = [], []
deadline = time.time() + 60
while time.time() < deadline:
    r, _, _ = select.select(socks + [u, mute] + held, [], [], 0.5)
    for s in r:
        if s is mute:
            muted.append(mute.accept()[0])
        elif s is u:
            data, addr = u.recvfrom(2048); u.sendto(data, addr)
        elif s in socks:
            c, _ = s.accept(); held.append(c)
        else:
            if not s.recv(2048):
                s.close(); held.remove(s)
PY
pids+=($!)

# Client: listens on 2222 for the server's outward connection.
ip netns exec "$cli" python3 - <<'PY' &
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 2222)); s.listen(4); s.settimeout(60)
c, _ = s.accept(); time.sleep(60)
PY
pids+=($!)
sleep 1

# Client connections, held for 60 s.
ip netns exec "$cli" python3 - "$v4srv" "$v6srv" <<'PY' &
import socket, sys, time
v4, v6 = sys.argv[1], sys.argv[2]
held = []
for _ in range(3):
    held.append(socket.create_connection((v4, 8443), timeout=5))
for _ in range(2):
    held.append(socket.create_connection((v6, 8443), timeout=5))
for _ in range(2):
    c = socket.create_connection((v4, 8080), timeout=5); c.close()
for fam, addr in ((socket.AF_INET, v4), (socket.AF_INET6, v6)):
    c = socket.create_connection((addr, 8081), timeout=5); c.shutdown(socket.SHUT_WR); held.append(c)
udp = []
for fam, addr in ((socket.AF_INET, v4), (socket.AF_INET6, v6)):
    u = socket.socket(fam, socket.SOCK_DGRAM); u.settimeout(2)
    for _ in range(3):
        u.sendto(b"ping", (addr, 8443)); u.recvfrom(100)
    udp.append((u, addr)); held.append(u)
z = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); z.sendto(b"x", (v4, 5353)); held.append(z)
for addr, port, count in ((v4, 9997, 1), (v6, 9999, 3)):
    for _ in range(count):
        d = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET); d.setblocking(False)
        try: d.connect((addr, port))
        except BlockingIOError: pass
        held.append(d)
time.sleep(2.5)
u, addr = udp[0]; u.sendto(b"ping", (addr, 8443)); u.recvfrom(100)
time.sleep(60)
PY
pids+=($!)
sleep 4
ip netns exec "$srv" python3 -c "
import socket, time
c = socket.create_connection(('$v4cli', 2222), timeout=5)
d = socket.socket(); d.setblocking(False)
try: d.connect(('$v4cli', 2223))
except BlockingIOError: pass
time.sleep(60)" &
pids+=($!)
ip netns exec "$cli" ping -c 1 -W 2 "$v4srv" >/dev/null
ip netns exec "$cli" ping -6 -c 1 -W 2 "$v6srv" >/dev/null
sleep 1

ip netns exec "$srv" conntrack -L > "$out/conntrack-L.txt" 2>/dev/null
ip netns exec "$srv" conntrack -L -f ipv6 > "$out/conntrack-L-ipv6.txt" 2>/dev/null
ip netns exec "$srv" conntrack -L -o extended > "$out/conntrack-L-extended.txt" 2>/dev/null
ip netns exec "$srv" conntrack -L -o id > "$out/conntrack-L-id.txt" 2>/dev/null
ip netns exec "$srv" cat /proc/net/nf_conntrack > "$out/proc-nf_conntrack.txt" 2>/dev/null || true
printf 'server %s %s client %s %s\n' "$v4srv" "$v6srv" "$v4cli" "$v6cli" > "$out/addresses.txt"
wc -l "$out"/*.txt
