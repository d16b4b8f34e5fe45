package dev.portcullis.conntrack;

import dev.portcullis.model.Protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text of {@code conntrack -L} (plain, {@code -o extended}, {@code -o id}) and of
 * /proc/net/nf_conntrack. Works on bytes with a hand-rolled tokenizer: no regex, no split, no
 * String per token, because a busy server's table must parse at over a million lines a second.
 *
 * <p>A line is one of: a TCP/UDP connection (kept), another protocol such as icmp (counted,
 * skipped), or unreadable (counted as malformed, a few samples kept, skipped). Nothing is fatal
 * and nothing is dropped uncounted. Lines longer than {@link #MAX_LINE_BYTES} are malformed
 * without being looked at, so hostile input costs linear time and bounded memory per line.
 *
 * <p>Not thread-safe: use one instance per parse (it is cheap) or per polling thread.
 */
public final class ConntrackParser {

    /** Real lines are under 400 bytes even with secctx, labels and accounting; this leaves room. */
    public static final int MAX_LINE_BYTES = 4096;
    /** How many unreadable lines are kept as examples. */
    public static final int MAX_SAMPLES = 5;
    /** How much of an unreadable line an example keeps. */
    public static final int SAMPLE_CHARS = 160;

    private static final int BUFFER_BYTES = 1 << 16;

    private final LineReader reader = new LineReader();
    private List<Connection> connections;
    private List<String> samples;
    private long lines;
    private long other;
    private long malformed;

    /** Parses a whole output held in memory. */
    public ParseResult parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    public ParseResult parse(byte[] text) {
        return parse(text, 0, text.length);
    }

    /** Parses {@code text[offset, offset + length)}. */
    public ParseResult parse(byte[] text, int offset, int length) {
        reset();
        int end = offset + length;
        int pos = offset;
        while (pos < end) {
            int nl = indexOf(text, pos, end);
            int lineEnd = nl < 0 ? end : nl;
            line(text, pos, lineEnd);
            pos = lineEnd + 1;
        }
        return result();
    }

    /**
     * Parses a stream (an SSH channel) line by line in a fixed buffer, so memory does not depend
     * on how long a line is: an overlong line is counted once and discarded up to its newline.
     */
    public ParseResult parse(InputStream in) throws IOException {
        reset();
        byte[] buf = new byte[BUFFER_BYTES];
        int len = 0;
        boolean skipping = false;
        int n;
        while ((n = in.read(buf, len, buf.length - len)) >= 0) {
            len += n;
            int pos = 0;
            while (pos < len) {
                int nl = indexOf(buf, pos, len);
                if (skipping) {
                    if (nl < 0) {
                        pos = len;
                        break;
                    }
                    skipping = false;
                    pos = nl + 1;
                } else if (nl >= 0) {
                    line(buf, pos, nl);
                    pos = nl + 1;
                } else if (len - pos > MAX_LINE_BYTES) {
                    lines++;
                    malformed(buf, pos, pos + SAMPLE_CHARS);
                    skipping = true;
                    pos = len;
                } else {
                    break;
                }
            }
            System.arraycopy(buf, pos, buf, 0, len - pos);
            len -= pos;
        }
        if (!skipping && len > 0) {
            line(buf, 0, len);
        }
        return result();
    }

    private void reset() {
        connections = new ArrayList<>();
        samples = new ArrayList<>(MAX_SAMPLES);
        lines = 0;
        other = 0;
        malformed = 0;
    }

    private ParseResult result() {
        ParseResult r = new ParseResult(connections, lines, other, malformed, samples);
        connections = null;
        samples = null;
        return r;
    }

    private static int indexOf(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private void line(byte[] b, int start, int end) {
        int s = start;
        while (s < end && isSpace(b[s])) {
            s++;
        }
        if (s == end) {
            return; // blank: not a line of the table
        }
        lines++;
        if (end - start > MAX_LINE_BYTES) {
            malformed(b, start, start + SAMPLE_CHARS);
            return;
        }
        switch (reader.on(b, s, end).read(connections)) {
            case CONNECTION -> { }
            case OTHER_PROTOCOL -> other++;
            case MALFORMED -> malformed(b, start, end);
        }
    }

    private void malformed(byte[] b, int start, int end) {
        malformed++;
        if (samples.size() < MAX_SAMPLES) {
            samples.add(sample(b, start, Math.min(end, b.length)));
        }
    }

    /** A short, printable rendering of a bad line: control bytes escaped so it cannot fake output. */
    static String sample(byte[] b, int start, int end) {
        String text = new String(b, start, Math.min(end - start, SAMPLE_CHARS * 4), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(text.length(), SAMPLE_CHARS) + 8);
        int count = 0;
        for (int k = 0; k < text.length() && count < SAMPLE_CHARS; ) {
            int cp = text.codePointAt(k);
            k += Character.charCount(cp);
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                out.append(cp < 0x100 ? String.format("\\x%02x", cp) : String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
            count++;
        }
        if (count >= SAMPLE_CHARS) {
            out.append("...");
        }
        return out.toString();
    }

    enum Outcome { CONNECTION, OTHER_PROTOCOL, MALFORMED }

    /** Reads one line, token by token, without allocating a token. */
    /** Reused for every line of a parse: nothing is allocated per line but the results. */
    private static final class LineReader {
        private byte[] b;
        private int end;
        private int pos;
        private int tokStart;
        private int tokEnd;
        /** Set once any token held a byte conntrack never prints: the line is then not trusted. */
        private boolean binary;
        /** Original [0] and reply [1] tuple, filled in the order the line gives them. */
        private final IpAddress[] src = new IpAddress[2];
        private final IpAddress[] dst = new IpAddress[2];
        private final int[] sport = new int[2];
        private final int[] dport = new int[2];

        LineReader on(byte[] bytes, int start, int stop) {
            b = bytes;
            pos = start;
            end = stop;
            binary = false;
            return this;
        }

        private boolean next() {
            while (pos < end && isSpace(b[pos])) {
                pos++;
            }
            if (pos >= end) {
                return false;
            }
            tokStart = pos;
            while (pos < end) {
                byte c = b[pos];
                if (c > ' ' && c != 0x7f) { // printable ASCII: the only thing conntrack prints
                    pos++;
                } else if (isSpace(c)) {
                    break;
                } else {
                    binary = true; // NUL, other control bytes, non-ASCII (negative as a Java byte)
                    pos++;
                }
            }
            tokEnd = pos;
            return true;
        }

        private boolean tokenIs(String word) {
            return regionIs(tokStart, tokEnd, word);
        }

        private boolean regionIs(int s, int e, String word) {
            if (e - s != word.length()) {
                return false;
            }
            for (int k = 0; k < word.length(); k++) {
                if (b[s + k] != word.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /** Decimal value of the token (at most {@code maxDigits} digits), or -1. */
        private long number(int s, int e, int maxDigits) {
            if (e <= s || e - s > maxDigits) {
                return -1;
            }
            long v = 0;
            for (int k = s; k < e; k++) {
                if (b[k] < '0' || b[k] > '9') {
                    return -1;
                }
                v = v * 10 + (b[k] - '0');
            }
            return v;
        }

        Outcome read(List<Connection> out) {
            Outcome outcome = readLine(out);
            if (binary && outcome != Outcome.MALFORMED) {
                if (outcome == Outcome.CONNECTION) {
                    out.remove(out.size() - 1);
                }
                return Outcome.MALFORMED;
            }
            return outcome;
        }

        private Outcome readLine(List<Connection> out) {
            if (!next()) {
                return Outcome.MALFORMED;
            }
            // Event and timestamp output put "[NEW]" or "[1700000000.123456]" in front.
            for (int k = 0; k < 2 && b[tokStart] == '['; k++) {
                if (!next()) {
                    return Outcome.MALFORMED;
                }
            }
            Family hint = null;
            if (tokenIs("ipv4") || tokenIs("ipv6")) {
                // -o extended and /proc/net/nf_conntrack: "ipv4     2 tcp      6 ..."
                hint = tokenIs("ipv4") ? Family.V4 : Family.V6;
                long l3 = next() ? number(tokStart, tokEnd, 3) : -1;
                if (l3 != (hint == Family.V4 ? 2 : 10) || !next()) {
                    return Outcome.MALFORMED;
                }
            }
            int nameStart = tokStart;
            int nameEnd = tokEnd;
            if (!isProtocolName(nameStart, nameEnd)) {
                return Outcome.MALFORMED;
            }
            long protoNum = next() ? number(tokStart, tokEnd, 3) : -1;
            long timeout = next() ? number(tokStart, tokEnd, 10) : -1;
            if (protoNum < 0 || protoNum > 255 || timeout < 0) {
                return Outcome.MALFORMED;
            }
            Protocol protocol;
            if (regionIs(nameStart, nameEnd, "tcp")) {
                protocol = Protocol.TCP;
            } else if (regionIs(nameStart, nameEnd, "udp")) {
                protocol = Protocol.UDP;
            } else {
                return protoNum == 6 || protoNum == 17 ? Outcome.MALFORMED : otherProtocol();
            }
            if (protoNum != (protocol == Protocol.TCP ? 6 : 17)) {
                return Outcome.MALFORMED;
            }
            return readTuples(protocol, hint, out);
        }

        /** icmp, gre, sctp...: well-formed when the rest holds key=value fields (and no binary). */
        private Outcome otherProtocol() {
            boolean keys = false;
            while (next()) {
                for (int k = tokStart; k < tokEnd && !keys; k++) {
                    keys = b[k] == '=';
                }
            }
            return keys ? Outcome.OTHER_PROTOCOL : Outcome.MALFORMED;
        }

        private boolean isProtocolName(int s, int e) {
            if (e - s < 2 || e - s > 16) {
                return false;
            }
            for (int k = s; k < e; k++) {
                byte c = b[k];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    return false;
                }
            }
            return true;
        }

        private Outcome readTuples(Protocol protocol, Family hint, List<Connection> out) {
            TcpState state = null;
            boolean assured = false;
            boolean unreplied = false;
            boolean keysSeen = false;
            int srcN = 0;
            int dstN = 0;
            int sportN = 0;
            int dportN = 0;
            int origSrcStart = 0;
            int origSrcEnd = 0;
            int origDstStart = 0;
            int origDstEnd = 0;
            while (next()) {
                if (b[tokStart] == '[') {
                    if (tokenIs("[ASSURED]")) {
                        assured = true;
                    } else if (tokenIs("[UNREPLIED]")) {
                        unreplied = true;
                    }
                    continue; // [OFFLOAD], [HW_OFFLOAD] and the like carry nothing we need
                }
                int eq = -1;
                for (int k = tokStart; k < tokEnd; k++) {
                    if (b[k] == '=') {
                        eq = k;
                        break;
                    }
                }
                if (eq < 0) {
                    if (keysSeen) {
                        continue; // trailing free text of newer output options
                    }
                    if (protocol != Protocol.TCP || state != null) {
                        return Outcome.MALFORMED;
                    }
                    state = TcpState.of(b, tokStart, tokEnd);
                    if (state == null) {
                        return Outcome.MALFORMED;
                    }
                    continue;
                }
                keysSeen = true;
                int vs = eq + 1;
                int ve = tokEnd;
                if (regionIs(tokStart, eq, "src")) {
                    if (srcN == 2 || (srcN == 1 && dportN == 0)) {
                        return Outcome.MALFORMED; // a third tuple, or a reply before a full original
                    }
                    // The reply's src is usually the original dst: reuse it rather than parse again.
                    src[srcN] = srcN == 1 && sameBytes(vs, ve, origDstStart, origDstEnd) ? dst[0]
                            : IpAddress.parse(b, vs, ve);
                    if (src[srcN] == null) {
                        return Outcome.MALFORMED;
                    }
                    if (srcN == 0) {
                        origSrcStart = vs;
                        origSrcEnd = ve;
                    }
                    srcN++;
                } else if (regionIs(tokStart, eq, "dst")) {
                    if (dstN >= srcN) {
                        return Outcome.MALFORMED;
                    }
                    dst[dstN] = dstN == 1 && sameBytes(vs, ve, origSrcStart, origSrcEnd) ? src[0]
                            : IpAddress.parse(b, vs, ve);
                    if (dst[dstN] == null) {
                        return Outcome.MALFORMED;
                    }
                    if (dstN == 0) {
                        origDstStart = vs;
                        origDstEnd = ve;
                    }
                    dstN++;
                } else if (regionIs(tokStart, eq, "sport")) {
                    if (sportN >= srcN || (sport[sportN] = port(vs, ve)) < 0) {
                        return Outcome.MALFORMED;
                    }
                    sportN++;
                } else if (regionIs(tokStart, eq, "dport")) {
                    if (dportN >= srcN || (dport[dportN] = port(vs, ve)) < 0) {
                        return Outcome.MALFORMED;
                    }
                    dportN++;
                }
                // mark=, zone=, use=, id=, secctx=, labels=, packets=, bytes=...: not needed
            }
            if (srcN != 2 || dstN != 2 || sportN != 2 || dportN != 2) {
                return Outcome.MALFORMED; // truncated, or not a tuple line
            }
            if (protocol == Protocol.TCP && state == null) {
                return Outcome.MALFORMED;
            }
            Family family = src[0].family();
            if ((hint != null && hint != family) || dst[0].family() != family
                    || src[1].family() != family || dst[1].family() != family) {
                return Outcome.MALFORMED;
            }
            out.add(new Connection(protocol, family, src[0], dst[0], sport[0], dport[0], state, assured,
                    unreplied, src[1], dst[1], sport[1], dport[1]));
            return Outcome.CONNECTION;
        }

        private int port(int s, int e) {
            long v = number(s, e, 5);
            return v > 65_535 ? -1 : (int) v;
        }

        private boolean sameBytes(int s1, int e1, int s2, int e2) {
            if (e1 - s1 != e2 - s2) {
                return false;
            }
            for (int k = 0; k < e1 - s1; k++) {
                if (b[s1 + k] != b[s2 + k]) {
                    return false;
                }
            }
            return true;
        }
    }
}
