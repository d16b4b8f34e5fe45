package dev.portcullis.store;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Validator;
import dev.portcullis.rules.LimitsConf;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The {@code limit_entries} table, keyed by (server, port, protocol, account); account "" for a port entry. */
public final class LimitRepository {

    private static final String COLUMNS =
            "port, protocol, account, mode, max_count, v4_mask, v6_prefix, label, observe, enabled, idle_seconds";

    /** The server's entries, port and account entries, in the canonical order of limits.conf. */
    public List<LimitEntry> forServer(Connection c, long serverId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM limit_entries WHERE server_id = ?")) {
            ps.setLong(1, serverId);
            try (ResultSet rs = ps.executeQuery()) {
                List<LimitEntry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                out.sort(LimitsConf.ORDER);
                return out;
            }
        }
    }

    public List<ServerLimit> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.name, " + prefixed("l.")
                + " FROM limit_entries l JOIN servers s ON s.id = l.server_id");
             ResultSet rs = ps.executeQuery()) {
            List<ServerLimit> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new ServerLimit(rs.getString(1), read(rs)));
            }
            out.sort(Comparator.comparing(ServerLimit::server).thenComparing(ServerLimit::entry, LimitsConf.ORDER));
            return out;
        }
    }

    /** Inserts or replaces the entry with the same server, port, protocol and account; true when it was new. */
    public boolean upsert(Connection c, long serverId, LimitEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE limit_entries SET mode = ?, max_count = ?, v4_mask = ?,"
                + " v6_prefix = ?, label = ?, observe = ?, enabled = ?, idle_seconds = ?, updated_at = CURRENT_TIMESTAMP"
                + " WHERE server_id = ? AND port = ? AND protocol = ? AND account = ?")) {
            setValues(ps, 1, e);
            ps.setLong(9, serverId);
            ps.setInt(10, e.port());
            ps.setString(11, e.protocol().id());
            ps.setString(12, e.account());
            if (ps.executeUpdate() == 1) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO limit_entries (server_id, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, serverId);
            ps.setInt(2, e.port());
            ps.setString(3, e.protocol().id());
            ps.setString(4, e.account());
            setValues(ps, 5, e);
            ps.executeUpdate();
            return true;
        }
    }

    /** Binds the entry's values after its key (mode to idle_seconds, as in {@link #COLUMNS}) from parameter {@code first} on. */
    private static void setValues(PreparedStatement ps, int first, LimitEntry e) throws SQLException {
        ps.setString(first, e.mode().id());
        ps.setInt(first + 1, e.max());
        ps.setInt(first + 2, e.v4Mask());
        ps.setInt(first + 3, e.v6Prefix());
        ps.setString(first + 4, e.label());
        ps.setBoolean(first + 5, e.observe());
        ps.setBoolean(first + 6, e.enabled());
        ps.setInt(first + 7, e.idleSeconds());
    }

    /**
     * Deletes the server's entries of {@code account} ("" = port entries) on {@code port}; all protocols
     * when {@code protocol} is null.
     */
    public int delete(Connection c, long serverId, int port, Protocol protocol, String account) throws SQLException {
        String sql = "DELETE FROM limit_entries WHERE server_id = ? AND port = ? AND account = ?"
                + (protocol == null ? "" : " AND protocol = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, serverId);
            ps.setInt(2, port);
            ps.setString(3, account);
            if (protocol != null) {
                ps.setString(4, protocol.id());
            }
            return ps.executeUpdate();
        }
    }

    private static String prefixed(String prefix) {
        return prefix + COLUMNS.replace(", ", ", " + prefix);
    }

    private static LimitEntry read(ResultSet rs) throws SQLException {
        return new LimitEntry(rs.getInt("port"), Protocol.fromId(rs.getString("protocol")),
                LimitMode.fromId(rs.getString("mode")), rs.getInt("max_count"), rs.getInt("v4_mask"),
                rs.getInt("v6_prefix"), Validator.withoutLoneSurrogates(rs.getString("label")), rs.getBoolean("observe"), rs.getBoolean("enabled"),
                rs.getInt("idle_seconds"), rs.getString("account"));
    }
}
