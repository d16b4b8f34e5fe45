package dev.portcullis.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The single row of {@code history_settings}: how many days of address history are kept. */
public final class HistorySettingsRepository {

    public int keepDays(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT keep_days FROM history_settings WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("the history settings row is missing");
            }
            return rs.getInt(1);
        }
    }

    public void setKeepDays(Connection c, int days) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE history_settings SET keep_days = ? WHERE id = 1")) {
            ps.setInt(1, days);
            ps.executeUpdate();
        }
    }
}
