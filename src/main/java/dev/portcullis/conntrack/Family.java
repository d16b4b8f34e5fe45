package dev.portcullis.conntrack;

/** The address family of a connection; connlimit counts the two separately. */
public enum Family {
    V4("ipv4", 32),
    V6("ipv6", 128);

    private final String id;
    private final int bits;

    Family(String id, int bits) {
        this.id = id;
        this.bits = bits;
    }

    /** "ipv4" or "ipv6", as conntrack prints it and as the JSON shows it. */
    public String id() {
        return id;
    }

    /** Address length in bits. */
    public int bits() {
        return bits;
    }
}
