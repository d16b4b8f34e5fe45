package dev.portcullis.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lab itself: hosts reach each other over IPv4 and IPv6, a closed port is refused, nothing is left behind. */
class LabSelfTest {

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void hostsTalkOverBothFamiliesAndEverythingIsCleanedUp() {
        Lab lab = labs.lab();
        LabHost server = lab.host("srv");
        LabHost clientHost = lab.host("cli");
        server.startEchoServer(7001);
        LabClient client = clientHost.client();

        assertEquals(LabClient.Outcome.OK, client.tcp(server.ipv4(), 7001).outcome());
        assertEquals(LabClient.Outcome.OK, client.tcp(server.ipv6(), 7001).outcome());
        assertEquals(LabClient.Outcome.OK, client.udp(server.ipv4(), 7001).outcome());
        assertEquals(LabClient.Outcome.OK, client.udp(server.ipv6(), 7001).outcome());
        assertEquals(LabClient.Outcome.REFUSED, client.tcp(server.ipv4(), 7002).outcome());
        assertEquals(LabClient.Outcome.REFUSED, client.udp(server.ipv6(), 7002).outcome());
    }

    /** Owns its lab: what it checks is what is left after the lab is closed. */
    @Test
    void aServerWritesOnlyIntoItsOwnOverlays() throws java.io.IOException {
        List<String> hostRoot = rootEntries();
        List<String> hostTmp = tempFolders();
        try (Lab lab = Lab.create()) {
            LabVps vps = LabVps.create(lab, "vps");
            vps.writeFile("/etc/portcullis/limits.conf", "hello\n");
            assertEquals("hello\n", vps.readFile("/etc/portcullis/limits.conf"));
            assertTrue(vps.exec("test", "-d", "/run/systemd/system").exitCode() != 0, "/run must be private");
            assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("/etc/portcullis/limits.conf")),
                    "the host's /etc must stay untouched");
            vps.writeFile("/root/.lab-home-check", "x");
            assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("/root/.lab-home-check")),
                    "the server's /root is its own");
            for (String dir : java.util.List.of("/etc", "/usr/local", "/var/lib")) {
                String options = vps.exec("findmnt", "-n", "-o", "OPTIONS", dir).stdout();
                assertTrue(options.contains("upperdir=/run/.lab-overlays" + dir.replace('/', '_') + "/up"),
                        dir + " must be an overlay whose upper layer is on the server's private tmpfs: " + options);
            }
            assertEquals(vps.ipv4() + "\n", vps.exec("bash", "-c", "ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1").stdout());
        }
        assertTrue(Lab.leftoverNamespaces().isEmpty(), "namespaces left: " + Lab.leftoverNamespaces());
        assertEquals(hostRoot, rootEntries(), "the overlays' layers must not land on the host's disk");
        assertEquals(hostTmp, tempFolders(), "a server leaves no folder in the host's /tmp");
    }

    private static List<String> rootEntries() throws java.io.IOException {
        return entries("/");
    }

    /** mktemp's folders only: other programs (a build running beside the tests) may add files of their own. */
    private static List<String> tempFolders() throws java.io.IOException {
        return entries("/tmp").stream().filter(p -> p.startsWith("/tmp/tmp.")).toList();
    }

    private static List<String> entries(String dir) throws java.io.IOException {
        try (var entries = java.nio.file.Files.list(java.nio.file.Path.of(dir))) {
            return entries.map(java.nio.file.Path::toString).sorted().toList();
        }
    }
}
