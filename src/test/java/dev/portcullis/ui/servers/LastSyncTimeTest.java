package dev.portcullis.ui.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LastSyncTimeTest {

    private static final Instant SYNCED = Instant.parse("2026-12-01T16:44:00Z");

    @Test
    void persianTimesLoseTheDirectionMarksJavaFxDrawsAsBoxes() {
        String raw = ServersController.shortTime(Locale.forLanguageTag("fa"), ZoneOffset.UTC).format(SYNCED);
        assertTrue(raw.contains("\u200f"), "the JDK's Persian pattern carries a right-to-left mark: " + raw);
        String shown = ServersController.withoutDirectionMarks(raw);
        assertEquals(raw.replace("\u200f", ""), shown);
        assertTrue(shown.contains("16:44"), shown);
    }

    @Test
    void otherLanguagesAreShownAsFormatted() {
        for (String tag : new String[] {"en", "zh-CN"}) {
            String raw = ServersController.shortTime(Locale.forLanguageTag(tag), ZoneOffset.UTC).format(SYNCED);
            assertEquals(raw, ServersController.withoutDirectionMarks(raw), tag);
        }
    }
}
