package dev.portcullis.conntrack;

import dev.portcullis.model.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConntrackParserTest {

    private static final String TCP = "tcp      6 431999 ESTABLISHED src=198.18.0.2 dst=198.18.0.1 sport=40000 "
            + "dport=8443 src=198.18.0.1 dst=198.18.0.2 sport=8443 dport=40000 [ASSURED] mark=0 use=1";
    private static final String UDP = "udp      17 27 src=198.18.0.2 dst=198.18.0.1 sport=5000 dport=8443 "
            + "[UNREPLIED] src=198.18.0.1 dst=198.18.0.2 sport=8443 dport=5000 mark=0 use=1";

    private static ParseResult parse(String text) {
        return new ConntrackParser().parse(text);
    }

    private static Connection one(String line) {
        ParseResult r = parse(line);
        assertEquals(0, r.malformed(), () -> "malformed: " + r.malformedSamples());
        assertEquals(1, r.connections().size());
        return r.connections().get(0);
    }

    private static void assertMalformed(String text) {
        ParseResult r = parse(text);
        assertEquals(1, r.lines(), text);
        assertEquals(1, r.malformed(), text);
        assertEquals(0, r.connections().size(), text);
        assertEquals(0, r.otherProtocols(), text);
        assertEquals(1, r.malformedSamples().size(), text);
    }

    @ParameterizedTest
    @EnumSource(TcpState.class)
    void everyTcpState(TcpState state) {
        Connection c = one(TCP.replace("ESTABLISHED", state.name()));
        assertEquals(state, c.state());
        boolean closed = state == TcpState.TIME_WAIT || state == TcpState.CLOSE;
        assertEquals(!closed, c.holdsSlot());
    }

    @Test
    void plainTcpLine() {
        Connection c = one(TCP);
        assertEquals(Protocol.TCP, c.protocol());
        assertEquals(Family.V4, c.family());
        assertEquals(IpAddress.parse("198.18.0.2"), c.src());
        assertEquals(IpAddress.parse("198.18.0.1"), c.dst());
        assertEquals(40000, c.sport());
        assertEquals(8443, c.dport());
        assertTrue(c.assured());
        assertFalse(c.unreplied());
    }

    @Test
    void udpHasNoState() {
        Connection c = one(UDP);
        assertEquals(Protocol.UDP, c.protocol());
        assertNull(c.state());
        assertTrue(c.unreplied());
        assertFalse(c.assured());
        assertEquals(5000, c.sport());
    }

    @Test
    void optionalFieldsAndPrefixes() {
        String v6 = "tcp      6 300 ESTABLISHED src=fd00:1::2 dst=fd00:1::1 sport=40000 dport=443 "
                + "src=fd00:1::1 dst=fd00:1::2 sport=443 dport=40000 [ASSURED] mark=7 "
                + "secctx=system_u:object_r:unlabeled_t:s0 zone=3 use=2 id=3672157717";
        assertEquals(443, one(v6).dport());
        assertEquals(443, one("ipv6     10 " + v6).dport());
        assertEquals(8443, one("ipv4     2 " + TCP).dport());
        assertEquals(8443, one("ipv4     2 " + UDP).dport());
        // event mode and timestamps put bracketed words in front
        assertEquals(8443, one("    [NEW] " + TCP).dport());
        assertEquals(8443, one("[1700000000.123456]\t    [UPDATE] " + TCP).dport());
        // accounting, offload flags, labels and delta-time after the tuples
        assertEquals(443, one("tcp 6 10 ESTABLISHED src=fd00::2 dst=fd00::1 sport=1 dport=443 packets=5 bytes=300 "
                + "src=fd00::1 dst=fd00::2 sport=443 dport=1 packets=4 bytes=200 [OFFLOAD] mark=0 labels=0x1 "
                + "delta-time=12 use=1").dport());
        // tabs, Windows line ends, blank lines
        ParseResult r = parse("\n" + TCP.replace(' ', '\t') + "\r\n  \r\n" + UDP + "\r\n\n");
        assertEquals(2, r.lines());
        assertEquals(2, r.connections().size());
        assertEquals(0, r.malformed());
    }

    @Test
    void procFormatFullLengthIpv6() {
        Connection c = one("ipv6     10 tcp      6 431999 ESTABLISHED src=fd00:0000:0000:0000:0000:0000:0000:0002 "
                + "dst=fd00:0000:0000:0000:0000:0000:0000:0001 sport=34650 dport=8443 "
                + "src=fd00:0000:0000:0000:0000:0000:0000:0001 dst=fd00:0000:0000:0000:0000:0000:0000:0002 "
                + "sport=8443 dport=34650 [ASSURED] mark=0 zone=0 use=2");
        assertEquals(IpAddress.parse("fd00::2"), c.src());
        assertEquals(IpAddress.parse("fd00::1"), c.dst());
        assertEquals(Family.V6, c.family());
    }

    @Test
    void otherProtocolsAreCountedNotMalformed() {
        String text = String.join("\n",
                "icmp     1 28 src=198.18.0.2 dst=198.18.0.1 type=8 code=0 id=4020 src=198.18.0.1 dst=198.18.0.2 "
                        + "type=0 code=0 id=4020 mark=0 use=1",
                "ipv6     10 icmpv6   58 28 src=fd00::2 dst=fd00::1 type=128 code=0 id=1 src=fd00::1 dst=fd00::2 "
                        + "type=129 code=0 id=1 mark=0 zone=0 use=2",
                "gre      47 179 timeout=180, stream_timeout=180 src=198.18.0.2 dst=198.18.0.1 srckey=0x0 "
                        + "dstkey=0x0 src=198.18.0.1 dst=198.18.0.2 srckey=0x0 dstkey=0x0 [ASSURED] mark=0 use=1",
                "sctp     132 3 CLOSED src=198.18.0.2 dst=198.18.0.1 sport=5000 dport=8443 src=198.18.0.1 "
                        + "dst=198.18.0.2 sport=8443 dport=5000 mark=0 use=1",
                "udplite  136 29 src=198.18.0.2 dst=198.18.0.1 sport=5000 dport=8443 src=198.18.0.1 "
                        + "dst=198.18.0.2 sport=8443 dport=5000 mark=0 use=1",
                "unknown  2 599 src=198.18.0.1 dst=224.0.0.22 [UNREPLIED] src=224.0.0.22 dst=198.18.0.1 mark=0 use=1",
                TCP);
        ParseResult r = parse(text);
        assertEquals(7, r.lines());
        assertEquals(6, r.otherProtocols());
        assertEquals(1, r.connections().size());
        assertEquals(0, r.malformed());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "hello world",
            "conntrack v1.4.7 (conntrack-tools): 20 flow entries have been shown.",
            "tcp",
            "tcp 6",
            "tcp 6 10",
            "tcp 6 10 ESTABLISHED",
            "tcp 17 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "udp 6 10 src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "icmp 6 10 src=1.2.3.4 dst=1.2.3.5",
            "icmp 1 10 no fields at all",
            "tcp 6 10 src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "udp 17 10 NEW src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHEDX src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 established src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 -10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 99999999999 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=65536 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=-2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=0x50 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport= src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=0000080 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src= dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4=5 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=example.com dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 dst=fd00::1 sport=1 dport=2 src=fd00::1 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED dst=1.2.3.5 src=1.2.3.4 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2",
            "tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1 "
                    + "src=1.2.3.6 dst=1.2.3.4 sport=2 dport=1",
            "ipv4 10 tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "ipv6 10 tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "ipv4 tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "TCP 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "[NEW] [x] [y] tcp 6 10 ESTABLISHED src=1.2.3.4 dst=1.2.3.5 sport=1 dport=2 src=1.2.3.5 dst=1.2.3.4 sport=2 dport=1",
            "دسترسی مجاز نیست 连接 被拒绝",
    })
    void unreadableLinesAreCountedAndSkipped(String line) {
        assertMalformed(line);
    }

    @Test
    void everyTruncationOfARealLineIsMalformedUntilTheReplyPortIsThere() {
        String line = Fixtures.text("conntrack-L.txt").lines()
                .filter(l -> l.contains("sport=57610")).findFirst().orElseThrow();
        int replyPortEnd = line.lastIndexOf("dport=") + "dport=".length() + 1; // first digit of it
        for (int length = 1; length <= line.length(); length++) {
            ParseResult r = parse(line.substring(0, length));
            if (length < replyPortEnd) {
                assertEquals(1, r.malformed(), "cut at " + length);
                assertEquals(0, r.connections().size(), "cut at " + length);
            } else {
                assertEquals(0, r.malformed(), "cut at " + length);
                assertEquals(57610, r.connections().get(0).sport());
                assertEquals(9999, r.connections().get(0).dport());
            }
        }
    }

    @Test
    void controlBytesAndNonAsciiAnywhereMakeALineMalformed() {
        for (String bad : List.of("\u0000", "\u001b[2J", "\u007f", "\u00e9", "\u200f", "连")) {
            ParseResult r = parse(TCP.replace("use=1", "use=1" + bad) + "\n"
                    + UDP.replace("dport=8443", "dport=84" + bad + "43") + "\n"
                    + "icmp 1 28 src=198.18.0.2 dst=198.18.0.1 type=8" + bad);
            assertEquals(3, r.lines(), bad);
            assertEquals(3, r.malformed(), bad);
            assertEquals(0, r.connections().size(), bad);
            assertEquals(0, r.otherProtocols(), bad);
        }
    }

    @Test
    void samplesAreBoundedAndEscaped() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("bad\u0000line\u001b ").append(i).append('\n');
        }
        text.append(TCP).append('\n');
        ParseResult r = parse(text.toString());
        assertEquals(101, r.lines());
        assertEquals(100, r.malformed());
        assertEquals(1, r.connections().size());
        assertEquals(List.of("bad\\x00line\\x1b 0", "bad\\x00line\\x1b 1", "bad\\x00line\\x1b 2",
                "bad\\x00line\\x1b 3", "bad\\x00line\\x1b 4"), r.malformedSamples());
    }

    @Test
    void everyLineIsAccountedFor() {
        String text = String.join("\n", TCP, "garbage", UDP, "", "icmp 1 28 src=1.2.3.4 dst=1.2.3.5 type=8",
                "x".repeat(5000), TCP) + "\n";
        ParseResult r = parse(text);
        assertEquals(6, r.lines());
        assertEquals(3, r.connections().size());
        assertEquals(1, r.otherProtocols());
        assertEquals(2, r.malformed());
        assertEquals(r.lines(), r.connections().size() + r.otherProtocols() + r.malformed());
    }

    @Test
    void overlongLineIsMalformedWithAShortSample() {
        String padded = TCP + " " + "mark=0 ".repeat(700); // a valid line made too long
        ParseResult r = parse(padded + "\n" + TCP);
        assertEquals(2, r.lines());
        assertEquals(1, r.malformed());
        assertEquals(1, r.connections().size());
        String sample = r.malformedSamples().get(0);
        assertEquals(ConntrackParser.SAMPLE_CHARS + 3, sample.length());
        assertTrue(sample.endsWith("..."));
    }

    @Test
    void tenMegabytesWithoutNewlineFromBytesAndFromAStream() {
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'A');
        byte[] withTail = (new String(huge, StandardCharsets.ISO_8859_1) + "\n" + TCP + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            ParseResult r = new ConntrackParser().parse(huge);
            assertEquals(1, r.lines());
            assertEquals(1, r.malformed());
            ParseResult s = new ConntrackParser().parse(new ByteArrayInputStream(withTail));
            assertEquals(2, s.lines());
            assertEquals(1, s.malformed());
            assertEquals(1, s.connections().size());
            assertEquals(8443, s.connections().get(0).dport());
        });
    }

    @Test
    void streamOfNulBytesAndNoNewlineUsesAFixedBuffer() {
        // 64 MB that is never held in memory at once: the stream path keeps one 64 KiB buffer.
        long total = 64L * 1024 * 1024;
        InputStream zeros = new InputStream() {
            private long left = total;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            ParseResult r = new ConntrackParser().parse(zeros);
            assertEquals(1, r.lines());
            assertEquals(1, r.malformed());
            assertEquals("\\x00".repeat(ConntrackParser.SAMPLE_CHARS) + "...", r.malformedSamples().get(0));
        });
    }

    @Test
    void manyShortNulLinesFromAStream() throws IOException {
        byte[] text = "\u0000\n".repeat(100_000).getBytes(StandardCharsets.ISO_8859_1);
        ParseResult r = new ConntrackParser().parse(new ByteArrayInputStream(text));
        assertEquals(100_000, r.lines());
        assertEquals(100_000, r.malformed());
        assertEquals(ConntrackParser.MAX_SAMPLES, r.malformedSamples().size());
    }

    @Test
    void lineSplitAcrossStreamReadsIsReadWhole() throws IOException {
        byte[] text = (TCP + "\n" + UDP).getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < text.length ? text[pos++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= text.length) {
                    return -1;
                }
                b[off] = text[pos++]; // one byte at a time, as a slow channel may deliver
                return 1;
            }
        };
        ParseResult r = new ConntrackParser().parse(trickle);
        assertEquals(2, r.connections().size());
        assertEquals(0, r.malformed());
    }
}
