package dev.portcullis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Network;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.model.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Account entries on a shared port and the server's settings lines in limits.conf (the script reads the same). */
class LimitsConfAccountsTest {

    private static final ServerSettings SETTINGS = new ServerSettings("/var/log/xray/access.log",
            List.of(Network.parse("fd00:5::/48"), Network.parse("198.51.100.9/24"), Network.parse("10.0.0.1")));

    @Test
    void settingsComeFirstThenEntriesByPortProtocolAndAccount() {
        LimitEntry port = LimitEntry.of(443, LimitMode.CONNECTIONS, 50);
        LimitEntry bob = LimitEntry.ofAccount(443, "bob@x", 2);
        LimitEntry alice = LimitEntry.ofAccount(443, "alice@x", 1).withIdle(300);
        LimitEntry udp = LimitEntry.ofAccount(443, "alice@x", 1).withProtocol(Protocol.UDP);
        String conf = LimitsConf.render(SETTINGS, List.of(udp, bob, port, alice));
        assertEquals(LimitsConf.HEADER
                + "access-log=%2Fvar%2Flog%2Fxray%2Faccess.log\n"
                + "allow=10.0.0.1/32\n"
                + "allow=198.51.100.0/24\n"
                + "allow=fd00:5::/48\n"
                + "port=443 proto=tcp mode=connections max=50 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label=\n"
                + "port=443 proto=tcp mode=devices max=1 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=300 label= account=alice%40x\n"
                + "port=443 proto=tcp mode=devices max=2 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label= account=bob%40x\n"
                + "port=443 proto=udp mode=devices max=1 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label= account=alice%40x\n",
                conf);
        LimitsConf.Contents read = LimitsConf.read(conf);
        assertEquals(SETTINGS, read.settings());
        assertEquals(List.of(port, alice, bob, udp), read.entries());
        assertEquals(List.of(port, alice, bob, udp), LimitsConf.parse(conf));
    }

    @Test
    void hostileAccountsRoundTripInTheSafeAlphabet() {
        for (String account : List.of("$(reboot)@x", "a'b\"c`d", "x; rm -rf / #", "awk{print}%s %d", "علی@x", "  spaced  ")) {
            LimitEntry e = LimitEntry.ofAccount(443, account, 1);
            String line = LimitsConf.line(e);
            assertTrue(line.matches("[A-Za-z0-9=%._ -]+"), line);
            assertEquals(List.of(e), LimitsConf.parse(line), account);
        }
    }

    @Test
    void anAccountOnlyClashesWithItself() {
        LimitEntry alice = LimitEntry.ofAccount(443, "alice@x", 1);
        String both = LimitsConf.line(alice.withProtocol(Protocol.BOTH));
        assertEquals(2, LimitsConf.parse(LimitsConf.line(alice) + "\n" + LimitsConf.line(LimitEntry.ofAccount(443, "bob@x", 1))).size());
        assertEquals(2, LimitsConf.parse(LimitsConf.line(alice) + "\n" + LimitsConf.line(LimitEntry.of(443, LimitMode.DEVICES, 9))).size());
        ValidationException e = assertThrows(ValidationException.class,
                () -> LimitsConf.parse(LimitsConf.line(alice) + "\n" + both));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void accountEntriesAreDevicesEntries() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new LimitEntry(443, Protocol.TCP, LimitMode.CONNECTIONS, 3, 32, 64, "", false, true, 120, "alice@x"));
        assertEquals(ValidationException.Field.MODE, e.target());
        assertThrows(ValidationException.class, () -> LimitsConf.parse(
                "port=443 proto=tcp mode=connections max=3 account=alice%40x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "allow=198.51.100.9/24",               // not canonical (host bits)
            "allow=10.0.0.1",                      // no prefix
            "allow=FD00::/8",                      // upper case
            "allow=198.51.100.0/33",
            "allow=$(reboot)",
            "access-log=var%2Flog",                // relative
            "access-log=%2Fa\naccess-log=%2Fb",    // twice
            "access-log=%2Fa%0A",                  // control character
            "allow=10.0.0.0/8 port=443",           // a setting shares no line
            "port=443 proto=tcp mode=devices max=1 account=",
            "port=443 proto=tcp mode=devices max=1 account=a%0Ab",
    })
    void malformedSettingsAndAccountsRefuseTheWholeFile(String line) {
        assertThrows(ValidationException.class, () -> LimitsConf.read(LimitsConf.HEADER + line + "\n"));
    }

    @Test
    void networksAreCanonical() {
        assertEquals("198.51.100.0/24", Network.parse("198.51.100.77/24").toString());
        assertEquals("2001:db8::/32", Network.parse("2001:0DB8:0:0:0:0:0:1/32").toString());
        assertEquals("2001:db8:0:1::1/128", Network.parse("2001:db8:0:1:0:0:0:1").toString());
        assertEquals("2001:0:0:1::/64", Network.parse("2001:0:0:1::5/64").toString());
        assertEquals("::/0", Network.parse("::/0").toString());
        assertEquals("::1/128", Network.parse("::1").toString());
        for (String bad : List.of("", "198.51.100.0/-1", "1.2.3", "example.com", "::/129", "1.2.3.4/024", "fd00::/8/8")) {
            ValidationException e = assertThrows(ValidationException.class, () -> Network.parse(bad), bad);
            assertEquals(ValidationException.Field.NETWORK, e.target());
        }
    }
}
