package dev.portcullis.remote;

import java.util.List;

/**
 * Where the host keys an operator has trusted are kept, per host and SSH port. The store module
 * backs this with its {@code known_host_keys} table; tests use {@link InMemoryHostKeyStore}.
 */
public interface HostKeyStore {

    /** Every key recorded for the host, all types; empty when the host was never trusted. */
    List<HostKey> keysFor(String host, int port);

    /** Replaces what is recorded for the host with these keys (all the types it offered). */
    void record(String host, int port, List<HostKey> keys);
}
