package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.AppContext;
import dev.portcullis.history.AddressDay;
import dev.portcullis.history.MmdbWriter;
import dev.portcullis.model.Protocol;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    CliRunner cli;
    Instant now;

    @BeforeEach
    void setUp() {
        cli = CliRunner.withPasswordServer(tmp, "ssh-Password-7f3a");
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private AddressDay row(Instant first, Instant last, int port, String account, String address, long conns, long refused) {
        return new AddressDay(LocalDate.ofInstant(first, ZoneOffset.UTC), port, Protocol.TCP, account, address,
                first, last, conns, refused);
    }

    private void store(AddressDay... rows) {
        try (AppContext app = AppContext.open(tmp.resolve("data"), creating -> CliRunner.MASTER.toCharArray())) {
            app.history().upsert(app.inventory().server("vps1").id(), List.of(rows));
        }
    }

    private Path geo() throws Exception {
        Path country = tmp.resolve("c.mmdb");
        new MmdbWriter("GeoLite2-Country").add("198.18.0.0/24", Map.of("country", Map.of("iso_code", "DE"))).write(country);
        Path asn = tmp.resolve("a.mmdb");
        new MmdbWriter("GeoLite2-ASN").add("198.18.0.0/16",
                Map.of("autonomous_system_number", 64500, "autonomous_system_organization", "Example Transit")).write(asn);
        return tmp;
    }

    @Test
    void jsonPerAddressWithCountryAndNetwork() throws Exception {
        Instant twoDaysAgo = now.minus(2, ChronoUnit.DAYS);
        store(row(twoDaysAgo, twoDaysAgo.plusSeconds(60), 443, "", "198.18.0.2", 4, 1),
                row(now.minusSeconds(3600), now.minusSeconds(60), 443, "", "198.18.0.2", 6, 0),
                row(now.minusSeconds(600), now.minusSeconds(500), 8443, "", "fd00::9", 2, 3),
                row(now.minus(30, ChronoUnit.DAYS), now.minus(30, ChronoUnit.DAYS), 443, "", "198.18.0.77", 1, 0));
        geo();
        CliRunner.Result r = CliRunner.ok(cli.run("history", "vps1", "--offline", "--json", "--geo-country", tmp.resolve("c.mmdb").toString(),
                "--geo-asn", tmp.resolve("a.mmdb").toString()));
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(List.of("server", "since", "port", "account", "addresses"), CliRunner.fieldNames(doc));
        JsonNode addresses = doc.get("addresses");
        assertEquals(2, addresses.size(), "the 30-day-old address is outside the default 7 days: " + r.out());
        // newest last seen first: 198.18.0.2 (a minute ago), then fd00::9
        JsonNode v6 = addresses.get(1);
        assertEquals(List.of("address", "firstSeen", "lastSeen", "daysSeen", "connections", "refused", "country", "asn", "asName"),
                CliRunner.fieldNames(v6));
        assertEquals("fd00::9", v6.get("address").asText());
        assertTrue(v6.get("country").isNull() && v6.get("asn").isNull() && v6.get("asName").isNull(), r.out());
        JsonNode v4 = addresses.get(0);
        assertEquals("198.18.0.2", v4.get("address").asText());
        assertEquals(twoDaysAgo.toString(), v4.get("firstSeen").asText());
        assertEquals(now.minusSeconds(60).toString(), v4.get("lastSeen").asText());
        assertEquals(2, v4.get("daysSeen").asInt());
        assertEquals(10, v4.get("connections").asLong());
        assertEquals(1, v4.get("refused").asLong());
        assertEquals("DE", v4.get("country").asText());
        assertEquals(64500, v4.get("asn").asLong());
        assertEquals("Example Transit", v4.get("asName").asText());

        JsonNode port = JSON.readTree(CliRunner.ok(cli.run("history", "vps1", "--offline", "--json", "--port", "8443", "--since", "24h")).out());
        assertEquals(8443, port.get("port").asInt());
        assertEquals(1, port.get("addresses").size());
        JsonNode all = JSON.readTree(CliRunner.ok(cli.run("history", "vps1", "--offline", "--json", "--since", "31d")).out());
        assertEquals(3, all.get("addresses").size());
    }

    @Test
    void tableAndAccountFilterWithServerTextEscaped() {
        store(row(now.minusSeconds(120), now.minusSeconds(60), 443, "alice@example.com", "198.18.0.2", 3, 0),
                row(now.minusSeconds(120), now.minusSeconds(60), 443, "evil\u001b[2J\u202e", "198.18.0.3", 1, 0));
        CliRunner.Result alice = CliRunner.ok(cli.run("history", "vps1", "--offline", "--account", "alice@example.com"));
        assertTrue(alice.out().startsWith("vps1: 1 address(es) seen since "), alice.out());
        assertTrue(alice.out().contains("198.18.0.2") && !alice.out().contains("198.18.0.3"), alice.out());
        assertTrue(alice.out().lines().anyMatch(l -> l.startsWith("ADDRESS ")), alice.out());
        CliRunner.Result evil = CliRunner.ok(cli.run("history", "vps1", "--offline", "--account", "evil\u001b[2J\u202e"));
        assertFalse(evil.out().contains("\u001b") || evil.out().contains("\u202e"), "control and bidi characters escaped");
        assertTrue(evil.out().contains("198.18.0.3"), evil.out());
    }

    @Test
    void badInputExitsTwoNamingTheValue() throws Exception {
        for (String bad : new String[] {"7", "0d", "-1d", "3651d", "yesterday", "2026-02-30", "9999-01-01"}) {
            assertTrue(cli.badInput("history", "vps1", "--since", bad).err().contains("'" + bad + "'"), bad);
        }
        assertTrue(cli.badInput("history", "nosuch").err().contains("'nosuch'"));
        assertTrue(cli.badInput("history", "vps1", "--port", "70000").err().contains("'70000'"));
        assertTrue(cli.badInput("history", "vps1", "--geo-country", tmp.resolve("absent.mmdb").toString()).err()
                .contains("absent.mmdb"));
        assertTrue(cli.badInput("history", "vps1", "--keep-days", "0").err().contains("'0'"));
    }

    @Test
    void keepDaysIsStoredAndDropsOlderDays() {
        store(row(now.minus(10, ChronoUnit.DAYS), now.minus(10, ChronoUnit.DAYS), 443, "", "198.18.0.2", 1, 0),
                row(now.minusSeconds(60), now.minusSeconds(30), 443, "", "198.18.0.3", 1, 0));
        CliRunner.Result r = CliRunner.ok(cli.run("history", "vps1", "--offline", "--keep-days", "3", "--since", "30d"));
        assertTrue(r.out().startsWith("vps1: 1 address(es)"), r.out());
        try (AppContext app = AppContext.open(tmp.resolve("data"), creating -> CliRunner.MASTER.toCharArray())) {
            assertEquals(3, app.history().keepDays());
        }
    }
}
