package dev.portcullis.store;

import java.nio.file.Path;

/** Another process holds the database and did not let go within the wait time. */
public class DatabaseInUseException extends StoreException {
    private static final long serialVersionUID = 1L;

    public DatabaseInUseException(Path dataDir, Throwable cause) {
        super("the database in " + dataDir + " is in use by another Portcullis process; "
                + "close it (or wait for it to finish) and try again", cause);
    }
}
