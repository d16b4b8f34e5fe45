package dev.portcullis.conntrack;

import dev.portcullis.lab.Lab;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.rules.ShellScripts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the generated snippet with the local sh/bash and awk over the captured tables. */
class ConntrackFilterTest {

    /** Lines no real capture has: a longer port number, and a managed port only in the reply tuple. */
    private static final String EXTRA = "tcp      6 300 ESTABLISHED src=198.18.0.2 dst=198.18.0.1 sport=1 dport=84430 "
            + "src=198.18.0.1 dst=198.18.0.2 sport=84430 dport=1 mark=0 use=1\n"
            + "tcp      6 300 ESTABLISHED src=198.18.0.2 dst=198.18.0.1 sport=2 dport=50000 "
            + "src=198.18.0.1 dst=198.18.0.2 sport=8443 dport=2 mark=0 use=1\n";

    @TempDir
    static Path dir;
    private static Path fakeBin;

    @BeforeAll
    static void fakeConntrack() throws IOException {
        Lab.assumeLinux("the conntrack filter");
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && Files.isExecutable(Path.of("/usr/bin/awk")),
                "needs /bin/sh and awk");
        String table = Fixtures.text("conntrack-L.txt") + EXTRA;
        String v6 = table.lines().filter(l -> l.contains("src=fd00")).collect(Collectors.joining("\n", "", "\n"));
        String v4 = table.lines().filter(l -> !l.contains("src=fd00")).collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(dir.resolve("v4.txt"), v4);
        Files.writeString(dir.resolve("v6.txt"), v6);
        fakeBin = Files.createDirectories(dir.resolve("bin"));
        Path fake = fakeBin.resolve("conntrack");
        Files.writeString(fake, "#!/bin/sh\n"
                + "case \"$1 $2 $3\" in\n"
                + "  '-L -f ipv4') cat '" + dir.resolve("v4.txt") + "' ;;\n"
                + "  '-L -f ipv6') cat '" + dir.resolve("v6.txt") + "' ;;\n"
                + "  *) echo \"unexpected: $*\" >&2; exit 9 ;;\n"
                + "esac\n"
                + "echo 'conntrack v1.4.7 (conntrack-tools): 10 flow entries have been shown.' >&2\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String path, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", path);
        pb.redirectOutput(dir.resolve("out").toFile());
        pb.redirectError(dir.resolve("err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "snippet did not finish");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    /** Lines of a table whose original (first) dport is one of the ports. */
    private static List<String> expected(String table, Set<Integer> ports) {
        return table.lines().filter(l -> {
            int i = l.indexOf(" dport=");
            if (i < 0) {
                return false;
            }
            int end = l.indexOf(' ', i + 7);
            return ports.contains(Integer.parseInt(l.substring(i + 7, end)));
        }).sorted().toList();
    }

    private static List<String> sorted(String out) {
        return out.lines().sorted().toList();
    }

    @Test
    void conntrackToolOutputIsCutToTheManagedPorts() throws Exception {
        String snippet = ConntrackFilter.forPorts(List.of(9999, 8443));
        Run r = run(fakeBin + ":/usr/bin:/bin", "/bin/sh", "-c", snippet);
        assertEquals(0, r.exit());
        List<String> lines = sorted(r.out());
        assertEquals(10, lines.size()); // 8443: 5 tcp + 2 udp; 9999: 3 tcp
        assertEquals(expected(Fixtures.text("conntrack-L.txt"), Set.of(8443, 9999)), lines);
        assertTrue(r.err().contains("flow entries have been shown"));
        // and what it prints is exactly what the parser and aggregator need
        ParseResult parsed = new ConntrackParser().parse(r.out());
        assertEquals(10, parsed.connections().size());
        assertEquals(0, parsed.otherProtocols());
        assertEquals(0, parsed.malformed());
    }

    @Test
    void sameUnderBashAndWhenQuotedForSudoShC() throws Exception {
        String snippet = ConntrackFilter.forEntries(List.of(
                LimitEntry.of(8081, LimitMode.DEVICES, 3),
                LimitEntry.of(8080, LimitMode.CONNECTIONS, 3).withProtocol(Protocol.UDP)));
        List<String> want = expected(Fixtures.text("conntrack-L.txt"), Set.of(8080, 8081));
        assertEquals(4, want.size());
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Run bash = run(fakeBin + ":/usr/bin:/bin", "/bin/bash", "-c", snippet);
        assertEquals(want, sorted(bash.out()));
        Run wrapped = run(fakeBin + ":/usr/bin:/bin", "/bin/bash", "-c", "sh -c " + ShellScripts.quote(snippet));
        assertEquals(want, sorted(wrapped.out()));
    }

    @Test
    void fallsBackToProcWhenTheToolIsMissing() throws Exception {
        Path proc = dir.resolve("nf_conntrack");
        Files.writeString(proc, Fixtures.text("proc-nf_conntrack.txt"));
        String snippet = ConntrackFilter.render(List.of(8443, 9999), proc.toString());
        Run r = run("/usr/bin:/bin", "/bin/sh", "-c", snippet); // conntrack lives in /usr/sbin
        assertEquals(0, r.exit());
        assertEquals(expected(Fixtures.text("proc-nf_conntrack.txt"), Set.of(8443, 9999)), sorted(r.out()));
        assertEquals(10, sorted(r.out()).size());
        assertTrue(sorted(r.out()).stream().allMatch(l -> l.startsWith("ipv")));
        ParseResult parsed = new ConntrackParser().parse(r.out().getBytes(StandardCharsets.US_ASCII));
        assertEquals(10, parsed.connections().size());
        assertEquals(0, parsed.malformed());
    }

    @Test
    void neitherSourceExitsThreeWithAMessage() throws Exception {
        String snippet = ConntrackFilter.render(List.of(8443), dir.resolve("absent").toString());
        Run r = run("/usr/bin:/bin", "/bin/sh", "-c", snippet);
        assertEquals(ConntrackFilter.EXIT_NO_SOURCE, r.exit());
        assertEquals("", r.out());
        assertEquals("portcullis: neither conntrack nor /proc/net/nf_conntrack is available\n", r.err());
    }

    @Test
    void noPortsPrintsNothing() throws Exception {
        assertEquals(":", ConntrackFilter.forPorts(List.of()));
        Run r = run(fakeBin + ":/usr/bin:/bin", "/bin/sh", "-c", ConntrackFilter.forPorts(List.of()));
        assertEquals(0, r.exit());
        assertEquals("", r.out());
    }

    @Test
    void onlyValidPortsReachTheText() {
        assertThrows(IllegalArgumentException.class, () -> ConntrackFilter.forPorts(List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> ConntrackFilter.forPorts(List.of(65_536)));
        assertThrows(IllegalArgumentException.class, () -> ConntrackFilter.forPorts(List.of(-1)));
        String snippet = ConntrackFilter.forPorts(List.of(443, 80, 443));
        assertTrue(snippet.endsWith("\nconntrack_filter '80 443' '/proc/net/nf_conntrack'\n"), snippet);
    }

    @Test
    void shellQuoteSurvivesQuotes() throws Exception {
        String text = "echo 'a b' \"$HOME\" it's";
        assertEquals("'echo '\\''a b'\\'' \"$HOME\" it'\\''s'", ShellScripts.quote(text));
        Run r = run("/usr/bin:/bin", "/bin/sh", "-c", "printf '%s' " + ShellScripts.quote(text));
        assertEquals(text, r.out());
    }
}
