package dev.portcullis.importer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the importer needs from a server: run a command as root (through sudo where the login is
 * not root) and copy a file down. The SSH layer implements it over one session; tests implement it
 * over a lab server. Nothing the importer runs through it changes the server, apart from a
 * temporary copy under /tmp that it deletes again.
 */
public interface PanelHost {

    /** The outcome of a command. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs a {@code sh} command line with root rights and returns when it ends. */
    Result run(String command) throws IOException;

    /**
     * Copies a regular file of the server to a local path, reading it with root rights; fails,
     * copying nothing, when it is larger than {@code maxBytes}.
     */
    void download(String remotePath, Path local, long maxBytes) throws IOException;

    /** For messages: the server's name. */
    String name();
}
