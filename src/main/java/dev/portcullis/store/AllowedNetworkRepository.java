package dev.portcullis.store;

import dev.portcullis.model.Network;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code allowed_networks} table: per server, the client networks its account entries never count
 * nor refuse, stored as canonical text ({@link Network#toString}) so one network is one row.
 */
public final class AllowedNetworkRepository {

    /** The server's networks in {@link Network#ORDER}. */
    public List<Network> forServer(Connection c, long serverId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT network FROM allowed_networks WHERE server_id = ?")) {
            ps.setLong(1, serverId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Network> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(Network.parse(rs.getString(1)));
                }
                out.sort(Network.ORDER);
                return out;
            }
        }
    }

    /** Adds the network (the caller holds the server's row lock and knows it is not there yet). */
    public void insert(Connection c, long serverId, Network n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO allowed_networks (server_id, network) VALUES (?, ?)")) {
            ps.setLong(1, serverId);
            ps.setString(2, n.toString());
            ps.executeUpdate();
        }
    }

    /** Removes the network; false when the server did not have it. */
    public boolean delete(Connection c, long serverId, Network n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM allowed_networks WHERE server_id = ? AND network = ?")) {
            ps.setLong(1, serverId);
            ps.setString(2, n.toString());
            return ps.executeUpdate() == 1;
        }
    }
}
