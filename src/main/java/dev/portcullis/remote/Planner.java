package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Network;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.rules.LimitsConf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what the store expects for a server with what the server has: settings and entries of
 * its limits.conf (added, removed, changed — including edits made on the server with the script's
 * add/del) and the kernel rules of chain PORTCULLIS for IPv4 and IPv6. Pure; no I/O.
 */
public final class Planner {

    private static final Pattern PROTO = Pattern.compile("(?:^|\\s)-p\\s+(\\w+)");
    /** {@code --dport}, {@code --dports} or, as the generated script writes it, {@code --ctorigdstport}. */
    private static final Pattern DPORT = Pattern.compile("--(?:dports?|ctorigdstport)\\s+([0-9,:]+)");
    private static final Pattern ABOVE = Pattern.compile("--connlimit-above\\s+(\\d+)");
    private static final Pattern JUMP = Pattern.compile(" -[gj] (PORTCULLIS\\S*)");
    private static final Pattern MASK = Pattern.compile("--connlimit-mask\\s+(\\d+)");

    private Planner() {
    }

    /** One connlimit rule of chain PORTCULLIS as iptables-save prints it. */
    record Rule(String protocol, List<Integer> ports, int above, int mask) {
    }

    public static List<Change> compare(Deployment expected, ServerState state, ScriptSource parser) {
        List<Change> changes = rulesAndConf(expected, state, parser);
        telegramChange(expected, state).ifPresent(changes::add);
        return changes;
    }

    /**
     * The Telegram settings file, when the store has settings and the server's file is not known to
     * hold exactly them; with none in the store, whatever the server has is left alone.
     */
    static Optional<Change> telegramChange(Deployment expected, ServerState state) {
        if (expected.telegramSha256() == null || state.telegram().holds(expected.telegramSha256())) {
            return Optional.empty();
        }
        return Optional.of(new Change(Change.Kind.TELEGRAM, "*", state.telegram().describe()));
    }

    /** Whether a sync with these changes must apply the script: anything but the Telegram file, which is written alone. */
    public static boolean needsApply(List<Change> changes) {
        return changes.stream().anyMatch(c -> c.kind() != Change.Kind.TELEGRAM);
    }

    /** The changes of limits.conf and rules: what applying the script brings in line. */
    static List<Change> rulesAndConf(Deployment expected, ServerState state, ScriptSource parser) {
        List<Change> changes = new ArrayList<>();
        if (!state.installed()) {
            changes.add(new Change(Change.Kind.NOT_INSTALLED, "*", "no " + ServerState.CONF_PATH + " on the server"));
            changes.addAll(settingChanges(expected.settings(), ServerSettings.NONE));
            for (LimitEntry e : expected.entries()) {
                changes.add(new Change(Change.Kind.ADD, key(e), describe(e)));
            }
            return changes;
        }
        List<LimitEntry> onServer;
        try {
            LimitsConf.Contents contents = parser.readLimitsConf(state.limitsConf());
            changes.addAll(settingChanges(expected.settings(), contents.settings()));
            onServer = contents.entries();
        } catch (IllegalArgumentException e) {
            changes.add(new Change(Change.Kind.CONF_DIFFERS, "*", "the server's limits.conf cannot be read: " + e.getMessage()));
            onServer = List.of();
        }
        Map<String, LimitEntry> want = byKey(expected.entries());
        Map<String, LimitEntry> have = byKey(onServer);
        for (Map.Entry<String, LimitEntry> w : want.entrySet()) {
            LimitEntry h = have.get(w.getKey());
            if (h == null) {
                changes.add(new Change(Change.Kind.ADD, w.getKey(), describe(w.getValue())));
            } else if (!h.equals(w.getValue())) {
                changes.add(new Change(Change.Kind.CHANGE, w.getKey(), "server has " + describe(h) + ", store has " + describe(w.getValue())));
            }
        }
        for (Map.Entry<String, LimitEntry> h : have.entrySet()) {
            if (!want.containsKey(h.getKey())) {
                changes.add(new Change(Change.Kind.REMOVE, h.getKey(), "only on the server: " + describe(h.getValue())));
            }
        }
        if (changes.isEmpty() && !normalizeConf(state.limitsConf()).equals(normalizeConf(expected.limitsConf()))
                && parserIsStrict(expected, parser)) {
            changes.add(new Change(Change.Kind.CONF_DIFFERS, "*", "same entries, different text"));
        }
        changes.addAll(ruleChanges(expected.entries(), state));
        return changes;
    }

    /** Text comparison only matters when the generated text is what the parser reads back. */
    private static boolean parserIsStrict(Deployment expected, ScriptSource parser) {
        try {
            LimitsConf.Contents back = parser.readLimitsConf(expected.limitsConf());
            return back.entries().equals(expected.entries()) && back.settings().equals(expected.settings());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The access log and allowed networks: what the store has and the server's limits.conf lacks, or the reverse. */
    static List<Change> settingChanges(ServerSettings want, ServerSettings have) {
        List<Change> changes = new ArrayList<>();
        if (!want.accessLog().equals(have.accessLog())) {
            String detail = "server has " + accessLogText(have) + ", store has " + accessLogText(want);
            Change.Kind kind = have.accessLog().isEmpty() ? Change.Kind.ADD
                    : want.accessLog().isEmpty() ? Change.Kind.REMOVE : Change.Kind.CHANGE;
            changes.add(new Change(kind, "access-log", detail));
        }
        for (Network n : want.allowed()) {
            if (!have.allowed().contains(n)) {
                changes.add(new Change(Change.Kind.ADD, "allow " + n, "never counted nor refused by account entries"));
            }
        }
        for (Network n : have.allowed()) {
            if (!want.allowed().contains(n)) {
                changes.add(new Change(Change.Kind.REMOVE, "allow " + n, "only on the server"));
            }
        }
        return changes;
    }

    private static String accessLogText(ServerSettings s) {
        return s.accessLog().isEmpty() ? "none (from the proxy's config)" : s.accessLog();
    }

    /** Rules that limits.conf promises but the kernel lacks, and PORTCULLIS rules nobody asked for. */
    static List<Change> ruleChanges(List<LimitEntry> entries, ServerState state) {
        List<Change> changes = new ArrayList<>();
        List<Rule> v4 = rules(state.ipv4Rules());
        List<Rule> v6 = rules(state.ipv6Rules());
        boolean anyIptables = false;
        List<Rule> explained4 = new ArrayList<>();
        List<Rule> explained6 = new ArrayList<>();
        for (LimitEntry e : entries) {
            if (!e.enabled() || e.isAccount()) {
                // An account entry's refusals are the watcher's, added and dropped as devices come and go.
                continue;
            }
            if (e.mode() == LimitMode.DEVICES) {
                // The generated script sends each devices port through the map "ports" of table
                // inet portcullis: one element "tcp . 8443 : jump ..." per protocol.
                for (String proto : protocols(e)) {
                    if (!Pattern.compile("\\b" + proto + " \\. " + e.port() + " : jump ").matcher(state.nftTable()).find()) {
                        changes.add(new Change(Change.Kind.RULE_MISSING, key(e), "no nftables " + proto + " element for port "
                                + e.port() + " in table inet portcullis"));
                    }
                }
                continue;
            }
            anyIptables = true;
            int mask4 = e.mode() == LimitMode.CONNECTIONS ? 0 : e.v4Mask();
            int mask6 = e.mode() == LimitMode.CONNECTIONS ? 0 : e.v6Prefix();
            for (String proto : protocols(e)) {
                Rule r4 = find(v4, proto, e.port(), e.max(), mask4);
                Rule r6 = find(v6, proto, e.port(), e.max(), mask6);
                if (r4 == null) {
                    changes.add(new Change(Change.Kind.RULE_MISSING, key(e), "IPv4 " + proto + " rule (max " + e.max() + ") not in iptables"));
                } else {
                    explained4.add(r4);
                }
                if (r6 == null) {
                    changes.add(new Change(Change.Kind.RULE_MISSING, key(e), "IPv6 " + proto + " rule (max " + e.max() + ") not in ip6tables"));
                } else {
                    explained6.add(r6);
                }
            }
        }
        if (!state.staleRules().isEmpty()) {
            // Left in the iptables backend the script does not use; they would keep enforcing old limits.
            changes.add(new Change(Change.Kind.RULE_EXTRA, "*", state.staleRules().size()
                    + " PORTCULLIS rule(s) in the other iptables backend, e.g. " + state.staleRules().get(0)));
        }
        extra(v4, explained4, "IPv4", changes);
        extra(v6, explained6, "IPv6", changes);
        if (anyIptables) {
            if (!hasJump(state.ipv4Rules())) {
                changes.add(new Change(Change.Kind.RULE_MISSING, "*", "no jump from INPUT to PORTCULLIS in iptables"));
            }
            if (!hasJump(state.ipv6Rules())) {
                changes.add(new Change(Change.Kind.RULE_MISSING, "*", "no jump from INPUT to PORTCULLIS in ip6tables"));
            }
        }
        return changes;
    }

    private static void extra(List<Rule> all, List<Rule> explained, String family, List<Change> changes) {
        for (Rule r : all) {
            if (!explained.contains(r)) {
                changes.add(new Change(Change.Kind.RULE_EXTRA, r.ports().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")) + "/" + r.protocol(), family
                        + " rule with max " + r.above() + " that no entry explains"));
            }
        }
    }

    private static boolean hasJump(List<String> lines) {
        return lines.stream().anyMatch(l -> l.startsWith("-A INPUT ") && l.contains("-j PORTCULLIS"));
    }

    private static Rule find(List<Rule> rules, String proto, int port, int max, int mask) {
        for (Rule r : rules) {
            if (r.protocol().equals(proto) && r.ports().contains(port) && r.above() == max && r.mask() == mask) {
                return r;
            }
        }
        return null;
    }

    /** The connlimit rules among PORTCULLIS lines. */
    static List<Rule> rules(List<String> lines) {
        Set<String> reachable = reachableChains(lines);
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("-A PORTCULLIS") || !reachable.contains(chainOf(line))) {
                continue;
            }
            Matcher above = ABOVE.matcher(line);
            Matcher dport = DPORT.matcher(line);
            Matcher proto = PROTO.matcher(line);
            if (!above.find() || !dport.find() || !proto.find()) {
                continue;
            }
            Matcher mask = MASK.matcher(line);
            int m = mask.find() ? Integer.parseInt(mask.group(1)) : -1;
            rules.add(new Rule(proto.group(1), ports(dport.group(1)), Integer.parseInt(above.group(1)), m));
        }
        return rules;
    }

    /**
     * The chains a new connection can reach from PORTCULLIS through our dispatch rules ({@code -g}/{@code -j}
     * to another PORTCULLIS chain): an entry's rules in a chain nothing dispatches to limit nothing.
     */
    private static Set<String> reachableChains(List<String> lines) {
        Map<String, List<String>> edges = new HashMap<>();
        for (String line : lines) {
            Matcher jump = JUMP.matcher(line);
            if (line.startsWith("-A PORTCULLIS") && jump.find()) {
                edges.computeIfAbsent(chainOf(line), c -> new ArrayList<>()).add(jump.group(1));
            }
        }
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("PORTCULLIS"));
        while (!todo.isEmpty()) {
            String chain = todo.pop();
            if (reached.add(chain)) {
                todo.addAll(edges.getOrDefault(chain, List.of()));
            }
        }
        return reached;
    }

    /** The chain of an {@code -A CHAIN ...} line. */
    private static String chainOf(String line) {
        int end = line.indexOf(' ', 3);
        return end < 0 ? line.substring(3) : line.substring(3, end);
    }

    private static List<Integer> ports(String spec) {
        List<Integer> ports = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (part.contains(":")) {
                String[] range = part.split(":");
                int from = Integer.parseInt(range[0]);
                int to = Integer.parseInt(range[1]);
                for (int p = from; p <= to && p - from < 65536; p++) {
                    ports.add(p);
                }
            } else if (!part.isEmpty()) {
                ports.add(Integer.parseInt(part));
            }
        }
        return ports;
    }

    private static List<String> protocols(LimitEntry e) {
        List<String> p = new ArrayList<>();
        if (e.protocol().coversTcp()) {
            p.add("tcp");
        }
        if (e.protocol().coversUdp()) {
            p.add("udp");
        }
        return p;
    }

    private static Map<String, LimitEntry> byKey(List<LimitEntry> entries) {
        Map<String, LimitEntry> map = new LinkedHashMap<>();
        for (LimitEntry e : entries) {
            map.put(key(e), e);
        }
        return map;
    }

    static String key(LimitEntry e) {
        return e.port() + "/" + e.protocol().id() + (e.isAccount() ? " account " + e.account() : "");
    }

    static String describe(LimitEntry e) {
        StringBuilder s = new StringBuilder(e.mode().id()).append(" max ").append(e.max());
        if (e.mode() != LimitMode.CONNECTIONS) {
            s.append(" /").append(e.v4Mask()).append(" /").append(e.v6Prefix());
        }
        if (e.observe()) {
            s.append(" observe");
        }
        if (!e.enabled()) {
            s.append(" disabled");
        }
        if (!e.label().isEmpty()) {
            s.append(" '").append(e.label()).append('\'');
        }
        return s.toString();
    }

    /** limits.conf text compared without trailing blanks and blank lines at the end. */
    static String normalizeConf(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString().replaceAll("\n+$", "\n").replaceAll("^\n$", "");
    }
}
