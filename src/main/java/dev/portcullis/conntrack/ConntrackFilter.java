package dev.portcullis.conntrack;

import dev.portcullis.model.LimitEntry;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Renders the POSIX sh snippet a poller runs on the server so that only the managed ports' lines
 * cross the network: on a server with 50,000 tracked connections of which 100 are on managed
 * ports, the poll carries a hundred lines instead of the whole table.
 *
 * <p>awk keeps a line when its first {@code dport=} field (the original direction; the reply
 * tuple comes later in the line) is one of the ports. Both families are listed explicitly
 * because older conntrack-tools list only IPv4 without {@code -f}. Without the conntrack tool it
 * reads /proc/net/nf_conntrack (same fields, full-length IPv6); with neither it exits 3 with a
 * message on stderr. conntrack's own stderr (its "flow entries have been shown" line, or
 * "Operation not permitted") is left on stderr for the poller to log.
 *
 * <p>Only integers 1-65535 from validated entries reach the text, so nothing can be injected.
 * The snippet contains single quotes: run it as the SSH command itself, or wrap it with
 * {@link #shellQuote(String)} for {@code sudo sh -c}.
 */
public final class ConntrackFilter {

    /** Exit status when the server has neither the conntrack tool nor /proc/net/nf_conntrack. */
    public static final int EXIT_NO_SOURCE = 3;

    private static final String PROC_FILE = "/proc/net/nf_conntrack";

    private static final String AWK = "'BEGIN { n = split(ports, p, \" \"); "
            + "for (i = 1; i <= n; i++) want[\"dport=\" p[i]] = 1 } "
            + "{ for (i = 1; i <= NF; i++) if (substr($i, 1, 6) == \"dport=\") { if ($i in want) print; next } }'";

    private ConntrackFilter() {
    }

    /** The snippet for the ports of these entries (whatever their protocol). */
    public static String forEntries(Collection<LimitEntry> entries) {
        SortedSet<Integer> ports = new TreeSet<>();
        entries.forEach(e -> ports.add(e.port()));
        return forPorts(ports);
    }

    /** The snippet for these ports; with no ports it prints nothing. */
    public static String forPorts(Collection<Integer> ports) {
        return render(ports, PROC_FILE);
    }

    /** Tests point the fallback at a fixture; the poller always uses /proc/net/nf_conntrack. */
    static String render(Collection<Integer> ports, String procFile) {
        if (ports.isEmpty()) {
            return ":";
        }
        StringBuilder list = new StringBuilder(ports.size() * 6);
        for (int port : new TreeSet<>(ports)) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + ": 1-65535");
            }
            if (list.length() > 0) {
                list.append(' ');
            }
            list.append(port);
        }
        String awk = "awk -v ports=\"" + list + "\" " + AWK;
        return "if command -v conntrack >/dev/null 2>&1; then\n"
                + "  { conntrack -L -f ipv4; conntrack -L -f ipv6; } | " + awk + "\n"
                + "elif [ -r " + shellQuote(procFile) + " ]; then\n"
                + "  " + awk + " " + shellQuote(procFile) + "\n"
                + "else\n"
                + "  echo 'portcullis: neither conntrack nor /proc/net/nf_conntrack is available' >&2\n"
                + "  exit " + EXIT_NO_SOURCE + "\n"
                + "fi\n";
    }

    /** Wraps text in single quotes for sh, so {@code sudo sh -c <quoted>} runs it unchanged. */
    public static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
