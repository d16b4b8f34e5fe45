package dev.portcullis.conntrack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IpAddressTest {

    @Test
    void parsesIpv4() {
        IpAddress a = IpAddress.parse("198.18.224.2");
        assertEquals(Family.V4, a.family());
        assertEquals(0L, a.hi());
        assertEquals(0xC612E002L, a.lo());
        assertEquals("198.18.224.2", a.toString());
        assertEquals("0.0.0.0", IpAddress.parse("0.0.0.0").toString());
        assertEquals("255.255.255.255", IpAddress.parse("255.255.255.255").toString());
    }

    @Test
    void fullLengthAndCompressedIpv6AreEqual() {
        IpAddress full = IpAddress.parse("fd00:1179:0000:0000:0000:0000:0000:0002");
        IpAddress compressed = IpAddress.parse("fd00:1179::2");
        assertEquals(compressed, full);
        assertEquals(compressed.hashCode(), full.hashCode());
        assertEquals(0xfd00117900000000L, full.hi());
        assertEquals(2L, full.lo());
        assertEquals("fd00:1179::2", full.toString());
        assertEquals(IpAddress.parse("FD00:1179::2"), compressed);
    }

    @Test
    void parsesEveryIpv6Shape() {
        assertEquals("::", IpAddress.parse("::").toString());
        assertEquals("::1", IpAddress.parse("0:0:0:0:0:0:0:1").toString());
        assertEquals("fd00::", IpAddress.parse("fd00::").toString());
        assertEquals("fd00:1:2:3:4:5:6:7", IpAddress.parse("fd00:1:2:3:4:5:6:7").toString());
        assertEquals("fd00::5:0:0:7", IpAddress.parse("fd00:0:0:0:5:0:0:7").toString());
        assertEquals("fd00:0:1::", IpAddress.parse("fd00:0:1:0:0:0:0:0").toString());
        IpAddress mapped = IpAddress.parse("::ffff:198.18.0.1");
        assertEquals(0L, mapped.hi());
        assertEquals(0x0000FFFFC6120001L, mapped.lo());
        assertEquals(mapped, IpAddress.parse("0:0:0:0:0:ffff:c612:1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01234.1.1.1", "1..2.3",
            "1.2.3.4 ", ":", ":::", "1::2::3", "fd00:1", "fd00:", ":fd00::1", "12345::1", "g::1",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "::1.2.3", "::ffff:1.2.3.4:5", "fd00::1%eth0",
            "1:2:3:4:5:6:7:8::", "fe80::1/64", "::ffff:999.1.1.1"})
    void rejectsWhatIsNotOneAddress(String text) {
        assertNull(IpAddress.parse(text), text);
    }

    @Test
    void masksByPrefix() {
        IpAddress v4 = IpAddress.parse("198.18.224.2");
        assertEquals(IpAddress.parse("198.18.224.0"), v4.masked(24));
        assertEquals(IpAddress.parse("198.18.0.0"), v4.masked(15));
        assertEquals(IpAddress.parse("0.0.0.0"), v4.masked(0));
        assertEquals(v4, v4.masked(32));
        IpAddress v6 = IpAddress.parse("fd00:1179:aaaa:bbbb:cccc:dddd:eeee:ffff");
        assertEquals(IpAddress.parse("fd00:1179:aaaa:bbbb::"), v6.masked(64));
        assertEquals(IpAddress.parse("fd00:1179:aaaa:bb00::"), v6.masked(56));
        assertEquals(IpAddress.parse("fd00:1179:aaaa:bbbb:cccc:8000::"), v6.masked(81));
        assertEquals(IpAddress.parse("::"), v6.masked(0));
        assertEquals(IpAddress.parse("fd00:1179:aaaa:bbbb:cccc:dddd:eeee:fffe"), v6.masked(127));
        assertEquals(v6, v6.masked(128));
    }

    @Test
    void ordersByFamilyThenValueUnsigned() {
        IpAddress low = IpAddress.parse("fd00::1");
        IpAddress high = IpAddress.parse("fe00::1");
        IpAddress v4 = IpAddress.parse("255.255.255.255");
        assertEquals(-1, Integer.signum(low.compareTo(high)));
        assertEquals(-1, Integer.signum(v4.compareTo(low)));
        assertEquals(0, low.compareTo(IpAddress.parse("fd00:0::0001")));
    }
}
