package dev.portcullis.conntrack;

import dev.portcullis.model.Protocol;

/** A port and protocol, the key of refused-attempt counters read from the rules. */
public record PortKey(int port, Protocol protocol) {

    public PortKey {
        if (port < 1 || port > 65_535 || protocol == null) {
            throw new IllegalArgumentException("port key " + port + "/" + protocol);
        }
    }
}
