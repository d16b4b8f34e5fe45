package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.importer.ImportException;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.ValidationException.Field;
import dev.portcullis.model.ValidationException.Problem;
import dev.portcullis.model.Validator;
import dev.portcullis.store.MasterPasswordException;
import dev.portcullis.ui.importer.ImportActions;
import dev.portcullis.ui.main.StatusModel;
import dev.portcullis.ui.settings.Appearance;
import dev.portcullis.ui.unlock.UnlockController;
import dev.portcullis.ui.validation.FieldMessages;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The window words errors from their kinds, never from the model's English text: every kind has a
 * sentence in every language, the sentence names the rejected value, and no class of the window
 * decides anything by an exception's message.
 */
class TypedErrorsTest {

    private static final Locale FA = Locale.forLanguageTag("fa");
    private static final List<String> BUNDLES = List.of("messages.properties", "messages_fa.properties",
            "messages_zh_CN.properties");

    /** Each bundle file's own keys (ResourceBundle would fill a missing translation from English). */
    private static Properties own(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = TypedErrorsTest.class.getResourceAsStream("/dev/portcullis/ui/i18n/" + file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void everyErrorKindHasASentenceInEveryLanguage() throws IOException {
        List<String> keys = new ArrayList<>();
        Stream.of(Field.values()).map(FieldMessages::key).forEach(keys::add);
        Stream.of(Problem.values()).filter(p -> p != Problem.NOT_ALLOWED).map(FieldMessages::key).forEach(keys::add);
        Stream.of(MasterPasswordException.Kind.values()).map(UnlockController::key).forEach(keys::add);
        keys.add("unlock.tampered");
        Stream.of(ImportException.Kind.values()).map(ImportActions::key).forEach(keys::add);
        for (String file : BUNDLES) {
            Properties p = own(file);
            for (String key : keys) {
                assertTrue(p.containsKey(key) && !p.getProperty(key).isBlank(), key + " in " + file);
            }
        }
        assertEquals(keys.size(), keys.stream().distinct().count(), "one sentence per kind: " + keys);
    }

    @Test
    void aPortOf70000IsRefusedInTheWindowsLanguageNamingTheValue() {
        assertEquals("Port '70000': a number from 1 to 65535.", describe(Locale.ENGLISH, () -> Validator.limitPort(70000)));
        assertEquals("درگاه «70000»: عددی از ۱ تا ۶۵۵۳۵.", describe(FA, () -> Validator.limitPort(70000)));
        assertEquals("端口“70000”：1 到 65535 之间的数字。", describe(Locale.SIMPLIFIED_CHINESE, () -> Validator.limitPort(70000)));
        // Text that is not a number at all is refused the same way, by kind.
        assertEquals("端口“x7”：1 到 65535 之间的数字。",
                describe(Locale.SIMPLIFIED_CHINESE, () -> FieldMessages.parseInt(Field.PORT, "x7", 1, 65_535)));
    }

    @Test
    void theStatusBarWordsARefusedValueInTheWindowsLanguage() {
        StatusModel status = new StatusModel(() -> bundle(FA));
        status.fail(assertThrows(ValidationException.class, () -> Validator.limitPort(70000)));
        assertEquals("درگاه «70000»: عددی از ۱ تا ۶۵۵۳۵.", status.errorProperty().get());
        status.fail(new IllegalStateException("anything else keeps its one line"));
        assertEquals("anything else keeps its one line", status.errorProperty().get());
    }

    @Test
    void theExceptionCarriesItsKindTheRejectedValueAndTheRange() {
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.idleSeconds(0));
        assertEquals(Field.IDLE, e.target());
        assertEquals(Problem.NOT_ALLOWED, e.problem());
        assertEquals("0", e.value());
        assertEquals(new ValidationException.Range(1, Validator.MAX_IDLE_SECONDS), e.range());
        assertEquals("invalid idle '0': 1-86400 seconds", e.getMessage(), "the command line's line is unchanged");
        assertEquals("空闲时间“0”：1 到 86400 秒之间的数字。", describe(Locale.SIMPLIFIED_CHINESE, () -> Validator.idleSeconds(0)));
    }

    @Test
    void theSentenceFollowsTheKindWhateverTheEnglishSays() {
        LimitEntry taken = LimitEntry.of(443, LimitMode.DEVICES, 2);
        assertEquals("درگاه 443/tcp در این سرور از قبل محدود شده است.",
                describe(FA, () -> Validator.noClash(List.of(taken), LimitEntry.of(443, LimitMode.CONNECTIONS, 1))));
        // The English wording is free to change: the window does not read it.
        ValidationException reworded = new ValidationException(Field.SERVER_NAME, Problem.DUPLICATE_NAME, "fra-1",
                "some other wording entirely");
        assertEquals("已有服务器名为“fra-1”。", new FieldMessages(bundle(Locale.SIMPLIFIED_CHINESE)).describe(reworded));
        ValidationException option = new ValidationException("--parallel", 99, "1 to 16");
        assertEquals(Field.OTHER, option.target());
        assertEquals("Invalid --parallel '99': 1 to 16", new FieldMessages(bundle(Locale.ENGLISH)).describe(option));
        MasterPasswordException wrong = new MasterPasswordException(MasterPasswordException.Kind.WRONG, "reworded");
        assertEquals("主密码错误，请重试。", bundle(Locale.SIMPLIFIED_CHINESE).getString(UnlockController.key(wrong.kind())));
    }

    @Test
    void englishCountsTakeTheRightForm() {
        ResourceBundle en = bundle(Locale.ENGLISH);
        assertEquals("Save 1 change", MessageFormat.format(en.getString("import.save"), 1));
        assertEquals("Save 2 changes", MessageFormat.format(en.getString("import.save"), 2));
        assertEquals("Saved 1 entry for fra-1; sync the server to deploy them.",
                MessageFormat.format(en.getString("import.saved"), 1, "fra-1"));
        assertEquals("Saved 3 entries for fra-1; sync the server to deploy them.",
                MessageFormat.format(en.getString("import.saved"), 3, "fra-1"));
        assertEquals("Syncing: 0 of 1 server done", MessageFormat.format(en.getString("sync.syncing"), 0, 1));
        assertEquals("Planning: 1 of 2 servers done", MessageFormat.format(en.getString("sync.planning"), 1, 2));
        assertEquals("1 new, 0 updated, 0 unchanged, 1 conflict, 0 disappeared",
                MessageFormat.format(en.getString("import.summary"), 1, 0, 0, 1, 0));
    }

    /**
     * The guard: no class of the window looks into an exception's message to decide anything (its
     * text is for people; kinds are for code). A message may still be shown or logged as it is.
     */
    @Test
    void noWindowClassDecidesByAnExceptionsMessage() throws IOException {
        Pattern decision = Pattern.compile("getMessage\\(\\)\\)?\\s*\\.\\s*(startsWith|endsWith|contains|matches|equals"
                + "|equalsIgnoreCase|indexOf|regionMatches|compareTo)\\b"
                + "|(if|while|switch)\\s*\\(.*getMessage\\(\\)(?!\\s*==\\s*null)(?!\\s*!=\\s*null)"
                + "|getMessage\\(\\)[^;]*\\?");
        Pattern textOfMessage = Pattern.compile("(String\\s+\\w+|\\w+)\\s*=\\s*(String\\.valueOf\\()?\\w+\\.getMessage\\(\\)");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/portcullis/ui"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (decision.matcher(line).find() || textOfMessage.matcher(line).find()) {
                        found.add(file.getFileName() + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
        assertFalse(Files.readString(Path.of("src/main/java/dev/portcullis/ui/validation/FieldMessages.java"))
                .contains("getMessage"), "translations are chosen by kind alone");
    }

    private static ResourceBundle bundle(Locale locale) {
        return Appearance.bundle(locale);
    }

    private static String describe(Locale locale, Runnable check) {
        return new FieldMessages(bundle(locale)).problem(check).orElseThrow();
    }
}
