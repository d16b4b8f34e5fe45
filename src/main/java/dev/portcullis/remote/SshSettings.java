package dev.portcullis.remote;

import java.time.Duration;

/**
 * Timeouts of one SSH connection.
 *
 * @param connect   TCP connect and SSH handshake
 * @param command   one remote command (apply included)
 * @param keepAlive interval of SSH keep-alive messages; zero turns them off
 * @param knownHosts also trust keys that match the user's OpenSSH known_hosts
 */
public record SshSettings(Duration connect, Duration command, Duration keepAlive, boolean knownHosts) {

    public static SshSettings defaults() {
        return new SshSettings(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(15), true);
    }

    public SshSettings withConnect(Duration d) {
        return new SshSettings(d, command, keepAlive, knownHosts);
    }

    public SshSettings withCommand(Duration d) {
        return new SshSettings(connect, d, keepAlive, knownHosts);
    }

    public SshSettings withKnownHosts(boolean use) {
        return new SshSettings(connect, command, keepAlive, use);
    }
}
