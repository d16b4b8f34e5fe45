package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabV2Ray;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real V2Ray server (VLESS inbound, no TLS) on a limited port and real V2Ray clients (socks
 * inbound, VLESS outbound) in two client namespaces: traffic flows through the tunnel while within
 * the limit, and the tunnel connection beyond it is refused.
 */
class V2RayLimitLabTest {

    static final int VLESS_PORT = 7443;
    static final int ECHO_PORT = 7100;
    static final int SOCKS_PORT = 1080;

    @RegisterExtension
    final LabExtension labs = new LabExtension();
    @TempDir
    Path dir;
    private LabVps vps;
    private LabHost target;

    /** V2Ray clients that reach the server over IPv4 and over IPv6. */
    record Tunnels(LabClient overIpv4, LabClient overIpv6) {
    }

    /**
     * The VLESS server on "vps" with the limit on its port applied (labelled "shared account"), the
     * echo host "target" behind it, and one V2Ray client per family.
     */
    private Tunnels start(String account, String ipv4Host, String ipv6Host, LimitMode mode, int max) throws IOException {
        assumeV2Ray();
        String id = UUID.nameUUIDFromBytes(account.getBytes()).toString();
        Lab lab = labs.lab();
        vps = LabVps.create(lab, "vps");
        target = lab.host("target");
        target.startEchoServer(ECHO_PORT);
        startServer(vps, dir, id);
        LabClient overIpv4 = startClient(lab.host(ipv4Host), dir, id, vps.ipv4());
        LabClient overIpv6 = startClient(lab.host(ipv6Host), dir, id, vps.ipv6());

        Shell.Result applied = LabScript.deploy(vps, List.of(LimitEntry.of(VLESS_PORT, mode, max).withLabel("shared account")));
        assertEquals(0, applied.exitCode(), applied.stderr());
        return new Tunnels(overIpv4, overIpv6);
    }

    @Test
    void tunnelsWorkWithinTheLimitAndTheOneBeyondIsRefused() throws IOException {
        Tunnels tunnels = start("portcullis-lab", "alice", "bob", LimitMode.CONNECTIONS, 2);
        LabClient aliceApp = tunnels.overIpv4();
        LabClient bobApp = tunnels.overIpv6();

        // V2Ray 4.34 without mux: one tunnel request = one TCP connection to the VLESS port.
        // connlimit counts IPv4 and IPv6 apart, so two IPv4 tunnels from alice fill her family.
        Connection a1 = aliceApp.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT);
        Connection a2 = aliceApp.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT);
        assertEquals(OK, a1.outcome(), "first tunnel");
        assertEquals(OK, a2.outcome(), "second tunnel");
        Connection a3 = aliceApp.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT);
        assertNotEquals(OK, a3.outcome(), "the third tunnel connection is refused");
        assertEquals(OK, aliceApp.probe(a1), "traffic still flows through the allowed tunnels");
        assertEquals(OK, aliceApp.probe(a2));

        // Bob reaches the server over IPv6: his own count, also limited.
        Connection b1 = bobApp.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT);
        Connection b2 = bobApp.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT);
        assertEquals(OK, b1.outcome());
        assertEquals(OK, b2.outcome());
        assertNotEquals(OK, bobApp.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT).outcome());
        assertEquals(OK, bobApp.probe(b1));

        // A tunnel closed frees its slot for the next one.
        aliceApp.close(a1);
        Connection again = null;
        for (int i = 0; i < 20 && (again == null || !again.ok()); i++) {
            again = aliceApp.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT);
        }
        assertEquals(OK, again.outcome());

        String status = vps.exec("/usr/local/sbin/portcullis-limits", "status").stdout();
        assertTrue(status.contains("shared account"), status);
    }

    @Test
    void devicesModeOneDeviceUses20TunnelsAndASecondDeviceOnTheSameAccountIsRefused() throws IOException {
        Tunnels started = start("portcullis-lab-devices", "phone", "laptop", LimitMode.DEVICES, 1);
        LabClient phone = started.overIpv4();
        LabClient laptop = started.overIpv6();

        // One device, 20 tunnels open at once (20 TCP connections to the VLESS port): all work.
        List<Connection> tunnels = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Connection c = phone.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT);
            assertEquals(OK, c.outcome(), "tunnel " + (i + 1) + " of the first device");
            tunnels.add(c);
        }
        // A second device with the same account (over IPv6: same count) is refused.
        for (int i = 0; i < 3; i++) {
            assertNotEquals(OK, laptop.tcpViaSocks("127.0.0.1", SOCKS_PORT, target.ipv4(), ECHO_PORT).outcome(),
                    "second device, attempt " + (i + 1));
        }
        for (Connection c : tunnels) {
            assertEquals(OK, phone.probe(c), "the first device's tunnels keep working");
        }
        String status = vps.exec("/usr/local/sbin/portcullis-limits", "status").stdout();
        assertTrue(status.contains(VLESS_PORT + "/tcp: 1 of 1 devices"), status);
        assertTrue(status.contains(labs.lab().ipv4Prefix()), status);
    }

    private static void assumeV2Ray() {
        if (!Files.isExecutable(Path.of("/usr/bin/v2ray"))) {
            Lab.assumeAvailable();
            Lab.skip("v2ray not installed (Debian package v2ray)");
        }
    }

    private static void startServer(LabVps vps, Path dir, String id) throws IOException {
        Path server = dir.resolve("server.json");
        Files.writeString(server, """
                {"log": {"loglevel": "warning"},
                 "inbounds": [{"listen": "::", "port": %d, "protocol": "vless",
                               "settings": {"clients": [{"id": "%s"}], "decryption": "none"},
                               "streamSettings": {"network": "tcp"}}],
                 "outbounds": [{"protocol": "freedom"}]}
                """.formatted(VLESS_PORT, id));
        vps.spawn("/usr/bin/v2ray", "-config", server.toString());
        LabV2Ray.waitForListener(vps.host(), VLESS_PORT);
    }

    private static LabClient startClient(LabHost host, Path dir, String id, String server) throws IOException {
        return LabV2Ray.vlessClient(host, dir, SOCKS_PORT, server, VLESS_PORT, id);
    }

}
