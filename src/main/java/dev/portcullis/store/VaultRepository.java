package dev.portcullis.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The single-row {@code vault} table: KDF name, iterations, salt and the sealed verifier. */
public final class VaultRepository {

    /** What is needed to re-derive the key and check a master password. */
    public record Params(String kdf, int iterations, byte[] salt, byte[] verifier) {
    }

    public Optional<Params> load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kdf, iterations, salt, verifier FROM vault WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next()
                    ? Optional.of(new Params(rs.getString(1), rs.getInt(2), rs.getBytes(3), rs.getBytes(4)))
                    : Optional.empty();
        }
    }

    /** Creates the row; fails on the primary key if another writer created it first. */
    public void create(Connection c, Params p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO vault (id, kdf, iterations, salt, verifier) VALUES (1, ?, ?, ?, ?)")) {
            ps.setString(1, p.kdf());
            ps.setInt(2, p.iterations());
            ps.setBytes(3, p.salt());
            ps.setBytes(4, p.verifier());
            ps.executeUpdate();
        }
    }
}
