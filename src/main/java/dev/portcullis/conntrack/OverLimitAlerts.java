package dev.portcullis.conntrack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, from each live poll of one server, which entries to alert about: an entry that is over its
 * limit ({@link PortSummary#overLimit()}) or whose refusals are rising ({@link PortSummary#risingRefusals()}),
 * and an account entry on a shared port whose refusals (or, observing, would-be refusals) grew since the
 * previous poll; observe entries included. At most one alert per entry per
 * {@code quiet} period, however often it is polled. Pure: the caller gives the time; one instance per
 * server and monitor.
 */
public final class OverLimitAlerts {

    public static final Duration DEFAULT_QUIET = Duration.ofMinutes(10);

    /** Why an entry is alerted about. */
    public enum Kind {
        /** More connections or devices than the limit right now (observe entries: what enforcement would refuse). */
        OVER_LIMIT,
        /** New refused (or, observe: would-be refused) attempts since the previous poll. */
        REFUSING
    }

    /**
     * One alert.
     *
     * @param current the count compared with the limit: distinct addresses for devices, connections otherwise
     *                (an account entry: its devices now)
     * @param account the account of an account entry, "" for a port entry
     */
    public record Alert(PortKey key, String label, boolean observe, Kind kind, int max, int current, long refused,
                        String account) {

        /** An alert about a port entry. */
        public Alert(PortKey key, String label, boolean observe, Kind kind, int max, int current, long refused) {
            this(key, label, observe, kind, max, current, refused, "");
        }
    }

    private final Duration quiet;
    private final Map<PortKey, Instant> lastAlert = new HashMap<>();
    private final Map<String, Instant> lastAccountAlert = new HashMap<>();
    private final Map<String, Long> accountRefusals = new HashMap<>();

    public OverLimitAlerts(Duration quiet) {
        this.quiet = Objects.requireNonNull(quiet, "quiet");
    }

    /** The alerts due for this snapshot taken at {@code now}; records them so they are not repeated within the quiet period. */
    public List<Alert> check(Snapshot snapshot, Instant now) {
        List<Alert> due = new ArrayList<>();
        for (PortSummary p : snapshot.ports()) {
            Kind kind = p.overLimit() ? Kind.OVER_LIMIT : p.risingRefusals() ? Kind.REFUSING : null;
            if (kind == null) {
                continue;
            }
            Instant last = lastAlert.get(p.key());
            if (last != null && now.isBefore(last.plus(quiet))) {
                continue;
            }
            lastAlert.put(p.key(), now);
            int current = p.countsFamiliesApart() ? p.connections() : p.addresses();
            due.add(new Alert(p.key(), p.label(), p.observe(), kind, p.max(), current, p.refused()));
        }
        for (AccountActivity a : snapshot.accounts()) {
            long refused = a.refused().stream().mapToLong(AccountRefusal::count).sum();
            String id = a.port() + "/" + a.protocol().id() + "/" + a.account();
            Long before = accountRefusals.put(id, refused);
            if (refused == 0 || (before != null && refused <= before)) {
                continue;
            }
            Instant last = lastAccountAlert.get(id);
            if (last != null && now.isBefore(last.plus(quiet))) {
                continue;
            }
            lastAccountAlert.put(id, now);
            boolean observe = a.refused().stream().allMatch(AccountRefusal::observed);
            due.add(new Alert(new PortKey(a.port(), a.protocol()), "", observe, Kind.REFUSING, 0, a.members().size(),
                    refused, a.account()));
        }
        return due;
    }
}
