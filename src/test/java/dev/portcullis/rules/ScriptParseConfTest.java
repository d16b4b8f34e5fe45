package dev.portcullis.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The script's parse_conf (one awk pass) against the limits.conf contract with accounts and
 * settings: what it fills (E_* arrays, ACCESS_LOG_ENC, ALLOW_NETS), what it refuses (exit 2, one
 * line naming the line and the value), and that render_conf writes the canonical order back.
 * Runs the template's functions in bash (no root, nothing installed).
 */
class ScriptParseConfTest {

    private static final String HEADER = "# Portcullis limits\n";

    /** Runs the template's functions, then {@code body}, with {@code conf} in file $CONF_TEXT. */
    private static String[] bash(Path dir, String conf, String body) throws IOException, InterruptedException {
        assumeTrue(new java.io.File("/bin/bash").canExecute(), "needs bash");
        String template;
        try (var in = ScriptGenerator.class.getResourceAsStream("portcullis-limits.sh.tmpl")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String functions = template.substring(0, template.lastIndexOf("main \"$@\""));
        Path script = dir.resolve("t.sh");
        Path confFile = dir.resolve("limits.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);
        Files.writeString(script, functions + "\nCONF_TEXT=" + ShellScripts.quote(confFile.toString()) + "\n" + body + "\n",
                StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("bash", script.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out, err};
    }

    @Test
    void accountEntriesAndSettingLinesFillTheContractsVariables(@TempDir Path dir) throws Exception {
        String conf = HEADER
                + "access-log=%2Fvar%2Flog%2Fxray%2Faccess.log\n"
                + "allow=100.64.0.0/10\n"
                + "allow=fd00:18::/32\n"
                + "port=8443 proto=tcp mode=devices max=2 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label= account=b%40x.org\n"
                + "port=8443 proto=tcp mode=connections max=9 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label=shared\n"
                + "port=8443 proto=both mode=devices max=3 v4mask=24 v6prefix=56 observe=1 enabled=0 idle=60 label=a account=a%20b%40x.org\n";
        String[] r = bash(dir, conf, """
                parse_conf limits.conf <"$CONF_TEXT"
                printf '%s|' "${#E_PORT[@]}" "${E_ACCT[@]}"; echo
                printf '%s|' "${E_MODE[@]}" "${E_MAX[@]}" "${E_V4[@]}" "${E_V6[@]}" "${E_OBS[@]}" "${E_EN[@]}" "${E_IDLE[@]}" "${E_LABEL[@]}"; echo
                echo "$ACCESS_LOG_ENC"; printf '%s|' "${ALLOW_NETS[@]}"; echo
                render_conf""");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].split("\n");
        assertEquals("3|b%40x.org||a%20b%40x.org|", lines[0], "E_ACCT: the encoded account, '' for a port entry");
        assertEquals("devices|connections|devices|2|9|3|32|32|24|64|64|56|0|0|1|1|1|0|120|120|60||shared|a|", lines[1]);
        assertEquals("%2Fvar%2Flog%2Fxray%2Faccess.log", lines[2]);
        assertEquals("100.64.0.0/10|fd00:18::/32|", lines[3]);
        // Canonical: header, access-log, allow lines as read, entries by port, proto, account bytes.
        assertEquals(List.of("access-log=%2Fvar%2Flog%2Fxray%2Faccess.log", "allow=100.64.0.0/10", "allow=fd00:18::/32",
                "port=8443 proto=tcp mode=connections max=9 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label=shared",
                "port=8443 proto=tcp mode=devices max=2 v4mask=32 v6prefix=64 observe=0 enabled=1 idle=120 label= account=b%40x.org",
                "port=8443 proto=both mode=devices max=3 v4mask=24 v6prefix=56 observe=1 enabled=0 idle=60 label=a account=a%20b%40x.org"),
                List.of(lines).subList(lines.length - 6, lines.length));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "port=80 proto=tcp mode=connections max=3 account=a%40b; line 2: account entries need mode=devices, not connections",
        "port=80 proto=tcp mode=devices max=3 account=; line 2: invalid account '': percent-encoded printable UTF-8 of 1-128 characters",
        "port=80 proto=tcp mode=devices max=3 account=a%0Ab; line 2: invalid account 'a%0Ab'",
        "port=80 proto=tcp mode=devices max=3 account=%ED%A0%80; line 2: invalid account '%ED%A0%80'",
        "port=80 proto=tcp mode=devices max=3 account=a@b; line 2: invalid account 'a@b'",
        "allow=10.0.0.0/33; line 2: invalid allow '10.0.0.0/33'",
        "allow=10.0.0.256/8; line 2: invalid allow '10.0.0.256/8'",
        "allow=FD00::/8; line 2: invalid allow 'FD00::/8'",
        "allow=fd00::1::2/64; line 2: invalid allow 'fd00::1::2/64'",
        "allow=10.0.0.0/8 port=80; line 2: allow must be alone on its line",
        "access-log=var%2Flog; line 2: invalid access-log 'var%2Flog': percent-encoded absolute path of at most 1024 characters",
        "access-log=%2Fa%09b; line 2: invalid access-log '%2Fa%09b'",
        "port=80 proto=tcp mode=connections max=3 label=$(reboot); line 2: invalid label '$(reboot)'",
        "port=80 proto=tcp mode=connections; line 2: max is missing",
        "port=80 proto=tcp mode=connections max=3 max=4; line 2: max given twice",
        "port=080 proto=tcp mode=connections max=3; line 2: invalid port '080': 1-65535",
        "port=80 proto=tcp mode=connections max=3 x; line 2: 'x' is not key=value",
    })
    void refusesBadLinesWithOneLineNamingTheValue(String line, String message, @TempDir Path dir) throws Exception {
        String[] r = bash(dir, HEADER + line + "\n", "parse_conf limits.conf <\"$CONF_TEXT\"; echo parsed");
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].startsWith("portcullis-limits: limits.conf " + message), r[2]);
    }

    @Test
    void clashesAreByPortProtocolAndAccount(@TempDir Path dir) throws Exception {
        String ok = HEADER
                + "port=80 proto=tcp mode=connections max=3\n"
                + "port=80 proto=both mode=devices max=3 account=a\n"
                + "port=80 proto=both mode=devices max=3 account=b\n";
        assertEquals("0", bash(dir, ok, "parse_conf limits.conf <\"$CONF_TEXT\"")[0], "a port entry and account entries never clash");
        String[] r = bash(dir, ok + "port=80 proto=udp mode=devices max=1 account=a\n", "parse_conf limits.conf <\"$CONF_TEXT\"");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("limits.conf line 5: port 80/udp of account 'a' is already limited by an earlier line"), r[2]);
        r = bash(dir, ok + "port=80 proto=both mode=connections max=1\n", "parse_conf limits.conf <\"$CONF_TEXT\"");
        assertTrue(r[2].contains("limits.conf line 5: port 80/both is already limited by an earlier line"), r[2]);
        r = bash(dir, HEADER + "access-log=%2Fa\naccess-log=%2Fb\n", "parse_conf limits.conf <\"$CONF_TEXT\"");
        assertTrue(r[2].contains("limits.conf line 3: access-log given twice"), r[2]);
    }
}
