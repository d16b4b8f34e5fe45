package dev.portcullis.remote;

import dev.portcullis.history.AddressDay;
import dev.portcullis.model.Server;
import dev.portcullis.store.HistoryStore;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Brings what a server recorded since the last fetch into the local history: after every sync, when
 * the window's history page is shown, before {@code portcullis history} answers, and every
 * {@link AlertWatch#HISTORY_EVERY} from the window's alert watch. The server's
 * numbers for a day are cumulative and replace the stored ones; days older than the operator keeps
 * are pruned.
 */
public final class HistoryCollector {

    private final ServerHistory remote;
    private final HistoryStore store;
    private final Clock clock;

    public HistoryCollector(ServerHistory remote, HistoryStore store, Clock clock) {
        this.remote = remote;
        this.store = store;
        this.clock = clock;
    }

    /** Fetches and stores what is new on {@code server}; returns how many address-days it reported. */
    public int collect(Server server) throws RemoteException {
        List<AddressDay> days = remote.fetch(server, store.newestLastSeen(server.id()).orElse(null));
        store.upsert(server.id(), days);
        store.prune(LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)));
        return days.size();
    }
}
