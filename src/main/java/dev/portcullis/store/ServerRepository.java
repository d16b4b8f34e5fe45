package dev.portcullis.store;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code servers} table. Methods run on the caller's connection, inside the caller's transaction. */
public final class ServerRepository {

    private static final String COLUMNS = "id, name, host, ssh_port, ssh_user, auth_kind, key_path, sudo";

    public Server insert(Connection c, Server s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO servers (name, host, ssh_port, ssh_user, auth_kind, key_path, sudo) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, s);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return s.withId(keys.getLong(1));
            }
        }
    }

    public void update(Connection c, Server s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE servers SET name = ?, host = ?, ssh_port = ?, ssh_user = ?, auth_kind = ?, key_path = ?, sudo = ?,"
                        + " updated_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            bind(ps, s);
            ps.setLong(8, s.id());
            if (ps.executeUpdate() != 1) {
                throw new StoreException("server " + s.name() + " no longer exists");
            }
        }
    }

    public Optional<Server> findByName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM servers WHERE name = ?")) {
            ps.setString(1, name);
            return one(ps);
        }
    }

    /** Reads the row and locks it until the transaction ends, so writers to one server's data queue up. */
    public Optional<Server> lockByName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM servers WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            return one(ps);
        }
    }

    public List<Server> all(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM servers ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<Server> out = new ArrayList<>();
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        }
    }

    public boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM servers WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Records the outcome of the last sync (used by the sync work). */
    public void recordSync(Connection c, long id, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE servers SET last_sync_status = ?, last_sync_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            ps.setString(1, status);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The last recorded sync of every server that has one, by server name. */
    public List<LastSync> lastSyncs(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, last_sync_status, last_sync_at FROM servers"
                + " WHERE last_sync_status IS NOT NULL ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<LastSync> out = new ArrayList<>();
            while (rs.next()) {
                java.time.OffsetDateTime at = rs.getObject("last_sync_at", java.time.OffsetDateTime.class);
                out.add(new LastSync(rs.getString("name"), rs.getString("last_sync_status"),
                        at == null ? null : at.toInstant()));
            }
            return out;
        }
    }

    /** The server's access-log path, "" when none is set (the proxy's config tells). */
    public String accessLog(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT access_log FROM servers WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                String path = rs.next() ? rs.getString(1) : null;
                return path == null ? "" : path;
            }
        }
    }

    /** Sets the server's access-log path ("" clears it); true when the stored value changed. */
    public boolean setAccessLog(Connection c, long id, String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE servers SET access_log = ?, updated_at = CURRENT_TIMESTAMP"
                + " WHERE id = ? AND COALESCE(access_log, '') <> ?")) {
            ps.setString(1, path.isEmpty() ? null : path);
            ps.setLong(2, id);
            ps.setString(3, path);
            return ps.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement ps, Server s) throws SQLException {
        ps.setString(1, s.name());
        ps.setString(2, s.host());
        ps.setInt(3, s.port());
        ps.setString(4, s.user());
        ps.setString(5, s.auth().id());
        ps.setString(6, s.keyPath());
        ps.setBoolean(7, s.sudo());
    }

    private static Optional<Server> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static Server read(ResultSet rs) throws SQLException {
        return new Server(rs.getLong("id"), rs.getString("name"), rs.getString("host"), rs.getInt("ssh_port"),
                rs.getString("ssh_user"), AuthKind.fromId(rs.getString("auth_kind")), rs.getString("key_path"),
                rs.getBoolean("sudo"));
    }
}
