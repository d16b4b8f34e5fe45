package dev.portcullis.importer;

/**
 * Opens a connection to a stored server for reading its panel; closing it ends the connection. A
 * server that cannot be reached fails with an {@link ImportException} of kind
 * {@link ImportException.Kind#UNREACHABLE}.
 */
public interface PanelHostOpener {

    /** A host that is also closed after the fetch. */
    interface Session extends PanelHost, AutoCloseable {
        @Override
        void close();
    }

    Session open(String server);
}
