package dev.portcullis.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A lab "server": a {@link LabHost} plus a private mount namespace in which /etc, /usr/local and
 * /var/lib are copy-on-write overlays and /run is an empty tmpfs. Whatever a deploy installs there
 * lands in this server alone; the host's files are never changed. A holder process keeps the mount
 * namespace alive; commands run "on the server" with {@code nsenter -t <holder> -n -m}.
 */
public final class LabVps {

    /**
     * Directories that a deploy may write to, each made a throw-away overlay (/usr/share for
     * netfilter-persistent's plugins.d).
     */
    private static final List<String> OVERLAID = List.of("/etc", "/usr/local", "/var/lib", "/usr/share");

    private final LabHost host;
    private final Process holder;

    private LabVps(LabHost host, Process holder) {
        this.host = host;
        this.holder = holder;
    }

    public static LabVps create(Lab lab, String name) {
        LabHost host = lab.host(name);
        // The overlays' upper layers live in the server's own /run, a tmpfs of the private namespace:
        // gone when it ends, and no mount point (not even an empty folder) is left on the host.
        StringBuilder setup = new StringBuilder(
                "set -e; mount -t tmpfs run /run; mkdir -p /run/lock; base=/run/.lab-overlays; ");
        for (String dir : OVERLAID) {
            // Braces matter: "$base_etc" would be an (empty) variable of its own, putting every
            // upper layer at /up on the host's disk.
            String slot = "${base}" + dir.replace('/', '_');
            setup.append("mkdir -p ").append(slot).append("/up ").append(slot).append("/work; ")
                    .append("mount -t overlay overlay -o lowerdir=").append(dir)
                    .append(",upperdir=").append(slot).append("/up,workdir=").append(slot).append("/work ")
                    .append(dir).append("; ");
        }
        // A home of its own: nothing a server does reaches the host's /root, and its login shells
        // do not source the build machine's dotfiles.
        setup.append("mount -t tmpfs -o mode=0700 root /root; echo ready; exec sleep 86400");
        Process holder = host.spawn("unshare", "--mount", "--propagation", "private", "bash", "-c", setup.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = LabClient.readLine(out, holder, 20);
            if (!"ready".equals(line)) {
                throw new IllegalStateException("server " + name + " did not start its mount namespace: "
                        + new String(holder.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("server " + name + " did not start", e);
        }
        return new LabVps(host, holder);
    }

    /** Where the server's own changes to an overlaid directory ({@code /etc}, ...) are kept, on the server. */
    public static String upperLayer(String dir) {
        return "/run/.lab-overlays" + dir.replace('/', '_') + "/up";
    }

    public LabHost host() {
        return host;
    }

    public String ipv4() {
        return host.ipv4();
    }

    public String ipv6() {
        return host.ipv6();
    }

    /** PID of the process whose namespaces are this server's. */
    public long pid() {
        // unshare execs bash which execs sleep: the spawned process is the holder itself.
        return holder.pid();
    }

    /** The command prefixed so that it runs on this server (its network and its files). */
    public String[] onServer(String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid()), "-n", "-m", "--"));
        full.addAll(Arrays.asList(command));
        return full.toArray(String[]::new);
    }

    /** Runs a command on the server; never throws for a non-zero exit. */
    public Shell.Result exec(String... command) {
        return Shell.exec(null, Shell.DEFAULT_TIMEOUT_SECONDS, onServer(command));
    }

    /** Runs a bash script on the server, fed on stdin, with arguments. */
    public Shell.Result bash(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-s", "--"));
        command.addAll(Arrays.asList(args));
        return Shell.exec(script, Shell.DEFAULT_TIMEOUT_SECONDS, onServer(command.toArray(String[]::new)));
    }

    /** Runs a command on the server with {@code input} on stdin. */
    public Shell.Result execWithInput(String input, String... command) {
        return Shell.exec(input, Shell.DEFAULT_TIMEOUT_SECONDS, onServer(command));
    }

    /** Writes a file on the server (inside its overlays), creating parent directories. */
    public void writeFile(String path, String content) {
        Shell.exec(content, Shell.DEFAULT_TIMEOUT_SECONDS,
                onServer("bash", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "write", path)).orThrow();
    }

    public String readFile(String path) {
        return Shell.exec(null, Shell.DEFAULT_TIMEOUT_SECONDS, onServer("cat", path)).orThrow().stdout();
    }

    /** Starts a long-running process on the server; the lab stops it by PID. */
    public Process spawn(String... command) {
        return host.spawnRaw(onServer(command));
    }
}
