package dev.portcullis.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code known_host_keys} table: every key type a host presented, one row each. */
public final class KnownHostRepository {

    /** Records or replaces the key of that type for host and port. */
    public void put(Connection c, KnownHostKey k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "MERGE INTO known_host_keys (host, port, key_type, key_base64, fingerprint) KEY (host, port, key_type)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, k.host());
            ps.setInt(2, k.port());
            ps.setString(3, k.keyType());
            ps.setString(4, k.keyBase64());
            ps.setString(5, k.fingerprint());
            ps.executeUpdate();
        }
    }

    public List<KnownHostKey> find(Connection c, String host, int port) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT host, port, key_type, key_base64, fingerprint"
                + " FROM known_host_keys WHERE host = ? AND port = ? ORDER BY key_type")) {
            ps.setString(1, host);
            ps.setInt(2, port);
            try (ResultSet rs = ps.executeQuery()) {
                List<KnownHostKey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new KnownHostKey(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
                return out;
            }
        }
    }

    public int forget(Connection c, String host, int port) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM known_host_keys WHERE host = ? AND port = ?")) {
            ps.setString(1, host);
            ps.setInt(2, port);
            return ps.executeUpdate();
        }
    }
}
