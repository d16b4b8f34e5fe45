package dev.portcullis.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One network namespace of a {@link Lab}: a "server" or a "client" with its own addresses. */
public final class LabHost {

    private final String namespace;
    private final String ipv4;
    private final String ipv6;
    private final List<Process> processes = new ArrayList<>();

    LabHost(String namespace, String ipv4, String ipv6) {
        this.namespace = namespace;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public String namespace() {
        return namespace;
    }

    public String ipv4() {
        return ipv4;
    }

    public String ipv6() {
        return ipv6;
    }

    /** Runs a command in this namespace and fails the test when it exits non-zero. */
    public Shell.Result exec(String... command) {
        return Shell.run(Shell.inNamespace(namespace, command));
    }

    /** Runs a command in this namespace and returns whatever happened. */
    public Shell.Result tryExec(String... command) {
        return Shell.exec(null, Shell.DEFAULT_TIMEOUT_SECONDS, Shell.inNamespace(namespace, command));
    }

    /** Runs a bash script in this namespace, the script fed on stdin. */
    public Shell.Result bash(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-s", "--"));
        command.addAll(Arrays.asList(args));
        return Shell.exec(script, Shell.DEFAULT_TIMEOUT_SECONDS, Shell.inNamespace(namespace, command.toArray(String[]::new)));
    }

    public void addAddress(String cidr) {
        if (cidr.contains(":")) {
            exec("ip", "-6", "addr", "add", cidr, "dev", "eth0", "nodad");
        } else {
            exec("ip", "addr", "add", cidr, "dev", "eth0");
        }
    }

    /** Starts a long-running process in this namespace; {@link Lab#close()} stops it by PID. */
    public Process spawn(String... command) {
        return spawnRaw(Shell.inNamespace(namespace, command));
    }

    /** Starts a full command line (already wrapped for a namespace) as one of this host's processes. */
    synchronized Process spawnRaw(String... fullCommand) {
        ProcessBuilder builder = new ProcessBuilder(fullCommand);
        builder.environment().put("LC_ALL", "C");
        try {
            Process process = builder.start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", fullCommand), e);
        }
    }

    /** A TCP and UDP echo service on the given ports, on all addresses of this host. */
    public EchoServer startEchoServer(int... ports) {
        return new EchoServer(spawn(LabAgent.command("serve", ports)));
    }

    /**
     * Benchmarks: nanoseconds per connect-and-reset from this host to {@code host:port} (median of
     * five slices of {@code count} connections in all).
     */
    public long connectCost(String host, int port, int count) {
        return agentLoop("connect-loop", host, port, count);
    }

    /**
     * Benchmarks: nanoseconds per UDP round trip over one established flow from this host to an
     * echo server at {@code host:port} (median of five slices of {@code count} round trips in all).
     */
    public long udpRoundTripCost(String host, int port, int count) {
        return agentLoop("udp-echo-loop", host, port, count);
    }

    private long agentLoop(String mode, String host, int port, int count) {
        List<String> command = new ArrayList<>(Arrays.asList(LabAgent.command(mode)));
        command.addAll(List.of(host, Integer.toString(port), Integer.toString(count)));
        String out = Shell.exec(null, 600, Shell.inNamespace(namespace, command.toArray(String[]::new)))
                .orThrow().stdout().strip();
        if (!out.matches("\\d+")) {
            throw new IllegalStateException(mode + " to " + host + ":" + port + " failed: " + out);
        }
        return Long.parseLong(out);
    }

    /** A client that opens and holds real connections from this host. */
    public LabClient client() {
        return new LabClient(spawn(LabAgent.command("client")));
    }

    /** Stops one process started here (and its children), by PID. */
    public synchronized void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processes.remove(process);
    }

    synchronized void stopAll() {
        for (Process process : List.copyOf(processes)) {
            stop(process);
        }
    }

    /** The classes of the test tree, so that agents run from the same build as the tests. */
    static Path testClasses() {
        try {
            return Path.of(LabHost.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return namespace + " (" + ipv4 + ", " + ipv6 + ")";
    }
}
