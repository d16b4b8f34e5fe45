package dev.portcullis.conntrack;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Parse + aggregate throughput, memory over many polls, and bytes per poll with the server-side
 * filter. Not a unit test (no assertions on timing); run it with
 * <pre>./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 *     -Dexec.mainClass=dev.portcullis.conntrack.ConntrackBenchmark</pre>
 */
public final class ConntrackBenchmark {

    private static final int LINES = 100_000;
    private static final int MANAGED = 100;
    private static final int FIRST_PORT = 20_000;
    private static final String[] TCP_STATES = {"ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "ESTABLISHED",
            "ESTABLISHED", "ESTABLISHED", "ESTABLISHED", "TIME_WAIT", "TIME_WAIT", "SYN_RECV", "CLOSE_WAIT",
            "FIN_WAIT", "LAST_ACK", "SYN_SENT", "CLOSE"};

    private ConntrackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<LimitEntry> entries = new ArrayList<>();
        LimitMode[] modes = LimitMode.values();
        for (int i = 0; i < MANAGED; i++) {
            Protocol p = i % 10 == 0 ? Protocol.BOTH : Protocol.TCP;
            entries.add(new LimitEntry(FIRST_PORT + i, p, modes[i % modes.length], 50, 32, 64, "acct" + i,
                    false, true, 120));
        }
        byte[] table = table(new Random(42), LINES, LINES);
        System.out.printf("input: %,d lines, %,d bytes, %d managed entries%n", LINES, table.length, MANAGED);

        ConnectionAggregator aggregator = new ConnectionAggregator(entries);
        throughput("parse + aggregate (byte[])", LINES, () -> aggregator.poll(table, Map.of(), null));
        throughput("parse + aggregate (stream)", LINES,
                () -> aggregator.poll(new ByteArrayInputStream(table), Map.of(), null));
        throughput("parse only", LINES, () -> new ConntrackParser().parse(table));

        // A filtered poll is far smaller than 100,000 lines; 10,000 keeps 1,000 polls quick.
        memoryOverPolls(aggregator, table(new Random(11), 10_000, 10_000));
        bytesPerPoll(entries);
    }

    /** One conntrack -L table: {@code managedLines} lines to managed ports, the rest elsewhere. */
    static byte[] table(Random rnd, int lines, int managedLines) {
        StringBuilder sb = new StringBuilder(lines * 190);
        for (int i = 0; i < lines; i++) {
            boolean managed = i < managedLines;
            boolean v6 = rnd.nextInt(10) < 3;
            boolean udp = rnd.nextInt(10) < 2;
            String server = v6 ? "fd00:5::1" : "198.18.0.1";
            // A few thousand clients, so addresses repeat as real devices do.
            int client = rnd.nextInt(4000);
            String src = v6 ? String.format("fd00:%x:%x::%x", 0x100 + client / 50, client % 7, 1 + rnd.nextInt(3))
                    : "198." + (18 + (client >> 14 & 1)) + "." + (client >> 8 & 0x3f) + "." + (client & 0xff);
            int sport = 1024 + rnd.nextInt(64_000);
            int dport = managed ? FIRST_PORT + rnd.nextInt(MANAGED) : 1 + rnd.nextInt(FIRST_PORT - 1);
            boolean outward = !managed && rnd.nextBoolean();
            String a = outward ? server : src;
            String b = outward ? src : server;
            if (udp) {
                sb.append("udp      17 ").append(rnd.nextInt(180)).append(' ');
            } else {
                sb.append("tcp      6 ").append(rnd.nextInt(432_000)).append(' ')
                        .append(TCP_STATES[rnd.nextInt(TCP_STATES.length)]).append(' ');
            }
            sb.append("src=").append(a).append(" dst=").append(b).append(" sport=").append(sport)
                    .append(" dport=").append(dport).append(' ');
            boolean unreplied = rnd.nextInt(20) == 0;
            if (unreplied) {
                sb.append("[UNREPLIED] ");
            }
            sb.append("src=").append(b).append(" dst=").append(a).append(" sport=").append(dport)
                    .append(" dport=").append(sport).append(' ');
            if (!unreplied) {
                sb.append("[ASSURED] ");
            }
            sb.append("mark=0 use=1\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private interface Poll {
        Object run() throws IOException;
    }

    /**
     * Wall time and this thread's CPU time per run, medians of 21 after 15 warm-up runs. CPU time
     * shows the cost of the code when other processes compete for the two cores; wall time
     * includes that competition (and GC pauses).
     */
    private static void throughput(String name, int lines, Poll poll) throws IOException {
        for (int i = 0; i < 15; i++) {
            poll.run(); // warm-up: let the JIT compile the hot paths
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[21];
        long[] cpu = new long[wall.length];
        for (int i = 0; i < wall.length; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            poll.run();
            wall[i] = System.nanoTime() - t;
            cpu[i] = threads.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        long median = wall[wall.length / 2];
        long cpuMedian = cpu[cpu.length / 2];
        System.out.printf("%-28s wall median %6.1f ms = %,10.0f lines/s (best %,10.0f) | cpu median %6.1f ms = %,10.0f"
                        + " lines/s%n", name, median / 1e6, lines * 1e9 / median, lines * 1e9 / wall[0],
                cpuMedian / 1e6, lines * 1e9 / cpuMedian);
    }

    private static void memoryOverPolls(ConnectionAggregator aggregator, byte[] table) throws InterruptedException {
        Snapshot previous = null;
        for (int poll = 1; poll <= 1000; poll++) {
            // The refused counters move so every poll computes risingRefusals against the last one.
            Map<PortKey, Long> refused = Map.of(new PortKey(FIRST_PORT, Protocol.TCP), (long) poll);
            previous = aggregator.poll(table, refused, previous);
            if (poll == 1 || poll == 100 || poll == 1000) {
                System.out.printf("used heap after GC at poll %4d: %6.1f MiB (snapshot: %,d connections)%n",
                        poll, usedAfterGc() / 1048576.0, previous.connections().size());
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A 50,000-entry table with 100 entries on managed ports, through the real filter and sh. */
    private static void bytesPerPoll(List<LimitEntry> entries) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("conntrack-bench");
        try {
            byte[] whole = table(new Random(7), 50_000, 100);
            String text = new String(whole, StandardCharsets.US_ASCII);
            // conntrack lists each family on its own: split the table the same way.
            StringBuilder v4 = new StringBuilder();
            StringBuilder v6 = new StringBuilder();
            text.lines().forEach(l -> (l.contains("src=fd00") ? v6 : v4).append(l).append('\n'));
            Files.writeString(dir.resolve("v4"), v4);
            Files.writeString(dir.resolve("v6"), v6);
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path fake = bin.resolve("conntrack");
            Files.writeString(fake, "#!/bin/sh\ncase \"$3\" in ipv4) cat '" + dir.resolve("v4") + "' ;; ipv6) cat '"
                    + dir.resolve("v6") + "' ;; esac\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

            ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", ConntrackFilter.forEntries(entries));
            pb.environment().put("PATH", bin + ":/usr/bin:/bin");
            pb.redirectOutput(dir.resolve("out").toFile());
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            long t = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("filter did not finish");
            }
            long filterMs = (System.nanoTime() - t) / 1_000_000;
            byte[] filtered = Files.readAllBytes(dir.resolve("out"));
            long lines = new String(filtered, StandardCharsets.US_ASCII).lines().count();
            System.out.printf("bytes per poll, 50,000-entry table, 100 on managed ports: whole conntrack -L %,d bytes,"
                            + " filtered %,d bytes (%d lines), %.0fx less; filter ran in %d ms%n",
                    whole.length, filtered.length, lines, (double) whole.length / filtered.length, filterMs);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
