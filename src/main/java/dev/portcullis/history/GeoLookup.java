package dev.portcullis.history;

/** Country and network of a client address, offline. Never throws for an address it does not know. */
@FunctionalInterface
public interface GeoLookup {

    /** Knows nothing: every address is {@link Origin#UNKNOWN}. */
    GeoLookup NONE = address -> Origin.UNKNOWN;

    /** The origin of an IPv4 or IPv6 address literal; {@link Origin#UNKNOWN} when not known or not an address. */
    Origin lookup(String address);
}
