package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static dev.portcullis.rules.LimitsScriptLabTest.INSTALLED;
import static dev.portcullis.rules.LimitsScriptLabTest.assertStillWork;
import static dev.portcullis.rules.LimitsScriptLabTest.ok;
import static dev.portcullis.rules.LimitsScriptLabTest.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.NftSetParser;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabClient.Outcome;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mode {@code devices} in a real kernel: the script's nftables table on a lab server, four client
 * namespaces (c1 and c3 connect over IPv4, c2 and c4 over IPv6, c4 from another /64).
 */
class DevicesLabTest extends ScriptServerLab {

    static final int PORT = 7201;

    private LabHost h1;
    private LabHost h2;
    private LabClient c1;
    private LabClient c2;
    private LabClient c3;
    private LabClient c4;
    private String c2Neighbour;
    private String c4Address;

    @BeforeEach
    void startClients() {
        vps.host().startEchoServer(PORT, PORT + 1);
        h1 = lab.host("c1");
        h2 = lab.host("c2");
        LabHost h3 = lab.host("c3");
        LabHost h4 = lab.host("c4");
        // c2 gets a second address in its own /64; c4 an address in another /64.
        c2Neighbour = lab.ipv6Prefix() + "a:b";
        h2.addAddress(c2Neighbour + "/64");
        String otherNet = lab.ipv6Prefix().replace("::", ":1::");
        c4Address = otherNet + "4";
        h4.addAddress(c4Address + "/64");
        vps.host().exec("ip", "-6", "route", "add", otherNet + "/64", "dev", "eth0");
        c1 = h1.client();
        c2 = h2.client();
        c3 = h3.client();
        c4 = h4.client();
    }

    Shell.Result deploy(List<LimitEntry> entries) {
        return ok(LabScript.deploy(vps, entries));
    }

    static LimitEntry devices(int max) {
        return LimitEntry.of(PORT, LimitMode.DEVICES, max).withProtocol(Protocol.BOTH);
    }

    List<DeviceMember> members(String set) {
        return NftSetParser.parse(ok(vps.exec("nft", "list", "set", "inet", "portcullis", set)).stdout());
    }

    /**
     * A UDP flow from a device beyond the limit: nothing tells the kernel that the set is full
     * before a join fails, so its first datagram passes (and is answered) unless the set was seen
     * full within the last second; its next datagram, on an answered flow, is refused.
     */
    static Outcome udpBeyondLimit(LabClient client, Supplier<Connection> opener) {
        Connection flow = opener.get();
        return flow.ok() ? client.probe(flow) : flow.outcome();
    }

    /** UDP flows that become members: a second datagram on each answered flow. */
    static List<Connection> openUdp(LabClient client, int n, Supplier<Connection> opener) {
        List<Connection> flows = open(n, opener);
        assertStillWork(client, flows);
        return flows;
    }

    String ruleset() {
        return ok(vps.exec("nft", "list", "ruleset")).stdout();
    }

    @Test
    void twoDevicesConnectManyTimes_theThirdIsRefusedOnTcpAndUdp_ipv4AndIpv6ShareOneCount() {
        ok(deploy(List.of(devices(2))));

        List<Connection> one = open(15, () -> c1.tcp(vps.ipv4(), PORT));
        one.addAll(openUdp(c1, 3, () -> c1.udp(vps.ipv4(), PORT)));
        List<Connection> two = open(15, () -> c2.tcp(vps.ipv6(), PORT));
        two.addAll(openUdp(c2, 3, () -> c2.udp(vps.ipv6(), PORT)));
        // An IPv4 and an IPv6 device fill N=2 together: a third device is refused on either family.
        assertEquals(REFUSED, c3.tcp(vps.ipv4(), PORT).outcome(), "third device, TCP over IPv4");
        assertEquals(REFUSED, udpBeyondLimit(c3, () -> c3.udp(vps.ipv4(), PORT)), "third device, UDP over IPv4");
        assertEquals(REFUSED, c4.tcpFrom(c4Address, vps.ipv6(), PORT).outcome(), "third device, TCP over IPv6");
        assertEquals(REFUSED, udpBeyondLimit(c4, () -> c4.udpFrom(c4Address, vps.ipv6(), PORT)), "third device, UDP over IPv6");
        assertStillWork(c1, one);
        assertStillWork(c2, two);
        open(5, () -> c1.tcp(vps.ipv4(), PORT));
        // A second address of c2's /64 is the same device.
        open(5, () -> c2.tcpFrom(c2Neighbour, vps.ipv6(), PORT));
        openUdp(c2, 2, () -> c2.udpFrom(c2Neighbour, vps.ipv6(), PORT));

        List<DeviceMember> members = members("dev_" + PORT + "_both");
        assertEquals(2, members.size(), members.toString());
        assertTrue(members.stream().anyMatch(m -> m.text().equals(h1.ipv4() + "/32")), members.toString());
        assertTrue(members.stream().anyMatch(m -> m.text().equals(lab.ipv6Prefix() + "/64")), members.toString());

        String status = ok(vps.exec(INSTALLED, "status")).stdout();
        String row = status.lines().filter(l -> l.startsWith(PORT + " ")).findFirst().orElseThrow();
        String[] cols = row.trim().split(" +");
        assertEquals("devices", cols[2], row);
        assertEquals("reject", cols[5], row);
        assertEquals("2", cols[7], "members: " + status);
        assertEquals("4", cols[8], "refused attempts: " + status);
        assertTrue(status.contains(PORT + "/both: 2 of 2 devices"), status);
        assertTrue(status.contains(lab.ipv6Prefix() + "/64"), status);
        assertTrue(status.matches("(?s).*" + java.util.regex.Pattern.quote(lab.ipv4Prefix()) + "\\d+/32 +1[01]\\d s left.*"), status);
    }

    /**
     * The attack: 50 addresses send SYNs (each retransmitted by its kernel) and never complete a
     * handshake, as spoofed sources do: the spoofer's namespace drops the SYN-ACKs on arrival, so it
     * neither answers nor resets. Not one of them may take a slot.
     */
    @Test
    void spoofedSynsFromFiftyAddressesTakeNoSlot_realDevicesGetIn_theNextIsRefused() {
        ok(deploy(List.of(devices(2))));
        LabHost spoofer = lab.host("spoofer");
        List<String> spoofed = new ArrayList<>();
        for (int i = 100; i < 150; i++) {
            spoofed.add(lab.ipv4Prefix() + i);
            spoofer.addAddress(lab.ipv4Prefix() + i + "/24");
        }
        spoofer.exec("nft", "add table inet spoof; add chain inet spoof in { type filter hook input priority 0; policy accept; };"
                + " add rule inet spoof in ip daddr " + spoofed.get(0) + "-" + spoofed.get(49)
                + " tcp flags & (syn | ack) == syn | ack drop");
        // The server notes each spoofed source whose SYN arrives (before any other rule sees it).
        ok(vps.exec("nft", "add table inet labseen; add set inet labseen syn { type ipv4_addr; size 1000; flags dynamic; };"
                + " add chain inet labseen pre { type filter hook prerouting priority -400; policy accept; };"
                + " add rule inet labseen pre ip saddr " + spoofed.get(0) + "-" + spoofed.get(49)
                + " tcp flags & (syn | ack) == syn add @syn { ip saddr }"));
        spoofer.spawn("bash", "-c", "for a in " + String.join(" ", spoofed) + "; do timeout 6 socat -u /dev/null TCP:"
                + vps.ipv4() + ":" + PORT + ",bind=$a,connect-timeout=5 & done; wait");
        long arrived = 0;
        for (int i = 0; i < 100 && arrived < 50; i++) {
            Shell.exec(null, 5, "sleep", "0.1");
            arrived = Pattern.compile(Pattern.quote(lab.ipv4Prefix()) + "1[0-4][0-9]\\b")
                    .matcher(ok(vps.exec("nft", "list", "set", "inet", "labseen", "syn")).stdout()).results().count();
        }
        assertEquals(50, arrived, "SYNs from all 50 spoofed addresses reached the server");

        // While the spoofers retransmit, N=2 real devices get in, the third does not.
        List<Connection> one = open(5, () -> c1.tcp(vps.ipv4(), PORT));
        List<Connection> two = open(5, () -> c2.tcp(vps.ipv6(), PORT));
        two.addAll(openUdp(c2, 2, () -> c2.udp(vps.ipv6(), PORT)));
        assertEquals(REFUSED, c3.tcp(vps.ipv4(), PORT).outcome(), "third device, TCP");
        assertEquals(REFUSED, udpBeyondLimit(c3, () -> c3.udp(vps.ipv4(), PORT)), "third device, UDP");
        assertEquals(REFUSED, c4.tcpFrom(c4Address, vps.ipv6(), PORT).outcome(), "third device, IPv6");
        assertStillWork(c1, one);
        assertStillWork(c2, two);

        List<DeviceMember> members = members("dev_" + PORT + "_both");
        assertEquals(List.of(h1.ipv4() + "/32", lab.ipv6Prefix() + "/64"),
                members.stream().map(DeviceMember::text).sorted().toList(), members.toString());
        String status = ok(vps.exec(INSTALLED, "status")).stdout();
        assertTrue(status.contains(PORT + "/both: 2 of 2 devices"), status);
        for (String address : spoofed) {
            assertFalse(status.contains(address + "/"), address + " listed: " + status);
        }
    }

    /**
     * The server sends datagrams from the limited port to outside services, which answer: their
     * answers arrive at the port (the reply direction of the server's own flows) and take no slot.
     */
    @Test
    void answersToTheServersOwnDatagramsFromTheLimitedPortTakeNoSlot() {
        int port = PORT + 2;
        ok(deploy(List.of(LimitEntry.of(port, LimitMode.DEVICES, 1).withProtocol(Protocol.UDP))));
        h1.startEchoServer(PORT + 3);
        for (String target : List.of("UDP4:" + h1.ipv4(), "UDP6:[" + h1.ipv6() + "]")) {
            Shell.Result sent = ok(vps.exec("bash", "-c", "echo hello | timeout 5 socat -T 2 - " + target + ":" + (PORT + 3)
                    + ",sourceport=" + port));
            assertEquals("hello", sent.stdout().strip(), "the outside service answered " + target);
        }
        assertEquals(List.of(), members("dev_" + port + "_udp"), "answers to the server's own datagrams");
        String status = ok(vps.exec(INSTALLED, "status")).stdout();
        assertTrue(status.contains(port + "/udp: 0 of 1 devices"), status);

        // The one slot is still free for a client; the outside service's address is not a member.
        vps.host().startEchoServer(port);
        List<Connection> held = openUdp(c2, 2, () -> c2.udp(vps.ipv4(), port));
        assertEquals(REFUSED, udpBeyondLimit(c1, () -> c1.udp(vps.ipv4(), port)), "the outside service's address, as a client");
        assertEquals(REFUSED, udpBeyondLimit(c3, () -> c3.udp(vps.ipv6(), port)), "a second device");
        assertStillWork(c2, held);
        assertEquals(List.of(h2.ipv4() + "/32"), members("dev_" + port + "_udp").stream().map(DeviceMember::text).toList());
    }

    @Test
    void aSilentDevicesSlotGoesToAWaitingOne_anActiveOneKeepsItsSlot() {
        ok(deploy(List.of(devices(1).withIdle(3))));

        // c1 stays active on one long connection: every packet refreshes its membership, so c3 stays
        // refused long after the idle timeout.
        Connection held = open(1, () -> c1.tcp(vps.ipv4(), PORT)).get(0);
        long silentSince = 0;
        for (int i = 0; i < 6; i++) {
            Shell.exec(null, 5, "sleep", "1");
            assertEquals(REFUSED, c3.tcp(vps.ipv4(), PORT).outcome(), "c1 is active, second " + i);
            assertEquals(OK, c1.probe(held));
            silentSince = System.nanoTime();
        }
        // c1 falls silent (its connection stays open): 3 s after its last packet its slot goes to
        // c4 (IPv6).
        Connection next = null;
        for (int i = 0; i < 40 && (next == null || !next.ok()); i++) {
            Shell.exec(null, 5, "sleep", "0.25");
            next = c4.tcpFrom(c4Address, vps.ipv6(), PORT);
        }
        double waited = (System.nanoTime() - silentSince) / 1e9;
        assertEquals(OK, next.outcome(), "the waiting device gets the free slot");
        // Not before the idle timeout; "not much after it" is the bounded loop above, not a clock.
        assertTrue(waited >= 2.9, "slot freed after " + waited + " s (idle 3 s)");
        assertEquals(REFUSED, c1.tcp(vps.ipv4(), PORT).outcome(), "and now c1 is the one beyond the limit");
        assertEquals(REFUSED, udpBeyondLimit(c3, () -> c3.udp(vps.ipv4(), PORT)));
    }

    @Test
    void reapplyKeepsMembers_changingMaxAndIdleKeepsThem_delRemovesOnlyTheTable() {
        ok(deploy(List.of(devices(2), LimitEntry.of(PORT + 1, LimitMode.CONNECTIONS, 1))));
        String set = "dev_" + PORT + "_both";
        List<Connection> one = open(3, () -> c1.tcp(vps.ipv4(), PORT));
        List<Connection> two = openUdp(c2, 3, () -> c2.udp(vps.ipv6(), PORT));
        assertEquals(REFUSED, c3.tcp(vps.ipv4(), PORT).outcome());
        // The connlimit entry next to it works as before (iptables chain PORTCULLIS).
        open(1, () -> c3.tcp(vps.ipv4(), PORT + 1));
        assertEquals(REFUSED, c3.tcp(vps.ipv4(), PORT + 1).outcome());

        ok(vps.exec(INSTALLED, "apply"));
        ok(deploy(List.of(devices(2), LimitEntry.of(PORT + 1, LimitMode.CONNECTIONS, 1))));
        assertEquals(2, members(set).size(), "re-applying keeps the members");
        assertEquals(REFUSED, c3.tcp(vps.ipv4(), PORT).outcome(), "and the limit");

        // Another entry added by the script's own command: members stay.
        ok(vps.exec(INSTALLED, "add", "7299", "3", "--mode", "devices", "--idle", "60"));
        assertEquals(2, members(set).size());
        // N 2 -> 3 and a new idle timeout: changed in place, members kept, a third device joins.
        ok(vps.exec(INSTALLED, "add", Integer.toString(PORT), "3", "--mode", "devices", "--proto", "both", "--idle", "300"));
        assertEquals(2, members(set).size(), "members survive a change of N");
        String listing = ok(vps.exec("nft", "list", "set", "inet", "portcullis", set)).stdout();
        assertTrue(listing.contains("size 3") && listing.contains("timeout 5m"), listing);
        open(2, () -> c3.tcp(vps.ipv4(), PORT));
        assertEquals(REFUSED, c4.tcpFrom(c4Address, vps.ipv6(), PORT).outcome(), "N=3 holds");
        assertStillWork(c1, one);
        assertStillWork(c2, two);

        // Deleting one devices entry deletes its set, chain and counter only.
        ok(vps.exec(INSTALLED, "del", "7299"));
        String rules = ruleset();
        assertFalse(rules.contains("dev_7299"), rules);
        assertEquals(3, members(set).size());
        // Deleting the last one deletes the table; the iptables entry stays.
        ok(vps.exec(INSTALLED, "del", Integer.toString(PORT)));
        assertFalse(ruleset().contains("table inet portcullis {"), ruleset());
        assertTrue(ok(vps.exec("iptables", "-S")).stdout().contains("--ctorigdstport " + (PORT + 1)));
        open(3, () -> c4.tcpFrom(c4Address, vps.ipv6(), PORT));
    }

    @Test
    void observeRefusesNothingWhileCounting() {
        ok(deploy(List.of(devices(1).withObserve(true))));
        List<Connection> held = new ArrayList<>(open(3, () -> c1.tcp(vps.ipv4(), PORT)));
        held.addAll(open(2, () -> c2.tcp(vps.ipv6(), PORT)));
        held.addAll(openUdp(c3, 2, () -> c3.udp(vps.ipv4(), PORT)));
        held.addAll(open(1, () -> c4.tcpFrom(c4Address, vps.ipv6(), PORT)));
        LimitsScriptLabTest.assertStillWork(c1, held.subList(0, 3));
        String row = ok(vps.exec(INSTALLED, "status")).stdout().lines()
                .filter(l -> l.startsWith(PORT + " ")).findFirst().orElseThrow();
        String[] cols = row.trim().split(" +");
        assertEquals("observe", cols[5], row);
        assertEquals("1", cols[7], "one member: " + row);
        assertEquals("5", cols[8], "2 + 2 + 1 attempts would have been refused: " + row);
    }

    @Test
    void withoutNftablesTheApplyIsRefusedClearlyAndNothingChanges() {
        ok(deploy(List.of(LimitEntry.of(PORT + 1, LimitMode.CONNECTIONS, 1))));
        String iptables = LimitsScriptLabTest.normalize(ok(vps.exec("iptables-save")).stdout());
        // nft hidden in this server's mount namespace; --boot skips installing missing tools.
        ok(vps.exec("bash", "-c", "mount --bind /dev/null \"$(command -v nft)\""));
        vps.writeFile("/etc/portcullis/limits.conf", vps.readFile("/etc/portcullis/limits.conf")
                + LimitsConf.line(devices(2)) + "\n");
        Shell.Result r = vps.exec(INSTALLED, "apply", "--boot");
        assertEquals(5, r.exitCode(), r.stderr());
        // (Whether bash still finds the hidden nft or not, the refusal names what is lacking.)
        assertTrue(r.stderr().matches("(?s).*(nft \\(package nftables\\) is missing|the kernel lacks nf_tables)"
                + ", needed for mode 'devices'.*|.*\\(needed for mode 'devices'\\); nothing was changed.*"), r.stderr());
        assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        assertEquals(iptables, LimitsScriptLabTest.normalize(ok(vps.exec("iptables-save")).stdout()));
        ok(vps.exec("bash", "-c", "umount \"$(command -v nft)\""));
        assertNotEquals(0, vps.exec("nft", "list", "table", "inet", "portcullis").exitCode());
    }

    @Test
    void removeDeletesTheTableAndNothingElse() {
        ok(vps.exec("nft", "add table inet other; add set inet other keep { type ipv4_addr; };"
                + " add chain inet other input { type filter hook input priority 0; policy accept; };"
                + " add element inet other keep { 198.18.250.9 }"));
        ok(vps.exec("iptables", "-A", "INPUT", "-s", "198.18.250.9", "-j", "ACCEPT"));
        // (iptables-nft leaves the tables it made, empty, after remove: let both exist before.)
        ok(vps.exec("ip6tables", "-A", "INPUT", "-s", "fd00:18:fa::9", "-j", "ACCEPT"));
        String before = ruleset();

        ok(deploy(List.of(devices(1), LimitEntry.of(PORT + 1, LimitMode.CONNECTIONS, 1))));
        open(1, () -> c1.tcp(vps.ipv4(), PORT));
        assertEquals(REFUSED, c2.tcp(vps.ipv6(), PORT).outcome());
        assertTrue(ruleset().contains("table inet portcullis"));

        ok(vps.exec(INSTALLED, "remove"));
        assertEquals(before, ruleset(), "everything but ours is as it was");
        assertNotEquals(0, vps.exec("nft", "list", "table", "inet", "portcullis").exitCode());
        open(3, () -> c2.tcp(vps.ipv6(), PORT));
    }
}
