package dev.portcullis.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.importer.ImportException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Reads the inbounds of an x-ui (vaxilu, alireza0) or 3x-ui (MHSanaei) SQLite database file, opened
 * read-only. All keep one row per inbound in {@code inbounds} with the Xray settings as JSON text;
 * alireza0 and 3x-ui add a {@code client_traffics} table, 3x-ui 3.x the {@code clients},
 * {@code client_inbounds}, {@code inbound_fallbacks} and {@code nodes} tables, which are read only
 * where present. The file is never changed.
 *
 * <p>The file comes from a server that may be hostile, so it is opened defensively: schema code
 * is not trusted ({@code trusted_schema} off), no value may be longer than {@link #MAX_VALUE_BYTES},
 * and the tables read must be plain tables without generated or hidden columns (a view, a virtual
 * table or a generated column could compute values of any size from a few bytes of file).
 */
public final class XuiDatabaseReader {

    /** The longest text or blob SQLite hands out of a panel database (a settings JSON with thousands of clients fits). */
    public static final int MAX_VALUE_BYTES = 4 << 20;
    /** Every table this reader reads from. */
    private static final List<String> TABLES_READ = List.of("inbounds", "client_traffics", "clients", "client_inbounds",
            "inbound_fallbacks", "nodes", "settings");

    /**
     * What a panel database says.
     *
     * @param inbounds  its inbounds, in id order
     * @param accessLog the access-log setting of the panel's Xray template, or null when the panel uses
     *                  its built-in template (the panel's generated config tells then)
     */
    public record Panel(List<PanelInbound> inbounds, AccessLog accessLog) {
        public Panel {
            inbounds = List.copyOf(inbounds);
        }
    }

    private final Clock clock;

    public XuiDatabaseReader() {
        this(Clock.systemUTC());
    }

    /** @param clock decides which accounts have expired */
    XuiDatabaseReader(Clock clock) {
        this.clock = clock;
    }

    public List<PanelInbound> read(Path db) {
        return read(db, db.toString());
    }

    /**
     * Reads a database file; {@code source} names it in messages (e.g. the path on the server the
     * local copy came from).
     */
    public List<PanelInbound> read(Path db, String source) {
        return panel(db, source).inbounds();
    }

    /** Reads a database file's inbounds and the access-log setting of its Xray template. */
    public Panel panel(Path db, String source) {
        if (!Files.isRegularFile(db)) {
            throw new ImportException(Kind.UNREADABLE, "cannot read x-ui database " + source + ": no such file");
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
                throw new ImportException(Kind.UNREADABLE, "cannot read x-ui database " + source
                        + ": it has no 'inbounds' table (not an x-ui / 3x-ui database)");
            }
            for (String table : TABLES_READ) {
                if (tables.contains(table)) {
                    requirePlainTable(c, table, source);
                }
            }
            check(c, source);
            return contents(c, tables, source);
        } catch (SQLException e) {
            throw new ImportException(Kind.UNREADABLE, "cannot read x-ui database " + source + ": " + describe(e), e);
        }
    }

    /**
     * Refuses a table that is not a plain table (a view or a virtual table) or that has generated
     * or hidden columns: reading it could compute anything.
     */
    private static void requirePlainTable(Connection c, String table, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT type, sql FROM sqlite_master WHERE lower(name) = ? AND type IN ('table', 'view')")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sql = String.valueOf(rs.getString(2)).stripLeading().toUpperCase(Locale.ROOT);
                    if (!"table".equals(rs.getString(1)) || sql.matches("(?s)CREATE\\s+VIRTUAL\\b.*")) {
                        throw new ImportException(Kind.UNREADABLE, "cannot read x-ui database " + source + ": '" + table
                                + "' is a " + ("table".equals(rs.getString(1)) ? "virtual table" : rs.getString(1))
                                + ", not a plain table (refused: it could compute anything)");
                    }
                }
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_xinfo(" + table + ")")) {
            while (rs.next()) {
                int hidden = rs.getInt("hidden");
                if (hidden != 0) {
                    throw new ImportException(Kind.UNREADABLE, "cannot read x-ui database " + source + ": column '" + rs.getString("name")
                            + "' of '" + table + "' is " + (hidden == 1 ? "hidden" : "generated")
                            + " (refused: it could compute anything)");
                }
            }
        }
    }

    private static void check(Connection c, String source) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            String first = rs.next() ? rs.getString(1) : "";
            if (!"ok".equalsIgnoreCase(first)) {
                throw new ImportException(Kind.UNREADABLE, "cannot read x-ui database " + source + ": the file is damaged ("
                        + oneLine(first) + ")");
            }
        }
    }

    /**
     * Everything the panel's own code reads to build Xray's config: the inbounds; their clients from the
     * 3x-ui 3.x {@code clients} / {@code client_inbounds} tables where present, else from the settings
     * JSON; each client's usage from {@code client_traffics} (matched by e-mail as the panels do); the
     * 3.x {@code inbound_fallbacks}; the node an inbound runs on; the Xray template's access log.
     */
    private Panel contents(Connection c, Set<String> tables, String source) throws SQLException {
        Related related = Related.of(clock.millis(),
                tables.contains("client_traffics") ? usages(c) : List.of(),
                tables.contains("clients") && tables.contains("client_inbounds") ? linkedClients(c) : null,
                tables.contains("inbound_fallbacks") ? fallbacks(c) : Map.of(),
                tables.contains("nodes") ? nodes(c) : Map.of());
        List<PanelInbound> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM inbounds ORDER BY id")) {
            Set<String> columns = columns(rs.getMetaData());
            for (String needed : List.of("port", "protocol")) {
                if (!columns.contains(needed)) {
                    throw new ImportException(Kind.UNREADABLE, "cannot read x-ui database " + source
                            + ": table 'inbounds' has no '" + needed + "' column (unknown panel version)");
                }
            }
            while (rs.next()) {
                out.add(inbound(rs, columns, source, related));
            }
        }
        return new Panel(out, tables.contains("settings") ? templateAccessLog(c, source) : null);
    }

    /** What other tables say about the inbounds, read once per database. */
    private record Related(long now, Map<Long, List<Usage>> usageByInbound, Map<String, Usage> usageByEmail,
                           Map<Long, List<PanelClient>> linked, Map<Long, List<String>> fallbacks,
                           Map<Long, String> nodes) {

        static Related of(long now, List<Usage> usages, Map<Long, List<PanelClient>> linked,
                          Map<Long, List<String>> fallbacks, Map<Long, String> nodes) {
            Map<Long, List<Usage>> byInbound = new HashMap<>();
            Map<String, Usage> byEmail = new HashMap<>();
            for (Usage u : usages) {
                byInbound.computeIfAbsent(u.inboundId(), k -> new ArrayList<>()).add(u);
                if (!u.email().isEmpty()) {
                    byEmail.putIfAbsent(u.email(), u);
                }
            }
            return new Related(now, byInbound, byEmail, linked, fallbacks, nodes);
        }

        /**
         * The clients the panel serves on an inbound: 3.x's linked clients, else the settings JSON's, else
         * 2.x's client_traffics rows; each one served only while its usage row (by e-mail) allows it.
         */
        List<PanelClient> clients(long inboundId, JsonNode settings) {
            List<PanelClient> listed = linked != null && linked.containsKey(inboundId) ? linked.get(inboundId)
                    : InboundJson.clients(settings);
            if (listed.isEmpty()) {
                listed = usageByInbound.getOrDefault(inboundId, List.of()).stream()
                        .map(u -> new PanelClient(u.email(), 0, ServeState.ACTIVE)).toList();
            }
            List<PanelClient> out = new ArrayList<>();
            for (PanelClient client : listed) {
                Usage usage = client.enabled() ? usageByEmail.get(client.email()) : null;
                out.add(usage == null ? client : client.withState(usage.state(now)));
            }
            return out;
        }
    }

    private static PanelInbound inbound(ResultSet rs, Set<String> columns, String source, Related related)
            throws SQLException {
        long id = columns.contains("id") ? rs.getLong("id") : 0;
        String remark = string(rs, columns, "remark");
        String where = "inbound " + id + (remark.isEmpty() ? "" : " '" + remark + "'") + " of " + source;
        JsonNode settings = InboundJson.column(string(rs, columns, "settings"), "settings of " + where);
        JsonNode stream = InboundJson.column(string(rs, columns, "stream_settings"), "stream_settings of " + where);
        // 3.x keeps the fallbacks in their own table; where it has rows, they replace the settings' own.
        List<String> fallbacks = related.fallbacks().getOrDefault(id, InboundJson.fallbackDests(settings));
        boolean enabled = enabled(rs, columns);
        ServeState state = ServeState.fromUsage(number(rs, columns, "up"), number(rs, columns, "down"),
                number(rs, columns, "total"), number(rs, columns, "expiry_time"), related.now());
        if (state == ServeState.ACTIVE && !enabled) {
            state = ServeState.DISABLED;
        }
        String node = "";
        if (columns.contains("node_id") && rs.getObject("node_id") != null) {
            long nodeId = rs.getLong("node_id");
            node = related.nodes().getOrDefault(nodeId, "node " + nodeId);
        }
        return new PanelInbound(source, remark, string(rs, columns, "tag"), state, string(rs, columns, "listen"),
                string(rs, columns, "port"), string(rs, columns, "protocol"), InboundJson.network(stream),
                InboundJson.text(settings.path("network")), settings.path("udp").asBoolean(false),
                InboundJson.h3Only(stream), related.clients(id, settings), fallbacks, node);
    }

    /** One row of 3x-ui's / alireza0's {@code client_traffics}: an account's usage and the panel's verdict. */
    private record Usage(long inboundId, String email, boolean enable, long up, long down, long total, long expiryTime) {
        ServeState state(long now) {
            ServeState state = ServeState.fromUsage(up, down, total, expiryTime, now);
            return state == ServeState.ACTIVE && !enable ? ServeState.STOPPED : state;
        }
    }

    private static List<Usage> usages(Connection c) throws SQLException {
        List<Usage> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM client_traffics ORDER BY id")) {
            Set<String> columns = columns(rs.getMetaData());
            while (rs.next()) {
                boolean enabled = enabled(rs, columns);
                out.add(new Usage(number(rs, columns, "inbound_id"), string(rs, columns, "email"), enabled,
                        number(rs, columns, "up"), number(rs, columns, "down"), number(rs, columns, "total"),
                        number(rs, columns, "expiry_time")));
            }
        }
        return out;
    }

    /** 3x-ui 3.x: each client once in {@code clients}, linked to its inbounds by {@code client_inbounds}. */
    private static Map<Long, List<PanelClient>> linkedClients(Connection c) throws SQLException {
        Map<Long, List<PanelClient>> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT ci.inbound_id AS link_inbound_id, cl.* FROM client_inbounds ci "
                        + "JOIN clients cl ON cl.id = ci.client_id ORDER BY ci.inbound_id, cl.id")) {
            Set<String> columns = columns(rs.getMetaData());
            while (rs.next()) {
                boolean enabled = enabled(rs, columns);
                long limit = number(rs, columns, "limit_ip");
                out.computeIfAbsent(rs.getLong("link_inbound_id"), k -> new ArrayList<>())
                        .add(new PanelClient(string(rs, columns, "email"), (int) Math.min(limit, Integer.MAX_VALUE), enabled));
            }
        }
        return out;
    }

    /**
     * 3x-ui 3.x fallbacks per master inbound, as the panel writes them into Xray's config: the row's dest,
     * else the child inbound's listen address (loopback for "any") and port.
     */
    private static Map<Long, List<String>> fallbacks(Connection c) throws SQLException {
        Map<Long, List<String>> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT f.master_id, f.dest, i.listen, i.port FROM inbound_fallbacks f "
                        + "LEFT JOIN inbounds i ON i.id = f.child_id ORDER BY f.master_id, f.sort_order, f.id")) {
            while (rs.next()) {
                String dest = rs.getString("dest") == null ? "" : rs.getString("dest").trim();
                if (dest.isEmpty() && rs.getObject("port") != null) {
                    String listen = rs.getString("listen") == null ? "" : rs.getString("listen").trim();
                    if (listen.isEmpty() || listen.equals("0.0.0.0") || listen.equals("::") || listen.equals("::0")) {
                        listen = "127.0.0.1";
                    }
                    dest = listen + ":" + rs.getString("port");
                }
                if (!dest.isEmpty()) {
                    out.computeIfAbsent(rs.getLong("master_id"), k -> new ArrayList<>()).add(dest);
                }
            }
        }
        return out;
    }

    /** 3x-ui 3.x nodes (other servers the panel manages) as "'name' (address)". */
    private static Map<Long, String> nodes(Connection c) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM nodes")) {
            Set<String> columns = columns(rs.getMetaData());
            while (rs.next()) {
                String name = string(rs, columns, "name");
                String address = string(rs, columns, "address");
                long id = number(rs, columns, "id");
                String text = name.isEmpty() ? "node " + id : "node '" + name + "'";
                out.put(id, address.isEmpty() ? text : text + " (" + address + ")");
            }
        }
        return out;
    }

    /** The access log of the Xray template the panel keeps in {@code settings}, or null when it keeps none. */
    private static AccessLog templateAccessLog(Connection c, String source) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT value FROM settings WHERE key = 'xrayTemplateConfig' ORDER BY id DESC LIMIT 1")) {
            if (!rs.next() || rs.getString(1) == null || rs.getString(1).isBlank()) {
                return null;
            }
            String what = "the Xray template (setting xrayTemplateConfig) of " + source;
            JsonNode template = InboundJson.column(rs.getString(1), what);
            return template.isObject() ? AccessLog.of(template, what) : null;
        }
    }

    private static long number(ResultSet rs, Set<String> columns, String name) throws SQLException {
        if (!columns.contains(name) || rs.getObject(name) == null) {
            return 0;
        }
        Object value = rs.getObject(name);
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The row's {@code enable} column; a row without one (older schemas) or with NULL counts as enabled. */
    private static boolean enabled(ResultSet rs, Set<String> columns) throws SQLException {
        return !columns.contains("enable") || enabledValue(rs.getObject("enable"));
    }

    /** NULL (shown as "null") counts as enabled; 0, "0", "false" and "" do not. */
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
