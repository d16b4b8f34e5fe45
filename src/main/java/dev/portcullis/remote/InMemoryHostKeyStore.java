package dev.portcullis.remote;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link HostKeyStore} in memory: for tests and for one-off runs without a data directory. */
public final class InMemoryHostKeyStore implements HostKeyStore {

    private final Map<String, List<HostKey>> keys = new ConcurrentHashMap<>();

    @Override
    public List<HostKey> keysFor(String host, int port) {
        return keys.getOrDefault(host + ":" + port, List.of());
    }

    @Override
    public void record(String host, int port, List<HostKey> hostKeys) {
        keys.put(host + ":" + port, List.copyOf(hostKeys));
    }
}
