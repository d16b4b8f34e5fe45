package dev.portcullis.history;

import java.io.Closeable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the geo databases on the first lookup (reading them takes a moment and memory the window
 * needs only once the history is shown). A database that cannot be read is logged once and its
 * lookups answer unknown.
 */
public final class LazyGeoLookup implements GeoLookup, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LazyGeoLookup.class);

    private final Supplier<MmdbGeoLookup> opener;
    private MmdbGeoLookup opened;
    private GeoLookup delegate;

    public LazyGeoLookup(Supplier<MmdbGeoLookup> opener) {
        this.opener = opener;
    }

    @Override
    public Origin lookup(String address) {
        return delegate().lookup(address);
    }

    private synchronized GeoLookup delegate() {
        if (delegate == null) {
            try {
                opened = opener.get();
                delegate = opened;
            } catch (RuntimeException e) {
                LOG.warn("geo databases unavailable, country and network shown as unknown: {}", e.getMessage());
                delegate = GeoLookup.NONE;
            }
        }
        return delegate;
    }

    @Override
    public synchronized void close() {
        if (opened != null) {
            opened.close();
        }
    }
}
