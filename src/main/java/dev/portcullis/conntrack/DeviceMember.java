package dev.portcullis.conntrack;

import java.util.ArrayList;
import java.util.List;

/**
 * One member of a devices entry's set on the server: a client address (or prefix, the entry's v4
 * mask or v6 prefix applied) that holds one of the entry's N slots, and the connections it has open.
 *
 * @param address      the address with the mask applied
 * @param prefix       bits kept (the entry's v4 mask or v6 prefix)
 * @param expiresMillis time left before the slot frees if the member stays silent
 * @param connections  the entry's connections from this member (empty until {@link #assign} is used)
 */
public record DeviceMember(IpAddress address, int prefix, long expiresMillis, List<Connection> connections) {

    public DeviceMember {
        connections = List.copyOf(connections);
    }

    /** "198.18.0.2/32", "fd00:1::/64": always with the prefix, as members are groups. */
    public String text() {
        return address + "/" + prefix;
    }

    /** Whether {@code other} falls within this member's address group. */
    public boolean contains(IpAddress other) {
        return other.family() == address.family() && other.masked(prefix).equals(address);
    }

    /**
     * The members with the connections that belong to them: each connection goes to the member
     * whose group holds its source address; connections of no member are left out.
     */
    public static List<DeviceMember> assign(List<DeviceMember> members, List<Connection> connections) {
        List<DeviceMember> out = new ArrayList<>(members.size());
        for (DeviceMember m : members) {
            List<Connection> mine = new ArrayList<>();
            for (Connection c : connections) {
                if (m.contains(c.src())) {
                    mine.add(c);
                }
            }
            out.add(new DeviceMember(m.address, m.prefix, m.expiresMillis, mine));
        }
        return out;
    }
}
