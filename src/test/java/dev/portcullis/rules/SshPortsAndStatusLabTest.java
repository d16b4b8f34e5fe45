package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.rules.LimitsScriptLabTest.INSTALLED;
import static dev.portcullis.rules.LimitsScriptLabTest.SCRIPT;
import static dev.portcullis.rules.LimitsScriptLabTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the script finds the SSH ports it must never limit (each source on its own), and what
 * {@code status} counts as a client.
 */
class SshPortsAndStatusLabTest extends ScriptServerLab {

    @BeforeEach
    void plainSshConfig() {
        // A plain config: the host's own sshd_config must not decide what the tests see.
        vps.writeFile("/etc/ssh/sshd_config", "PermitRootLogin yes\n");
        vps.writeFile(SCRIPT, new ScriptGenerator().generate("lab", List.of()));
    }

    /** The ports {@code check} reports as SSH ports, run through {@code bash -c}. */
    Set<Integer> sshPorts(String runScript) {
        String out = ok(vps.exec("bash", "-c", runScript)).stdout();
        String line = out.lines().filter(l -> l.startsWith("ssh ports:")).findFirst().orElseThrow(() -> new AssertionError(out));
        Set<Integer> ports = new TreeSet<>();
        Arrays.stream(line.substring("ssh ports:".length()).trim().split(" +")).filter(s -> !s.isEmpty())
                .forEach(s -> ports.add(Integer.parseInt(s)));
        return ports;
    }

    Set<Integer> sshPorts() {
        return sshPorts("bash " + SCRIPT + " check");
    }

    /** sshd's own -T hidden (a binary that fails): only the script's reading of the files is left. */
    Set<Integer> sshPortsWithoutSshdT() {
        ok(vps.exec("mount", "--bind", "/bin/false", "/usr/sbin/sshd"));
        try {
            return sshPorts();
        } finally {
            ok(vps.exec("umount", "/usr/sbin/sshd"));
        }
    }

    static void assertHas(Set<Integer> ports, Integer... expected) {
        assertTrue(ports.containsAll(List.of(expected)), "expected " + List.of(expected) + " among " + ports);
    }

    @Test
    void listenAddressesWithPortsInIncludedFiles() {
        vps.writeFile("/etc/ssh/sshd_config", "Include sshd_config.d/*.conf\nPort 7100\n");
        vps.writeFile("/etc/ssh/sshd_config.d/lab.conf", "ListenAddress 198.18.0.1:7101\nListenAddress [fd00::1]:7102\n"
                + "ListenAddress fd00::7103\n# Port 7199\n");
        for (Set<Integer> ports : List.of(sshPorts(), sshPortsWithoutSshdT())) {
            assertHas(ports, 7100, 7101, 7102);
            assertFalse(ports.contains(7103), "a bare IPv6 ListenAddress has no port: " + ports);
            assertFalse(ports.contains(7199), "comments are not read: " + ports);
        }
        // And refused, by an apply as by add.
        Shell.Result r = LabScript.deploy(vps, List.of(LimitEntry.of(7102, LimitMode.CONNECTIONS, 3)));
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("port 7102 is the SSH port"), r.stderr());
    }

    @Test
    void sshSocketActivation() {
        vps.writeFile("/etc/systemd/system/ssh.socket.d/override.conf",
                "[Socket]\nListenStream=\nListenStream=0.0.0.0:7104\nListenStream=[::]:7105\nListenStream=7106\n");
        assertHas(sshPorts(), 7104, 7105, 7106);
    }

    @Test
    void dropbearListenersAndConfiguration() {
        // A listener whose process is named dropbear (socat under that name), and Debian's defaults file.
        ok(vps.exec("cp", "/usr/bin/socat", "/usr/local/bin/dropbear"));
        vps.spawn("/usr/local/bin/dropbear", "TCP-LISTEN:7107,fork,reuseaddr", "EXEC:cat");
        for (int i = 0; i < 50 && !vps.exec("ss", "-Htln").stdout().contains(":7107"); i++) {
            vps.exec("sleep", "0.1");
        }
        vps.writeFile("/etc/default/dropbear", "DROPBEAR_PORT=7108\nDROPBEAR_EXTRA_ARGS=\"-p 7109 -w\"\n");
        assertHas(sshPorts(), 7107, 7108, 7109);
    }

    @Test
    void theSessionsPortUnderSudoWhichDropsSshConnection() {
        String sudo = "env SSH_CONNECTION='198.18.0.9 50000 198.18.0.1 7110' bash -c 'sudo -n bash " + SCRIPT + " check; exit $?'";
        assertHas(sshPorts(sudo), 7110);
        String add = "env SSH_CONNECTION='198.18.0.9 50000 198.18.0.1 7110' bash -c 'sudo -n bash " + SCRIPT + " add 7110 3; exit $?'";
        Shell.Result r = vps.exec("bash", "-c", add);
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("port 7110 is the SSH port"), r.stderr());
    }

    // ---- status: the server's own outbound connections are not clients --------------------------

    @Test
    void statusDoesNotCountTheServersOwnOutboundConnections() {
        int port = 7001;
        vps.host().startEchoServer(port);
        LabHost remote = lab.host("remote");
        remote.startEchoServer(port);
        LabClient client = lab.host("c1").client();
        ok(LabScript.deploy(vps, List.of(LimitEntry.of(port, LimitMode.CONNECTIONS, 5))));

        assertEquals(OK, client.tcp(vps.ipv4(), port).outcome());
        // The server itself opens two connections to someone else's port of the same number.
        for (String address : List.of(remote.ipv4(), remote.ipv6())) {
            String target = address.contains(":") ? "[" + address + "]" : address;
            vps.spawn("socat", "-u", "TCP:" + target + ":" + port, "OPEN:/dev/null");
        }
        for (int i = 0; i < 50 && !conntrackHas(remote.ipv4()) && !conntrackHas(remote.ipv6()); i++) {
            vps.exec("sleep", "0.1");
        }
        assertTrue(conntrackHas(remote.ipv4()) && conntrackHas(remote.ipv6()), "the outbound connections are tracked");

        String status = ok(vps.exec(INSTALLED, "status")).stdout();
        String[] row = status.lines().filter(l -> l.startsWith(port + " ")).findFirst().orElseThrow().trim().split(" +");
        assertEquals("1", row[6], "one client connection, not the server's own: " + status);
        assertEquals("1", row[7], "one client address: " + status);
    }

    private boolean conntrackHas(String address) {
        return vps.exec("conntrack", "-L", "-d", address).stdout().contains("dport=7001");
    }
}
