package dev.portcullis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.Lab;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptGeneratorTest {

    private final ScriptGenerator generator = new ScriptGenerator();

    /** One entry per hostile label, each on its own port. */
    static List<LimitEntry> hostileEntries() {
        List<LimitEntry> hostile = new ArrayList<>();
        int port = 1000;
        for (String label : LimitsConfTest.HOSTILE_LABELS) {
            hostile.add(LimitEntry.of(port++, LimitMode.CONNECTIONS, 3).withLabel(label));
        }
        return hostile;
    }

    static List<List<LimitEntry>> entrySets() {
        List<LimitEntry> many = new ArrayList<>();
        for (int p = 20000; p < 21000; p++) {
            many.add(LimitEntry.of(p, LimitMode.values()[p % 3], 1 + p % 50)
                    .withProtocol(Protocol.values()[p % 3]));
        }
        return List.of(
                List.of(),
                List.of(LimitEntry.of(443, LimitMode.CONNECTIONS, 3)),
                List.of(LimitEntry.of(443, LimitMode.CONNECTIONS_PER_IP, 2).withProtocol(Protocol.BOTH).withObserve(true),
                        LimitEntry.of(8443, LimitMode.DEVICES, 2).withEnabled(false),
                        LimitEntry.of(2053, LimitMode.CONNECTIONS, 10000).withProtocol(Protocol.UDP)),
                List.of(LimitEntry.of(443, LimitMode.DEVICES, 2).withProtocol(Protocol.BOTH).withIdle(30),
                        LimitEntry.of(8443, LimitMode.DEVICES, 5).withMasks(24, 56).withObserve(true),
                        LimitEntry.of(2053, LimitMode.CONNECTIONS, 3).withProtocol(Protocol.UDP)),
                hostileEntries(),
                many);
    }

    @Test
    void sameEntriesInAnyOrderGiveTheSameBytes() {
        for (List<LimitEntry> set : entrySets()) {
            List<LimitEntry> shuffled = new ArrayList<>(set);
            Collections.reverse(shuffled);
            assertEquals(generator.generate("vps-1", set), generator.generate("vps-1", shuffled));
        }
    }

    @Test
    void embedsExactlyTheRenderedConf() {
        for (List<LimitEntry> set : entrySets()) {
            String script = generator.generate("vps-1", set);
            String conf = generator.limitsConf(set);
            assertTrue(script.contains("cat <<'PORTCULLIS_LIMITS_CONF'\n" + conf + "PORTCULLIS_LIMITS_CONF\n"));
            assertEquals(LimitsConf.sorted(set), generator.parseLimitsConf(conf));
            assertFalse(script.contains("@@"), "no placeholder left");
        }
    }

    @Test
    void hostileLabelsNeverAppearVerbatim() {
        String script = generator.generate("vps-1", hostileEntries());
        for (String label : LimitsConfTest.HOSTILE_LABELS) {
            String encoded = LimitsConf.encodeLabel(label);
            assertTrue(script.contains(" label=" + encoded + "\n"), "the entry is in the script, encoded: " + label);
            if (!encoded.equals(label)) {
                assertFalse(script.contains(label), "verbatim in the script: " + label);
            }
        }
        assertFalse(script.contains("علی"));
    }

    @Test
    void refusesBadServerNamesAndClashingEntries() {
        assertThrows(ValidationException.class, () -> generator.generate("a'b", List.of()));
        assertThrows(ValidationException.class, () -> generator.generate("vps", List.of(
                LimitEntry.of(443, LimitMode.CONNECTIONS, 3),
                LimitEntry.of(443, LimitMode.CONNECTIONS, 4).withProtocol(Protocol.BOTH))));
    }

    @Test
    void generatedScriptsPassBashSyntaxCheckAndShellcheck(@TempDir Path dir) throws IOException {
        Lab.assumeLinux("the generated script");
        boolean haveShellcheck = Shell.exec(null, 10, "bash", "-c", "command -v shellcheck").ok();
        int n = 0;
        for (List<LimitEntry> set : entrySets()) {
            Path file = dir.resolve("script" + n++ + ".sh");
            Files.writeString(file, generator.generate("vps-1", set), StandardCharsets.UTF_8);
            Shell.Result syntax = Shell.exec(null, 60, "bash", "-n", file.toString());
            assertEquals(0, syntax.exitCode(), syntax.stderr());
            if (haveShellcheck) {
                Shell.Result check = Shell.exec(null, 120, "shellcheck", "--severity=info", file.toString());
                assertEquals(0, check.exitCode(), check.stdout() + check.stderr());
            }
        }
        if (!haveShellcheck) {
            Lab.skip("shellcheck not installed: only bash -n was run");
        }
    }

    /**
     * The script runs with pipefail: a command piped into grep -q may die of SIGPIPE when grep
     * ends at its match, and the check fails now and then (the account watcher's awk was
     * sometimes started without mawk's interactive mode, read its clock in blocks and stopped).
     */
    @Test
    void noCheckPipesIntoAGrepThatEndsAtItsMatch() {
        Pattern early = Pattern.compile("\\|\\s*grep\\s+(-[A-Za-z]*q|--quiet)");
        List<String> found = generator.generate("vps-1", List.of()).lines()
                .filter(l -> !l.strip().startsWith("#") && early.matcher(l).find()).toList();
        assertEquals(List.of(), found);
    }

    /**
     * The shell text Portcullis sends besides the script (the poll fallback, the conntrack filter,
     * the deploy lock, the state read, the panel import) lives in resource files: each passes
     * shellcheck like the template, for the shell its directive names.
     */
    @Test
    void everyShellResourcePassesShellcheck() throws IOException {
        Lab.assumeLinux("the shell resources");
        List<Path> files;
        try (var walk = Files.walk(Path.of("src/main/resources/dev/portcullis"))) {
            files = walk.filter(f -> f.toString().endsWith(".sh")).sorted().toList();
        }
        assertTrue(files.size() >= 8, "the shell resources: " + files);
        boolean haveShellcheck = Shell.exec(null, 10, "bash", "-c", "command -v shellcheck").ok();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("# shellcheck shell=sh\n") || text.startsWith("# shellcheck shell=bash\n"),
                    file + " names its shell");
            assertFalse(text.contains("\r"), file + " has LF line endings");
            Shell.Result syntax = Shell.exec(null, 60, text.contains("shell=bash") ? "bash" : "sh", "-n", file.toString());
            assertEquals(0, syntax.exitCode(), file + ": " + syntax.stderr());
            if (haveShellcheck) {
                Shell.Result check = Shell.exec(null, 120, "shellcheck", "--severity=info", file.toString());
                assertEquals(0, check.exitCode(), file + ": " + check.stdout() + check.stderr());
            }
        }
        if (!haveShellcheck) {
            Lab.skip("shellcheck not installed: only sh -n / bash -n were run");
        }
    }
}
