package dev.portcullis.ui.live;

import dev.portcullis.conntrack.Connection;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One line of the live table. Rows are kept from one poll to the next while their connection
 * lasts (only the state changes in place), so the table keeps its selection and scroll position.
 */
public final class ConnectionRow {

    private final Key key;
    private final String client;
    private final String protocol;
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper();

    ConnectionRow(Connection c) {
        this.key = Key.of(c);
        this.client = c.src().toString();
        this.protocol = c.protocol().id();
        this.state.set(c.protocol().id().equals("udp") ? "" : c.stateName());
    }

    Key key() {
        return key;
    }

    void update(Connection c) {
        String s = c.stateName();
        if (!s.equals(state.get())) {
            state.set(s);
        }
    }

    public String client() {
        return client;
    }

    public int clientPort() {
        return key.sport();
    }

    public int port() {
        return key.dport();
    }

    public String protocol() {
        return protocol;
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** What identifies a connection across polls: the original direction's tuple. */
    record Key(String protocol, Object src, int sport, Object dst, int dport) {
        static Key of(Connection c) {
            return new Key(c.protocol().id(), c.src(), c.sport(), c.dst(), c.dport());
        }
    }
}
