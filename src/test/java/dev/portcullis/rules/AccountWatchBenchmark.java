package dev.portcullis.rules;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark of the account watcher ({@code portcullis-limits watch}) in the lab (Linux, root):
 * <ol>
 *   <li>CPU of the watcher (its bash, tail and awk, and every ss/nft/conntrack they run) while
 *       the access log grows by {@value #LINES_PER_SECOND} lines a second: 80 % of them from
 *       accounts without an entry, 20 % from {@value #ACCOUNTS} limited accounts' members, as on a
 *       busy shared inbound; and with no log lines (the clock alone);</li>
 *   <li>during that load, the time from a new device's first log line (written by the benchmark
 *       with the real address and port of a real connection, as the proxy would) to that
 *       connection being ended, for {@value #DEVICES} new devices: median and p95.</li>
 * </ol>
 * The proxy is played by an echo server on the limited port: the watcher only needs the log line
 * and the connection. Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.portcullis.rules.AccountWatchBenchmark}
 */
public final class AccountWatchBenchmark {

    private static final int PORT = 7443;
    private static final int LINES_PER_SECOND = 1000;
    private static final int ACCOUNTS = 50;
    private static final int DEVICES = 20;
    private static final int IDLE_SECONDS = 30;
    private static final int LOAD_SECONDS = 30;
    private static final String LOG = "/run/bench/access.log";
    private static final String WHEN = "2026/12/01 13:48:17 ";

    private AccountWatchBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        try (Lab lab = Lab.create()) {
            LabVps vps = LabVps.create(lab, "bench");
            vps.host().startEchoServer(PORT);
            LabHost client = lab.host("client");
            List<String> devices = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                String address = lab.ipv4Prefix() + (100 + i);
                client.addAddress(address + "/24");
                devices.add(address);
            }
            try {
                run(vps, client, devices);
            } finally {
                vps.exec(LimitsScriptLabTest.INSTALLED, "remove");
            }
        }
        if (!Lab.leftoverNamespaces().isEmpty()) {
            throw new IllegalStateException("namespaces left: " + Lab.leftoverNamespaces());
        }
    }

    private static void run(LabVps vps, LabHost client, List<String> devices) throws IOException {
        vps.exec("mkdir", "-p", "/run/bench").orThrow();
        vps.exec("touch", LOG).orThrow();
        Path log = Path.of("/proc/" + vps.pid() + "/root" + LOG);
        StringBuilder conf = new StringBuilder(LimitsConf.HEADER).append("access-log=").append(LOG.replace("/", "%2F")).append('\n');
        for (int i = 0; i < ACCOUNTS; i++) {
            conf.append(entry("user" + i)).append('\n');
        }
        conf.append(entry("alice")).append('\n');
        Shell.Result installed = LabScript.deploy(vps, List.of());
        if (!installed.ok()) {
            throw new IllegalStateException(installed.stderr());
        }
        vps.writeFile("/etc/portcullis/limits.conf", conf.toString());
        Shell.Result applied = vps.exec(LimitsScriptLabTest.INSTALLED, "apply");
        if (!applied.ok()) {
            throw new IllegalStateException(applied.stderr());
        }
        sleep(2000);

        // The members: one held connection from the client's own address, logged for every account.
        LabClient agent = client.client();
        Connection member = agent.tcp(vps.ipv4(), PORT);
        String memberAt = client.ipv4() + ":" + clientPort(vps, client.ipv4());
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            for (int i = 0; i < ACCOUNTS; i++) {
                out.write((WHEN + memberAt + " accepted tcp:example.com:443 email: user" + i + "@bench\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write((WHEN + memberAt + " accepted tcp:example.com:443 email: alice@bench\n").getBytes(StandardCharsets.UTF_8));
        }
        sleep(2000);

        double idle = cpu(vps, 10, null, null);
        System.out.printf(Locale.ROOT, "watcher CPU with no log lines: %.2f %% of one core%n", idle * 100);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread load = new Thread(() -> writeLoad(log, memberAt, stop, written), "log-load");
        List<Long> latencies = new ArrayList<>();
        double busy = cpu(vps, LOAD_SECONDS, load, () -> {
            for (String device : devices) {
                latencies.add(cutOff(vps, log, agent, device));
                sleep(LOAD_SECONDS * 1000L / (DEVICES + 5));
            }
        });
        stop.set(true);
        double rate = written.get() / (double) LOAD_SECONDS;
        System.out.printf(Locale.ROOT, "watcher CPU at %.0f log lines/s (%d %% of them limited accounts' members): %.2f %% of one core"
                + " (%.2f %% per 1,000 lines/s)%n", rate, 20, busy * 100, busy * 100 * 1000 / rate);
        Collections.sort(latencies);
        System.out.printf(Locale.ROOT, "new device's log line -> its connection ended (%d devices): median %d ms, p95 %d ms, max %d ms%n",
                latencies.size(), latencies.get(latencies.size() / 2),
                latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1), latencies.get(latencies.size() - 1));
        if (agent.probe(member) != LabClient.Outcome.OK) {
            throw new IllegalStateException("the member's connection was ended");
        }
    }

    private static String entry(String account) {
        return "port=" + PORT + " proto=tcp mode=devices max=1 v4mask=32 v6prefix=64 observe=0 enabled=1 idle="
                + IDLE_SECONDS + " label= account=" + account + "%40bench";
    }

    /** 1,000 lines a second in batches of 10 every 10 ms: 80 % unlimited accounts, 20 % members. */
    private static void writeLoad(Path log, String memberAt, AtomicBoolean stop, AtomicLong written) {
        Random random = new Random(16);
        try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            long next = System.nanoTime();
            while (!stop.get()) {
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < LINES_PER_SECOND / 100; i++) {
                    if (random.nextInt(5) == 0) {
                        int account = random.nextInt(ACCOUNTS + 1);
                        batch.append(WHEN).append(memberAt).append(" accepted tcp:www.example.com:443 email: ")
                                .append(account == ACCOUNTS ? "alice" : "user" + account).append("@bench\n");
                    } else {
                        batch.append(WHEN).append("198.19.").append(random.nextInt(256)).append('.').append(random.nextInt(256))
                                .append(':').append(1024 + random.nextInt(60000)).append(" accepted tcp:cdn.example.net:443 email: other")
                                .append(random.nextInt(3000)).append("@bench\n");
                    }
                }
                out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                written.addAndGet(LINES_PER_SECOND / 100);
                next += 10_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    sleep(wait / 1_000_000);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new device of alice: a real connection from DEVICE, its log line, then milliseconds until it is ended. */
    private static long cutOff(LabVps vps, Path log, LabClient agent, String device) {
        Connection c = agent.tcpFrom(device, vps.ipv4(), PORT);
        String line = WHEN + device + ":" + clientPort(vps, device) + " accepted tcp:example.com:443 email: alice@bench\n";
        long start = System.nanoTime();
        try {
            Files.writeString(log, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (System.nanoTime() - start < 5_000_000_000L) {
            if (agent.probe(c) != LabClient.Outcome.OK) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        throw new IllegalStateException("device " + device + " was not cut off");
    }

    /** The client port of the (one) connection from ADDRESS to the port, as the server sees it. */
    private static String clientPort(LabVps vps, String address) {
        String out = vps.exec("ss", "-tnH", "( dst " + address + " and sport = :" + PORT + " )").orThrow().stdout().strip();
        String peer = out.split("\\s+")[4];
        return peer.substring(peer.lastIndexOf(':') + 1);
    }

    /**
     * Fraction of one core the watcher used over SECONDS, with LOAD running and WORK done meanwhile:
     * utime, stime and the children's times of the watcher (bash), its tail and awk.
     */
    private static double cpu(LabVps vps, int seconds, Thread load, Runnable work) {
        String script = "p=$(cat /run/portcullis/watch.pid); t=0; for q in $p $(cat /proc/$p/task/*/children); do"
                + " set -- $(sed 's/^.*) //' /proc/$q/stat); t=$((t + ${12} + ${13} + ${14} + ${15})); done; echo $t $(getconf CLK_TCK)";
        long[] before = ticks(vps.exec("bash", "-c", script).orThrow().stdout());
        long start = System.nanoTime();
        if (load != null) {
            load.start();
        }
        if (work != null) {
            work.run();
        }
        long left = seconds * 1000L - (System.nanoTime() - start) / 1_000_000;
        if (left > 0) {
            sleep(left);
        }
        long[] after = ticks(vps.exec("bash", "-c", script).orThrow().stdout());
        double elapsed = (System.nanoTime() - start) / 1e9;
        return (after[0] - before[0]) / (double) after[1] / elapsed;
    }

    private static long[] ticks(String out) {
        String[] w = out.strip().split(" ");
        return new long[] {Long.parseLong(w[0]), Long.parseLong(w[1])};
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
