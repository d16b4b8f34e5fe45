package dev.portcullis.conntrack;

/**
 * The TCP states conntrack prints (libnetfilter_conntrack's names). Which of them hold a slot
 * follows the kernel: connlimit (nf_conncount) skips a connection only when it is TIME_WAIT or
 * CLOSE ({@code already_closed()}), so SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT,
 * LAST_ACK and SYN_SENT2 all count. That matches the measured facts in DESIGN.md (ESTABLISHED,
 * SYN_RECV, CLOSE_WAIT, LAST_ACK counted, TIME_WAIT not).
 */
public enum TcpState {
    NONE,
    SYN_SENT,
    SYN_RECV,
    ESTABLISHED,
    FIN_WAIT,
    CLOSE_WAIT,
    LAST_ACK,
    TIME_WAIT,
    CLOSE,
    /** Older tools print SYN_SENT2 as LISTEN. */
    LISTEN,
    SYN_SENT2;

    private static final TcpState[] VALUES = values();

    /** True when connlimit would count a connection in this state against a limit. */
    public boolean holdsSlot() {
        return this != TIME_WAIT && this != CLOSE;
    }

    /** The state named by {@code b[start, end)}, or null when it names none. Allocates nothing. */
    static TcpState of(byte[] b, int start, int end) {
        for (TcpState s : VALUES) {
            String name = s.name();
            if (name.length() == end - start && matches(name, b, start)) {
                return s;
            }
        }
        return null;
    }

    private static boolean matches(String name, byte[] b, int start) {
        for (int k = 0; k < name.length(); k++) {
            if (b[start + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
