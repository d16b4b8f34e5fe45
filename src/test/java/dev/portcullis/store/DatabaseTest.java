package dev.portcullis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void migrationsRunOnceAcrossReopens() throws Exception {
        Database.open(dir).close();
        long historyRows = StoreFixture.count(dir, "SELECT COUNT(*) FROM \"flyway_schema_history\"");
        for (int i = 0; i < 3; i++) {
            Database.open(dir).close();
        }
        assertEquals(historyRows, StoreFixture.count(dir, "SELECT COUNT(*) FROM \"flyway_schema_history\""));
        assertEquals(1, StoreFixture.count(dir, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1'"
                + " AND \"success\""));
        assertEquals(5, StoreFixture.count(dir, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                + " AND TABLE_NAME IN ('SERVERS', 'SECRETS', 'LIMIT_ENTRIES', 'KNOWN_HOST_KEYS', 'VAULT')"));
    }

    @Test
    void failedTransactionLeavesNothingBehind() throws Exception {
        try (Database db = Database.open(dir)) {
            assertThrows(StoreException.class, () -> db.transaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO servers (name, host, ssh_port, ssh_user, auth_kind)"
                        + " VALUES ('a', 'h', 22, 'root', 'password')");
                // Violates the CHECK constraint: the whole transaction must roll back.
                c.createStatement().executeUpdate("INSERT INTO servers (name, host, ssh_port, ssh_user, auth_kind)"
                        + " VALUES ('b', 'h', 70000, 'root', 'password')");
                return null;
            }));
        }
        assertEquals(0, StoreFixture.count(dir, "SELECT COUNT(*) FROM servers"));
    }

    @Test
    void checkConstraintsMirrorTheValidator() {
        try (Database db = Database.open(dir)) {
            db.transaction(c -> c.createStatement().executeUpdate("INSERT INTO servers (name, host, ssh_port, ssh_user,"
                    + " auth_kind) VALUES ('a', 'h', 22, 'root', 'password')"));
            for (String bad : List.of("(1, 0, 'tcp', 'devices', 5)", "(1, 443, 'sctp', 'devices', 5)",
                    "(1, 443, 'tcp', 'users', 5)", "(1, 443, 'tcp', 'devices', 0)", "(1, 443, 'tcp', 'devices', 10001)")) {
                assertThrows(StoreException.class, () -> db.transaction(c -> c.createStatement().executeUpdate(
                        "INSERT INTO limit_entries (server_id, port, protocol, mode, max_count) VALUES " + bad)), bad);
            }
        }
    }

    /** A second process holding the database: a waiting opener fails cleanly, then succeeds once it is gone. */
    @Test
    void anotherProcessHoldingTheDatabaseGivesAClearErrorNotCorruption() throws Exception {
        Database.open(dir).close();
        Process holder = new ProcessBuilder(javaCommand(HoldDatabase.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("holding", out.readLine());
            DatabaseInUseException e = assertThrows(DatabaseInUseException.class,
                    () -> Database.open(dir, Duration.ofMillis(400)));
            assertTrue(e.getMessage().contains("is in use by another Portcullis process"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        } finally {
            holder.getOutputStream().close(); // tells the holder to let go
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, holder.exitValue());
        try (Database db = Database.open(dir, Duration.ofSeconds(5))) {
            assertEquals(1L, (long) db.transaction(c -> {
                var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM servers WHERE name = 'held'");
                rs.next();
                return rs.getLong(1);
            }));
        }
    }

    /** Runs a main class of the test class path in a new JVM. */
    static List<String> javaCommand(String mainClass, String... args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Child process: opens the database, writes a row, says "holding", keeps it open until stdin closes. */
    public static final class HoldDatabase {
        public static void main(String[] args) throws Exception {
            try (Database db = Database.open(Path.of(args[0]))) {
                db.transaction(c -> c.createStatement().executeUpdate("INSERT INTO servers (name, host, ssh_port, ssh_user,"
                        + " auth_kind) VALUES ('held', 'h', 22, 'root', 'password')"));
                System.out.println("holding");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close our stdin
                }
            }
        }
    }
}
