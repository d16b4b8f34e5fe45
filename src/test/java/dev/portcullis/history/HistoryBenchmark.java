package dev.portcullis.history;

import dev.portcullis.model.Protocol;
import dev.portcullis.store.AddressDayRepository;
import dev.portcullis.store.Database;
import dev.portcullis.store.HistorySettingsRepository;
import dev.portcullis.store.HistoryStore;
import dev.portcullis.ui.history.HistoryChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javafx.scene.chart.XYChart;

/**
 * The window's history page over 100,000 address-days of one server (25 days x 4,000 addresses on
 * two ports, all within the page's 30-day period) in a real H2 file database: the query of the 30 days, the aggregation (distinct
 * addresses per hour, and per address with a country and network lookup in a MaxMind-format
 * database written here) and the chart series build. Median of 7 runs after 3 warm-ups; the
 * target is under 200 ms for the three together.
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.portcullis.history.HistoryBenchmark}
 */
public final class HistoryBenchmark {

    private static final int PERIOD_DAYS = 30;
    private static final int DAYS = 25;
    private static final int ADDRESSES = 4_000;
    private static final int WARMUPS = 3;
    private static final int RUNS = 7;

    private HistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("portcullis-history-bench");
        try (Database db = Database.open(dir)) {
            long serverId = db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO servers (name, host, ssh_port, ssh_user,"
                        + " auth_kind, key_path) VALUES ('bench', '198.18.0.1', 22, 'root', 'key', '/k')",
                        new String[] {"id"})) {
                    ps.executeUpdate();
                    try (var keys = ps.getGeneratedKeys()) {
                        keys.next();
                        return keys.getLong(1);
                    }
                }
            });
            HistoryStore store = new HistoryStore(db, new AddressDayRepository(), new HistorySettingsRepository());
            Instant now = LocalDate.of(2026, 12, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
            List<AddressDay> rows = rows(now);
            long t0 = System.nanoTime();
            store.upsert(serverId, rows);
            System.out.printf(Locale.ROOT, "stored %,d address-days in %.0f ms%n", rows.size(), ms(System.nanoTime() - t0));

            Path geoFile = dir.resolve("geo.mmdb");
            MmdbWriter writer = new MmdbWriter("GeoLite2-Country");
            for (int i = 0; i < 64; i++) {
                writer.add("198.18." + (i * 4) + ".0/22", Map.of("country", Map.of("iso_code", i % 2 == 0 ? "DE" : "IR")));
            }
            writer.write(geoFile);

            Instant from = now.minusSeconds(PERIOD_DAYS * 86_400L);
            double[] query = new double[RUNS];
            double[] aggregate = new double[RUNS];
            double[] chart = new double[RUNS];
            double[] cpu = new double[RUNS];
            double[] hourlyPart = new double[RUNS];
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int run = -WARMUPS; run < RUNS; run++) {
                try (MmdbGeoLookup geo = MmdbGeoLookup.open(geoFile, null)) {
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long a = System.nanoTime();
                    List<AddressDay> days = store.find(serverId, new HistoryFilter(null, null, from));
                    long b = System.nanoTime();
                    HourlyAddresses hourly = HistoryAggregator.perHour(days, from, now);
                    long hourDone = System.nanoTime();
                    List<AddressSummary> perAddress = HistoryAggregator.byAddress(days, geo);
                    long c = System.nanoTime();
                    XYChart.Series<Number, Number> series = HistoryChart.series(hourly, "addresses");
                    long d = System.nanoTime();
                    long cpuUsed = threads.getCurrentThreadCpuTime() - cpuStart;
                    if (days.size() != rows.size() || perAddress.size() != ADDRESSES || series.getData().size() != PERIOD_DAYS * 24) {
                        throw new IllegalStateException("unexpected sizes " + days.size() + " " + perAddress.size() + " "
                                + series.getData().size());
                    }
                    if (run >= 0) {
                        query[run] = ms(b - a);
                        aggregate[run] = ms(c - b);
                        hourlyPart[run] = ms(hourDone - b);
                        chart[run] = ms(d - c);
                        cpu[run] = ms(cpuUsed);
                    }
                }
            }
            double q = median(query);
            double g = median(aggregate);
            double s = median(chart);
            System.out.printf(Locale.ROOT, "100,000 address-days, 30 days, median of %d: query %.1f ms, aggregation"
                    + " %.1f ms (of which per hour %.1f ms, the rest per address with geo), chart series %.1f ms, total %.1f ms (target < 200 ms);"
                    + " CPU time of the thread %.1f ms; load average %.1f on %d cores%n",
                    RUNS, q, g, median(hourlyPart), s, q + g + s, median(cpu),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static List<AddressDay> rows(Instant now) {
        Random random = new Random(17);
        List<AddressDay> rows = new ArrayList<>(DAYS * ADDRESSES);
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DAYS - day);
            Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
            for (int i = 0; i < ADDRESSES; i++) {
                String address = i % 5 == 0 ? "fd00:" + Integer.toHexString(i) + "::1"
                        : "198.18." + (i / 250) + "." + (i % 250 + 1);
                int first = random.nextInt(80_000);
                int last = first + random.nextInt(86_399 - first);
                rows.add(new AddressDay(date, i % 2 == 0 ? 443 : 8443, Protocol.TCP, "", address,
                        start.plusSeconds(first), start.plusSeconds(last), 1 + random.nextInt(50), random.nextInt(3)));
            }
        }
        return rows;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
