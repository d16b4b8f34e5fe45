package dev.portcullis.lab;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Closing what a relay holds: its listener, then every socket it opened, whatever fails. */
final class RelaySockets {

    private RelaySockets() {
    }

    static void closeAll(Closeable listener, List<? extends Closeable> sockets) {
        closeQuietly(listener);
        sockets.forEach(RelaySockets::closeQuietly);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
