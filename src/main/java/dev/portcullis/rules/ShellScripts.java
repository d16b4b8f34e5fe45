package dev.portcullis.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Shell text that Portcullis sends to a server lives in resource files next to the class that sends
 * it (so that shellcheck reads it like the script template), never in Java strings. Each file reads
 * its values from its positional parameters, which {@link #withArgs} sets in front of it; callers
 * load a file once into a constant. Lines whose first non-blank is '#' (comments, shellcheck
 * directives) are left out of what is sent, since sudo logs every command line it runs; so no data
 * line of a resource (in a quoted string) may start with '#'.
 */
public final class ShellScripts {

    private ShellScripts() {
    }

    /**
     * The text of resource {@code name} beside {@code owner}'s package without its comment lines;
     * a missing file is a build error.
     */
    public static String load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("shell resource " + name + " of " + owner.getName() + " is missing");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.stripLeading().startsWith("#")).map(l -> l + "\n").collect(Collectors.joining());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shell resource " + name, e);
        }
    }

    /** {@code set -- 'A' 'B' ...} and then the script: it runs with these positional parameters. */
    public static String withArgs(String script, Object... args) {
        StringBuilder s = new StringBuilder("set --");
        for (Object a : args) {
            s.append(' ').append(quote(String.valueOf(a)));
        }
        return s.append('\n').append(script).toString();
    }

    /** Single-quoted for sh and bash: the text arrives unchanged, whatever it holds. */
    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
