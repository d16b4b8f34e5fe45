package dev.portcullis.history;

import java.time.Instant;
import java.util.Objects;

/**
 * Distinct client addresses per hour, for the chart: {@code counts[i]} belongs to the hour starting at
 * {@code start + i hours}.
 *
 * <p>What the count means: the server records for each address and day only when it was first and
 * last seen, not each moment in between. An address is counted in every hour that overlaps
 * [first seen, last seen] of one of its days. So the count is an upper bound of the addresses
 * really active in that hour: an address seen at 08:10 and again at 19:50 counts in each hour
 * from 08:00 to 19:00 of that day, although it may have been away in between. It never misses an
 * address that was seen in that hour.
 */
public record HourlyAddresses(Instant start, int[] counts) {

    public HourlyAddresses {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(counts, "counts");
    }

    public int hours() {
        return counts.length;
    }

    public Instant hour(int index) {
        return start.plusSeconds(3600L * index);
    }

    public int max() {
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HourlyAddresses h && start.equals(h.start) && java.util.Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * start.hashCode() + java.util.Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "HourlyAddresses[" + start + ", " + java.util.Arrays.toString(counts) + "]";
    }
}
