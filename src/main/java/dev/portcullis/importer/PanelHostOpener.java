package dev.portcullis.importer;

import java.io.IOException;

/** Opens a connection to a stored server for reading its panel; closing it ends the connection. */
public interface PanelHostOpener {

    /** A host that is also closed after the fetch. */
    interface Session extends PanelHost, AutoCloseable {
        @Override
        void close() throws IOException;
    }

    Session open(String server) throws IOException;
}
