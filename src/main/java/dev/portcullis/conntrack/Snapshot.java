package dev.portcullis.conntrack;

import dev.portcullis.model.Protocol;

import java.util.List;
import java.util.Optional;

/**
 * One poll of one server, immutable and independent of where it came from. A poller keeps only
 * the latest one (to pass as "previous" to the next poll), so memory does not grow with polls.
 *
 * @param ports            one summary per managed entry, in the order the entries were given
 * @param connections      every connection towards a managed port (all states), in table order
 * @param lines            non-blank lines read
 * @param otherProtocols   lines of other protocols (icmp...) skipped
 * @param malformed        unreadable lines skipped
 * @param malformedSamples a few of them, shortened and escaped
 * @param parseNanos       time spent parsing and aggregating
 * @param accounts         one per enabled account entry the server's watcher reported on
 * @param watch            the state of the server's access-log watcher
 */
public record Snapshot(List<PortSummary> ports, List<Connection> connections, long lines, long otherProtocols,
                       long malformed, List<String> malformedSamples, long parseNanos,
                       List<AccountActivity> accounts, WatchStatus watch) {

    public Snapshot {
        ports = List.copyOf(ports);
        connections = List.copyOf(connections);
        malformedSamples = List.copyOf(malformedSamples);
        accounts = List.copyOf(accounts);
        watch = watch == null ? WatchStatus.UNKNOWN : watch;
    }

    /** A poll without account entries. */
    public Snapshot(List<PortSummary> ports, List<Connection> connections, long lines, long otherProtocols,
                    long malformed, List<String> malformedSamples, long parseNanos) {
        this(ports, connections, lines, otherProtocols, malformed, malformedSamples, parseNanos, List.of(), WatchStatus.UNKNOWN);
    }

    /** The same poll with what the watcher reported for account entries. */
    public Snapshot withAccounts(List<AccountActivity> activity, WatchStatus status) {
        return new Snapshot(ports, connections, lines, otherProtocols, malformed, malformedSamples, parseNanos, activity, status);
    }

    public Optional<PortSummary> port(int port, Protocol protocol) {
        return ports.stream().filter(p -> p.port() == port && p.protocol() == protocol).findFirst();
    }
}
