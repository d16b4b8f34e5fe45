package dev.portcullis.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.lab.DelayRelay;
import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import dev.portcullis.remote.CredentialSource;
import dev.portcullis.remote.Deployer;
import dev.portcullis.remote.InMemoryHostKeyStore;
import dev.portcullis.remote.SshConnector;
import dev.portcullis.remote.SshSettings;
import dev.portcullis.remote.EntryMapScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (not part of the normal build): sync of 1, 10 and 30 lab servers with 100 ms of added
 * round-trip time, against the naive sequential loop {@code ssh host 'bash -s -- apply' < script}
 * and, when installed, Ansible with its default 5 forks. Every round changes a limit so that every
 * server really applies. Run it with:
 *
 * <pre>./mvnw -B test -Dtest=SyncBenchmark -Dportcullis.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The delay comes from {@code tc netem} on each server's link where the kernel has sch_netem, else
 * from a relay on 127.0.0.1 that holds every chunk 50 ms each way. Figures go to stdout and
 * target/benchmark/sync.txt. Times exclude JVM start-up (one warm-up sync first).
 */
class SyncBenchmark {

    private static final int RTT_MS = 100;
    private static final int[] SIZES = {1, 10, 30};

    @Test
    void syncAllVersusSequentialSsh() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("portcullis.benchmark"), "benchmark: run with -Dportcullis.benchmark=true");
        Path dir = Files.createTempDirectory("portcullis-bench");
        List<DelayRelay> relays = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        try (Lab lab = Lab.create()) {
            lab.attachTestJvm();
            Path key = dir.resolve("id_ed25519");
            Shell.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
            String pub = Files.readString(dir.resolve("id_ed25519.pub"));
            List<LabSshd> sshds = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                LabSshd s = LabSshd.start(LabVps.create(lab, "b" + i), "ed25519");
                s.authorize("root", pub);
                sshds.add(s);
            }
            boolean netem = true;
            try {
                for (LabSshd s : sshds) {
                    lab.delay(s.vps().host(), RTT_MS);
                }
            } catch (RuntimeException e) {
                netem = false;
            }
            List<Server> servers = new ArrayList<>();
            for (int i = 0; i < sshds.size(); i++) {
                LabSshd s = sshds.get(i);
                String host = s.vps().ipv4();
                int port = 22;
                if (!netem) {
                    DelayRelay relay = new DelayRelay(host, 22, RTT_MS);
                    relays.add(relay);
                    host = "127.0.0.1";
                    port = relay.port();
                }
                servers.add(new Server(0, "b" + i, host, port, "root", AuthKind.KEY_FILE, key.toString(), false));
            }
            String delayHow = netem ? "tc netem delay " + RTT_MS + " ms on each server link"
                    : "no sch_netem in this kernel: a TCP relay adds " + RTT_MS / 2 + " ms each way (" + RTT_MS + " ms RTT)";
            double measuredRtt = measureRtt(servers.get(0));
            line(report, "Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                    + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " before the run");
            line(report, "Added delay: " + delayHow + "; the SSH banner arrives " + fmt(measuredRtt) + " s after connecting");

            InMemoryHostKeyStore keys = new InMemoryHostKeyStore();
            EntryMapScripts scripts = new EntryMapScripts();
            SshConnector connector = new SshConnector(keys, CredentialSource.none(),
                    SshSettings.defaults().withKnownHosts(null).withConnect(Duration.ofSeconds(20)));
            for (Server s : servers) {
                connector.trust(s, null);
            }
            FleetSync fleet = new FleetSync(new Deployer(connector, scripts));
            int[] round = {0};
            Runnable bump = () -> {
                round[0]++;
                for (Server s : servers) {
                    scripts.set(s.name(), entries(round[0]));
                }
            };
            bump.run();
            fleet.sync(servers.subList(0, 1), 1, SyncListener.NONE); // warm-up: class loading and crypto set-up

            boolean ansible = Files.isExecutable(Path.of("/usr/bin/ansible-playbook"));
            line(report, String.format(Locale.ROOT, "%-8s %-24s %-24s %-22s %-22s%s", "servers", "portcullis --parallel 8",
                    "portcullis --parallel 32", "portcullis unchanged", "ssh loop (sequential)", ansible ? "  ansible (5 forks)" : ""));
            StringBuilder cpuNotes = new StringBuilder();
            double oneServer = 0;
            double thirty8 = 0;
            double thirty32 = 0;
            for (int n : SIZES) {
                List<Server> some = servers.subList(0, n);
                bump.run();
                long cpu0 = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis();
                long[] machine0 = machineCpuTicks();
                double p8 = timeSync(fleet, some, 8, SyncStatus.OK);
                long jvmCpu = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis() - cpu0;
                long[] machine1 = machineCpuTicks();
                double busy = (machine1[0] - machine0[0]) / 100.0;
                double available = (machine1[1] - machine0[1]) / 100.0;
                bump.run();
                double p32 = timeSync(fleet, some, 32, SyncStatus.OK);
                double same = timeSync(fleet, some, 8, SyncStatus.UNCHANGED);
                bump.run();
                double loop = sshLoop(dir, key, some, scripts);
                String ans = "";
                if (ansible) {
                    bump.run();
                    ans = "  " + fmt(ansible(dir, key, some, scripts)) + " s";
                }
                if (n == 1) {
                    oneServer = p8;
                }
                if (n == 30) {
                    thirty8 = p8;
                    thirty32 = p32;
                }
                line(report, String.format(Locale.ROOT, "%-8d %-24s %-24s %-22s %-22s%s", n, fmt(p8) + " s", fmt(p32) + " s",
                        fmt(same) + " s", fmt(loop) + " s", ans));
                cpuNotes.append(n).append(" server(s): JVM ").append(jvmCpu).append(" ms, whole machine busy ")
                        .append(fmt(busy)).append(" of ").append(fmt(available)).append(" CPU-s; ");
            }
            line(report, "30 servers / 1 server: " + fmt(thirty8 / oneServer) + "x with --parallel 8, "
                    + fmt(thirty32 / oneServer) + "x with --parallel 32 (target < 2x: "
                    + (thirty32 < 2 * oneServer ? "met" : "missed") + ")");
            line(report, "CPU during the --parallel 8 syncs (the lab's servers, sshd and scripts included): " + cpuNotes);
            line(report, "Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                    + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at the end (lab servers share these CPUs)");
            Path out = Path.of("target", "benchmark", "sync.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report.toString());
        } finally {
            relays.forEach(DelayRelay::close);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static List<LimitEntry> entries(int round) {
        List<LimitEntry> list = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            list.add(LimitEntry.of(20000 + i, i % 2 == 0 ? LimitMode.CONNECTIONS_PER_IP : LimitMode.CONNECTIONS, 10 + round));
        }
        return list;
    }

    private static double timeSync(FleetSync fleet, List<Server> servers, int parallel, SyncStatus expected) {
        long start = System.nanoTime();
        List<SyncResult> results = fleet.sync(servers, parallel, SyncListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (SyncResult r : results) {
            assertEquals(expected, r.status(), r.server() + ": " + r.error());
        }
        return seconds;
    }

    /** The naive way: one server after the other, {@code ssh host 'bash -s -- apply' < script}. */
    private static double sshLoop(Path dir, Path key, List<Server> servers, EntryMapScripts scripts) throws IOException {
        StringBuilder loop = new StringBuilder("set -e\n");
        for (Server s : servers) {
            Path script = writeScript(dir, scripts, s);
            loop.append("ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes")
                    .append(" -i ").append(key).append(" -p ").append(s.port()).append(" root@").append(s.host())
                    .append(" 'bash -s -- apply' < ").append(script).append(" >/dev/null\n");
        }
        long start = System.nanoTime();
        Shell.Result r = Shell.exec(loop.toString(), 600, "bash", "-s");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exitCode(), r.stderr());
        return seconds;
    }

    /** Ansible with its default 5 forks running the same script (module script: upload and run). */
    private static double ansible(Path dir, Path key, List<Server> servers, EntryMapScripts scripts) throws IOException {
        StringBuilder inventory = new StringBuilder("[lab]\n");
        for (Server s : servers) {
            Path script = writeScript(dir, scripts, s);
            inventory.append(s.name()).append(" ansible_host=").append(s.host()).append(" ansible_port=").append(s.port())
                    .append(" ansible_user=root ansible_ssh_private_key_file=").append(key)
                    .append(" script_file=").append(script).append('\n');
        }
        Files.writeString(dir.resolve("inventory"), inventory);
        Files.writeString(dir.resolve("play.yml"), """
                - hosts: lab
                  gather_facts: false
                  tasks:
                    - script: "{{ script_file }} apply"
                """);
        long start = System.nanoTime();
        Shell.Result r = Shell.exec(null, 600, "env", "LC_ALL=C.UTF-8", "LANG=C.UTF-8", "ANSIBLE_HOST_KEY_CHECKING=False",
                "ANSIBLE_SSH_ARGS=-o UserKnownHostsFile=/dev/null -o ControlMaster=no", "ansible-playbook", "-i",
                dir.resolve("inventory").toString(), dir.resolve("play.yml").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        return seconds;
    }

    /** Writes the server's deployment script to {@code dir/NAME.sh} for the tools that run a file. */
    private static Path writeScript(Path dir, EntryMapScripts scripts, Server s) throws IOException {
        Path script = dir.resolve(s.name() + ".sh");
        Files.writeString(script, scripts.deploymentFor(s).script());
        return script;
    }

    private static double measureRtt(Server s) throws IOException {
        long start = System.nanoTime();
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(s.host(), s.port()), 5000);
            socket.getInputStream().read(); // the SSH banner: one full round trip through the delay
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Busy and total CPU ticks of the machine (USER_HZ, 100 per second), from /proc/stat. */
    private static long[] machineCpuTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }

    private static void line(StringBuilder report, String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
