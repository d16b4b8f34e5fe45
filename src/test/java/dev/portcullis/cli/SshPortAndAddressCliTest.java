package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TCP limit on the server's own SSH port is refused when it is set (exit 2, naming the port,
 * nothing stored); two inventory entries for one host and port are warned about.
 */
class SshPortAndAddressCliTest {

    @TempDir
    Path tmp;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(tmp.resolve("data")).env("VPS_PW", "ssh-Password-7f3a");
    }

    private CliRunner.Result run(int expectedCode, String... args) {
        CliRunner.Result r = cli.run(args);
        assertEquals(expectedCode, r.code(), r::toString);
        return r;
    }

    @Test
    void aTcpLimitOnTheSshPortIsRefusedNamingThePort() {
        run(0, "server", "add", "std", "--host", "198.18.0.5", "--password-env", "VPS_PW");
        run(0, "server", "add", "alt", "--host", "198.18.0.6", "--port", "2222", "--password-env", "VPS_PW");
        for (String proto : new String[] {"tcp", "both"}) {
            CliRunner.Result r = run(2, "limit", "set", "std", "22", "--max", "3", "--proto", proto);
            assertTrue(r.err().contains("22/" + proto) && r.err().contains("SSH port"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        CliRunner.Result alt = run(2, "limit", "set", "alt", "2222", "--max", "3");
        assertTrue(alt.err().contains("2222/tcp"), alt.err());
        // UDP on the SSH port, and port 22 where SSH listens elsewhere, are fine.
        run(0, "limit", "set", "std", "22", "--max", "3", "--proto", "udp");
        run(0, "limit", "set", "alt", "22", "--max", "3");
        String list = run(0, "limit", "list", "--json").out().replaceAll("\\s", "");
        assertFalse(list.contains("2222"), "nothing stored for a refused entry: " + list);
        assertTrue(list.contains("\"server\":\"std\",\"port\":22,\"protocol\":\"udp\""), list);
        assertTrue(list.contains("\"server\":\"alt\",\"port\":22,\"protocol\":\"tcp\""), list);
    }

    @Test
    void twoServersForOneHostAndPortAreWarnedAbout() {
        CliRunner.Result first = run(0, "server", "add", "a", "--host", "VPS.example.com", "--password-env", "VPS_PW");
        assertEquals("", first.err());
        CliRunner.Result other = run(0, "server", "add", "b", "--host", "vps.example.com", "--port", "2222", "--password-env", "VPS_PW");
        assertEquals("", other.err(), "another port is another sshd");
        CliRunner.Result same = run(0, "server", "add", "c", "--host", "vps.example.com", "--password-env", "VPS_PW");
        assertTrue(same.err().startsWith("portcullis: warning: c has the host and port of a (vps.example.com:22)"), same.err());
    }
}
