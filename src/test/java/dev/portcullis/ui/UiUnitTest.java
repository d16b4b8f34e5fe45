package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.store.MasterPasswordCheck;
import dev.portcullis.ui.export.InstallCommand;
import dev.portcullis.ui.live.ClockTicks;
import dev.portcullis.ui.settings.Appearance;
import dev.portcullis.ui.settings.LanguageChoice;
import dev.portcullis.ui.settings.ThemeChoice;
import dev.portcullis.ui.settings.UiSettings;
import dev.portcullis.ui.unlock.PasswordStrength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's pieces that need no window. */
class UiUnitTest {

    @Test
    void everyTranslationHasExactlyTheEnglishKeysAndValidPatterns() {
        ResourceBundle en = Appearance.bundle(Locale.ENGLISH);
        Set<String> keys = new TreeSet<>(Collections.list(en.getKeys()));
        for (Locale locale : new Locale[] {Locale.forLanguageTag("fa"), Locale.SIMPLIFIED_CHINESE}) {
            ResourceBundle b = Appearance.bundle(locale);
            assertEquals(locale.getLanguage(), b.getLocale().getLanguage(), "the translation itself, not English");
            assertEquals(keys, new TreeSet<>(b.keySet()), "keys of " + locale);
            for (String k : keys) {
                String text = b.getString(k);
                assertFalse(text.isBlank(), k + " in " + locale);
                if (text.contains("{0}")) {
                    assertFalse(new MessageFormat(text).format(new Object[] {"x", "y"}).contains("{0}"), k);
                }
                assertFalse(text.contains("\u200c"), "JavaFX draws U+200C as a box: " + k);
            }
        }
    }

    @Test
    void countsTakeTheRightFormInEveryLanguage() {
        ResourceBundle en = Appearance.bundle(Locale.ENGLISH);
        assertEquals("0 servers", MessageFormat.format(en.getString("servers.count"), 0));
        assertEquals("1 server", MessageFormat.format(en.getString("servers.count"), 1));
        assertEquals("2 servers", MessageFormat.format(en.getString("servers.count"), 2));
        assertEquals("Sync finished: 1 server in sync, 0 failed.", MessageFormat.format(en.getString("sync.done"), 1, 0L));
        assertEquals("Plan finished: 1 server answered, 1 failed.", MessageFormat.format(en.getString("sync.planDone"), 1, 1L));
        assertEquals("1 connection · polled at 12:00:00", MessageFormat.format(en.getString("live.polled"), 1, "12:00:00"));
        assertEquals("1 change, 0.5 s", MessageFormat.format(en.getString("sync.detail"), 1, 0.5));
        // Persian and Chinese nouns keep one form after a number.
        assertEquals("1 سرور", MessageFormat.format(Appearance.bundle(Locale.forLanguageTag("fa")).getString("servers.count"), 1));
        assertEquals("2 台服务器", MessageFormat.format(Appearance.bundle(Locale.SIMPLIFIED_CHINESE).getString("servers.count"), 2));
    }

    @Test
    void theLiveChartTellsTimeOnTheOperatorsClock() {
        long noonUtc = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
        assertEquals("15:30", new ClockTicks(ZoneId.of("Asia/Tehran")).toString(noonUtc));
        assertEquals("20:00", new ClockTicks(ZoneId.of("Asia/Shanghai")).toString(noonUtc));
        assertEquals("12:00", new ClockTicks(ZoneOffset.UTC).toString(noonUtc));
    }

    @Test
    void theSystemLocalePicksTheTranslationAndASettingOverridesIt() {
        assertEquals("fa", LanguageChoice.SYSTEM.resolve(Locale.forLanguageTag("fa-IR")).getLanguage());
        assertEquals(Locale.SIMPLIFIED_CHINESE, LanguageChoice.SYSTEM.resolve(Locale.TRADITIONAL_CHINESE));
        assertEquals(Locale.ENGLISH, LanguageChoice.SYSTEM.resolve(Locale.GERMANY));
        assertEquals(Locale.ENGLISH, LanguageChoice.ENGLISH.resolve(Locale.forLanguageTag("fa-IR")));
    }

    @Test
    void settingsSurviveARestartAndBadValuesFallBackToDefaults(@TempDir Path dir) {
        UiSettings s = UiSettings.load(dir);
        assertEquals(ThemeChoice.SYSTEM, s.theme());
        assertTrue(s.windowBounds().isEmpty());
        s.setTheme(ThemeChoice.DARK);
        s.setLanguage(LanguageChoice.PERSIAN);
        s.setWindowBounds(new UiSettings.WindowBounds(10, 20, 900, 600, true));
        s.setDivider("main", 0.25);
        s.save();
        UiSettings again = UiSettings.load(dir);
        assertEquals(ThemeChoice.DARK, again.theme());
        assertEquals(LanguageChoice.PERSIAN, again.language());
        assertEquals(new UiSettings.WindowBounds(10, 20, 900, 600, true), again.windowBounds().orElseThrow());
        assertEquals(0.25, again.divider("main", 0.5));
        assertEquals(ThemeChoice.SYSTEM, ThemeChoice.parse("purple"));
        assertEquals(0.5, again.divider("other", 0.5));
    }

    @Test
    void passwordStrengthRewardsLengthAndVariety() {
        // The meter reads the store's own estimate: "strong" exactly when the store accepts the password.
        MasterPasswordCheck check = new MasterPasswordCheck();
        java.util.function.Function<String, PasswordStrength> meter = p -> PasswordStrength.of(check.check(p, Locale.ENGLISH));
        assertEquals(PasswordStrength.TOO_SHORT, meter.apply("abc123"));
        assertEquals(PasswordStrength.WEAK, meter.apply("aaaaaaaaaaaaaaaaaaaa"));
        assertEquals(PasswordStrength.WEAK, meter.apply("password"));
        assertEquals(PasswordStrength.WEAK, meter.apply("passwordpassword"));
        // a dictionary word dressed up with a capital, a digit and a symbol is still among the first guesses
        assertEquals(PasswordStrength.WEAK, meter.apply("Password1!"));
        assertEquals(PasswordStrength.FAIR, meter.apply("correcthorse"));
        assertEquals(PasswordStrength.STRONG, meter.apply("correct horse battery 9"));
        for (String p : List.of("abcdefgh12", "Summer2024!", "correcthorse", "correct horse battery 9", "orange tiger lamp 12")) {
            boolean accepted;
            try {
                check.requireAcceptable(p.toCharArray());
                accepted = true;
            } catch (dev.portcullis.store.WeakMasterPasswordException e) {
                accepted = false;
            }
            assertEquals(accepted, meter.apply(p) == PasswordStrength.STRONG, p);
        }
    }

    @Test
    void theInstallCommandCarriesTheWholeScriptIntact() throws Exception {
        String script = "#!/usr/bin/env bash\necho 'it''s' \"$HOME\" `id`\n" + "x".repeat(5000) + "\nنام\n";
        String command = InstallCommand.forScript(script);
        assertFalse(command.contains("\n"), "one line");
        assertTrue(command.contains("sudo bash \"$f\" apply"));
        Matcher m = Pattern.compile("echo '([A-Za-z0-9+/=]+)'").matcher(command);
        assertTrue(m.find());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            assertEquals(script, out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void serverTextInStatusMessagesShowsControlAndBidiCharactersEscaped() {
        RuntimeException hostile = new RuntimeException("script refused: \u001b]0;owned\u0007 \u202eko\nsecond line");
        assertEquals("script refused: \\x1b]0;owned\\x07 \\u202eko", dev.portcullis.ui.main.StatusModel.describe(hostile));
    }
}
