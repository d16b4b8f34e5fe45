package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many command line runs on one data directory at once: each succeeds or fails cleanly, none corrupts it. */
class ConcurrentCliTest {

    private static final int RUNS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private CliRunner prepared() {
        CliRunner cli = new CliRunner(dataDir).env("PW", "ssh-password-1");
        assertEquals(0, cli.run("server", "add", "vps1", "--host", "198.18.0.5", "--password-env", "PW").code());
        return cli;
    }

    private Set<Integer> storedPorts(CliRunner cli) throws Exception {
        CliRunner.Result list = cli.run("limit", "list", "vps1", "--json");
        assertEquals(0, list.code(), list::toString);
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode n : JSON.readTree(list.out())) {
            ports.add(n.get("port").asInt());
        }
        return ports;
    }

    @Test
    void threadsSettingLimitsAtOnce() throws Exception {
        CliRunner cli = prepared();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        List<Future<CliRunner.Result>> results = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            int port = 10_000 + i;
            results.add(pool.submit(() -> {
                start.await();
                return cli.run("limit", "set", "vps1", String.valueOf(port), "--max", "5");
            }));
        }
        start.countDown();
        Set<Integer> succeeded = new TreeSet<>();
        for (int i = 0; i < RUNS; i++) {
            CliRunner.Result r = results.get(i).get(60, TimeUnit.SECONDS);
            assertCleanOutcome(r.code(), r.err());
            if (r.code() == 0) {
                succeeded.add(10_000 + i);
            }
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(succeeded, storedPorts(cli));
        assertEquals(RUNS, succeeded.size(), "threads share the open database, so all should succeed");
    }

    @Test
    void threadsSettingOverlappingProtocolsOnOnePort() throws Exception {
        CliRunner cli = prepared();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<CliRunner.Result>> results = new ArrayList<>();
        for (String proto : List.of("tcp", "udp", "both")) {
            results.add(pool.submit(() -> {
                start.await();
                return cli.run("limit", "set", "vps1", "443", "--max", "5", "--proto", proto);
            }));
        }
        start.countDown();
        for (Future<CliRunner.Result> f : results) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        CliRunner.Result list = cli.run("limit", "list", "vps1", "--json");
        Set<String> protos = new TreeSet<>();
        for (JsonNode n : JSON.readTree(list.out())) {
            protos.add(n.get("protocol").asText());
        }
        // The row lock serializes writers: never "both" next to tcp or udp.
        assertTrue(protos.equals(Set.of("both")) || protos.equals(Set.of("tcp", "udp")), protos.toString());
    }

    @Test
    void processesSettingLimitsAtOnce() throws Exception {
        CliRunner cli = prepared();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", classPath, "dev.portcullis.Main",
                    "--data-dir", dataDir.toString(), "limit", "set", "vps1", String.valueOf(20_000 + i),
                    "--max", String.valueOf(i + 1), "--label", "run " + i);
            pb.environment().remove("PORTCULLIS_MASTER_PASSWORD");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            processes.add(pb.start());
        }
        Set<Integer> succeeded = new TreeSet<>();
        for (int i = 0; i < RUNS; i++) {
            Process p = processes.get(i);
            try {
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "process " + i + " finished");
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertCleanOutcome(p.exitValue(), err);
                if (p.exitValue() == 0) {
                    succeeded.add(20_000 + i);
                }
            } finally {
                p.destroyForcibly();
            }
        }
        assertEquals(succeeded, storedPorts(cli));
        // Short runs normally queue up and all succeed; on a heavily loaded machine one may wait
        // longer than the default and fail cleanly, which is allowed.
        assertTrue(!succeeded.isEmpty(), "at least one process got the database");
    }

    private static void assertCleanOutcome(int code, String err) {
        if (code == 0) {
            assertEquals("", err);
        } else {
            assertEquals(1, code, err);
            assertTrue(err.startsWith("portcullis: ") && err.contains("is in use"), err);
            assertEquals(1, err.lines().count(), err);
        }
    }
}
