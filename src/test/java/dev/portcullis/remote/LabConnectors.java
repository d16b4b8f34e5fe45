package dev.portcullis.remote;

import java.time.Duration;

/** SSH connectors for lab servers: host keys kept in memory, not in the user's known_hosts, short connect timeout. */
final class LabConnectors {

    private LabConnectors() {
    }

    /** One login password for every server; commands may run for {@code command}. */
    static SshConnector withPassword(String password, Duration command) {
        return new SshConnector(new InMemoryHostKeyStore(), FixedCredentials.withPassword(password),
                SshSettings.defaults().withConnect(Duration.ofSeconds(4)).withCommand(command).withKnownHosts(null));
    }
}
