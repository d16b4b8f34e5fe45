package dev.portcullis.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pure views of address-days over a period: per address, and distinct addresses per hour. */
public final class HistoryAggregator {

    private HistoryAggregator() {
    }

    /**
     * One summary per address of {@code days} (every port, protocol and account given counted
     * together), by last seen, newest first; each address looked up once.
     */
    public static List<AddressSummary> byAddress(List<AddressDay> days, GeoLookup geo) {
        Map<String, Acc> byAddress = new HashMap<>();
        for (AddressDay d : days) {
            byAddress.computeIfAbsent(d.address(), a -> new Acc()).add(d);
        }
        List<AddressSummary> out = new ArrayList<>(byAddress.size());
        for (Map.Entry<String, Acc> e : byAddress.entrySet()) {
            Acc a = e.getValue();
            out.add(new AddressSummary(e.getKey(), a.first, a.last, a.distinctDays(), a.connections, a.refused,
                    geo.lookup(e.getKey())));
        }
        out.sort(Comparator.comparing(AddressSummary::lastSeen).reversed().thenComparing(AddressSummary::address));
        return out;
    }

    /**
     * Distinct addresses per hour from {@code from} (rounded down to the hour) to {@code to}
     * (exclusive, rounded up), as defined in {@link HourlyAddresses}.
     */
    public static HourlyAddresses perHour(List<AddressDay> days, Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.HOURS);
        long startSecond = start.getEpochSecond();
        int hours = (int) Math.max(0, (to.getEpochSecond() - startSecond + 3599) / 3600);
        Map<String, BitSet> seen = new HashMap<>();
        for (AddressDay d : days) {
            long firstHour = Math.floorDiv(d.firstSeen().getEpochSecond() - startSecond, 3600);
            long lastHour = Math.floorDiv(d.lastSeen().getEpochSecond() - startSecond, 3600);
            if (lastHour < 0 || firstHour >= hours) {
                continue;
            }
            int a = (int) Math.max(0, firstHour);
            int b = (int) Math.min(hours - 1, lastHour);
            seen.computeIfAbsent(d.address(), k -> new BitSet(hours)).set(a, b + 1);
        }
        int[] counts = new int[hours];
        for (BitSet bits : seen.values()) {
            for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
                counts[i]++;
            }
        }
        return new HourlyAddresses(start, counts);
    }

    private static final class Acc {
        Instant first;
        Instant last;
        /** Epoch days seen, consecutive repeats left out (rows usually come by day). */
        long[] days = new long[4];
        int dayCount;
        long connections;
        long refused;

        void add(AddressDay d) {
            first = first == null || d.firstSeen().isBefore(first) ? d.firstSeen() : first;
            last = last == null || d.lastSeen().isAfter(last) ? d.lastSeen() : last;
            long day = d.day().toEpochDay();
            if (dayCount == 0 || days[dayCount - 1] != day) {
                if (dayCount == days.length) {
                    days = Arrays.copyOf(days, dayCount * 2);
                }
                days[dayCount++] = day;
            }
            connections += d.connections();
            refused += d.refused();
        }

        int distinctDays() {
            long[] sorted = Arrays.copyOf(days, dayCount);
            Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    distinct++;
                }
            }
            return distinct;
        }
    }
}
