package dev.portcullis.ui;

import dev.portcullis.AppContext;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Network;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import dev.portcullis.store.ServerSecrets;
import java.nio.file.Path;

/**
 * Fills a data directory through the real store, for screenshots and load measurements.
 * Addresses are from the documentation/benchmark ranges only (198.18.0.0/15).
 */
final class DemoData {

    static final String PASSWORD = WindowFixture.PASSWORD;
    private static final String[] CITIES = {"fra", "ams", "sgp", "hel", "waw", "ist", "tyo", "lon", "nyc", "par"};
    private static final String[] ACCOUNTS = {"ali", "sara", "reza", "mina", "li-wei", "omid", "neda", "chen", "amir", "yasmin"};

    private DemoData() {
    }

    /** {@code servers} servers with {@code limitsPerServer} entries each; the master password is {@link #PASSWORD}. */
    static void populate(Path dataDir, int servers, int limitsPerServer) {
        try (AppContext ctx = AppContext.open(dataDir, creating -> PASSWORD.toCharArray())) {
            ctx.vault().unlock();
            for (int i = 0; i < servers; i++) {
                String name = CITIES[i % CITIES.length] + "-" + (i / CITIES.length + 1);
                boolean byKey = i % 3 != 2;
                Server s = new Server(Server.NEW, name, "198.18." + (i / 250) + "." + (i % 250 + 2), 22,
                        i % 4 == 3 ? "admin" : "root", byKey ? AuthKind.KEY_FILE : AuthKind.PASSWORD,
                        byKey ? "/home/op/.ssh/id_ed25519" : null, i % 4 == 3);
                Server stored = ctx.inventory().addServer(s, byKey ? ServerSecrets.NONE
                        : new ServerSecrets("demo-password".toCharArray(), null));
                // Most servers were synced before (the list shows it after a start), one failed, a few never.
                if (i % 4 != 3) {
                    ctx.inventory().recordSync(stored, i % 5 == 4 ? "failed" : "ok");
                }
                for (int j = 0; j < limitsPerServer; j++) {
                    LimitMode mode = LimitMode.values()[(i + j) % 3];
                    LimitEntry e = new LimitEntry(20000 + j * 7 + 443 % (j + 1), j % 5 == 4 ? Protocol.BOTH : Protocol.TCP,
                            mode, mode == LimitMode.DEVICES ? 2 + j % 4 : 10 + (j * 13) % 90,
                            32, 64, ACCOUNTS[j % ACCOUNTS.length], j % 6 == 5, j % 9 != 8, 120);
                    ctx.inventory().setLimit(name, e);
                }
            }
        }
    }

    /**
     * Gives the first server (by name, the one a start shows first) a shared port: two accounts on
     * 443 held to their devices, one only observed, and a carrier's network that is never counted.
     */
    static void shareAPort(Path dataDir) {
        try (AppContext ctx = AppContext.open(dataDir, creating -> PASSWORD.toCharArray())) {
            ctx.vault().unlock();
            String first = ctx.inventory().servers().get(0).name();
            ctx.inventory().setLimit(first, LimitEntry.ofAccount(443, "ali@example.net", 2).withLabel("ali"));
            ctx.inventory().setLimit(first, LimitEntry.ofAccount(443, "sara@example.net", 3).withLabel("sara"));
            ctx.inventory().setLimit(first, LimitEntry.ofAccount(443, "reza@example.net", 1).withObserve(true));
            ctx.inventory().allow(first, Network.parse("198.19.128.0/20"));
        }
    }

    /**
     * A week of address history on the first server's port 443: a few steady devices of each account,
     * and one account seen from many places (what the History page is for).
     */
    static void history(Path dataDir, java.time.Instant now) {
        try (AppContext ctx = AppContext.open(dataDir, creating -> PASSWORD.toCharArray())) {
            ctx.vault().unlock();
            Server first = ctx.inventory().servers().get(0);
            java.util.List<dev.portcullis.history.AddressDay> days = new java.util.ArrayList<>();
            java.util.Random random = new java.util.Random(7);
            for (int day = 6; day >= 0; day--) {
                java.time.Instant start = now.minus(java.time.Duration.ofDays(day)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
                java.time.LocalDate date = java.time.LocalDate.ofInstant(start, java.time.ZoneOffset.UTC);
                int addresses = 4 + random.nextInt(3) + (day < 2 ? 9 : 0);
                for (int a = 0; a < addresses; a++) {
                    java.time.Instant firstSeen = start.plusSeconds(3600L * random.nextInt(12) + random.nextInt(3600));
                    java.time.Instant lastSeen = firstSeen.plusSeconds(600L + 3600L * random.nextInt(10));
                    if (lastSeen.isAfter(now)) {
                        lastSeen = now;
                    }
                    if (firstSeen.isAfter(lastSeen)) {
                        firstSeen = lastSeen;
                    }
                    String account = a < 4 ? "ali@example.net" : "sara@example.net";
                    String address = "198.18." + (a + 1) + "." + (10 + a);
                    days.add(new dev.portcullis.history.AddressDay(date, 443, Protocol.TCP, account, address,
                            firstSeen, lastSeen, 5 + random.nextInt(90), a >= 8 ? 1 + random.nextInt(6) : 0));
                }
            }
            ctx.history().upsert(first.id(), days);
        }
    }
}
