package dev.portcullis.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValidatorTest {

    private static LimitEntry entry(int port, int max, int v4, int v6, String label, int idle) {
        return new LimitEntry(port, Protocol.TCP, LimitMode.DEVICES, max, v4, v6, label, false, true, idle);
    }

    private static void refused(String field, String value, Runnable r) {
        ValidationException e = assertThrows(ValidationException.class, r::run);
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains("'" + value), e.getMessage());
        assertTrue(e.getMessage().contains(":"), "names what is allowed: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65_536, 70_000})
    void portOutOfRangeIsRefused(int port) {
        refused("port", String.valueOf(port), () -> entry(port, 5, 32, 64, "", 120));
    }

    @Test
    void portBoundsAreAccepted() {
        assertDoesNotThrow(() -> entry(1, 5, 32, 64, "", 120));
        assertDoesNotThrow(() -> entry(65_535, 5, 32, 64, "", 120));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 10_001, 1_000_000})
    void maxOutOfRangeIsRefused(int max) {
        refused("max", String.valueOf(max), () -> entry(443, max, 32, 64, "", 120));
    }

    @Test
    void maxBoundsAreAccepted() {
        assertEquals(1, entry(443, 1, 32, 64, "", 120).max());
        assertEquals(10_000, entry(443, 10_000, 32, 64, "", 120).max());
    }

    @Test
    void masksOutOfRangeAreRefused() {
        refused("v4 mask", "33", () -> entry(443, 5, 33, 64, "", 120));
        refused("v4 mask", "-1", () -> entry(443, 5, -1, 64, "", 120));
        refused("v6 prefix", "129", () -> entry(443, 5, 32, 129, "", 120));
        refused("v6 prefix", "-1", () -> entry(443, 5, 32, -1, "", 120));
        assertDoesNotThrow(() -> entry(443, 5, 0, 128, "", 120));
    }

    @Test
    void idleOutOfRangeIsRefused() {
        refused("idle", "0", () -> entry(443, 5, 32, 64, "", 0));
        refused("idle", "86401", () -> entry(443, 5, 32, 64, "", 86_401));
    }

    @Test
    void labelWithControlCharactersIsRefusedAndEscapedInTheMessage() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> entry(443, 5, 32, 64, "alice\nFAKE OUTPUT", 120));
        assertEquals("label", e.field());
        assertTrue(e.getMessage().contains("\\u000a"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        refused("label", "tab", () -> entry(443, 5, 32, 64, "tab\there", 120));
        refused("label", "rtl", () -> entry(443, 5, 32, 64, "rtl\u202Eoverride", 120));
        refused("label", "bell", () -> entry(443, 5, 32, 64, "bell\u0007", 120));
    }

    @Test
    void labelTooLongIsRefused() {
        refused("label", "xxxx", () -> entry(443, 5, 32, 64, "x".repeat(65), 120));
        assertDoesNotThrow(() -> entry(443, 5, 32, 64, "x".repeat(64), 120));
    }

    @Test
    void labelsAreDataInAnyScript() {
        String shell = "$(rm -rf /)";
        assertEquals(shell, entry(443, 5, 32, 64, shell, 120).label());
        assertEquals("علی", entry(443, 5, 32, 64, "علی", 120).label());
        assertEquals("用户一", entry(443, 5, 32, 64, "用户一", 120).label());
        assertEquals("'; DROP TABLE servers; --", entry(443, 5, 32, 64, "'; DROP TABLE servers; --", 120).label());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading", ".dot", "has space", "semi;colon", "a/b", "$(x)", "ünï",
        "x1234567890123456789012345678901234567890123456789012345678901234"})
    void badServerNamesAreRefused(String name) {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new Server(0, name, "198.18.0.1", 22, "root", AuthKind.PASSWORD, null, false));
        assertEquals("server name", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vps1", "de-fra.2", "A_b"})
    void goodServerNamesAreAccepted(String name) {
        assertDoesNotThrow(() -> Validator.serverName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "300.1.1.1", "1.2.3", "exa mple.com", "-bad.example", "bad-.example", "a..b",
        "host;rm -rf /", "$(id)", "fd00::1::2", "::g", "http://example.com", "user@host"})
    void badHostsAreRefused(String host) {
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.host(host));
        assertEquals("host", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.18.0.1", "fd00::1", "::1", "vps.example.com", "localhost", "example.com."})
    void goodHostsAreAccepted(String host) {
        assertDoesNotThrow(() -> Validator.host(host));
    }

    @Test
    void sshPortAndUserAreChecked() {
        assertThrows(ValidationException.class,
                () -> new Server(0, "a", "198.18.0.1", 0, "root", AuthKind.PASSWORD, null, false));
        assertThrows(ValidationException.class,
                () -> new Server(0, "a", "198.18.0.1", 65_536, "root", AuthKind.PASSWORD, null, false));
        assertThrows(ValidationException.class,
                () -> new Server(0, "a", "198.18.0.1", 22, "ro ot", AuthKind.PASSWORD, null, false));
        assertThrows(ValidationException.class,
                () -> new Server(0, "a", "198.18.0.1", 22, "1root", AuthKind.PASSWORD, null, false));
        assertThrows(ValidationException.class,
                () -> new Server(0, "a", "198.18.0.1", 22, "root", AuthKind.KEY_FILE, null, false));
    }

    @Test
    void credentialsMustFitTheAuthKind() {
        assertEquals("password", assertThrows(ValidationException.class,
                () -> Validator.credentials(AuthKind.PASSWORD, false, false)).field());
        assertEquals("key passphrase", assertThrows(ValidationException.class,
                () -> Validator.credentials(AuthKind.PASSWORD, true, true)).field());
        assertDoesNotThrow(() -> Validator.credentials(AuthKind.KEY_FILE, false, true));
        assertDoesNotThrow(() -> Validator.credentials(AuthKind.KEY_FILE, true, false));
    }

    @Test
    void enumsRefuseUnknownNamesListingTheAllowedOnes() {
        ValidationException p = assertThrows(ValidationException.class, () -> Protocol.fromId("sctp"));
        assertTrue(p.getMessage().contains("tcp, udp, both"), p.getMessage());
        ValidationException m = assertThrows(ValidationException.class, () -> LimitMode.fromId("users"));
        assertTrue(m.getMessage().contains("connections, connections-per-ip, devices"), m.getMessage());
    }

    @Test
    void clashingProtocolsOnOnePortAreRefused() {
        LimitEntry tcp = LimitEntry.of(443, LimitMode.DEVICES, 3);
        assertThrows(ValidationException.class, () -> Validator.noClash(List.of(tcp), tcp.withProtocol(Protocol.BOTH)));
        assertThrows(ValidationException.class, () -> Validator.noClash(List.of(tcp), tcp));
        assertDoesNotThrow(() -> Validator.noClash(List.of(tcp), tcp.withProtocol(Protocol.UDP)));
        assertDoesNotThrow(() -> Validator.noClash(List.of(tcp), LimitEntry.of(444, LimitMode.DEVICES, 3)));
    }

    @Test
    void aLabelWithALoneSurrogateIsRefusedNamingWhere() {
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.label("ali\ud83d phone"));
        assertTrue(e.getMessage().endsWith("text without lone UTF-16 surrogates (half a character at character 4, U+D83D)"),
                e.getMessage());
        assertThrows(ValidationException.class, () -> Validator.label("\ude00"));
        assertThrows(ValidationException.class, () -> LimitEntry.of(443, LimitMode.DEVICES, 2).withLabel("x\udc00"));
        assertDoesNotThrow(() -> Validator.label("ali \ud83d\ude00 phone"), "a whole pair is one character");
        assertEquals("ali phone", Validator.withoutLoneSurrogates("ali\ud83d phone"));
        assertEquals("a\ud83d\ude00", Validator.withoutLoneSurrogates("a\udc00\ud83d\ude00\ud83d"));
    }
}
