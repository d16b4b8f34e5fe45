package dev.portcullis.history;

import dev.portcullis.model.ValidationException;
import dev.portcullis.model.ValidationException.Field;
import java.time.Instant;

/**
 * Which address-days of one server to read: optionally one port, one account, and only those last
 * seen at or after {@code since}.
 *
 * @param port    a port 1-65535, or null for every port
 * @param account an account (e-mail) of 1-128 characters, "" for port entries only, or null for all
 * @param since   the earliest last-seen time, or null for the whole stored history
 */
public record HistoryFilter(Integer port, String account, Instant since) {

    public static final HistoryFilter ALL = new HistoryFilter(null, null, null);

    public HistoryFilter {
        if (port != null && (port < 1 || port > 65535)) {
            throw ValidationException.outOfRange(Field.PORT, port, 1, 65535);
        }
        if (account != null && account.length() > 128) {
            throw new ValidationException("account", account, "an account of at most 128 characters");
        }
    }
}
