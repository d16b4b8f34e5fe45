package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static dev.portcullis.rules.LimitsScriptLabTest.CONF;
import static dev.portcullis.rules.LimitsScriptLabTest.INSTALLED;
import static dev.portcullis.rules.LimitsScriptLabTest.assertStillWork;
import static dev.portcullis.rules.LimitsScriptLabTest.normalize;
import static dev.portcullis.rules.LimitsScriptLabTest.ok;
import static dev.portcullis.rules.LimitsScriptLabTest.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the script demands of the system, on lab servers whose tools are broken or missing the way
 * real VPSes have them: ip6tables that does not work while the server has IPv6 addresses (OpenVZ
 * without ip6_tables), iptables without connlimit, no iptables at all. Broken tools are stand-ins
 * in the server's private /usr/local/sbin, which comes before /usr/sbin in PATH.
 */
class SystemChecksLabTest extends ScriptServerLab {

    static final int PORT = 7301;

    private static final List<String> IP6TABLES = List.of("ip6tables", "ip6tables-nft", "ip6tables-legacy",
            "ip6tables-restore", "ip6tables-nft-restore", "ip6tables-legacy-restore",
            "ip6tables-save", "ip6tables-nft-save", "ip6tables-legacy-save");

    private LabClient c1;
    private LabClient c2;

    @BeforeEach
    void startClients() {
        vps.host().startEchoServer(PORT, PORT + 1);
        c1 = lab.host("c1").client();
        c2 = lab.host("c2").client();
    }

    Shell.Result deploy(List<LimitEntry> entries) {
        return LabScript.deploy(vps, entries);
    }

    /** Installs an executable stand-in for a tool in the server's /usr/local/sbin. */
    void standIn(String tool, String body) {
        vps.writeFile("/usr/local/sbin/" + tool, "#!/bin/sh\n" + body + "\n");
        ok(vps.exec("chmod", "0755", "/usr/local/sbin/" + tool));
    }

    String iptablesNow() {
        return normalize(ok(vps.exec("iptables-save")).stdout());
    }

    @Test
    void ipv6AddressesWithoutWorkingIp6tables_connectionsEntriesAreRefused_devicesEntriesLimitIpv6ThroughNftables() {
        ok(deploy(List.of(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 1))));
        String conf = vps.readFile(CONF);
        String rules = iptablesNow();
        // OpenVZ without ip6_tables: every ip6tables command fails.
        for (String tool : IP6TABLES) {
            standIn(tool, "echo \"" + tool + " v1.8.9: can't initialize ip6tables table 'filter': Table does not exist\" >&2; exit 3");
        }

        Shell.Result refused = deploy(List.of(LimitEntry.of(PORT, LimitMode.CONNECTIONS, 2)));
        assertEquals(5, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("global IPv6 address") && refused.stderr().contains("ip6tables does not work")
                && refused.stderr().contains("nothing was changed"), refused.stderr());
        assertEquals(1, refused.stderr().strip().lines().count(), refused.stderr());
        assertEquals(conf, vps.readFile(CONF), "limits.conf unchanged");
        assertEquals(rules, iptablesNow(), "IPv4 rules unchanged");
        Shell.Result status = ok(vps.exec(INSTALLED, "status"));
        assertTrue(status.stdout().contains("IPv6 NOT limited: this server has global IPv6 address"), status.stdout());
        // The IPv4 limit in force is still the old one: 1 connection.
        List<Connection> held = open(1, () -> c1.tcp(vps.ipv4(), PORT));
        assertEquals(REFUSED, c2.tcp(vps.ipv4(), PORT).outcome());
        assertStillWork(c1, held);

        // Devices entries limit IPv6 through nftables: accepted, and enforced over IPv6 (per address
        // here: the lab's clients share one /64).
        Shell.Result devices = deploy(List.of(LimitEntry.of(PORT + 1, LimitMode.DEVICES, 1).withProtocol(Protocol.BOTH)
                .withMasks(32, 128)));
        ok(devices);
        List<Connection> first = open(2, () -> c1.tcp(vps.ipv6(), PORT + 1));
        assertEquals(REFUSED, c2.tcp(vps.ipv6(), PORT + 1).outcome(), "second device over IPv6");
        assertStillWork(c1, first);
        assertFalse(ok(vps.exec(INSTALLED, "status")).stdout().contains("IPv6 NOT limited"));
    }

    @Test
    void iptablesWithoutConnlimit_devicesOnlyAppliesAndLimits_aConnectionsEntryIsStillRefused() {
        // iptables whose connlimit extension is missing (the kernel module or the userspace part).
        for (String tool : List.of("iptables", "iptables-nft", "iptables-legacy", "ip6tables", "ip6tables-nft", "ip6tables-legacy")) {
            standIn(tool, "for a in \"$@\"; do if [ \"$a\" = connlimit ]; then"
                    + " echo \"" + tool + " v1.8.9: Couldn't load match 'connlimit': No such file or directory\" >&2; exit 2; fi; done\n"
                    + "exec /usr/sbin/" + tool + " \"$@\"");
        }
        ok(deploy(List.of(LimitEntry.of(PORT, LimitMode.DEVICES, 1))));
        List<Connection> held = open(3, () -> c1.tcp(vps.ipv4(), PORT));
        assertEquals(REFUSED, c2.tcp(vps.ipv4(), PORT).outcome());
        assertStillWork(c1, held);

        String conf = vps.readFile(CONF);
        Shell.Result refused = vps.exec(INSTALLED, "add", Integer.toString(PORT + 1), "1", "--mode", "connections");
        assertEquals(5, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("lacks the connlimit match"), refused.stderr());
        assertEquals(conf, vps.readFile(CONF), "limits.conf unchanged");
    }

    @Test
    void noIptablesAtAll_devicesOnlyInstallsNothingAndLimits_aConnectionsEntryAsksForIptables() {
        // A server without iptables: this server's /usr/sbin is a copy without any *tables tool, and
        // the package manager only notes what it was asked for.
        ok(vps.exec("bash", "-c", "set -e; mkdir /run/sbin; cp -a /usr/sbin/. /run/sbin/; rm -f /run/sbin/*tables*;"
                + " mount --bind /run/sbin /usr/sbin"));
        assertEquals(1, vps.exec("bash", "-c", "command -v iptables || command -v iptables-restore").exitCode());
        standIn("apt-get", "echo \"$*\" >> /run/apt-get.calls; exit 1");

        ok(deploy(List.of(LimitEntry.of(PORT, LimitMode.DEVICES, 1).withProtocol(Protocol.BOTH))));
        assertEquals(1, vps.exec("test", "-e", "/run/apt-get.calls").exitCode(), "nothing to install for devices entries");
        List<Connection> held = open(3, () -> c1.tcp(vps.ipv6(), PORT));
        assertEquals(REFUSED, c2.tcp(vps.ipv4(), PORT).outcome());
        assertStillWork(c1, held);
        Shell.Result status = ok(vps.exec(INSTALLED, "status"));
        assertTrue(status.stdout().contains(PORT + "/both: 1 of 1 devices"), status.stdout());

        Shell.Result refused = vps.exec(INSTALLED, "add", Integer.toString(PORT + 1), "1", "--mode", "connections");
        assertEquals(5, refused.exitCode(), refused.stderr());
        assertTrue(vps.readFile("/run/apt-get.calls").contains("iptables"), "connections entries need iptables");
    }
}
