package dev.portcullis.rules;

import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The new-connection part of the rules benchmarks: the cost of a TCP connection attempt (connect,
 * RST from the kernel as nothing listens) from a client namespace, with no Portcullis rules and with
 * each configuration of entries, to the last managed port and to an unmanaged one.
 *
 * <p>The baseline is a server without Portcullis rules but with conntrack on, as on any server with a
 * stateful firewall rule: without a rule using conntrack a namespace tracks nothing, the limits turn
 * it on (connlimit needs it), and its cost would otherwise be counted as theirs. The figure without
 * conntrack is printed too. Configurations are measured in a rotating order, one round after
 * another, and within a configuration the managed and the unmanaged port alternate which goes first:
 * measuring them one after the other (no rules first, the most entries last) let drift on the machine
 * and the state left by earlier runs land on one configuration.
 */
final class NewConnectionCost {

    /** A typical server's firewall: one stateful rule in a table of its own, so conntrack tracks every packet. */
    static final String CONNTRACK_ON =
            "add table inet benchfw; add chain inet benchfw input { type filter hook input priority 10; policy accept; };"
            + " add rule inet benchfw input ct state invalid drop";

    private final LabVps vps;
    private final LabHost client;
    private final int attempts;
    private final int rounds;

    NewConnectionCost(LabVps vps, LabHost client, int attempts, int rounds) {
        this.vps = vps;
        this.client = client;
        this.attempts = attempts;
        this.rounds = rounds;
    }

    /**
     * Measures and prints every configuration side by side.
     *
     * @param sizes         the numbers of entries (no rules is always measured too)
     * @param entries       the entries of a configuration: ports 30000.., the last one 29999 + n
     * @param unmanagedPort a port no configuration limits
     */
    void measure(String title, int[] sizes, IntFunction<List<LimitEntry>> entries, int unmanagedPort) {
        int[] configs = new int[sizes.length + 1];
        System.arraycopy(sizes, 0, configs, 1, sizes.length);
        System.out.println(title + " (connect, RST from the kernel; " + attempts + " attempts, median of 5 slices; median of "
                + rounds + " rounds, configurations in a rotating order)");
        System.out.println("                         to the last managed port    to an unmanaged port");
        double[] none = new double[rounds];
        double[] tracked = new double[2 * rounds];
        double[][] managed = new double[configs.length][rounds];
        double[][] unmanaged = new double[configs.length][rounds];
        remove(vps);
        for (int r = 0; r < rounds; r++) {
            none[r] = client.connectCost(vps.ipv4(), unmanagedPort, attempts);
        }
        conntrack(vps, true);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < configs.length; k++) {
                int c = (k + r) % configs.length;
                int n = configs[c];
                if (n == 0) {
                    remove(vps);
                } else {
                    apply(vps, entries.apply(n));
                }
                Shell.exec(null, 5, "sleep", "1");
                int managedPort = n == 0 ? 30000 : 29999 + n;
                if (r % 2 == 0) {
                    managed[c][r] = client.connectCost(vps.ipv4(), managedPort, attempts);
                    unmanaged[c][r] = client.connectCost(vps.ipv4(), unmanagedPort, attempts);
                } else {
                    unmanaged[c][r] = client.connectCost(vps.ipv4(), unmanagedPort, attempts);
                    managed[c][r] = client.connectCost(vps.ipv4(), managedPort, attempts);
                }
            }
        }
        System.arraycopy(managed[0], 0, tracked, 0, rounds);
        System.arraycopy(unmanaged[0], 0, tracked, rounds, rounds);
        double base = median(tracked);
        System.out.printf(Locale.ROOT, "no rules, no conntrack   %7.1f us   %.2f x%n", median(none) / 1000, median(none) / base);
        System.out.printf(Locale.ROOT, "no rules (conntrack on)  %7.1f us   1.00 x   <- the baseline%n", base / 1000);
        for (int c = 1; c < configs.length; c++) {
            System.out.printf(Locale.ROOT, "%5d entries            %7.1f us   %.2f x        %7.1f us   %.2f x%n", configs[c],
                    median(managed[c]) / 1000, median(managed[c]) / base, median(unmanaged[c]) / 1000, median(unmanaged[c]) / base);
        }
        if (Boolean.getBoolean("raw")) {
            for (int c = 0; c < configs.length; c++) {
                System.out.println(configs[c] + " " + Arrays.toString(managed[c]) + " " + Arrays.toString(unmanaged[c]));
            }
        }
        remove(vps);
        conntrack(vps, false);
    }

    /** Installs and applies the entries with the generated script (no 60 s limit: 5000 entries take long on a busy machine). */
    static void apply(LabVps vps, List<LimitEntry> entries) {
        vps.writeFile(LimitsScriptLabTest.SCRIPT, new ScriptGenerator().generate("bench", entries));
        Shell.Result applied = Shell.exec(null, 900, vps.onServer("bash", LimitsScriptLabTest.SCRIPT));
        if (!applied.ok()) {
            throw new IllegalStateException(applied.stderr());
        }
    }

    /** Takes every Portcullis rule off the server (nothing when the script is not installed). */
    static void remove(LabVps vps) {
        vps.exec("bash", "-c", "test -x " + LimitsScriptLabTest.INSTALLED + " && " + LimitsScriptLabTest.INSTALLED + " remove; true");
    }

    /** Turns the typical server's stateful rule on or off. */
    static void conntrack(LabVps vps, boolean on) {
        vps.exec("nft", on ? CONNTRACK_ON : "delete table inet benchfw");
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
