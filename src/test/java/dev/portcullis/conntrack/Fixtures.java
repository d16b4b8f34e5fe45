package dev.portcullis.conntrack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the captured conntrack output under src/test/resources/conntrack. */
final class Fixtures {

    /** The addresses of the capture, see addresses.txt. */
    static final String SERVER_V4 = "198.18.224.1";
    static final String SERVER_V6 = "fd00:1179::1";
    static final String CLIENT_V4 = "198.18.224.2";
    static final String CLIENT_V6 = "fd00:1179::2";

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/conntrack/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }
}
