package dev.portcullis.remote;

import dev.portcullis.conntrack.AccountSection;
import dev.portcullis.conntrack.ConntrackFilter;
import dev.portcullis.conntrack.ConntrackParser;
import dev.portcullis.conntrack.DeviceMember;
import dev.portcullis.conntrack.IpAddress;
import dev.portcullis.conntrack.NftSetParser;
import dev.portcullis.conntrack.PortKey;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.rules.ShellScripts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one command a live-connections poll runs on a server (as root), and how its output is read:
 * the installed script's {@code poll} ({@link #installedCommand}), or where that is missing the
 * same sections from a script sent with the command ({@link #script}).
 *
 * <p>The command prints sections, each introduced by a line {@code @@portcullis NAME}:
 * <ul>
 *   <li>{@code conntrack}: the managed ports' lines of {@code conntrack -L}, filtered on the server
 *       ({@link ConntrackFilter}), then {@code conntrack-exit N};</li>
 *   <li>{@code addresses}: the server's own addresses ({@code ip -o addr}), so that connections the
 *       server opens to someone else's port of the same number are not taken for clients;</li>
 *   <li>{@code rules}: {@code iptables -L PORTCULLIS -v -x -n} of both families. Where both iptables
 *       backends are installed the nft one is listed, and the legacy one only when legacy tables
 *       exist (listing them would create them); the rules' comments {@code portcullis PORT/PROTO}
 *       say whose counter a line is, the script's marker rule has none;</li>
 *   <li>for devices entries, {@code nft-counters} ({@code refused_PORT_PROTO} of table
 *       {@code inet portcullis}) and one {@code nft-set dev_PORT_PROTO} per entry with its members;</li>
 *   <li>{@code accounts}: the access-log watcher's report on account entries ({@link AccountSection});</li>
 *   <li>{@code end}: everything arrived. All of it goes through {@code head -c}, so the server never
 *       sends more than the bound; output without {@code end} was cut there.</li>
 * </ul>
 * Only validated port numbers and fixed names reach the text.
 */
final class ConnectionPoll {

    static final String MARK = "@@portcullis ";

    /** Where a sync installs the script, whose {@code poll} command prints the same sections. */
    static final String INSTALLED_SCRIPT = "/usr/local/sbin/portcullis-limits";

    /** Exit status of bash for a command that is not there. */
    private static final int EXIT_NOT_FOUND = 127;
    /** Exit status of an installed script older than its {@code poll} command ("unknown command"). */
    private static final int EXIT_BAD_INPUT = 2;

    private static final Pattern RULE = Pattern.compile(
            "^\\s*(\\d+)\\s+\\d+\\s.*/\\* portcullis (\\d{1,5})/(tcp|udp)(?: observe)? \\*/");
    private static final Pattern COUNTER = Pattern.compile("^\\s*counter refused_(\\d{1,5})_(tcp|udp|both)\\s*\\{");
    private static final Pattern PACKETS = Pattern.compile("^\\s*packets (\\d+)\\b");

    private ConnectionPoll() {
    }

    /** The entries a poll looks at: the enabled ones (disabled entries have no rules on the server). */
    static List<LimitEntry> watched(List<LimitEntry> entries) {
        return entries.stream().filter(LimitEntry::enabled).toList();
    }

    /** The poll where the installed script is missing (poll-fallback.sh); it needs ConntrackFilter's function. */
    private static final String FALLBACK = ConntrackFilter.FUNCTION + ShellScripts.load(ConnectionPoll.class, "poll-fallback.sh");

    /** The port entries among these: account entries have no rules or sets of their own, the watcher reports on them. */
    static List<LimitEntry> portEntries(List<LimitEntry> entries) {
        return entries.stream().filter(e -> !e.isAccount()).toList();
    }

    /** The script of one poll for these (enabled) entries, its output cut after {@code maxBytes}. */
    static String script(List<LimitEntry> entries, long maxBytes) {
        List<Object> args = new ArrayList<>();
        args.add(maxBytes);
        args.add(ConntrackFilter.portList(entries));
        portEntries(entries).stream().filter(e -> e.mode() == LimitMode.DEVICES).map(ConnectionPoll::setName)
                .forEach(args::add);
        return ShellScripts.withArgs(FALLBACK, args.toArray());
    }

    /**
     * The poll through the installed script: one short command line, because sudo logs the command
     * of every poll (the whole {@link #script} would be about 2 KB every 2 s). It reads the entries
     * of the server's limits.conf, which a sync makes the same as these.
     */
    static String installedCommand(long maxBytes) {
        return INSTALLED_SCRIPT + " poll " + maxBytes;
    }

    /** True when {@link #installedCommand} could not run: the script is not installed, or too old. */
    static boolean installedPollMissing(ExecResult r, Output out) {
        return !out.complete() && (r.exitCode() == EXIT_NOT_FOUND || r.exitCode() == EXIT_BAD_INPUT);
    }

    /** {@code dev_PORT_PROTO}: the script's name of a devices entry's set and chain. */
    static String setName(LimitEntry e) {
        return "dev_" + e.port() + "_" + e.protocol().id();
    }

    /**
     * What one poll printed.
     *
     * @param conntrack      the filtered conntrack lines, as the parser reads them
     * @param conntrackExit  the filter's exit status (3: no conntrack tool and no /proc file); -1 if not shown
     * @param addresses      the server's own addresses (empty when {@code ip} is missing)
     * @param refused        refused attempts per port and protocol (rules and nft counters)
     * @param members        per devices entry (its port and protocol) the members of its set, when listed
     * @param accounts       the watcher's report on the account entries (empty when the script has none)
     * @param complete       the end mark arrived: nothing was cut
     */
    record Output(byte[] conntrack, int conntrackExit, List<IpAddress> addresses, Map<PortKey, Long> refused,
                  Map<PortKey, List<DeviceMember>> members, AccountSection accounts, boolean complete) {

        /** The snapshot with the watcher's report; its malformed lines count with the conntrack ones. */
        Snapshot withAccounts(Snapshot s) {
            List<String> samples = new ArrayList<>(s.malformedSamples());
            accounts.malformedSamples().stream().limit(Math.max(0, ConntrackParser.MAX_SAMPLES - samples.size()))
                    .forEach(samples::add);
            return new Snapshot(s.ports(), s.connections(), s.lines() + accounts.lines(), s.otherProtocols(),
                    s.malformed() + accounts.malformed(), samples, s.parseNanos(), accounts.accounts(), accounts.watch());
        }
    }

    static Output parse(String stdout, List<LimitEntry> entries) {
        Map<String, LimitEntry> bySet = new HashMap<>();
        for (LimitEntry e : portEntries(entries)) {
            if (e.mode() == LimitMode.DEVICES) {
                bySet.put(setName(e), e);
            }
        }
        StringBuilder conntrack = new StringBuilder();
        List<IpAddress> addresses = new ArrayList<>();
        Map<PortKey, Long> refused = new LinkedHashMap<>();
        Map<PortKey, List<DeviceMember>> members = new LinkedHashMap<>();
        AccountSection accounts = new AccountSection(entries);
        int exit = -1;
        boolean complete = false;
        String section = "";
        StringBuilder setText = null;
        LimitEntry setEntry = null;
        PortKey counter = null;
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith(MARK)) {
                if (setEntry != null) {
                    members.put(new PortKey(setEntry.port(), setEntry.protocol()),
                            NftSetParser.parse(setText.toString(), setEntry.v4Mask(), setEntry.v6Prefix()));
                    setEntry = null;
                }
                section = line.substring(MARK.length()).strip();
                if (section.startsWith("conntrack-exit ")) {
                    exit = parseInt(section.substring("conntrack-exit ".length()), -1);
                    section = "";
                } else if (section.startsWith("nft-set ")) {
                    setEntry = bySet.get(section.substring("nft-set ".length()));
                    setText = new StringBuilder();
                } else if (section.equals("accounts")) {
                    accounts.begin();
                } else if (section.equals("end")) {
                    complete = true;
                }
                continue;
            }
            if (section.equals("conntrack")) {
                conntrack.append(line).append('\n');
            } else if (section.equals("addresses")) {
                address(line).ifPresent(addresses::add);
            } else if (section.equals("rules")) {
                Matcher m = RULE.matcher(line);
                if (m.find()) {
                    int port = parseInt(m.group(2), 0);
                    if (port >= 1 && port <= 65_535) {
                        refused.merge(new PortKey(port, Protocol.fromId(m.group(3))), parseLong(m.group(1)), Long::sum);
                    }
                }
            } else if (section.equals("nft-counters")) {
                Matcher name = COUNTER.matcher(line);
                Matcher packets = PACKETS.matcher(line);
                if (name.find()) {
                    int port = parseInt(name.group(1), 0);
                    counter = port >= 1 && port <= 65_535 ? new PortKey(port, Protocol.fromId(name.group(2))) : null;
                } else if (counter != null && packets.find()) {
                    refused.merge(counter, parseLong(packets.group(1)), Long::sum);
                    counter = null;
                }
            } else if (section.equals("accounts")) {
                accounts.line(line);
            } else if (setEntry != null) {
                setText.append(line).append('\n');
            }
        }
        if (setEntry != null) {
            members.put(new PortKey(setEntry.port(), setEntry.protocol()),
                    NftSetParser.parse(setText.toString(), setEntry.v4Mask(), setEntry.v6Prefix()));
        }
        return new Output(conntrack.toString().getBytes(StandardCharsets.UTF_8), exit, addresses, refused, members,
                accounts, complete);
    }

    private static java.util.Optional<IpAddress> address(String line) {
        String text = line.strip();
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(0, slash);
        }
        if (text.isEmpty() || text.contains("%")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(IpAddress.parse(text));
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static long parseLong(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // more digits than a long: a counter that large is "a lot"
        }
    }
}
