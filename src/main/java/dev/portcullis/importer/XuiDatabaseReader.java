package dev.portcullis.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Reads the inbounds of an x-ui (vaxilu) or 3x-ui (MHSanaei) SQLite database file, opened read-only.
 * Both panels keep one row per inbound in {@code inbounds} with the Xray settings as JSON text;
 * 3x-ui adds columns (all_time, traffic_reset, ...) and a {@code client_traffics} table, which are
 * read only where present. The file is never changed.
 *
 * <p>The file comes from a server that may be hostile, so it is opened defensively: schema code
 * is not trusted ({@code trusted_schema} off), no value may be longer than {@link #MAX_VALUE_BYTES},
 * and the tables read must be plain tables without generated or hidden columns (a view, a virtual
 * table or a generated column could compute values of any size from a few bytes of file).
 */
public final class XuiDatabaseReader {

    /** The longest text or blob SQLite hands out of a panel database (a settings JSON with thousands of clients fits). */
    public static final int MAX_VALUE_BYTES = 4 << 20;
    /** The columns read from {@code inbounds}; any other is left alone. */
    private static final List<String> INBOUND_COLUMNS = List.of("id", "remark", "settings", "stream_settings", "enable",
            "tag", "listen", "port", "protocol");

    public List<PanelInbound> read(Path db) {
        return read(db, db.toString());
    }

    /**
     * Reads a database file; {@code source} names it in messages (e.g. the path on the server the
     * local copy came from).
     */
    public List<PanelInbound> read(Path db, String source) {
        if (!Files.isRegularFile(db)) {
            throw new ImportException("cannot read x-ui database " + source + ": no such file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setBusyTimeout(5_000);
        config.setPragma(SQLiteConfig.Pragma.LIMIT_LENGTH, Integer.toString(MAX_VALUE_BYTES));
        config.setPragma(SQLiteConfig.Pragma.LIMIT_SQL_LENGTH, Integer.toString(64 * 1024));
        config.setPragma(SQLiteConfig.Pragma.LIMIT_COLUMN, "1000");
        config.setPragma(SQLiteConfig.Pragma.LIMIT_EXPR_DEPTH, "100");
        config.setPragma(SQLiteConfig.Pragma.LIMIT_ATTACHED, "0");
        config.enableLoadExtension(false);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA trusted_schema = OFF");
            }
            // The schema first: an integrity check computes generated columns too.
            Set<String> tables = tables(c);
            if (!tables.contains("inbounds")) {
                throw new ImportException("cannot read x-ui database " + source
                        + ": it has no 'inbounds' table (not an x-ui / 3x-ui database)");
            }
            List<String> inboundColumns = plainColumns(c, "inbounds", source);
            boolean traffics = tables.contains("client_traffics");
            if (traffics) {
                plainColumns(c, "client_traffics", source);
            }
            check(c, source);
            List<String> selected = INBOUND_COLUMNS.stream().filter(inboundColumns::contains).toList();
            String query = "SELECT " + (selected.isEmpty() ? "NULL" : String.join(", ", selected)) + " FROM inbounds"
                    + (selected.contains("id") ? " ORDER BY id" : "");
            List<PanelInbound> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
                Set<String> columns = columns(rs.getMetaData());
                for (String needed : List.of("port", "protocol")) {
                    if (!columns.contains(needed)) {
                        throw new ImportException("cannot read x-ui database " + source
                                + ": table 'inbounds' has no '" + needed + "' column (unknown panel version)");
                    }
                }
                while (rs.next()) {
                    out.add(inbound(c, rs, columns, traffics, source));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new ImportException("cannot read x-ui database " + source + ": " + describe(e), e);
        }
    }

    /**
     * The lower-case names of a table's columns, once it is known to be a plain table: not a view
     * or a virtual table, no generated or hidden columns.
     */
    private static List<String> plainColumns(Connection c, String table, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT type, sql FROM sqlite_master WHERE lower(name) = ? AND type IN ('table', 'view')")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sql = String.valueOf(rs.getString(2)).stripLeading().toUpperCase(Locale.ROOT);
                    if (!"table".equals(rs.getString(1)) || sql.matches("(?s)CREATE\\s+VIRTUAL\\b.*")) {
                        throw new ImportException("cannot read x-ui database " + source + ": '" + table
                                + "' is a " + ("table".equals(rs.getString(1)) ? "virtual table" : rs.getString(1))
                                + ", not a plain table (refused: it could compute anything)");
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_xinfo(" + table + ")")) {
            while (rs.next()) {
                String name = rs.getString("name");
                int hidden = rs.getInt("hidden");
                if (hidden != 0) {
                    throw new ImportException("cannot read x-ui database " + source + ": column '" + name + "' of '"
                            + table + "' is " + (hidden == 1 ? "hidden" : "generated")
                            + " (refused: it could compute anything)");
                }
                out.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static void check(Connection c, String source) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            String first = rs.next() ? rs.getString(1) : "";
            if (!"ok".equalsIgnoreCase(first)) {
                throw new ImportException("cannot read x-ui database " + source + ": the file is damaged ("
                        + oneLine(first) + ")");
            }
        }
    }

    private PanelInbound inbound(Connection c, ResultSet rs, Set<String> columns, boolean traffics, String source)
            throws SQLException {
        long id = columns.contains("id") ? rs.getLong("id") : 0;
        String remark = string(rs, columns, "remark");
        String where = "inbound " + id + (remark.isEmpty() ? "" : " '" + remark + "'") + " of " + source;
        JsonNode settings = InboundJson.column(string(rs, columns, "settings"), "settings of " + where);
        JsonNode stream = InboundJson.column(string(rs, columns, "stream_settings"), "stream_settings of " + where);
        List<PanelClient> clients = InboundJson.clients(settings);
        if (clients.isEmpty() && traffics && columns.contains("id")) {
            clients = clientTraffics(c, id);
        }
        boolean enabled = !columns.contains("enable") || rs.getObject("enable") == null || enabledValue(rs.getObject("enable"));
        return new PanelInbound(source, remark, string(rs, columns, "tag"), enabled, string(rs, columns, "listen"),
                string(rs, columns, "port"), string(rs, columns, "protocol"), InboundJson.network(stream),
                InboundJson.text(settings.path("network")), settings.path("udp").asBoolean(false), clients,
                InboundJson.fallbackDests(settings));
    }

    /** 3x-ui keeps one row per client here; used when the settings JSON lists none. */
    private static List<PanelClient> clientTraffics(Connection c, long inboundId) throws SQLException {
        List<PanelClient> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM client_traffics WHERE inbound_id = ? ORDER BY id")) {
            ps.setLong(1, inboundId);
            try (ResultSet rs = ps.executeQuery()) {
                Set<String> columns = columns(rs.getMetaData());
                while (rs.next()) {
                    boolean enabled = !columns.contains("enable") || enabledValue(rs.getObject("enable"));
                    out.add(new PanelClient(string(rs, columns, "email"), 0, enabled));
                }
            }
        }
        return out;
    }

    private static boolean enabledValue(Object value) {
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        return !(text.equals("0") || text.equals("false") || text.isEmpty());
    }

    private static Set<String> tables(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                out.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static Set<String> columns(ResultSetMetaData meta) throws SQLException {
        Set<String> out = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            out.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String string(ResultSet rs, Set<String> columns, String name) throws SQLException {
        if (!columns.contains(name)) {
            return "";
        }
        String value = rs.getString(name);
        return value == null ? "" : value;
    }

    private static String describe(SQLException e) {
        String message = oneLine(e.getMessage());
        if (message.contains("NOTADB") || message.contains("not a database")) {
            return "not an SQLite database, or damaged";
        }
        if (message.contains("TOOBIG") || message.contains("too big")) {
            return "a value is longer than " + MAX_VALUE_BYTES / 1024 / 1024 + " MiB (refused)";
        }
        if (message.contains("CORRUPT") || message.contains("malformed")) {
            return "the file is damaged (" + message + ")";
        }
        return message;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
