package dev.portcullis.importer;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns inbounds into entry proposals: one per port and protocol, with warnings where a per-port
 * limit cannot do what the operator expects, and notes for the inbounds it skips. Pure: no I/O.
 */
public final class Proposer {

    private static final Pattern LOOPBACK_DEST = Pattern.compile("(?:127(?:\\.\\d{1,3}){3}|localhost|\\[::1]):(\\d{1,5})");
    private static final Set<String> FORWARDERS = Set.of("dokodemo-door", "dokodemo", "tunnel");
    private static final Set<String> UDP_PROTOCOLS = Set.of("wireguard", "hysteria", "hysteria2", "tuic");
    private static final Set<String> UDP_TRANSPORTS = Set.of("kcp", "mkcp", "quic");

    public Proposals propose(List<PanelInbound> inbounds, ImportOptions options) {
        List<String> notes = new ArrayList<>();
        Map<Integer, String> fallbackFronts = fallbackTargets(inbounds);
        Map<Integer, Draft> byPort = new LinkedHashMap<>();
        for (PanelInbound in : inbounds) {
            String skip = skipReason(in);
            if (skip != null) {
                notes.add("skipped " + in.describe() + " (" + in.source() + "): " + skip);
                continue;
            }
            Draft draft = draft(in, options, fallbackFronts);
            Draft earlier = byPort.get(draft.port);
            if (earlier == null) {
                byPort.put(draft.port, draft);
            } else if (!earlier.source.equals(draft.source) && earlier.entry.protocol() == draft.entry.protocol()) {
                // The panel writes its inbounds into Xray's config too: the same inbound read twice.
                notes.add("port " + draft.port + " of " + in.source() + " was already read from " + earlier.source);
            } else {
                earlier.absorb(draft);
            }
        }
        List<Proposal> proposals = new ArrayList<>();
        for (Draft d : byPort.values()) {
            proposals.add(d.toProposal());
        }
        return new Proposals(proposals, notes);
    }

    /** Why an inbound gets no entry, or null when it gets one. */
    static String skipReason(PanelInbound in) {
        if (in.protocol().isEmpty()) {
            return "no protocol";
        }
        if ("api".equalsIgnoreCase(in.tag())) {
            return "the Xray API inbound, not an account";
        }
        if (FORWARDERS.contains(in.protocol())) {
            return "a dokodemo-door forwarder, not an account";
        }
        if (in.listen().startsWith("/") || in.listen().startsWith("@")) {
            return "listens on a Unix socket, not on a port";
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

    private static Map<Integer, String> fallbackTargets(List<PanelInbound> inbounds) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (PanelInbound in : inbounds) {
            for (String dest : in.fallbackDests()) {
                int port = -1;
                Matcher m = LOOPBACK_DEST.matcher(dest.trim().toLowerCase(Locale.ROOT));
                if (dest.trim().matches("\\d{1,5}")) {
                    port = Integer.parseInt(dest.trim());
                } else if (m.matches()) {
                    port = Integer.parseInt(m.group(1));
                }
                if (port >= 1 && port <= 65_535) {
                    out.putIfAbsent(port, in.port());
                }
            }
        }
        return out;
    }

    private static boolean loopback(String listen) {
        String l = listen.toLowerCase(Locale.ROOT);
        return l.startsWith("127.") || l.equals("localhost") || l.equals("::1") || l.equals("[::1]");
    }

    private static Draft draft(PanelInbound in, ImportOptions options, Map<Integer, String> fallbackFronts) {
        int port = in.singlePort();
        List<PanelClient> active = in.clients().stream().filter(PanelClient::enabled).toList();
        List<String> warnings = new ArrayList<>();

        if (active.size() > 1) {
            warnings.add(active.size() + " clients share this port: a per-port limit counts them together and "
                    + "cannot tell them apart (give each account its own port to limit it alone)");
        }
        if (loopback(in.listen())) {
            warnings.add("listens on " + in.listen() + ": a proxy in front (nginx, a CDN or relay) connects for "
                    + "every client, so all clients have the proxy's address");
        }
        String front = fallbackFronts.get(port);
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
        String note = !in.enabled() ? "disabled in the panel" : enabled ? null : "every client is disabled in the panel";
        if (note != null) {
            warnings.add(note + ": proposed disabled");
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

    /** Config tags like "inbound-443" (x-ui's default) say less than the client's email. */
    private static boolean isGeneratedTag(String tag) {
        return tag.matches("(?i)inbound-.*|\\d+");
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
