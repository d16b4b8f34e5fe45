package dev.portcullis.store;

import dev.portcullis.AppContext;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Shared helpers for tests that use a real H2 file database in a temporary folder. */
final class StoreFixture {

    static final String MASTER = "correct horse battery staple";

    private StoreFixture() {
    }

    static AppContext open(Path dir) {
        return AppContext.open(dir, creating -> MASTER.toCharArray());
    }

    /** A context whose master password source fails the test if it is ever asked. */
    static AppContext openWithoutPassword(Path dir) {
        return AppContext.open(dir, creating -> {
            throw new AssertionError("the master password was asked for although no secret was needed");
        });
    }

    static Server server(String name) {
        return new Server(Server.NEW, name, "198.18.0.10", 22, "root", AuthKind.PASSWORD, null, false);
    }

    static ServerSecrets password(String pw) {
        return new ServerSecrets(pw.toCharArray(), null);
    }

    /** Counts rows with a fresh JDBC connection after the application has closed the database. */
    static long count(Path dir, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(Database.url(dir), "", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
