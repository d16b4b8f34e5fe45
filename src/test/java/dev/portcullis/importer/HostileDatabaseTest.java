package dev.portcullis.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Panel databases built by an attacker (with the real sqlite3): each is refused with one clear
 * error before a value is computed, and a real database next to them still reads.
 */
class HostileDatabaseTest {

    /** An inbounds table as 3x-ui has it, with one extra column given by {@code extra}. */
    private static String inbounds(String extra) {
        return "CREATE TABLE inbounds (id INTEGER PRIMARY KEY, remark TEXT, enable INTEGER, listen TEXT, port INTEGER,"
                + " protocol TEXT, settings TEXT, stream_settings TEXT, tag TEXT" + extra + ");\n";
    }

    private static final String ROWS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64)"
            + " INSERT INTO inbounds (remark, enable, port, protocol, settings) SELECT 'r' || i, 1, 10000 + i, 'vless', '{}' FROM n;\n";

    @TempDir
    Path dir;

    private final XuiDatabaseReader reader = new XuiDatabaseReader();

    @Test
    void generatedColumnsThatBlowUpAreRefusedBeforeAnyValueIsComputed() {
        // 64 rows in a few KB of file, each computing a 1 GB string when read: 64 GB for SELECT *.
        // (added after the rows: sqlite3 would compute it for every insert)
        Path db = Fixtures.database(dir, "generated.db", inbounds("") + ROWS
                + "ALTER TABLE inbounds ADD COLUMN pad TEXT GENERATED ALWAYS AS (printf('%.*c', 1000000000, 'x')) VIRTUAL;\n");
        assertTrue(fileSize(db) < 16 * 1024, "a small file: " + fileSize(db));
        ImportException e = assertThrows(ImportException.class, () -> reader.read(db, "/etc/x-ui/x-ui.db"));
        assertEquals("cannot read x-ui database /etc/x-ui/x-ui.db: column 'pad' of 'inbounds' is generated"
                + " (refused: it could compute anything)", e.getMessage());

        Path stored = Fixtures.database(dir, "stored.db",
                inbounds(", port2 INTEGER GENERATED ALWAYS AS (port + 1) STORED") + ROWS);
        assertTrue(assertThrows(ImportException.class, () -> reader.read(stored)).getMessage()
                .contains("column 'port2' of 'inbounds' is generated"));
    }

    @Test
    void aVirtualTableOrAViewNamedInboundsIsRefused() {
        Path virtual = Fixtures.database(dir, "virtual.db",
                "CREATE VIRTUAL TABLE inbounds USING fts5(remark, port, protocol, settings);\n"
                        + "INSERT INTO inbounds VALUES ('a', 443, 'vless', '{}');\n");
        ImportException v = assertThrows(ImportException.class, () -> reader.read(virtual, "x-ui.db"));
        assertEquals("cannot read x-ui database x-ui.db: 'inbounds' is a virtual table, not a plain table"
                + " (refused: it could compute anything)", v.getMessage());

        Path view = Fixtures.database(dir, "view.db", "CREATE TABLE real_inbounds (id INTEGER, port INTEGER, protocol TEXT);\n"
                + "CREATE VIEW inbounds AS SELECT id, port, protocol, printf('%.*c', 1000000000, 'x') AS remark FROM real_inbounds;\n"
                + "INSERT INTO real_inbounds VALUES (1, 443, 'vless');\n");
        ImportException w = assertThrows(ImportException.class, () -> reader.read(view, "x-ui.db"));
        assertTrue(w.getMessage().startsWith("cannot read x-ui database x-ui.db: it has no 'inbounds' table"), w.getMessage());

        Path traffics = Fixtures.database(dir, "traffics.db", inbounds("") + ROWS
                + "CREATE TABLE client_traffics (id INTEGER PRIMARY KEY, inbound_id INTEGER, enable INTEGER);\n"
                + "INSERT INTO client_traffics (inbound_id, enable) VALUES (1, 1);\n"
                + "ALTER TABLE client_traffics ADD COLUMN email TEXT GENERATED ALWAYS AS (printf('%.*c', 1000000000, 'x')) VIRTUAL;\n");
        assertTrue(assertThrows(ImportException.class, () -> reader.read(traffics)).getMessage()
                .contains("column 'email' of 'client_traffics' is generated"));
    }

    @Test
    void aValueLongerThanTheLimitIsRefusedAndOneJustBelowReads() {
        int limit = XuiDatabaseReader.MAX_VALUE_BYTES;
        Path huge = Fixtures.database(dir, "huge.db", inbounds("")
                + "INSERT INTO inbounds (remark, enable, port, protocol, settings) VALUES (printf('%.*c', " + (limit + 1)
                + ", 'x'), 1, 443, 'vless', '{}');\n");
        ImportException e = assertThrows(ImportException.class, () -> reader.read(huge, "x-ui.db"));
        assertEquals("cannot read x-ui database x-ui.db: a value is longer than 4 MiB (refused)", e.getMessage());

        Path fits = Fixtures.database(dir, "fits.db", inbounds("")
                + "INSERT INTO inbounds (remark, enable, port, protocol, settings) VALUES (printf('%.*c', " + (limit - 1)
                + ", 'x'), 1, 443, 'vless', '{}');\n");
        assertEquals(limit - 1, reader.read(fits).get(0).name().length());
    }

    @Test
    void deeplyNestedOrHugeJsonInAColumnIsOneClearError() {
        String deep = "[".repeat(InboundJson.MAX_DEPTH + 1) + "]".repeat(InboundJson.MAX_DEPTH + 1);
        Path db = Fixtures.database(dir, "deep.db", inbounds("")
                + "INSERT INTO inbounds (id, remark, enable, port, protocol, settings) VALUES (7, 'deep', 1, 443, 'vless',"
                + " '{\"clients\": " + deep + "}');\n");
        ImportException e = assertThrows(ImportException.class, () -> reader.read(db, "x-ui.db"));
        assertTrue(e.getMessage().startsWith("settings of inbound 7 'deep' of x-ui.db is not valid JSON: Document nesting depth ("
                + (InboundJson.MAX_DEPTH + 1) + ") exceeds the maximum allowed (" + InboundJson.MAX_DEPTH), e.getMessage());
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
