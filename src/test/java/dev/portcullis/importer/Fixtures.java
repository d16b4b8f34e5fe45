package dev.portcullis.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabVps;

/** Panel databases built with the real sqlite3 tool from the SQL scripts next to the tests. */
public final class Fixtures {

    public static final String VAXILU_SQL = "x-ui-vaxilu.sql";
    public static final String THREE_X_UI_SQL = "3x-ui.sql";
    public static final String THREE_X_UI_3_SQL = "3x-ui-3.sql";
    public static final String ALIREZA0_SQL = "x-ui-alireza0.sql";
    public static final String XHTTP_CONFIG = "xray-xhttp-h3.json";
    /** "Now" for the panel fixtures: their expiry times are written relative to it. */
    public static final Clock NOW = Clock.fixed(Instant.parse("2025-12-01T00:00:00Z"), ZoneOffset.UTC);
    public static final String V2RAY_CONFIG = "v2ray-config.json";
    public static final String XRAY_CONFIG = "xray-config.json";

    private static final Path SQLITE3 = Path.of("/usr/bin/sqlite3");

    private Fixtures() {
    }

    public static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips where sqlite3 is missing; with CI=true on Linux that is a failure. */
    public static void assumeSqlite3() {
        if (Files.isExecutable(SQLITE3)) {
            return;
        }
        String reason = "needs " + SQLITE3 + " (apt-get install sqlite3) to build panel databases";
        Lab.skip(reason);
    }

    /**
     * A lab server's panel: every config the fetcher looks for removed, then the 3x-ui fixture
     * database at {@code db} and the Xray fixture config at {@code xray}, readable by root only.
     */
    public static void installPanel(LabVps vps, String db, String xray) {
        vps.bash("rm -f \"$@\"", PanelFetcher.CONFIG_PATHS.toArray(String[]::new)).orThrow();
        vps.exec("mkdir", "-p", "/etc/x-ui", "/usr/local/etc/xray").orThrow();
        vps.execWithInput(resource(THREE_X_UI_SQL), "sqlite3", "-bail", db).orThrow();
        vps.writeFile(xray, resource(XRAY_CONFIG));
        vps.exec("chmod", "0600", db, xray).orThrow();
    }

    /** Runs an SQL script through sqlite3 into a new database file. */
    public static Path database(Path dir, String fileName, String sql) {
        assumeSqlite3();
        Path db = dir.resolve(fileName);
        try {
            Process p = new ProcessBuilder(SQLITE3.toString(), "-bail", db.toString())
                    .redirectErrorStream(true).start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(sql.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("sqlite3 failed: " + out);
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Path databaseFromResource(Path dir, String sqlResource) {
        return database(dir, sqlResource.replace(".sql", ".db"), resource(sqlResource));
    }

    public static Path file(Path dir, String resource) {
        try {
            return Files.writeString(dir.resolve(resource), resource(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
