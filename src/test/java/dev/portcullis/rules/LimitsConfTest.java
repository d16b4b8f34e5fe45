package dev.portcullis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ValidationException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LimitsConfTest {

    static final List<String> HOSTILE_LABELS = List.of(
            "$(touch /tmp/pwned)", "'; reboot #", "\"quoted\" `cmd` \\ back", "علی رضا", "张三的账号",
            "a%41 100% & | ; < > * ? [ ] { } ~ !", "PORTCULLIS_LIMITS_CONF", "label=x port=22 mode=devices", "  spaced  ");

    @Test
    void rendersCanonicalLinesInCanonicalOrder() {
        LimitEntry b = LimitEntry.of(8443, LimitMode.CONNECTIONS_PER_IP, 2).withProtocol(Protocol.UDP).withLabel("bob");
        LimitEntry a = LimitEntry.of(8443, LimitMode.CONNECTIONS, 5);
        LimitEntry c = LimitEntry.of(443, LimitMode.CONNECTIONS, 3).withObserve(true).withEnabled(false);
        String conf = LimitsConf.render(List.of(b, a, c));
        assertEquals(LimitsConf.HEADER
                + "port=443 proto=tcp mode=connections max=3 v4mask=32 v6prefix=64 observe=1 enabled=0 idle=120 label=\n"
                + "port=8443 proto=tcp mode=connections max=5 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label=\n"
                + "port=8443 proto=udp mode=connections-per-ip max=2 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label=bob\n",
                conf);
        assertEquals(conf, LimitsConf.render(List.of(c, a, b)), "order of input must not matter");
        assertEquals(List.of(c, a, b), LimitsConf.parse(conf));
    }

    @Test
    void hostileLabelsRoundTripAndStayInASafeAlphabet() {
        for (String label : HOSTILE_LABELS) {
            LimitEntry e = LimitEntry.of(443, LimitMode.CONNECTIONS, 3).withLabel(label);
            String line = LimitsConf.line(e);
            assertTrue(line.matches("[A-Za-z0-9=%._ -]+"), line);
            assertEquals(List.of(e), LimitsConf.parse(line), label);
        }
    }

    @Test
    void encodesEveryByteOutsideTheSafeSet() {
        assertEquals("a%20b%24%28x%29-_.%D8%B9", LimitsConf.encodeLabel("a b$(x)-_.ع"));
        assertEquals("a b$(x)-_.ع", LimitsConf.decodeLabel("a%20b%24%28x%29-_.%D8%B9"));
    }

    @Test
    void missingOptionalKeysTakeDefaults() {
        assertEquals(List.of(LimitEntry.of(443, LimitMode.CONNECTIONS, 3)),
                LimitsConf.parse("# comment\n\n  mode=connections max=3 port=443 proto=tcp\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "port=0 proto=tcp mode=connections max=3",
            "port=65536 proto=tcp mode=connections max=3",
            "port=443 proto=sctp mode=connections max=3",
            "port=443 proto=tcp mode=bogus max=3",
            "port=443 proto=tcp mode=connections max=0",
            "port=443 proto=tcp mode=connections max=10001",
            "port=443 proto=tcp mode=connections max=03",
            "port=443 proto=tcp mode=connections max=-3",
            "port=443 proto=tcp mode=connections max=3 v4mask=33",
            "port=443 proto=tcp mode=connections max=3 v6prefix=129",
            "port=443 proto=tcp mode=connections max=3 observe=2",
            "port=443 proto=tcp mode=connections max=3 idle=0",
            "port=443 proto=tcp mode=connections max=3 label=$(x)",
            "port=443 proto=tcp mode=connections max=3 label=%0A",
            "port=443 proto=tcp mode=connections max=3 label=%2a",
            "port=443 proto=tcp mode=connections max=3 label=%FF",
            "port=443 proto=tcp mode=connections max=3 label=%41",
            "port=443 proto=tcp mode=connections max=3 color=red",
            "port=443 proto=tcp mode=connections max=3 max=4",
            "port=443 proto=tcp max=3",
            "port=443 proto=tcp mode=connections max=3 junk",
            "port=443 proto=both mode=connections max=3\nport=443 proto=udp mode=connections max=3",
    })
    void refusesMalformedInput(String text) {
        ValidationException e = assertThrows(ValidationException.class, () -> LimitsConf.parse(text));
        assertTrue(e.getMessage().contains("limits.conf line"), e.getMessage());
    }
}
