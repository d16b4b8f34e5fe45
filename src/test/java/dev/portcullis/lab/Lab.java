package dev.portcullis.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A small network of Linux network namespaces joined by one bridge: the test bed for everything
 * that needs a real kernel. Addresses come from 198.18.0.0/15 and fd00::/8 only, derived from the
 * PID so that concurrent runs never meet. {@link #close()} stops every process started through the
 * lab (by PID) and deletes every namespace it made.
 *
 * <pre>
 * try (Lab lab = Lab.create()) {
 *     LabHost server = lab.host("vps");
 *     LabHost client = lab.host("client");
 *     ...
 * }
 * </pre>
 */
public final class Lab implements AutoCloseable {

    private static final AtomicInteger LABS = new AtomicInteger();

    private final String prefix;
    private final int subnet;
    private final String switchNs;
    private final List<LabHost> hosts = new ArrayList<>();
    private String jvmLink;
    private boolean closed;

    private Lab(String prefix, int subnet) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.switchNs = prefix + "-sw";
    }

    /**
     * Skips the calling test with a one-line reason where the lab cannot run (not Linux, not root,
     * tools missing); under {@code CI=true} on Linux that is a failure instead, so CI never passes by
     * skipping (see {@link #skip}).
     */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        if (reason != null) {
            skip("lab test skipped: " + reason);
        }
    }

    /**
     * Skips the calling test with this one-line reason, or fails it where a skip is not allowed:
     * under {@code CI=true} on Linux, where the CI set-up ({@code .ci/run}, as root) provides every
     * tool the tests need. Windows and macOS runners skip what needs Linux and say why.
     */
    public static void skip(String reason) {
        if (skipIsFailure(System.getenv(), System.getProperty("os.name", ""))) {
            throw new AssertionError("cannot skip with CI=true on Linux: " + reason);
        }
        Assumptions.abort(reason);
    }

    static boolean skipIsFailure(Map<String, String> env, String osName) {
        return "true".equalsIgnoreCase(env.get("CI")) && isLinux(osName);
    }

    static boolean isLinux(String osName) {
        return osName.toLowerCase(Locale.ROOT).contains("linux");
    }

    /** What runs on a server (bash 4+, GNU or busybox tools) is tested on Linux; elsewhere it is skipped. */
    public static void assumeLinux(String what) {
        if (!isLinux(System.getProperty("os.name", ""))) {
            Assumptions.abort(what + " runs on Linux servers: tested on Linux only");
        }
    }

    private static String unavailableReason() {
        if (!isLinux(System.getProperty("os.name", ""))) {
            return "needs Linux network namespaces";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root for network namespaces and iptables";
        }
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/iptables", "/usr/sbin/ip6tables", "/usr/sbin/nft")) {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr/sbin", "/sbin")))) {
                return tool + " is not installed (run .ci/run or apt-get install iproute2 iptables nftables)";
            }
        }
        return null;
    }

    public static Lab create() {
        assumeAvailable();
        long pid = ProcessHandle.current().pid();
        int n = LABS.incrementAndGet();
        // A /24 of 198.18.0.0/15 per lab; the bridge is private to the lab, so this only keeps runs apart.
        int subnet = (int) ((pid * 31 + n) % 250) + 1;
        Lab lab = new Lab("pcl" + pid + "x" + n, subnet);
        try {
            lab.createSwitch();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void createSwitch() {
        Shell.run("ip", "netns", "add", switchNs);
        inSwitch("ip", "link", "set", "lo", "up");
        inSwitch("ip", "link", "add", "br0", "type", "bridge");
        inSwitch("ip", "link", "set", "br0", "up");
    }

    private void inSwitch(String... command) {
        Shell.run(Shell.inNamespace(switchNs, command));
    }

    /** A new host on the lab's bridge with the next IPv4 and IPv6 address. */
    public synchronized LabHost host(String name) {
        if (closed) {
            throw new IllegalStateException("lab is closed");
        }
        int index = hosts.size() + 1;
        if (index > 200) {
            throw new IllegalStateException("at most 200 hosts per lab");
        }
        String ns = prefix + "-" + name;
        Shell.run("ip", "netns", "add", ns);
        LabHost host = new LabHost(ns, "198.18." + subnet + "." + index, ipv6Prefix() + index);
        hosts.add(host);
        Shell.run("ip", "link", "add", "name", "eth0", "netns", ns, "type", "veth",
                "peer", "name", "p" + index, "netns", switchNs);
        inSwitch("ip", "link", "set", "p" + index, "master", "br0");
        inSwitch("ip", "link", "set", "p" + index, "up");
        host.exec("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
        host.exec("ip", "link", "set", "lo", "up");
        host.exec("ip", "link", "set", "eth0", "up");
        host.exec("ip", "addr", "add", host.ipv4() + "/24", "dev", "eth0");
        host.exec("ip", "-6", "addr", "add", host.ipv6() + "/64", "dev", "eth0", "nodad");
        return host;
    }

    /** The /64 all hosts share, e.g. {@code fd00:18:7::} — hosts get {@code ::1}, {@code ::2}, ... */
    public String ipv6Prefix() {
        return "fd00:18:" + Integer.toHexString(subnet) + "::";
    }

    /** IPv4 addresses of this lab are 198.18.{subnet}.x/24. */
    public String ipv4Prefix() {
        return "198.18." + subnet + ".";
    }

    /**
     * Gives the test JVM (root network namespace) a leg on the lab bridge: a veth pair whose lab end
     * joins the bridge and whose root end gets {@code 198.18.X.254/24} and {@code fd00:18:X::fe/64},
     * so that in-JVM clients (sshj) reach every lab host. Only lab addresses are added; the link is
     * deleted at {@link #close()}. Returns the JVM's IPv4 address on the lab.
     */
    public synchronized String attachTestJvm() {
        if (closed) {
            throw new IllegalStateException("lab is closed");
        }
        if (jvmLink == null) {
            String link = prefix + "j";
            if (link.length() > 15) {
                throw new IllegalStateException("interface name too long: " + link);
            }
            Shell.run("ip", "link", "add", "name", link, "type", "veth", "peer", "name", "jvm", "netns", switchNs);
            jvmLink = link;
            inSwitch("ip", "link", "set", "jvm", "master", "br0");
            inSwitch("ip", "link", "set", "jvm", "up");
            Shell.run("ip", "addr", "add", ipv4Prefix() + "254/24", "dev", link);
            Shell.run("ip", "-6", "addr", "add", ipv6Prefix() + "fe/64", "dev", link, "nodad");
            Shell.run("ip", "link", "set", link, "up");
        }
        return ipv4Prefix() + "254";
    }

    /** Adds link delay (tc netem) between the bridge and a host, for benchmarks over a slow network. */
    public void delay(LabHost host, int millis) {
        host.exec("tc", "qdisc", "replace", "dev", "eth0", "root", "netem", "delay", millis + "ms");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> problems = new ArrayList<>();
        for (LabHost host : hosts) {
            try {
                host.stopAll();
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        if (jvmLink != null && Files.exists(Path.of("/sys/class/net", jvmLink))) {
            try {
                Shell.run("ip", "link", "del", jvmLink);
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        for (LabHost host : hosts) {
            deleteNamespace(host.namespace(), problems);
        }
        deleteNamespace(switchNs, problems);
        if (!problems.isEmpty()) {
            AssertionError error = new AssertionError("lab cleanup failed");
            problems.forEach(error::addSuppressed);
            throw error;
        }
    }

    private static void deleteNamespace(String ns, List<Throwable> problems) {
        try {
            if (Files.exists(Path.of("/run/netns", ns))) {
                stopProcessesIn(ns);
                Shell.run("ip", "netns", "del", ns);
            }
        } catch (RuntimeException e) {
            problems.add(e);
        }
    }

    /**
     * Stops, by PID, what still runs in the namespace although no test started it directly: daemons
     * a script on a lab server started in the background (the history recorder), which would
     * otherwise outlive the lab.
     */
    private static void stopProcessesIn(String ns) {
        List<ProcessHandle> left = Shell.run("ip", "netns", "pids", ns).stdout().lines()
                .filter(l -> l.matches("\\d+")).map(Long::parseLong)
                .flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
        left.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Links from the root namespace into labs of this process still present: tests assert none are left. */
    public static List<String> leftoverLinks() {
        return ofThisProcess("/sys/class/net");
    }

    /** Namespaces of this process's labs still present: tests assert this is empty after close. */
    public static List<String> leftoverNamespaces() {
        return ofThisProcess("/run/netns");
    }

    /** The names in a folder that this process's labs gave. */
    private static List<String> ofThisProcess(String dir) {
        String mine = "pcl" + ProcessHandle.current().pid() + "x";
        try (var names = Files.list(Path.of(dir))) {
            return names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(mine)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
