package dev.portcullis.rules;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.LabHost;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of mode {@code devices} (nftables) in the lab (Linux, root):
 * <ol>
 *   <li>{@code connections}: cost of a new TCP connection attempt (connect, RST from the kernel as
 *       nothing listens) with no rules and with 1, 100 and 1000 devices entries, to the last
 *       managed port and to an unmanaged one, as a ratio to no rules (conntrack on); the
 *       configurations are measured in a rotating order round after round;</li>
 *   <li>{@code packets}: cost per packet of an established flow (UDP round trips to an echo server on
 *       a managed port, 1001 entries): no rules, refresh on every packet (what the script does with
 *       every packet of an established connection), and refresh on new connections only (the
 *       alternative: only new connections reach the map);</li>
 *   <li>{@code idle}: both refresh choices with N=1 and a 3 s idle timeout: when does a second
 *       device get in while the first one is active on one long connection, and when after the
 *       first one falls silent (a phone gone from Wi-Fi to LTE)?</li>
 * </ol>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.portcullis.rules.DevicesBenchmark}
 * (add {@code -Dexec.args=connections}, {@code packets} or {@code idle} for one part).
 */
public final class DevicesBenchmark {

    private static final int ROUNDS = 5;
    private static final int CONNECTIONS = 20_000;
    private static final int ROUND_TRIPS = 50_000;
    private static final int ECHO_PORT = 29_999;
    private static final String NEW_ONLY =
            "flush chain inet portcullis input; add rule inet portcullis input ct state new meta l4proto . th dport vmap @ports";

    private DevicesBenchmark() {
    }

    public static void main(String[] args) {
        try (Lab lab = Lab.create()) {
            LabVps vps = LabVps.create(lab, "bench");
            vps.host().startEchoServer(ECHO_PORT);
            LabHost client = lab.host("client");
            List<String> parts = args.length == 0 ? List.of("connections", "packets", "idle") : List.of(args);
            if (parts.contains("connections")) {
                connectionCost(vps, client);
            }
            if (parts.contains("packets")) {
                packetCost(vps, client);
            }
            if (parts.contains("idle")) {
                idle(vps, client, lab.host("second"));
            }
        }
        if (!Lab.leftoverNamespaces().isEmpty()) {
            throw new IllegalStateException("namespaces left: " + Lab.leftoverNamespaces());
        }
    }

    private static void connectionCost(LabVps vps, LabHost client) {
        new NewConnectionCost(vps, client, CONNECTIONS, ROUNDS).measure("New connection cost, devices mode",
                new int[] {1, 100, 1000}, DevicesBenchmark::entries, 31001);
    }

    private static void packetCost(LabVps vps, LabHost client) {
        System.out.println();
        System.out.println("Per-packet cost on an established flow (UDP echo to a managed port, 1001 devices entries; "
                + ROUND_TRIPS + " round trips, median of 5 slices; median of " + ROUNDS + " rounds)");
        List<LimitEntry> entries = new ArrayList<>(entries(1000));
        entries.add(LimitEntry.of(ECHO_PORT, LimitMode.DEVICES, 10_000).withProtocol(Protocol.BOTH));
        double[] none = new double[ROUNDS];
        double[] every = new double[ROUNDS];
        double[] newOnly = new double[ROUNDS];
        NewConnectionCost.conntrack(vps, true);
        for (int r = 0; r < ROUNDS; r++) {
            NewConnectionCost.remove(vps);
            none[r] = client.udpRoundTripCost(vps.ipv4(), ECHO_PORT, ROUND_TRIPS);
            apply(vps, entries);
            every[r] = client.udpRoundTripCost(vps.ipv4(), ECHO_PORT, ROUND_TRIPS);
            Shell.Result swap = vps.exec("nft", NEW_ONLY);
            if (!swap.ok()) {
                throw new IllegalStateException(swap.stderr());
            }
            newOnly[r] = client.udpRoundTripCost(vps.ipv4(), ECHO_PORT, ROUND_TRIPS);
        }
        double base = NewConnectionCost.median(none);
        System.out.printf(Locale.ROOT, "no rules (conntrack on)               %7.2f us per round trip%n", base / 1000);
        System.out.printf(Locale.ROOT, "refresh on every packet (the script)  %7.2f us   %+6.0f ns per packet   %.3f x%n",
                NewConnectionCost.median(every) / 1000, NewConnectionCost.median(every) - base, NewConnectionCost.median(every) / base);
        System.out.printf(Locale.ROOT, "refresh on new connections only       %7.2f us   %+6.0f ns per packet   %.3f x%n",
                NewConnectionCost.median(newOnly) / 1000, NewConnectionCost.median(newOnly) - base, NewConnectionCost.median(newOnly) / base);
        NewConnectionCost.remove(vps);
        NewConnectionCost.conntrack(vps, false);
    }

    private static void idle(LabVps vps, LabHost first, LabHost second) {
        System.out.println();
        System.out.println("N=1, idle 3 s: device A holds one TCP connection; device B tries a new one every 0.25 s");
        LabClient a = first.client();
        LabClient b = second.client();
        for (boolean everyPacket : new boolean[] {true, false}) {
            String name = everyPacket ? "refresh on every packet" : "refresh on new connections";
            apply(vps, List.of(LimitEntry.of(ECHO_PORT, LimitMode.DEVICES, 1).withIdle(3)));
            if (!everyPacket) {
                vps.exec("nft", NEW_ONLY);
            }
            // A is active: one packet every 0.5 s for 6 s on its one connection.
            Connection held = a.tcp(vps.ipv4(), ECHO_PORT);
            long start = System.nanoTime();
            double admittedWhileActive = -1;
            while (System.nanoTime() - start < 6_000_000_000L) {
                a.probe(held);
                if (admittedWhileActive < 0 && b.tcp(vps.ipv4(), ECHO_PORT).ok()) {
                    admittedWhileActive = (System.nanoTime() - start) / 1e9;
                }
                sleep(0.25);
            }
            System.out.printf(Locale.ROOT, "%-27s A active 6 s: B %s%n", name, admittedWhileActive < 0
                    ? "refused throughout" : String.format(Locale.ROOT, "admitted after %.1f s (the cap is broken: A is still active)", admittedWhileActive));
            if (admittedWhileActive < 0) {
                // Wi-Fi to LTE: A falls silent; how long after its last packet does B get in?
                a.probe(held);
                long last = System.nanoTime();
                double admitted = -1;
                for (int i = 0; i < 60 && admitted < 0; i++) {
                    sleep(0.25);
                    if (b.tcp(vps.ipv4(), ECHO_PORT).ok()) {
                        admitted = (System.nanoTime() - last) / 1e9;
                    }
                }
                System.out.printf(Locale.ROOT, "%-27s A silent: B admitted %.1f s after A's last packet%n", name, admitted);
            }
            a.close(held);
            NewConnectionCost.remove(vps);
        }
    }

    /** n TCP devices entries on ports 30000.., never full (N = 10000). */
    static List<LimitEntry> entries(int n) {
        List<LimitEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(LimitEntry.of(30000 + i, LimitMode.DEVICES, 10_000));
        }
        return entries;
    }

    private static void apply(LabVps vps, List<LimitEntry> entries) {
        NewConnectionCost.remove(vps);
        NewConnectionCost.apply(vps, entries);
    }

    private static void sleep(double seconds) {
        Shell.exec(null, 5, "sleep", Double.toString(seconds));
    }
}
