package dev.portcullis.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OpenSSH server on a {@link LabVps}: host keys freshly generated inside the server's
 * overlay (each server has its own), users and sudoers written to the overlay's /etc only, a
 * private tmpfs on /tmp, and {@code /usr/sbin/sshd -D} run as one of the lab's processes.
 */
public final class LabSshd {

    private static final String CONFIG = "/etc/ssh/lab_sshd_config";
    private static final String KEY_DIR = "/etc/ssh/lab-host-keys";

    private final LabVps vps;
    private final List<String> keyTypes;
    private Process sshd;
    private Thread logReader;
    private final StringBuffer log = new StringBuffer();

    private LabSshd(LabVps vps, List<String> keyTypes) {
        this.vps = vps;
        this.keyTypes = List.copyOf(keyTypes);
    }

    /** Starts sshd with host keys of the given types ({@code ed25519}, {@code ecdsa}, {@code rsa}). */
    public static LabSshd start(LabVps vps, String... keyTypes) {
        return startWith(vps, "", keyTypes);
    }

    /** A new server {@code name} in the lab, reachable from the test JVM, running sshd as {@link #start} does. */
    public static LabSshd startReachable(Lab lab, String name, String... keyTypes) {
        lab.attachTestJvm();
        return start(LabVps.create(lab, name), keyTypes);
    }

    /**
     * Like {@link #start} with extra sshd_config lines put first (the first value of a keyword
     * wins), e.g. {@code "PasswordAuthentication no\nUsePAM yes\n"}.
     */
    public static LabSshd startWith(LabVps vps, String configFirst, String... keyTypes) {
        LabSshd sshd = new LabSshd(vps, keyTypes.length == 0 ? List.of("ed25519") : List.of(keyTypes));
        vps.exec("mount", "-t", "tmpfs", "-o", "mode=1777", "labtmp", "/tmp").orThrow();
        sshd.generateHostKeys();
        StringBuilder config = new StringBuilder(configFirst)
                .append("ListenAddress ").append(vps.ipv4()).append('\n')
                .append("ListenAddress ").append(vps.ipv6()).append('\n')
                .append("Port 22\n");
        for (String type : sshd.keyTypes) {
            config.append("HostKey " + KEY_DIR + "/ssh_host_").append(type).append("_key\n");
        }
        config.append("""
                PermitRootLogin yes
                PasswordAuthentication yes
                PubkeyAuthentication yes
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                AuthorizedKeysFile /etc/ssh/lab-authorized/%u
                PidFile /run/sshd-lab.pid
                Subsystem sftp internal-sftp
                MaxStartups 200:30:400
                MaxSessions 50
                LogLevel ERROR
                """);
        vps.writeFile(CONFIG, config.toString());
        vps.exec("mkdir", "-p", "/run/sshd", "/etc/ssh/lab-authorized").orThrow();
        vps.exec("/usr/sbin/sshd", "-t", "-f", CONFIG).orThrow();
        sshd.launch();
        return sshd;
    }

    private void generateHostKeys() {
        StringBuilder script = new StringBuilder("set -e; rm -rf " + KEY_DIR + "; mkdir -p " + KEY_DIR + "; ");
        for (String type : keyTypes) {
            script.append("ssh-keygen -q -N '' -t ").append(type)
                    .append("rsa".equals(type) ? " -b 2048" : "")
                    .append(" -f " + KEY_DIR + "/ssh_host_").append(type).append("_key </dev/null; ");
        }
        vps.bash(script.toString()).orThrow();
    }

    private void launch() {
        sshd = vps.spawn("/usr/sbin/sshd", "-D", "-e", "-f", CONFIG);
        Process started = sshd;
        logReader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(started.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    log.append(line).append('\n');
                }
            } catch (IOException ended) {
                // sshd stopped
            }
        }, "lab-sshd-log");
        logReader.setDaemon(true);
        logReader.start();
        for (int i = 0; i < 100; i++) {
            if (vps.exec("bash", "-c", "ss -ltnH 'sport = :22' | grep -q .").ok()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("sshd did not start on " + vps.host());
    }

    /**
     * Stops sshd and returns everything it logged (to stderr with {@code -e}); start it with a
     * {@code LogLevel} line first to see more than errors.
     */
    public String stopAndLog() throws InterruptedException {
        vps.host().stop(sshd);
        logReader.join(5000);
        return log.toString();
    }

    /** The fields of the host key's .pub file of that type: key type, base64 blob, comment. */
    public String[] publicKey(String type) {
        String pub = vps.readFile(KEY_DIR + "/ssh_host_" + type + "_key.pub").strip();
        return pub.split("\\s+");
    }

    public LabVps vps() {
        return vps;
    }

    /** {@code SHA256:...} fingerprints of the host keys, as ssh-keygen prints them. */
    public List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        for (String type : keyTypes) {
            String line = vps.exec("ssh-keygen", "-lf", KEY_DIR + "/ssh_host_" + type + "_key.pub").orThrow().stdout();
            out.add(line.split("\\s+")[1]);
        }
        return out;
    }

    /** New host keys and a restarted sshd: what a reinstalled (or impersonated) server looks like. */
    public void rotateHostKeys() {
        vps.host().stop(sshd);
        generateHostKeys();
        launch();
    }

    /** Sets root's password (in the overlay's /etc/shadow). */
    public void rootPassword(String password) {
        vps.execWithInput("root:" + password + "\n", "chpasswd").orThrow();
    }

    /** Creates a login user; {@code sudo} is "none", "nopasswd" or "password". */
    public void addUser(String name, String password, String sudo) {
        vps.exec("useradd", "-m", "-d", "/var/lib/lab-home/" + name, "-s", "/bin/bash", name).orThrow();
        if (password != null) {
            vps.execWithInput(name + ":" + password + "\n", "chpasswd").orThrow();
        } else {
            vps.exec("usermod", "-p", "*", name).orThrow();
        }
        switch (sudo) {
            case "nopasswd" -> vps.writeFile("/etc/sudoers.d/lab-" + name, name + " ALL=(ALL:ALL) NOPASSWD: ALL\n");
            case "password" -> vps.writeFile("/etc/sudoers.d/lab-" + name, name + " ALL=(ALL:ALL) ALL\n");
            case "none" -> { }
            default -> throw new IllegalArgumentException(sudo);
        }
        if (!"none".equals(sudo)) {
            vps.exec("chmod", "0440", "/etc/sudoers.d/lab-" + name).orThrow();
        }
    }

    /** Lets the user log in with this public key (a line of an .pub file). */
    public void authorize(String user, String publicKeyLine) {
        String path = "/etc/ssh/lab-authorized/" + user;
        String existing = vps.exec("cat", path).ok() ? vps.readFile(path) : "";
        vps.writeFile(path, existing + publicKeyLine.strip() + "\n");
    }

    /**
     * A new ed25519 key pair without passphrase in {@code dir} ({@code id} and {@code id.pub}) that
     * the user may log in with; returns the private key's path.
     */
    public Path authorizeNewKey(String user, Path dir) {
        Path key = dir.resolve("id");
        Shell.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        try {
            authorize(user, Files.readString(dir.resolve("id.pub")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return key;
    }
}
