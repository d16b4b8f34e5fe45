package dev.portcullis.rules;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.model.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a server's entries into the standalone {@code portcullis-limits.sh} (see DESIGN.md, "The
 * server-side script"). Pure: no I/O besides reading the template, and the same entries give the same
 * bytes in any order. The entries go into the script only as {@link LimitsConf} text inside a quoted
 * heredoc, whose alphabet cannot contain the heredoc's end marker, so no value is ever code.
 */
public final class ScriptGenerator {

    static final String TEMPLATE = "portcullis-limits.sh.tmpl";
    private static final String CONF_MARK = "@@LIMITS_CONF@@";
    private static final String SERVER_MARK = "@@SERVER_NAME@@";

    private final String template;

    public ScriptGenerator() {
        this(readTemplate());
    }

    /**
     * From template text with any line endings: a checkout or copy made on Windows may have turned
     * the template into CRLF, but the script runs under bash on a server, so it is always LF.
     */
    ScriptGenerator(String templateText) {
        template = unixLineEndings(templateText);
        if (count(template, CONF_MARK + "\n") != 1 || count(template, SERVER_MARK) == 0) {
            throw new IllegalStateException("template must hold the limits placeholder line exactly once and the server name placeholder");
        }
    }

    private static String readTemplate() {
        try (InputStream in = ScriptGenerator.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("template " + TEMPLATE + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CRLF and lone CR become LF. */
    static String unixLineEndings(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** The script for {@code serverName} enforcing {@code entries} (any order; clashing entries are refused). */
    public String generate(String serverName, List<LimitEntry> entries) {
        return generate(serverName, ServerSettings.NONE, entries);
    }

    /** The script for {@code serverName} with its settings (access log, allowed networks) and entries. */
    public String generate(String serverName, ServerSettings settings, List<LimitEntry> entries) {
        Validator.serverName(serverName);
        String conf = LimitsConf.render(settings, entries);
        // The conf block ends with a newline; the placeholder sits on a line of its own.
        return template.replace(SERVER_MARK, serverName).replace(CONF_MARK + "\n", conf);
    }

    /** Just the limits.conf the script installs for these entries, to compare with a server's copy. */
    public String limitsConf(List<LimitEntry> entries) {
        return LimitsConf.render(entries);
    }

    /** Just the limits.conf the script installs for these settings and entries. */
    public String limitsConf(ServerSettings settings, List<LimitEntry> entries) {
        return LimitsConf.render(settings, entries);
    }

    /** Reads a server's limits.conf back into entries (drift detection). */
    public List<LimitEntry> parseLimitsConf(String text) {
        return LimitsConf.parse(text);
    }

    private static int count(String text, String mark) {
        int n = 0;
        for (int i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 1)) {
            n++;
        }
        return n;
    }
}
