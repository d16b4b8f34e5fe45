package dev.portcullis.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code secrets} table: sealed bytes only; sealing and opening is {@link Vault}'s job. */
public final class SecretRepository {

    public void put(Connection c, long serverId, SecretKind kind, byte[] sealed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "MERGE INTO secrets (server_id, kind, sealed, updated_at) KEY (server_id, kind)"
                        + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
            ps.setLong(1, serverId);
            ps.setString(2, kind.name());
            ps.setBytes(3, sealed);
            ps.executeUpdate();
        }
    }

    public Optional<byte[]> get(Connection c, long serverId, SecretKind kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sealed FROM secrets WHERE server_id = ? AND kind = ?")) {
            ps.setLong(1, serverId);
            ps.setString(2, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    public boolean delete(Connection c, long serverId, SecretKind kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM secrets WHERE server_id = ? AND kind = ?")) {
            ps.setLong(1, serverId);
            ps.setString(2, kind.name());
            return ps.executeUpdate() == 1;
        }
    }

    public int count(Connection c, long serverId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM secrets WHERE server_id = ?")) {
            ps.setLong(1, serverId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
