package dev.portcullis.conntrack;

/**
 * One client address group on a port and how many live connections it holds.
 *
 * @param address the address with the entry's mask or prefix applied
 * @param prefix  bits kept: 32 or 128 for a single address, fewer for a group
 */
public record AddressCount(IpAddress address, int prefix, int connections) {

    /** "198.18.0.2" for a single address, "fd00:1::/64" for a group. */
    public String text() {
        return prefix >= address.family().bits() ? address.toString() : address + "/" + prefix;
    }
}
