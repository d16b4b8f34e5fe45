package dev.portcullis.store;

import dev.portcullis.history.AddressDay;
import dev.portcullis.history.HistoryFilter;
import dev.portcullis.model.Protocol;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code address_days} table, keyed by (server, port, protocol, account, address, day). */
public final class AddressDayRepository {

    private static final int BATCH = 1000;

    /** Inserts the rows, each replacing a stored row with the same key (the server's numbers are cumulative). */
    public void upsert(Connection c, long serverId, List<AddressDay> days) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO address_days (server_id, port, protocol, account,"
                + " address, seen_day, first_seen, last_seen, connections, refused)"
                + " KEY (server_id, port, protocol, account, address, seen_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (AddressDay d : days) {
                ps.setLong(1, serverId);
                ps.setInt(2, d.port());
                ps.setString(3, d.protocol().id());
                ps.setString(4, d.account());
                ps.setString(5, d.address());
                ps.setDate(6, Date.valueOf(d.day()));
                ps.setLong(7, d.firstSeen().getEpochSecond());
                ps.setLong(8, d.lastSeen().getEpochSecond());
                ps.setLong(9, d.connections());
                ps.setLong(10, d.refused());
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /** The server's rows that match the filter, by day, port, protocol, account and address. */
    public List<AddressDay> find(Connection c, long serverId, HistoryFilter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT seen_day, port, protocol, account, address, first_seen, last_seen,"
                + " connections, refused FROM address_days WHERE server_id = ?");
        if (filter.port() != null) {
            sql.append(" AND port = ?");
        }
        if (filter.account() != null) {
            sql.append(" AND account = ?");
        }
        if (filter.since() != null) {
            sql.append(" AND last_seen >= ?");
        }
        sql.append(" ORDER BY seen_day, port, protocol, account, address");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, serverId);
            if (filter.port() != null) {
                ps.setInt(i++, filter.port());
            }
            if (filter.account() != null) {
                ps.setString(i++, filter.account());
            }
            if (filter.since() != null) {
                ps.setLong(i, filter.since().getEpochSecond());
            }
            ps.setFetchSize(BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                List<AddressDay> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new AddressDay(rs.getObject(1, LocalDate.class), rs.getInt(2), Protocol.fromId(rs.getString(3)),
                            rs.getString(4), rs.getString(5), Instant.ofEpochSecond(rs.getLong(6)),
                            Instant.ofEpochSecond(rs.getLong(7)), rs.getLong(8), rs.getLong(9)));
                }
                return out;
            }
        }
    }

    /** The accounts (of shared ports) the server reported addresses for, in order. */
    public List<String> accounts(Connection c, long serverId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT account FROM address_days WHERE server_id = ? AND account <> '' ORDER BY account")) {
            ps.setLong(1, serverId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    /** The newest last-seen time stored for the server, if it has any rows. */
    public Optional<Instant> newestLastSeen(Connection c, long serverId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(last_seen) FROM address_days WHERE server_id = ?")) {
            ps.setLong(1, serverId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(max));
            }
        }
    }

    /** Deletes every server's rows of days before {@code firstKept}; returns how many went. */
    public int deleteBefore(Connection c, LocalDate firstKept) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM address_days WHERE seen_day < ?")) {
            ps.setDate(1, Date.valueOf(firstKept));
            return ps.executeUpdate();
        }
    }
}
