package dev.portcullis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.AppContext;
import dev.portcullis.history.AddressDay;
import dev.portcullis.history.HistoryFilter;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private static final Instant T = DAY.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();

    @TempDir
    Path dir;

    /** A server that logs in by key file: adding it needs no master password. */
    static Server add(AppContext app, String name) {
        return app.inventory().addServer(new Server(Server.NEW, name, "198.18.0.10", 22, "root",
                dev.portcullis.model.AuthKind.KEY_FILE, "/home/me/.ssh/id_ed25519", false), ServerSecrets.NONE);
    }

    static AddressDay day(LocalDate day, int port, String account, String address, long first, long last,
                          long connections, long refused) {
        Instant start = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return new AddressDay(day, port, Protocol.TCP, account, address, start.plusSeconds(first),
                start.plusSeconds(last), connections, refused);
    }

    @Test
    void aNewerReportOfTheSameDayReplacesTheStoredNumbersAndSurvivesReopening() {
        long id;
        try (AppContext app = StoreFixture.open(dir)) {
            id = add(app, "fra").id();
            app.history().upsert(id, List.of(day(DAY, 443, "", "198.18.0.2", 60, 120, 3, 0),
                    day(DAY, 443, "", "fd00::2", 60, 60, 1, 0)));
            app.history().upsert(id, List.of(day(DAY, 443, "", "198.18.0.2", 60, 900, 7, 2)));
        }
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            List<AddressDay> back = app.history().find(id, HistoryFilter.ALL);
            assertEquals(List.of(day(DAY, 443, "", "198.18.0.2", 60, 900, 7, 2), day(DAY, 443, "", "fd00::2", 60, 60, 1, 0)),
                    back, "the cumulative numbers of the newer report replace the old ones; other rows stay");
        }
    }

    @Test
    void theSameAddressOnAnotherDayPortOrAccountIsAnotherRow() {
        try (AppContext app = StoreFixture.open(dir)) {
            long id = add(app, "fra").id();
            app.history().upsert(id, List.of(day(DAY, 443, "", "198.18.0.2", 0, 10, 1, 0),
                    day(DAY.plusDays(1), 443, "", "198.18.0.2", 0, 10, 1, 0),
                    day(DAY, 8443, "", "198.18.0.2", 0, 10, 1, 0),
                    day(DAY, 443, "alice@example.com", "198.18.0.2", 0, 10, 1, 0)));
            assertEquals(4, app.history().find(id, HistoryFilter.ALL).size());
            assertEquals(List.of("alice@example.com"), app.history().accounts(id), "port entries have no account");
            assertEquals(3, app.history().find(id, new HistoryFilter(443, null, null)).size());
            assertEquals(List.of(day(DAY, 443, "alice@example.com", "198.18.0.2", 0, 10, 1, 0)),
                    app.history().find(id, new HistoryFilter(null, "alice@example.com", null)));
            assertEquals(List.of(day(DAY.plusDays(1), 443, "", "198.18.0.2", 0, 10, 1, 0)),
                    app.history().find(id, new HistoryFilter(null, null, T.plusSeconds(86_400))),
                    "since compares with the last seen time");
        }
    }

    @Test
    void newestLastSeenIsPerServer() {
        try (AppContext app = StoreFixture.open(dir)) {
            long a = add(app, "a").id();
            long b = add(app, "b").id();
            assertEquals(Optional.empty(), app.history().newestLastSeen(a));
            app.history().upsert(a, List.of(day(DAY, 443, "", "198.18.0.2", 0, 500, 1, 0),
                    day(DAY, 443, "", "198.18.0.3", 0, 70, 1, 0)));
            app.history().upsert(b, List.of(day(DAY, 443, "", "198.18.0.2", 0, 9000, 1, 0)));
            assertEquals(Optional.of(T.plusSeconds(500)), app.history().newestLastSeen(a));
            assertEquals(Optional.of(T.plusSeconds(9000)), app.history().newestLastSeen(b));
        }
    }

    @Test
    void aBadRowLeavesNothingOfTheReportWritten() {
        try (AppContext app = StoreFixture.open(dir)) {
            long id = add(app, "fra").id();
            AddressDay good = day(DAY, 443, "", "198.18.0.2", 0, 10, 1, 0);
            AddressDay badPort = day(DAY, 70000, "", "198.18.0.3", 0, 10, 1, 0);
            assertThrows(StoreException.class, () -> app.history().upsert(id, List.of(good, badPort)));
            assertEquals(List.of(), app.history().find(id, HistoryFilter.ALL), "one transaction: all rows or none");
        }
    }

    @Test
    void removingTheServerRemovesItsHistory() throws Exception {
        try (AppContext app = StoreFixture.open(dir)) {
            Server s = add(app, "fra");
            app.history().upsert(s.id(), List.of(day(DAY, 443, "", "198.18.0.2", 0, 10, 1, 0)));
            app.inventory().removeServer("fra");
        }
        assertEquals(0, StoreFixture.count(dir, "SELECT COUNT(*) FROM address_days"));
    }

    @Test
    void pruneKeepsTheChosenNumberOfDays() {
        try (AppContext app = StoreFixture.open(dir)) {
            long id = add(app, "fra").id();
            assertEquals(HistoryStore.DEFAULT_KEEP_DAYS, app.history().keepDays());
            app.history().upsert(id, List.of(day(DAY.minusDays(2), 443, "", "198.18.0.2", 0, 10, 1, 0),
                    day(DAY.minusDays(1), 443, "", "198.18.0.2", 0, 10, 1, 0),
                    day(DAY, 443, "", "198.18.0.2", 0, 10, 1, 0)));
            assertEquals(0, app.history().prune(DAY));
            app.history().setKeepDays(2);
            assertEquals(1, app.history().prune(DAY), "keeping 2 days ending today keeps today and yesterday");
            assertEquals(List.of(DAY.minusDays(1), DAY),
                    app.history().find(id, HistoryFilter.ALL).stream().map(AddressDay::day).toList());
        }
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            assertEquals(2, app.history().keepDays(), "the operator's choice is stored");
        }
    }

    @Test
    void keepDaysOutsideItsRangeIsRefusedNamingTheValue() {
        try (AppContext app = StoreFixture.open(dir)) {
            ValidationException e = assertThrows(ValidationException.class, () -> app.history().setKeepDays(0));
            assertEquals("0", e.value());
            assertThrows(ValidationException.class, () -> app.history().setKeepDays(3651));
            assertEquals(HistoryStore.DEFAULT_KEEP_DAYS, app.history().keepDays());
        }
    }

    @Test
    void filterRefusesAPortOutsideItsRange() {
        assertTrue(assertThrows(ValidationException.class, () -> new HistoryFilter(0, null, null)).getMessage().contains("'0'"));
    }
}
