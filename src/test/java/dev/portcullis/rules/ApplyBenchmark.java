package dev.portcullis.rules;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of the limits script in the lab (Linux, root):
 * <ol>
 *   <li>time to apply 10, 100 and 1000 entries with the script (one {@code iptables-restore
 *       --noflush} per family) against a loop of single {@code iptables -A} / {@code ip6tables -A}
 *       calls adding the same rules;</li>
 *   <li>cost of a new TCP connection attempt (connect, RST from the kernel as nothing listens) from
 *       a client namespace with no rules, and with 1000 managed ports, to a managed port (its rule
 *       is the last one) and to an unmanaged port (all rules are walked), as a ratio to no rules.</li>
 * </ol>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.portcullis.rules.ApplyBenchmark}
 * (add {@code -Dexec.args=apply} or {@code -Dexec.args=connections} for one part).
 */
public final class ApplyBenchmark {

    private static final int ROUNDS = 3;
    private static final int CONNECTIONS = 20_000;

    private ApplyBenchmark() {
    }

    public static void main(String[] args) {
        try (Lab lab = Lab.create()) {
            LabVps vps = LabVps.create(lab, "bench");
            LabHost client = lab.host("client");
            List<String> parts = args.length == 0 ? List.of("apply", "connections") : List.of(args);
            if (parts.contains("apply")) {
                applyTimes(vps);
            }
            if (parts.contains("connections")) {
                connectionCost(vps, client);
            }
        }
        if (!Lab.leftoverNamespaces().isEmpty()) {
            throw new IllegalStateException("namespaces left: " + Lab.leftoverNamespaces());
        }
    }

    private static void applyTimes(LabVps vps) {
            System.out.println("Apply time (median of " + ROUNDS + "; IPv4 and IPv6; TCP entries, one rule per family each)");
            System.out.println("entries   script apply   loop of iptables -A   loop / script");
            for (int n : new int[] {10, 100, 1000}) {
                List<LimitEntry> entries = entries(n);
                vps.writeFile(LimitsScriptLabTest.SCRIPT, new ScriptGenerator().generate("bench", entries));
                double script = median(ROUNDS, () -> {
                    vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
                    return timed(vps, "bash " + LimitsScriptLabTest.SCRIPT + " >/dev/null 2>&1");
                });
                String loop = loopScript(entries);
                double single = median(ROUNDS, () -> {
                    vps.exec("bash", "-c", "for t in iptables ip6tables; do $t -F BENCH 2>/dev/null; $t -D INPUT -j BENCH 2>/dev/null; $t -X BENCH 2>/dev/null; done; true");
                    return timed(vps, loop);
                });
                System.out.printf(Locale.ROOT, "%7d   %10.3f s   %17.3f s   %10.1f x%n", n, script, single, single / script);
            }
            vps.exec("bash", "-c", "for t in iptables ip6tables; do $t -F BENCH; $t -D INPUT -j BENCH; $t -X BENCH; done; true");
            vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
    }

    private static void connectionCost(LabVps vps, LabHost client) {
            // Nothing listens on these ports: every SYN walks the rules and the kernel answers RST.
            System.out.println();
            System.out.println("New connection cost (connect, RST from the kernel; client namespace; " + CONNECTIONS
                    + " attempts, median of 5 slices; median of " + ROUNDS + " rounds)");
            vps.writeFile(LimitsScriptLabTest.SCRIPT, new ScriptGenerator().generate("bench", entries(1000)));
            double[] none = new double[ROUNDS];
            double[] managed = new double[ROUNDS];
            double[] unmanaged = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
                none[r] = client.connectCost(vps.ipv4(), 31001, CONNECTIONS);
                Shell.Result applied = vps.exec("bash", LimitsScriptLabTest.SCRIPT);
                if (!applied.ok()) {
                    throw new IllegalStateException(applied.stderr());
                }
                managed[r] = client.connectCost(vps.ipv4(), 30999, CONNECTIONS);
                unmanaged[r] = client.connectCost(vps.ipv4(), 31001, CONNECTIONS);
            }
            double base = median(none);
            System.out.printf(Locale.ROOT, "no rules                          %7.1f us   1.00 x%n", base / 1000);
            System.out.printf(Locale.ROOT, "1000 ports, to the last managed   %7.1f us   %.2f x%n", median(managed) / 1000, median(managed) / base);
            System.out.printf(Locale.ROOT, "1000 ports, to an unmanaged port  %7.1f us   %.2f x%n", median(unmanaged) / 1000, median(unmanaged) / base);
            vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
    }

    /** n TCP entries on ports 30000..; the last is 29999+n (30999 for 1000), limit high enough never to refuse. */
    static List<LimitEntry> entries(int n) {
        List<LimitEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(LimitEntry.of(30000 + i, LimitMode.CONNECTIONS, 10_000));
        }
        return entries;
    }

    /** The same rules the script makes, added one iptables call at a time into a chain BENCH. */
    private static String loopScript(List<LimitEntry> entries) {
        StringBuilder b = new StringBuilder("set -e; for t in iptables ip6tables; do $t -w -N BENCH; $t -w -I INPUT 1 -j BENCH; done; ");
        b.append("for t in iptables ip6tables; do for p in");
        entries.forEach(e -> b.append(' ').append(e.port()));
        b.append("; do $t -w -A BENCH -p tcp -m conntrack --ctstate NEW --ctorigdstport $p -m connlimit --connlimit-above 10000")
                .append(" --connlimit-mask 0 -m comment --comment \"portcullis $p/tcp\" -j REJECT --reject-with tcp-reset; done; done");
        return b.toString();
    }

    /** Seconds a bash command takes on the server, measured there (no JVM or nsenter start-up). */
    private static double timed(LabVps vps, String command) {
        Shell.Result r = Shell.exec(null, 600,
                vps.onServer("bash", "-c", "s=$(date +%s%N); " + command + "; e=$(date +%s%N); echo $(( e - s ))"));
        String[] lines = r.stdout().strip().split("\n");
        return Long.parseLong(lines[lines.length - 1]) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(int rounds, java.util.function.DoubleSupplier run) {
        double[] values = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            values[i] = run.getAsDouble();
        }
        Arrays.sort(values);
        return values[rounds / 2];
    }
}
