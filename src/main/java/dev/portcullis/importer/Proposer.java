package dev.portcullis.importer;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Validator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns inbounds into entry proposals: one per port and protocol (TCP and UDP inbounds on one port get
 * one entry each), with warnings where a per-port limit cannot do what the operator expects; on a port
 * that several served clients share, also one account entry per client with a limitIp; and notes
 * for the inbounds it skips: those on another server (a 3x-ui node), those reached only through a proxy
 * or fallback in front of them (loopback or Unix socket), forwarders and port ranges. Pure: no I/O.
 */
public final class Proposer {

    private static final Pattern LOOPBACK_DEST = Pattern.compile("(?:127(?:\\.\\d{1,3}){3}|localhost|\\[::1]):(\\d{1,5})");
    private static final Set<String> FORWARDERS = Set.of("dokodemo-door", "dokodemo", "tunnel");
    private static final Set<String> UDP_PROTOCOLS = Set.of("wireguard", "hysteria", "hysteria2", "tuic");
    private static final Set<String> UDP_TRANSPORTS = Set.of("kcp", "mkcp", "quic", "hysteria");
    private static final Set<String> HTTP3_TRANSPORTS = Set.of("xhttp", "splithttp");

    public Proposals propose(List<PanelInbound> inbounds, ImportOptions options) {
        List<String> notes = new ArrayList<>();
        Map<String, String> fronts = fallbackFronts(inbounds);
        Map<Integer, List<Draft>> byPort = new LinkedHashMap<>();
        Map<String, Proposal> accounts = new LinkedHashMap<>();
        for (PanelInbound in : inbounds) {
            String skip = skipReason(in, fronts);
            if (skip != null) {
                notes.add("skipped " + in.describe() + " (" + in.source() + "): " + skip);
                continue;
            }
            accountProposals(in, accounts, notes);
            Draft draft = draft(in, options, fronts);
            List<Draft> samePort = byPort.computeIfAbsent(draft.port, k -> new ArrayList<>());
            List<Draft> overlapping = samePort.stream()
                    .filter(d -> d.entry.protocol().overlaps(draft.entry.protocol())).toList();
            if (overlapping.isEmpty()) {
                // TCP and UDP inbounds on one port are separate services: one entry each.
                samePort.add(draft);
                continue;
            }
            Draft earlier = overlapping.get(0);
            if (!earlier.source.equals(draft.source) && earlier.entry.protocol() == draft.entry.protocol()) {
                // The panel writes its inbounds into Xray's config too: the same inbound read twice.
                notes.add("port " + draft.port + " of " + in.source() + " was already read from " + earlier.source);
                continue;
            }
            earlier.absorb(draft);
            for (Draft other : overlapping.subList(1, overlapping.size())) {
                earlier.absorb(other);
                samePort.remove(other);
            }
        }
        List<Proposal> proposals = new ArrayList<>();
        for (List<Draft> drafts : byPort.values()) {
            for (Draft d : drafts) {
                proposals.add(d.toProposal());
            }
        }
        return new Proposals(proposals, notes, List.copyOf(accounts.values()));
    }

    /**
     * What an account limit cannot do, said once per shared port in the review (on the port's proposal): the kernel sees
     * addresses, not accounts.
     */
    static String sharedAddressNote(int port) {
        return "port " + port + ": an account limit counts each account's client addresses, and the server cannot tell"
                + " apart accounts behind one address: an address shared by several accounts (a household, a carrier's"
                + " CGNAT) is refused for every account on port " + port + " once one of them is over its limit. Allow such"
                + " networks (never counted nor refused) with 'portcullis server allow SERVER CIDR', and try an account"
                + " limit with --observe first (it counts what would be refused and refuses nothing).";
    }

    /**
     * On an inbound several served clients share: one account entry (mode devices) per served client with
     * a limitIp, keyed by port, transport and e-mail so an inbound read twice (database and config) counts once.
     */
    private static void accountProposals(PanelInbound in, Map<String, Proposal> accounts, List<String> notes) {
        List<PanelClient> active = in.clients().stream().filter(PanelClient::enabled).toList();
        if (active.size() < 2) {
            return;
        }
        int port = in.singlePort();
        Protocol transport = transport(in);
        int unusable = 0;
        for (PanelClient c : active) {
            if (c.limitIp() <= 0) {
                continue;
            }
            try {
                Validator.account(c.email());
            } catch (IllegalArgumentException e) {
                unusable++;
                continue;
            }
            String key = port + "/" + transport.id() + "/" + c.email();
            if (accounts.containsKey(key)) {
                continue;
            }
            LimitEntry entry = LimitEntry.ofAccount(port, c.email(), Math.min(c.limitIp(), Validator.MAX_LIMIT))
                    .withProtocol(transport).withEnabled(in.enabled());
            List<String> warnings = new ArrayList<>();
            if (!in.enabled()) {
                warnings.add("the panel does not serve the inbound (" + in.state().text() + "): proposed disabled");
            }
            accounts.put(key, new Proposal(entry, in.describe() + ", client " + c.email(), in.source(), true, true, warnings));
        }
        if (unusable > 0) {
            notes.add("port " + port + ": no account limit for " + unusable + " client(s) whose e-mail is empty,"
                    + " longer than " + Validator.MAX_ACCOUNT_LENGTH + " characters or has control characters");
        }
    }

    /**
     * Why an inbound gets no entry, or null when it gets one.
     *
     * @param fronts which port's fallbacks lead to a port ("port:8001") or socket ("unix:@name")
     */
    static String skipReason(PanelInbound in, Map<String, String> fronts) {
        if (in.protocol().isEmpty()) {
            return "no protocol";
        }
        if (!in.node().isEmpty()) {
            return "runs on " + in.node() + ", not on this server (import it for that server)";
        }
        if ("api".equalsIgnoreCase(in.tag())) {
            return "the Xray API inbound, not an account";
        }
        if (FORWARDERS.contains(in.protocol())) {
            return "a dokodemo-door forwarder, not an account";
        }
        if (in.unixSocket() || in.loopback()) {
            String front = fronts.get(in.unixSocket() ? "unix:" + in.listen().replaceFirst(",\\d+$", "")
                    : "port:" + in.singlePort());
            return (in.unixSocket() ? "listens on the Unix socket " + in.listen() : "listens on " + in.listen() + " only")
                    + ": its clients all arrive through " + (front == null
                    ? "the proxy in front of it (nginx, a CDN, a relay)" : "the fallbacks of port " + front)
                    + ", so a limit here would count them as one; it is limited through "
                    + (front == null ? "the port in front of it" : "port " + front);
        }
        if (in.singlePort() < 0) {
            if (in.port().matches("\\d+\\s*-\\s*\\d+") || in.port().contains(",")) {
                return "port range '" + in.port() + "' (limit single ports by hand with 'portcullis limit set')";
            }
            return "port '" + in.port() + "' is not a port number 1-65535";
        }
        return null;
    }

    /** The transport a per-port limit has to cover. */
    static Protocol transport(PanelInbound in) {
        if (UDP_PROTOCOLS.contains(in.protocol()) || UDP_TRANSPORTS.contains(in.network())) {
            return Protocol.UDP;
        }
        if (HTTP3_TRANSPORTS.contains(in.network()) && in.h3Only()) {
            // XHTTP with TLS ALPN "h3" alone serves HTTP/3 over QUIC.
            return Protocol.UDP;
        }
        if ("shadowsocks".equals(in.protocol())) {
            boolean tcp = in.ssNetwork().isEmpty() || in.ssNetwork().contains("tcp");
            boolean udp = in.ssNetwork().contains("udp");
            return tcp && udp ? Protocol.BOTH : udp ? Protocol.UDP : Protocol.TCP;
        }
        if (("socks".equals(in.protocol()) || "mixed".equals(in.protocol())) && in.udpEnabled()) {
            return Protocol.BOTH;
        }
        return Protocol.TCP;
    }

    /**
     * Printable, at most {@link Validator#MAX_LABEL_LENGTH} code points, whitespace collapsed; control
     * and format characters and lone UTF-16 surrogates (from broken panel JSON) are dropped.
     */
    public static String label(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        raw.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.append(' ');
            } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE
                    || (Character.getType(cp) == Character.FORMAT && cp != 0x200C && cp != 0x200D)) {
                return;
            } else {
                out.appendCodePoint(cp);
            }
        });
        String text = out.toString().replaceAll(" {2,}", " ").trim();
        if (text.codePointCount(0, text.length()) > Validator.MAX_LABEL_LENGTH) {
            text = text.substring(0, text.offsetByCodePoints(0, Validator.MAX_LABEL_LENGTH)).trim();
        }
        Validator.label(text);
        return text;
    }

    /**
     * Where fallbacks lead: "port:N" for a port on this host (a bare port, or a loopback host:port) and
     * "unix:PATH" for a Unix socket, each mapped to the port of the first inbound whose fallbacks lead there.
     */
    private static Map<String, String> fallbackFronts(List<PanelInbound> inbounds) {
        Map<String, String> out = new LinkedHashMap<>();
        for (PanelInbound in : inbounds) {
            for (String raw : in.fallbackDests()) {
                String dest = raw.trim();
                Matcher m = LOOPBACK_DEST.matcher(dest.toLowerCase(Locale.ROOT));
                String port = dest.matches("\\d{1,5}") ? dest : m.matches() ? m.group(1) : null;
                if (port != null) {
                    out.putIfAbsent("port:" + Integer.parseInt(port), in.port());
                } else if (dest.startsWith("/") || dest.startsWith("@")) {
                    out.putIfAbsent("unix:" + dest, in.port());
                }
            }
        }
        return out;
    }

    private static Draft draft(PanelInbound in, ImportOptions options, Map<String, String> fronts) {
        int port = in.singlePort();
        List<PanelClient> active = in.clients().stream().filter(PanelClient::enabled).toList();
        List<String> warnings = new ArrayList<>();

        if (active.size() > 1) {
            warnings.add(active.size() + " clients share this port: a per-port limit counts them together and "
                    + "cannot tell them apart; each client with a limitIp gets an account limit of its own");
            if (active.stream().anyMatch(c -> c.limitIp() > 0)) {
                warnings.add(sharedAddressNote(port));
            }
            List<String> uncapped = active.stream().filter(c -> c.limitIp() <= 0).map(c -> label(c.email())).toList();
            if (!uncapped.isEmpty()) {
                warnings.add(uncapped.size() + " client(s) without a limitIp get no account limit ("
                        + String.join(", ", uncapped.stream().limit(5).toList()) + (uncapped.size() > 5 ? ", ..." : "")
                        + "); set one in the panel, or add it with 'portcullis limit set SERVER " + port
                        + " --account EMAIL --max N'");
            }
        }
        String unserved = unserved(in.clients());
        if (!unserved.isEmpty() && !active.isEmpty()) {
            warnings.add("not counted, the panel does not serve them: " + unserved);
        }
        String front = fronts.get("port:" + port);
        if (front != null) {
            warnings.add("behind the fallbacks of port " + front + ": its clients arrive from that inbound, "
                    + "so all clients have the same address");
        }
        if (!in.fallbackDests().isEmpty()) {
            warnings.add("has fallbacks: connections meant for the services behind it arrive on this port "
                    + "too and count against its limit");
        }

        boolean allCapped = !active.isEmpty() && active.stream().allMatch(c -> c.limitIp() > 0);
        int panelMax = allCapped ? active.stream().mapToInt(PanelClient::limitIp).sum() : 0;
        boolean maxFromPanel = panelMax > 0;
        int max = maxFromPanel ? Math.min(panelMax, Validator.MAX_LIMIT) : options.defaultMax();
        LimitMode mode = options.mode() != null ? options.mode()
                : maxFromPanel ? LimitMode.DEVICES : LimitMode.CONNECTIONS_PER_IP;
        if (maxFromPanel && active.size() > 1) {
            warnings.add("max " + max + " is the sum of the clients' limitIp");
        }
        if (maxFromPanel && mode != LimitMode.DEVICES) {
            warnings.add("limitIp counts addresses (devices) but mode " + mode.id() + " counts connections: "
                    + "one device opens 12 or more, consider --mode devices");
        }

        boolean enabled = in.enabled() && (in.clients().isEmpty() || !active.isEmpty());
        if (in.state() == ServeState.DISABLED) {
            warnings.add("disabled in the panel: proposed disabled");
        } else if (!in.enabled()) {
            warnings.add("the panel does not serve it (" + in.state().text() + "): proposed disabled");
        } else if (!enabled) {
            warnings.add("the panel serves none of its clients (" + unserved + "): proposed disabled");
        }

        // The panel's remark, else the one account's e-mail, else a tag a person chose.
        String label = label(in.name());
        if (label.isEmpty()) {
            String email = active.size() == 1 ? active.get(0).email()
                    : in.clients().size() == 1 ? in.clients().get(0).email() : "";
            label = label(email);
        }
        if (label.isEmpty() && !isGeneratedTag(in.tag())) {
            label = label(in.tag());
        }

        LimitEntry entry = new LimitEntry(port, transport(in), mode, max, LimitEntry.DEFAULT_V4_MASK,
                LimitEntry.DEFAULT_V6_PREFIX, label, false, enabled, LimitEntry.DEFAULT_IDLE_SECONDS);
        return new Draft(port, entry, in.describe(), in.source(), maxFromPanel,
                options.mode() != null || maxFromPanel, warnings);
    }

    /** "2 expired, 1 switched off in the panel" for the clients the panel does not serve; empty when it serves all. */
    private static String unserved(List<PanelClient> clients) {
        Map<ServeState, Long> counts = new EnumMap<>(ServeState.class);
        clients.stream().filter(c -> !c.enabled()).forEach(c -> counts.merge(c.state(), 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((state, n) -> parts.add(n + " " + state.text()));
        return String.join(", ", parts);
    }

    /**
     * Tags the panels generate say less than the client's e-mail: 3x-ui 3.x "in-443-tcp" (with a node
     * prefix "n2-" and a counter "-2" where needed), older panels "inbound-443" / "inbound-127.0.0.1:8880".
     */
    static boolean isGeneratedTag(String tag) {
        return tag.matches("(?i)(n\\d+-)?in-\\d+-(tcp|udp|tcpudp|any)(-\\d+)?|inbound-.*|\\d+");
    }

    /** A proposal being built; several inbounds on one port fold into one. */
    private static final class Draft {
        final int port;
        LimitEntry entry;
        final Set<String> inbounds = new LinkedHashSet<>();
        final String source;
        boolean maxFromPanel;
        final boolean modeChosen;
        final List<String> warnings;

        Draft(int port, LimitEntry entry, String inbound, String source, boolean maxFromPanel, boolean modeChosen,
              List<String> warnings) {
            this.port = port;
            this.entry = entry;
            this.inbounds.add(inbound);
            this.source = source;
            this.maxFromPanel = maxFromPanel;
            this.modeChosen = modeChosen;
            this.warnings = new ArrayList<>(warnings);
        }

        void absorb(Draft other) {
            inbounds.add(other.inbounds.iterator().next() + (other.source.equals(source) ? "" : " (" + other.source + ")"));
            Protocol a = entry.protocol();
            Protocol b = other.entry.protocol();
            Protocol union = a == b ? a : Protocol.BOTH;
            if (a.overlaps(b)) {
                warnings.add("the port is also used by " + other.inbounds.iterator().next()
                        + (other.source.equals(source) ? "" : " in " + other.source) + ": one limit covers both");
            }
            entry = entry.withProtocol(union).withEnabled(entry.enabled() || other.entry.enabled());
            if (entry.label().isEmpty()) {
                entry = entry.withLabel(other.entry.label());
            }
            for (String w : other.warnings) {
                if (!warnings.contains(w)) {
                    warnings.add(w);
                }
            }
        }

        Proposal toProposal() {
            return new Proposal(entry, String.join(" + ", inbounds), source, maxFromPanel, modeChosen, warnings);
        }
    }
}
