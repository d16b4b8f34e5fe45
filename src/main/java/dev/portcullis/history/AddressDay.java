package dev.portcullis.history;

import dev.portcullis.model.Protocol;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What one server saw of one client address on one limited port (and account) during one UTC day.
 * The server keeps these cumulatively; the newest report of a day replaces the stored one.
 *
 * @param account     the account on a shared port, or "" for a port entry
 * @param address     the client address as the server saw it (no prefix)
 * @param connections connections from that address that day
 * @param refused     attempts of that address the limit refused (or would have, in observe mode)
 */
public record AddressDay(LocalDate day, int port, Protocol protocol, String account, String address,
                         Instant firstSeen, Instant lastSeen, long connections, long refused) {

    public AddressDay {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        account = account == null ? "" : account;
        if (connections < 0 || refused < 0) {
            throw new IllegalArgumentException("negative count for " + address);
        }
    }
}
