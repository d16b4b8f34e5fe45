package dev.portcullis.remote;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a {@link ConnectionMonitor} polls next: a pure function of what the last poll did, so the
 * schedule can be tested without clocks.
 *
 * <ul>
 *   <li>after a poll that worked: {@code interval} after it finished (polls never stack);</li>
 *   <li>after the n-th failure in a row of a kind that may pass (network, timeout, a lost
 *       session): {@code firstRetry * 2^(n-1)}, at most {@code maxRetry};</li>
 *   <li>after a failure that waiting does not fix (login refused, host key changed or untrusted,
 *       no sudo): never again; the monitor stops and reports why, no retry storm.</li>
 * </ul>
 */
public record PollPolicy(Duration interval, Duration firstRetry, Duration maxRetry) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Set<RemoteException.Reason> FATAL = EnumSet.of(RemoteException.Reason.AUTH_FAILED,
            RemoteException.Reason.HOST_KEY_CHANGED, RemoteException.Reason.HOST_KEY_UNTRUSTED,
            RemoteException.Reason.NO_SUDO);

    public PollPolicy {
        if (interval.isNegative() || interval.isZero() || firstRetry.isNegative() || firstRetry.isZero()
                || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("poll policy " + interval + ", " + firstRetry + ", " + maxRetry);
        }
    }

    /** Every 2 s; retries after 2, 4, 8, 16, 32, then every 60 s. */
    public static PollPolicy defaults() {
        return withInterval(DEFAULT_INTERVAL);
    }

    /** This interval; retries start at it (at least 1 s) and stop growing at 60 s (or the interval, if longer). */
    public static PollPolicy withInterval(Duration interval) {
        Duration first = interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval;
        Duration cap = first.compareTo(Duration.ofSeconds(60)) > 0 ? first : Duration.ofSeconds(60);
        return new PollPolicy(interval, first, cap);
    }

    /** Whether waiting cannot fix a failure of this kind. */
    public static boolean fatal(RemoteException.Reason reason) {
        return FATAL.contains(reason);
    }

    /** The delay before the next poll after one that worked. */
    public Duration afterSuccess() {
        return interval;
    }

    /**
     * The delay before the next attempt after the {@code failuresInARow}-th failure in a row, or
     * null when the monitor should stop.
     */
    public Duration afterFailure(RemoteException.Reason reason, int failuresInARow) {
        if (fatal(reason)) {
            return null;
        }
        int doublings = Math.max(0, Math.min(failuresInARow - 1, 30));
        Duration d = firstRetry;
        for (int i = 0; i < doublings && d.compareTo(maxRetry) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxRetry) > 0 ? maxRetry : d;
    }
}
