package dev.portcullis.conntrack;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.rules.ShellScripts;

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
 * <p>The shell text is the resource conntrack-filter.sh; only integers 1-65535 from validated
 * entries and a fixed path reach its arguments, quoted.
 * The snippet contains single quotes: run it as the SSH command itself, or wrap it with
 * {@link ShellScripts#quote(String)} for {@code sudo sh -c}.
 */
public final class ConntrackFilter {

    /** Exit status when the server has neither the conntrack tool nor /proc/net/nf_conntrack. */
    public static final int EXIT_NO_SOURCE = 3;

    /**
     * The sh function {@code conntrack_filter PORTS PROC_FILE} (conntrack-filter.sh), for scripts
     * that call it themselves.
     */
    public static final String FUNCTION = ShellScripts.load(ConntrackFilter.class, "conntrack-filter.sh");

    private static final String PROC_FILE = "/proc/net/nf_conntrack";

    private ConntrackFilter() {
    }

    /** The snippet for the ports of these entries (whatever their protocol). */
    public static String forEntries(Collection<LimitEntry> entries) {
        return forPorts(ports(entries));
    }

    /** The snippet for these ports; with no ports it prints nothing. */
    public static String forPorts(Collection<Integer> ports) {
        return render(ports, PROC_FILE);
    }

    /** The ports of these entries as {@code conntrack_filter} takes them: sorted, space-separated. */
    public static String portList(Collection<LimitEntry> entries) {
        return joined(ports(entries));
    }

    private static SortedSet<Integer> ports(Collection<LimitEntry> entries) {
        SortedSet<Integer> ports = new TreeSet<>();
        entries.forEach(e -> ports.add(e.port()));
        return ports;
    }

    private static String joined(Collection<Integer> ports) {
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
        return list.toString();
    }

    /** Tests point the fallback at a fixture; the poller always uses /proc/net/nf_conntrack. */
    static String render(Collection<Integer> ports, String procFile) {
        if (ports.isEmpty()) {
            return ":";
        }
        return FUNCTION + "conntrack_filter " + ShellScripts.quote(joined(ports)) + " " + ShellScripts.quote(procFile) + "\n";
    }
}
