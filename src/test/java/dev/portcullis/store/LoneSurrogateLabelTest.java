package dev.portcullis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.AppContext;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A label stored with half a character (before such labels were refused) no longer makes every
 * sync fail verification: it is read back without the lone surrogate, so the store, the script
 * and the server agree.
 */
class LoneSurrogateLabelTest {

    @Test
    void aStoredLabelWithALoneSurrogateIsReadWithoutIt(@TempDir Path dir) throws Exception {
        try (AppContext app = StoreFixture.open(dir)) {
            app.inventory().addServer(StoreFixture.server("a"), StoreFixture.password("ssh-pw"));
            app.inventory().setLimit("a", LimitEntry.of(443, LimitMode.DEVICES, 2).withLabel("ali phone"));
        }
        try (Connection c = DriverManager.getConnection(Database.url(dir), "", "");
             PreparedStatement ps = c.prepareStatement("UPDATE limit_entries SET label = ?")) {
            ps.setString(1, "ali\ud83d phone");
            assertEquals(1, ps.executeUpdate());
        }
        try (AppContext app = StoreFixture.openWithoutPassword(dir)) {
            assertEquals("ali phone", app.inventory().limits("a").get(0).label());
        }
    }
}
