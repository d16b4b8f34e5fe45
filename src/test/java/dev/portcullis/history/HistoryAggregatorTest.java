package dev.portcullis.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.model.Protocol;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryAggregatorTest {

    private static final LocalDate D1 = LocalDate.of(2026, 11, 30);
    private static final LocalDate D2 = D1.plusDays(1);

    static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    static AddressDay row(LocalDate day, int port, String address, Instant first, Instant last, long conns, long refused) {
        return new AddressDay(day, port, Protocol.TCP, "", address, first, last, conns, refused);
    }

    @Test
    void perAddressAcrossDaysAndPorts() {
        List<AddressDay> days = List.of(
                row(D1, 443, "198.18.0.2", at(D1, 8, 10), at(D1, 9, 0), 5, 1),
                row(D2, 443, "198.18.0.2", at(D2, 7, 0), at(D2, 23, 0), 3, 0),
                row(D2, 8443, "198.18.0.2", at(D2, 6, 0), at(D2, 6, 30), 2, 4),
                row(D1, 443, "fd00::5", at(D1, 12, 0), at(D1, 12, 0), 1, 0));
        GeoLookup geo = a -> a.startsWith("198.") ? new Origin("DE", 64500, "Example") : Origin.UNKNOWN;
        List<AddressSummary> out = HistoryAggregator.byAddress(days, geo);
        assertEquals(List.of(
                new AddressSummary("198.18.0.2", at(D1, 8, 10), at(D2, 23, 0), 2, 10, 5, new Origin("DE", 64500, "Example")),
                new AddressSummary("fd00::5", at(D1, 12, 0), at(D1, 12, 0), 1, 1, 0, Origin.UNKNOWN)), out,
                "first and last seen over all rows, distinct days, summed counts, newest last seen first");
    }

    @Test
    void daysSeenCountsDistinctDaysWhateverTheOrderOfTheRows() {
        List<AddressDay> days = List.of(
                row(D2, 443, "198.18.0.2", at(D2, 1, 0), at(D2, 2, 0), 1, 0),
                row(D1, 443, "198.18.0.2", at(D1, 1, 0), at(D1, 2, 0), 1, 0),
                row(D2, 8443, "198.18.0.2", at(D2, 3, 0), at(D2, 4, 0), 1, 0),
                row(D1, 8443, "198.18.0.2", at(D1, 3, 0), at(D1, 4, 0), 1, 0));
        AddressSummary s = HistoryAggregator.byAddress(days, GeoLookup.NONE).get(0);
        assertEquals(2, s.daysSeen());
        assertEquals(at(D1, 1, 0), s.firstSeen());
        assertEquals(at(D2, 4, 0), s.lastSeen());
    }

    @Test
    void anAddressCountsOnceInEachHourItsFirstToLastSeenOverlaps() {
        List<AddressDay> days = List.of(
                row(D1, 443, "198.18.0.2", at(D1, 1, 10), at(D1, 3, 0), 1, 0),   // hours 1, 2, 3
                row(D1, 8443, "198.18.0.2", at(D1, 2, 0), at(D1, 2, 59), 1, 0),  // same address, same hours: once
                row(D1, 443, "198.18.0.3", at(D1, 3, 59), at(D1, 3, 59), 1, 0),  // hour 3
                row(D1, 443, "198.18.0.4", at(D1, 0, 0), at(D1, 23, 0), 1, 0));  // from before the window to after
        HourlyAddresses h = HistoryAggregator.perHour(days, at(D1, 1, 30), at(D1, 5, 0));
        assertEquals(at(D1, 1, 0), h.start(), "the window starts on the hour");
        assertArrayEquals(new int[] {2, 2, 3, 1}, h.counts(), "hours 01, 02, 03, 04");
        assertEquals(3, h.max());
    }

    @Test
    void rowsOutsideTheWindowCountNowhere() {
        List<AddressDay> days = List.of(row(D1, 443, "198.18.0.2", at(D1, 0, 0), at(D1, 0, 30), 1, 0),
                row(D2, 443, "198.18.0.2", at(D2, 10, 0), at(D2, 11, 0), 1, 0));
        assertArrayEquals(new int[] {0, 0}, HistoryAggregator.perHour(days, at(D1, 5, 0), at(D1, 7, 0)).counts());
        assertEquals(0, HistoryAggregator.perHour(days, at(D1, 5, 0), at(D1, 5, 0)).hours());
    }
}
