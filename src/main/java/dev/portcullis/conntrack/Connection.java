package dev.portcullis.conntrack;

import dev.portcullis.model.Protocol;

/**
 * One tracked TCP or UDP connection. The original direction (the first tuple conntrack prints)
 * is the one that opened it: {@code src:sport -> dst:dport} is client to server for traffic
 * towards the server. The reply tuple is kept because NAT makes it differ from the mirror image.
 *
 * @param protocol  {@link Protocol#TCP} or {@link Protocol#UDP}, never BOTH
 * @param state     the TCP state; null for UDP
 * @param assured   conntrack saw traffic both ways and will not evict it early ({@code [ASSURED]})
 * @param unreplied no reply seen yet ({@code [UNREPLIED]})
 */
public record Connection(Protocol protocol, Family family, IpAddress src, IpAddress dst, int sport, int dport,
                         TcpState state, boolean assured, boolean unreplied,
                         IpAddress replySrc, IpAddress replyDst, int replySport, int replyDport) {

    /** True when connlimit would count it: every UDP flow, TCP unless TIME_WAIT or CLOSE. */
    public boolean holdsSlot() {
        return state == null || state.holdsSlot();
    }

    /** The state as printed ("ESTABLISHED"), or "" for UDP. */
    public String stateName() {
        return state == null ? "" : state.name();
    }
}
