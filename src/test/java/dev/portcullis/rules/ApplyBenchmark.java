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
 * Benchmark of the limits script in the lab (Linux, root), every figure of one run side by side:
 * <ol>
 *   <li>{@code apply}: time to apply 10 and 1000 entries (IPv4 and IPv6, from no rules), as a first
 *       deploy (the whole script a sync sends: it installs itself, its services and hooks, then
 *       applies), as a sync that changed one limit (the whole script again over the installed one
 *       with that limit's old value) and as an apply (the installed copy's {@code apply} of a
 *       limits.conf with the entries, from one with none), against two loops of single {@code iptables} /
 *       {@code ip6tables} calls: one that makes the same chains and rules the apply makes (the
 *       dispatch tree, the leaves, the jump; from the apply's own {@code --dry-run}), and one that
 *       adds a single connlimit rule per entry to one chain (what a flat list of rules would be);</li>
 *   <li>{@code nochange}: time of an apply that changes nothing, with 10 and 1000 entries;</li>
 *   <li>{@code connections}: cost of a new TCP connection attempt with 10, 1000 and 5000 entries, to
 *       the last managed port and to an unmanaged one, as a ratio to no Portcullis rules with
 *       conntrack on ({@link NewConnectionCost});</li>
 *   <li>{@code poll}: server CPU (user + system, the script and every process it starts) of
 *       {@code status} and {@code poll} with 50,000 conntrack entries and 1000 limited ports.</li>
 * </ol>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.portcullis.rules.ApplyBenchmark}
 * (add e.g. {@code -Dexec.args="apply nochange"} for some parts).
 */
public final class ApplyBenchmark {

    private static final int ROUNDS = 5;
    private static final int CONNECTIONS = 20_000;
    private static final int CONNTRACK_ENTRIES = 50_000;
    private static final String OTHER_SCRIPT = "/root/bench-other.sh";

    /** Takes out what the restores alone loaded: the jump from INPUT and every PORTCULLIS chain, both families. */
    private static final String CLEAR_RESTORED = "for t in iptables ip6tables; do $t -w -D INPUT -m conntrack --ctstate NEW -j PORTCULLIS || exit 1;"
            + " $t-save -t filter | awk '/^:PORTCULLIS/ { c[++n] = substr($1, 2) } END { print \"*filter\";"
            + " for (i = 1; i <= n; i++) print \":\" c[i] \" - [0:0]\"; for (i = 1; i <= n; i++) print \"-X \" c[i]; print \"COMMIT\" }'"
            + " | $t-restore -w 10 --noflush || exit 1; done";

    private ApplyBenchmark() {
    }

    public static void main(String[] args) {
        try (Lab lab = Lab.create()) {
            LabVps vps = LabVps.create(lab, "bench");
            LabHost client = lab.host("client");
            List<String> parts = args.length == 0 ? List.of("apply", "nochange", "connections", "poll") : List.of(args);
            if (parts.contains("apply")) {
                applyTimes(vps);
            }
            if (parts.contains("nochange")) {
                noChangeTimes(vps);
            }
            if (parts.contains("connections")) {
                connectionCost(vps, client);
            }
            if (parts.contains("poll")) {
                pollCost(vps, client);
            }
        }
        if (!Lab.leftoverNamespaces().isEmpty()) {
            throw new IllegalStateException("namespaces left: " + Lab.leftoverNamespaces());
        }
    }

    private static void applyTimes(LabVps vps) {
        System.out.println("Apply time (median of " + ROUNDS + "; IPv4 and IPv6; TCP entries, from no rules)");
        System.out.println("entries   first deploy   sync, one limit changed   apply      restores alone   loop, same rules (calls)"
                + "   loop, a rule per entry   same-rules loop / deploy, / apply   one-rule loop / deploy, / apply");
        for (int n : new int[] {10, 1000}) {
            List<LimitEntry> entries = entries(n);
            vps.writeFile(LimitsScriptLabTest.SCRIPT, new ScriptGenerator().generate("bench", entries));
            // A first deploy: the whole script a sync sends, installing itself and applying.
            double deploy = median(ROUNDS, () -> {
                vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
                return timed(vps, "bash " + LimitsScriptLabTest.SCRIPT + " >/dev/null 2>&1");
            });
            // A sync that changed one limit: the whole script again, over the one with the first entry's
            // old limit (installed, its recorder running).
            List<LimitEntry> before = new ArrayList<>(entries);
            before.set(0, LimitEntry.of(before.get(0).port(), LimitMode.CONNECTIONS, 9_999));
            vps.writeFile(OTHER_SCRIPT, new ScriptGenerator().generate("bench", before));
            double sync = median(ROUNDS, () -> {
                ok(vps.exec("bash", OTHER_SCRIPT));
                return timed(vps, "bash " + LimitsScriptLabTest.SCRIPT + " >/dev/null 2>&1");
            });
            vps.exec("rm", "-f", OTHER_SCRIPT);
            // An apply: the installed copy's apply of a limits.conf with n entries, from one with none.
            ok(vps.exec("bash", "-c", "cd /etc/portcullis && cp limits.conf bench.full && grep -v '^port=' bench.full > bench.none"));
            double apply = median(ROUNDS, () -> {
                ok(vps.exec("bash", "-c", "cp /etc/portcullis/bench.none /etc/portcullis/limits.conf && "
                        + LimitsScriptLabTest.INSTALLED + " apply && cp /etc/portcullis/bench.full /etc/portcullis/limits.conf"));
                return timed(vps, LimitsScriptLabTest.INSTALLED + " apply >/dev/null 2>&1");
            });
            // The same chains and rules as single calls: the apply's own full input (--dry-run prints
            // everything), each ":CHAIN" an -N and each rule line an -A or -I of its own.
            String sameRules = ok(vps.exec("bash", "-c", LimitsScriptLabTest.INSTALLED + " apply --dry-run | awk '"
                    + "/^# IPv4/ { t = \"iptables\" } /^# IPv6/ { t = \"ip6tables\" } /^# nftables/ { t = \"\" }"
                    + " t != \"\" && /^:/ { print t \" -w -N \" substr($1, 2) }"
                    + " t != \"\" && /^-[AI] / { print t \" -w \" $0 }'")).stdout();
            long calls = sameRules.lines().count();
            vps.exec("rm", "-f", "/etc/portcullis/bench.full", "/etc/portcullis/bench.none");
            // The floor: the same rules loaded by one iptables-restore and one ip6tables-restore, nothing else.
            ok(vps.exec("bash", "-c", "for f in 4 6; do t=iptables; [[ $f == 4 ]] || t=ip6tables; $t-save -t filter"
                    + " | grep -E '^([*]filter|COMMIT|:PORTCULLIS|-A PORTCULLIS|-A INPUT .*-j PORTCULLIS$)' > /root/bench.v$f || exit 1; done"));
            vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
            double restores = median(ROUNDS, () -> {
                double t = timed(vps, "iptables-restore -w 10 --noflush < /root/bench.v4 && ip6tables-restore -w 10 --noflush < /root/bench.v6");
                ok(vps.exec("bash", "-c", CLEAR_RESTORED));
                return t;
            });
            vps.exec("rm", "-f", "/root/bench.v4", "/root/bench.v6");
            vps.writeFile("/root/bench.loop", "set -e\n" + sameRules);
            double same = median(ROUNDS, () -> {
                double t = timed(vps, "bash /root/bench.loop");
                ok(vps.exec("bash", "-c", CLEAR_RESTORED));
                return t;
            });
            vps.exec("rm", "-f", "/root/bench.loop");
            String loop = loopScript(entries);
            double single = median(ROUNDS, () -> {
                vps.exec("bash", "-c", "for t in iptables ip6tables; do $t -F BENCH 2>/dev/null; $t -D INPUT -j BENCH 2>/dev/null; $t -X BENCH 2>/dev/null; done; true");
                return timed(vps, loop);
            });
            System.out.printf(Locale.ROOT, "%7d   %10.3f s   %21.3f s   %7.3f s   %12.3f s   %13.3f s (%5d)   %19.3f s   %16.1f x, %5.1f x   %15.1f x, %5.1f x%n",
                    n, deploy, sync, apply, restores, same, calls, single, same / deploy, same / apply, single / deploy, single / apply);
            vps.exec("bash", "-c", "for t in iptables ip6tables; do $t -F BENCH; $t -D INPUT -j BENCH; $t -X BENCH; done; true");
        }
        vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
    }

    private static void noChangeTimes(LabVps vps) {
        System.out.println();
        System.out.println("Apply that changes nothing (the installed copy's apply, median of 5)");
        for (int n : new int[] {10, 1000}) {
            NewConnectionCost.apply(vps, entries(n));
            double t = median(5, () -> timed(vps, "bash " + LimitsScriptLabTest.INSTALLED + " apply >/dev/null 2>&1"));
            System.out.printf(Locale.ROOT, "%7d entries   %7.0f ms%n", n, t * 1000);
        }
        vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
    }

    private static void connectionCost(LabVps vps, LabHost client) {
        System.out.println();
        new NewConnectionCost(vps, client, CONNECTIONS, ROUNDS).measure("New connection cost, connections mode",
                new int[] {10, 1000, 5000}, ApplyBenchmark::entries, 29000);
    }

    private static void pollCost(LabVps vps, LabHost client) {
        System.out.println();
        System.out.println("status and poll with " + CONNTRACK_ENTRIES + " conntrack entries and 1000 limited ports"
                + " (server CPU, user + system, median of 5)");
        NewConnectionCost.apply(vps, entries(1000));
        // One UDP datagram to each of 50,000 ports (1000 of them limited): one conntrack entry each,
        // kept for 10 minutes.
        ok(vps.exec("sysctl", "-qw", "net.netfilter.nf_conntrack_udp_timeout=600"));
        ok(client.exec("python3", "-c", "import socket\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "for p in range(10000, 10000 + " + CONNTRACK_ENTRIES + "):\n"
                + "    s.sendto(b'x', ('" + vps.ipv4() + "', p))\n"));
        System.out.println("conntrack entries: " + ok(vps.exec("conntrack", "-C")).stdout().strip());
        for (String command : List.of("status", "poll")) {
            double cpu = median(5, () -> cpu(vps, LimitsScriptLabTest.INSTALLED + " " + command));
            System.out.printf(Locale.ROOT, "%-7s %7.0f ms%n", command, cpu * 1000);
        }
        vps.exec("conntrack", "-F");
        vps.exec("bash", LimitsScriptLabTest.INSTALLED, "remove");
    }

    private static Shell.Result ok(Shell.Result r) {
        if (!r.ok()) {
            throw new IllegalStateException(r.command() + ": " + r.stderr());
        }
        return r;
    }

    /** Seconds of CPU (user + system) a command and its children take on the server. */
    private static double cpu(LabVps vps, String command) {
        Shell.Result r = ok(Shell.exec(null, 600, vps.onServer("/usr/bin/time", "-f", "cpu %U %S", "bash", "-c",
                command + " >/dev/null 2>&1; true")));
        String[] lines = r.stderr().strip().split("\n");
        String[] cpu = lines[lines.length - 1].split(" ");
        return Double.parseDouble(cpu[1]) + Double.parseDouble(cpu[2]);
    }

    /** n TCP entries on ports 30000..; the last is 29999+n (30999 for 1000), limit high enough never to refuse. */
    static List<LimitEntry> entries(int n) {
        List<LimitEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(LimitEntry.of(30000 + i, LimitMode.CONNECTIONS, 10_000));
        }
        return entries;
    }

    /** One connlimit rule per entry (no tree, no leaf chains), added one iptables call at a time into a chain BENCH. */
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
        if (!r.ok() || !lines[lines.length - 1].matches("[0-9]+")) {
            throw new IllegalStateException("timed command failed (exit " + r.exitCode() + "): " + r.stderr());
        }
        return Long.parseLong(lines[lines.length - 1]) / 1e9;
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
