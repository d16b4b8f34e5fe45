package dev.portcullis.ui.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * One line an admin can paste into a root shell on the server: it carries the whole script
 * (gzip + base64, so nothing has to be downloaded and no quoting can break it), writes it to a
 * private temporary file, runs {@code apply} and removes the file.
 */
public final class InstallCommand {

    private InstallCommand() {
    }

    public static String forScript(String script) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            gz.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Base64 has no quote, so single quotes are safe around it.
        String payload = Base64.getEncoder().encodeToString(packed.toByteArray());
        return "f=$(mktemp) && echo '" + payload + "' | base64 -d | gunzip > \"$f\""
                + " && sudo bash \"$f\" apply; rm -f \"$f\"";
    }
}
