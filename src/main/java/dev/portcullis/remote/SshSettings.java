package dev.portcullis.remote;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Timeouts and trust sources of SSH connections.
 *
 * @param connect    TCP connect, handshake and login together
 * @param command    one remote command (apply included)
 * @param keepAlive  interval of SSH keep-alive requests; zero turns them off
 * @param knownHosts an OpenSSH known_hosts file whose matching keys are trusted for hosts with no recorded
 *                   key (the user's {@code .ssh/known_hosts} under user.home on every system); null for none
 */
public record SshSettings(Duration connect, Duration command, Duration keepAlive, Path knownHosts) {

    public static SshSettings defaults() {
        return new SshSettings(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(15),
                Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    }

    public SshSettings withConnect(Duration d) {
        return new SshSettings(d, command, keepAlive, knownHosts);
    }

    public SshSettings withCommand(Duration d) {
        return new SshSettings(connect, d, keepAlive, knownHosts);
    }

    public SshSettings withKnownHosts(Path file) {
        return new SshSettings(connect, command, keepAlive, file);
    }
}
