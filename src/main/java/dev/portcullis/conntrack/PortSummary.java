package dev.portcullis.conntrack;

import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;

import java.util.List;

/**
 * What is happening on one managed entry right now.
 *
 * @param connections    live connections to the port: those connlimit counts (UDP flows, TCP in any
 *                       state but TIME_WAIT and CLOSE), both families together
 * @param connectionsV4  the live connections from IPv4 clients
 * @param connectionsV6  the live connections from IPv6 clients; connlimit counts each family apart, so
 *                       connections and connections-per-ip entries admit max of each (and, for
 *                       protocol both, max TCP and max UDP connections of each)
 * @param listed         all connections to the port, TIME_WAIT and CLOSE included
 * @param addresses      distinct client address groups among the live connections (the entry's v4
 *                       mask and v6 prefix applied in connections-per-ip and devices mode)
 * @param perAddress     each group with its live connections, most first
 * @param refused        refused attempts from the rule counters (0 when none were given)
 * @param overLimit      connections: the IPv4 or the IPv6 connections of one protocol &gt; max (each
 *                       family and protocol has its own count); connections-per-ip: some group's
 *                       connections of one protocol &gt; max (a group is of one family);
 *                       devices: addresses &gt; max (one count for both families)
 * @param risingRefusals refused grew since the previous snapshot: someone keeps being turned away
 * @param members        devices mode: the members of the entry's set on the server (what the limit
 *                       counts), each with its time left and its connections among this snapshot's;
 *                       empty for other modes or when the set was not read ({@code "members"} in JSON)
 */
public record PortSummary(int port, Protocol protocol, LimitMode mode, int max, String label, boolean observe,
                          int connections, int connectionsV4, int connectionsV6, int listed, int addresses,
                          List<AddressCount> perAddress, long refused, boolean overLimit, boolean risingRefusals,
                          List<DeviceMember> members) {

    public PortSummary {
        if (connectionsV4 + connectionsV6 != connections) {
            throw new IllegalArgumentException("connections " + connections + " is not " + connectionsV4 + " IPv4 + "
                    + connectionsV6 + " IPv6");
        }
        perAddress = List.copyOf(perAddress);
        members = List.copyOf(members);
    }

    /** A summary without members (modes other than devices). */
    public PortSummary(int port, Protocol protocol, LimitMode mode, int max, String label, boolean observe,
                       int connectionsV4, int connectionsV6, int listed, int addresses, List<AddressCount> perAddress,
                       long refused, boolean overLimit, boolean risingRefusals) {
        this(port, protocol, mode, max, label, observe, connectionsV4 + connectionsV6, connectionsV4, connectionsV6,
                listed, addresses, perAddress, refused, overLimit, risingRefusals, List.of());
    }

    /**
     * True when the kernel counts each address family apart for this entry (connlimit: connections and
     * connections-per-ip), so that the limit holds for IPv4 and for IPv6 separately.
     */
    public boolean countsFamiliesApart() {
        return mode != LimitMode.DEVICES;
    }

    public PortKey key() {
        return new PortKey(port, protocol);
    }
}
