package dev.portcullis.store;

import dev.portcullis.history.AddressDay;
import dev.portcullis.history.HistoryFilter;
import dev.portcullis.model.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address history fetched from the servers: what each server saw of each client address per
 * day. Every call is one transaction. Rows older than the kept number of days are pruned.
 */
public final class HistoryStore {

    public static final int DEFAULT_KEEP_DAYS = 365;
    public static final int MAX_KEEP_DAYS = 3650;

    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

    private final Database db;
    private final AddressDayRepository days;
    private final HistorySettingsRepository settings;

    public HistoryStore(Database db, AddressDayRepository days, HistorySettingsRepository settings) {
        this.db = db;
        this.days = days;
        this.settings = settings;
    }

    /**
     * Stores what the server reported: each row replaces the stored row of the same day, port,
     * protocol, account and address. All rows or none.
     */
    public void upsert(long serverId, List<AddressDay> reported) {
        db.transaction(c -> {
            days.upsert(c, serverId, reported);
            return null;
        });
        LOG.debug("stored {} address-day(s) of server {}", reported.size(), serverId);
    }

    public List<AddressDay> find(long serverId, HistoryFilter filter) {
        return db.transaction(c -> days.find(c, serverId, filter));
    }

    /** The accounts (of shared ports) with stored history on the server. */
    public List<String> accounts(long serverId) {
        return db.transaction(c -> days.accounts(c, serverId));
    }

    /** The newest last-seen time stored for the server: what to ask the server for next ({@code history --since}). */
    public Optional<Instant> newestLastSeen(long serverId) {
        return db.transaction(c -> days.newestLastSeen(c, serverId));
    }

    public int keepDays() {
        return db.transaction(settings::keepDays);
    }

    /** Sets how many days are kept (1-3650); rows older than that go at the next {@link #prune}. */
    public void setKeepDays(int keepDays) {
        if (keepDays < 1 || keepDays > MAX_KEEP_DAYS) {
            throw ValidationException.outOfRange(ValidationException.Field.OTHER, keepDays, 1, MAX_KEEP_DAYS, " days");
        }
        db.transaction(c -> {
            settings.setKeepDays(c, keepDays);
            return null;
        });
    }

    /** Deletes the days before the kept period that ends with {@code today} (UTC); returns how many rows went. */
    public int prune(LocalDate today) {
        int removed = db.transaction(c -> days.deleteBefore(c, today.minusDays(settings.keepDays(c) - 1L)));
        if (removed > 0) {
            LOG.info("pruned {} address-day(s) older than the kept period", removed);
        }
        return removed;
    }
}
