package dev.portcullis.ui.live;

import dev.portcullis.conntrack.PortSummary;

/**
 * The connections cell of the live view: "IPv4 + IPv6" where the kernel counts each family apart
 * (connections, connections-per-ip: each family is compared with the limit on its own), the one
 * shared count for devices entries. Sorts by the total.
 */
record FamilyCounts(int v4, int v6, boolean apart) implements Comparable<FamilyCounts> {

    static FamilyCounts of(PortSummary p) {
        return new FamilyCounts(p.connectionsV4(), p.connectionsV6(), p.countsFamiliesApart());
    }

    int total() {
        return v4 + v6;
    }

    @Override
    public int compareTo(FamilyCounts o) {
        return Integer.compare(total(), o.total());
    }

    @Override
    public String toString() {
        return apart ? v4 + " + " + v6 : String.valueOf(total());
    }
}
