package dev.portcullis.conntrack;

import java.util.List;

/**
 * What one parse produced.
 *
 * @param connections      every TCP and UDP line read, in input order
 * @param lines            non-blank lines seen (connections + otherProtocols + malformed)
 * @param otherProtocols   well-formed lines of other protocols (icmp, icmpv6, gre, sctp...), skipped
 * @param malformed        lines that could not be read, skipped
 * @param malformedSamples the first few of those, shortened and with control bytes escaped
 */
public record ParseResult(List<Connection> connections, long lines, long otherProtocols, long malformed,
                          List<String> malformedSamples) {

    public ParseResult {
        connections = List.copyOf(connections);
        malformedSamples = List.copyOf(malformedSamples);
    }
}
