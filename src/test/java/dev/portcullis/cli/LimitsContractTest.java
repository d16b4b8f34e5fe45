package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import dev.portcullis.rules.LimitsConf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits.conf contract is written three times: in Java (LimitsConf, Validator, LimitEntry,
 * LimitMode, the CLI's options), in the script template (its contract block, {@code add} and its
 * usage) and in SQL (the column defaults and checks). This test reads the template and the migration
 * and fails when any of them disagrees with the Java side.
 */
class LimitsContractTest {

    private static final String TEMPLATE = read("/dev/portcullis/rules/portcullis-limits.sh.tmpl");
    private static final String SCHEMA = read("/db/migration/V1__initial_schema.sql");
    private static final Map<String, String> SCRIPT = readonlyValues(TEMPLATE);

    @TempDir
    Path tmp;

    private static String read(String resource) {
        try (InputStream in = LimitsContractTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("cannot read " + resource, e);
        }
    }

    /** Every {@code readonly NAME=VALUE} of the template (unquoted values; CONF_HEADER in quotes). */
    private static Map<String, String> readonlyValues(String template) {
        Map<String, String> values = new HashMap<>();
        Matcher header = Pattern.compile("(?m)^readonly CONF_HEADER='([^']*)'$").matcher(template);
        assertTrue(header.find(), "the template declares CONF_HEADER");
        values.put("CONF_HEADER", header.group(1));
        Matcher line = Pattern.compile("(?m)^readonly ([A-Z0-9_]+=[A-Za-z0-9_-]+(?: [A-Z0-9_]+=[A-Za-z0-9_-]+)*)$").matcher(template);
        while (line.find()) {
            for (String pair : line.group(1).split(" ")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }

    private static String script(String name) {
        String value = SCRIPT.get(name);
        assertTrue(value != null, "the template's contract block declares " + name);
        return value;
    }

    private static int scriptInt(String name) {
        return Integer.parseInt(script(name));
    }

    @Test
    void theHeaderIsTheSameInBothWriters() {
        assertEquals(LimitsConf.HEADER, script("CONF_HEADER") + "\n");
    }

    @Test
    void theHeadersRangesAreTheValidators() {
        Map<String, String> ranges = new HashMap<>();
        for (String word : LimitsConf.HEADER.lines().skip(1).flatMap(l -> Arrays.stream(l.substring(2).split(" ")))
                .filter(w -> w.contains("=")).toList()) {
            ranges.put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
        }
        assertRange(ranges.get("port"), Validator::limitPort);
        assertRange(ranges.get("max"), Validator::max);
        assertRange(ranges.get("v4mask"), Validator::v4Mask);
        assertRange(ranges.get("v6prefix"), Validator::v6Prefix);
        assertRange(ranges.get("idle"), Validator::idleSeconds);
        assertEquals(Arrays.stream(Protocol.values()).map(Protocol::id).collect(Collectors.joining("|")), ranges.get("proto"));
        assertEquals(Arrays.stream(LimitMode.values()).map(LimitMode::id).collect(Collectors.joining("|")), ranges.get("mode"));
        assertEquals("0|1", ranges.get("observe"));
        assertEquals("0|1", ranges.get("enabled"));

        assertEquals(Validator.MAX_LIMIT, scriptInt("MAX_LIMIT"));
        assertEquals(Validator.MAX_IDLE_SECONDS, scriptInt("MAX_IDLE"));
        assertEquals(Validator.MAX_LABEL_LENGTH, scriptInt("MAX_LABEL"));
        assertEquals("1-" + scriptInt("MAX_LIMIT"), ranges.get("max"));
        assertEquals("1-" + scriptInt("MAX_IDLE"), ranges.get("idle"));
        // What the script's check_field accepts is what its header (and so Java) says.
        for (String key : List.of("port", "max", "v4mask", "v6prefix", "idle")) {
            Matcher check = Pattern.compile("\n\\s+" + key + "\\) is_number \"\\$value\" (\\S+) (\\S+) \\|\\|").matcher(TEMPLATE);
            assertTrue(check.find(), "check_field checks " + key);
            assertEquals(ranges.get(key), resolve(check.group(1)) + "-" + resolve(check.group(2)), key);
        }
    }

    /** A number of check_field: literal, or one of the contract block's readonly values. */
    private static int resolve(String word) {
        return word.startsWith("\"$") ? scriptInt(word.substring(2, word.length() - 1)) : Integer.parseInt(word);
    }

    /** LOW-HIGH: the validator takes both ends and refuses one beyond each. */
    private static void assertRange(String range, IntConsumer validator) {
        String[] ends = range.split("-");
        int low = Integer.parseInt(ends[0]);
        int high = Integer.parseInt(ends[1]);
        validator.accept(low);
        validator.accept(high);
        assertThrows(ValidationException.class, () -> validator.accept(low - 1), range);
        assertThrows(ValidationException.class, () -> validator.accept(high + 1), range);
    }

    @Test
    void defaultsAreTheSameInJavaTheScriptAndLimitsConf() {
        assertEquals(LimitEntry.DEFAULT_MODE.id(), script("DEFAULT_MODE"));
        assertEquals(LimitEntry.DEFAULT_PROTOCOL.id(), script("DEFAULT_PROTO"));
        assertEquals(LimitEntry.DEFAULT_V4_MASK, scriptInt("DEFAULT_V4MASK"));
        assertEquals(LimitEntry.DEFAULT_V6_PREFIX, scriptInt("DEFAULT_V6PREFIX"));
        assertEquals(LimitEntry.DEFAULT_IDLE_SECONDS, scriptInt("DEFAULT_IDLE"));
        // A line with only the required keys reads as the script reads it.
        LimitEntry minimal = LimitsConf.parse("port=443 proto=tcp mode=devices max=3").get(0);
        assertEquals(scriptInt("DEFAULT_V4MASK"), minimal.v4Mask());
        assertEquals(scriptInt("DEFAULT_V6PREFIX"), minimal.v6Prefix());
        assertEquals(scriptInt("DEFAULT_IDLE"), minimal.idleSeconds());
        assertEquals(scriptInt("DEFAULT_OBSERVE") == 1, minimal.observe());
        assertEquals(scriptInt("DEFAULT_ENABLED") == 1, minimal.enabled());
    }

    @Test
    void aNewEntryFromTheCliGetsTheScriptsDefaults() throws IOException {
        CliRunner cli = new CliRunner(tmp.resolve("data")).env("VPS_PW", "pw");
        assertEquals(0, cli.run("server", "add", "vps1", "--host", "198.18.0.5", "--password-env", "VPS_PW").code());
        assertEquals(0, cli.run("limit", "set", "vps1", "8443", "--max", "3").code());
        CliRunner.Result list = cli.run("limit", "list", "vps1", "--json");
        assertEquals(0, list.code(), list::toString);
        JsonNode e = new ObjectMapper().readTree(list.out()).get(0);
        assertEquals(script("DEFAULT_MODE"), e.get("mode").asText());
        assertEquals(script("DEFAULT_PROTO"), e.get("protocol").asText());
        assertEquals(scriptInt("DEFAULT_V4MASK"), e.get("v4Mask").asInt());
        assertEquals(scriptInt("DEFAULT_V6PREFIX"), e.get("v6Prefix").asInt());
        assertEquals(scriptInt("DEFAULT_IDLE"), e.get("idleSeconds").asInt());
        assertEquals(scriptInt("DEFAULT_OBSERVE") == 1, e.get("observe").asBoolean());
        assertEquals(scriptInt("DEFAULT_ENABLED") == 1, e.get("enabled").asBoolean());
    }

    @Test
    void theScriptsAddTakesTheCliOptions() {
        // add's usage lines: from "  add PORT MAX" to the line that says what it does.
        Matcher usage = Pattern.compile("(?s)\n  add PORT MAX (.*?)add a limit").matcher(TEMPLATE);
        assertTrue(usage.find(), "usage describes add");
        Set<String> documented = options(usage.group(1));
        // The options cmd_add parses (--mask: the old name of --v4-mask, kept as an alias).
        Matcher body = Pattern.compile("(?s)\ncmd_add\\(\\) \\{\n(.*?)\n}\n").matcher(TEMPLATE);
        assertTrue(body.find(), "the template has cmd_add");
        Set<String> parsed = options(body.group(1));
        assertTrue(parsed.remove("--mask"), "the deprecated alias is still read");
        assertEquals(documented, parsed, "add's usage and its parser");

        Set<String> cli = new TreeSet<>();
        for (OptionSpec o : new CommandLine(new LimitCommand.SetLimit(null)).getCommandSpec().options()) {
            cli.add(o.longestName());
        }
        // Only on the CLI: MAX is add's second argument; --enabled changes an existing entry.
        assertTrue(cli.removeAll(Set.of("--max", "--enabled", "--help", "--version")));
        // --account (account entries on a shared port) is compared once both sides have it.
        if (!cli.contains("--account")) {
            documented.remove("--account");
        }
        assertEquals(cli, documented, "portcullis limit set and portcullis-limits add take the same options");
    }

    private static Set<String> options(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![A-Za-z0-9-])--[a-z0-9][a-z0-9-]*").matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void theDatabaseDefaultsAndChecksAreTheSame() {
        assertEquals(scriptInt("DEFAULT_V4MASK"), sqlDefault("v4_mask"));
        assertEquals(scriptInt("DEFAULT_V6PREFIX"), sqlDefault("v6_prefix"));
        assertEquals(scriptInt("DEFAULT_IDLE"), sqlDefault("idle_seconds"));
        assertTrue(SCHEMA.contains("observe      BOOLEAN     NOT NULL DEFAULT " + (scriptInt("DEFAULT_OBSERVE") == 1 ? "TRUE" : "FALSE")));
        assertTrue(SCHEMA.contains("enabled      BOOLEAN     NOT NULL DEFAULT " + (scriptInt("DEFAULT_ENABLED") == 1 ? "TRUE" : "FALSE")));
        assertTrue(SCHEMA.contains("CHECK (max_count BETWEEN 1 AND " + Validator.MAX_LIMIT + ")"));
        assertTrue(SCHEMA.contains("CHECK (idle_seconds BETWEEN 1 AND " + Validator.MAX_IDLE_SECONDS + ")"));
        assertTrue(SCHEMA.contains("CHECK (mode IN (" + Arrays.stream(LimitMode.values()).map(m -> "'" + m.id() + "'")
                .collect(Collectors.joining(", ")) + "))"));
    }

    private static int sqlDefault(String column) {
        Matcher m = Pattern.compile("(?m)^\\s*" + column + "\\s+INT\\s+NOT NULL DEFAULT (\\d+),").matcher(SCHEMA);
        assertTrue(m.find(), column);
        return Integer.parseInt(m.group(1));
    }
}
