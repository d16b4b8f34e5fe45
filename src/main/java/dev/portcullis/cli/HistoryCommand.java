package dev.portcullis.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.portcullis.history.AddressSummary;
import dev.portcullis.history.GeoDatabases;
import dev.portcullis.history.HistoryAggregator;
import dev.portcullis.history.HistoryFilter;
import dev.portcullis.history.MmdbGeoLookup;
import dev.portcullis.history.Since;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import dev.portcullis.remote.RemoteException;
import dev.portcullis.store.HistoryStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis history SERVER [--port P] [--account EMAIL] [--since 7d] [--json]}: who used the limited ports. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Show the client addresses a server saw on its limited ports over a period: what the server",
            "recorded since the last fetch is fetched first (unless --offline), then the stored history is read:",
            "per address first and last seen, days seen, connections, refused",
            "attempts, country and network (ASN). Country and network come from MaxMind-format databases:",
            "--geo-country/--geo-asn, else geo/country.mmdb and geo/asn.mmdb in the data directory, else the",
            "bundled country database (when the build included it); otherwise they are shown as unknown."})
final class HistoryCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "SERVER", description = "The server to look at.")
    String name;

    @Option(names = "--port", paramLabel = "P", description = "Only this port.")
    Integer port;

    @Option(names = "--account", paramLabel = "EMAIL", description = "Only this account (of a shared port).")
    String account;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "7d",
            description = "Addresses last seen since then: 7d, 24h or a UTC date 2026-11-01 (default ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--json", description = "Print {\"server\":..,\"since\":..,\"addresses\":[...]}.")
    boolean json;

    @Option(names = "--geo-country", paramLabel = "FILE", description = "A country database (.mmdb, e.g. GeoLite2-Country).")
    Path geoCountry;

    @Option(names = "--geo-asn", paramLabel = "FILE", description = "A network database (.mmdb, e.g. GeoLite2-ASN).")
    Path geoAsn;

    @Option(names = "--offline", description = "Do not fetch from the server; show what is stored.")
    boolean offline;

    @Option(names = "--keep-days", paramLabel = "N",
            description = "Keep N days of history for every server from now on (1-3650, default 365) and drop older days.")
    Integer keepDays;

    HistoryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Instant now = Instant.now();
        Instant from = Since.parse("--since", since, now);
        if (account != null && account.isEmpty()) {
            throw new ValidationException("--account", account, "an account of 1-128 characters");
        }
        HistoryFilter filter = new HistoryFilter(port, account, from);
        Server server = context.inventory().server(name);
        HistoryStore history = context.app().history();
        if (keepDays != null) {
            history.setKeepDays(keepDays);
            history.prune(LocalDate.ofInstant(now, ZoneOffset.UTC));
        }
        List<AddressSummary> rows;
        try (MmdbGeoLookup geo = GeoDatabases.open(geoCountry, geoAsn, context.app().dataDir())) {
            if (!offline) {
                fetch(server);
            }
            rows = HistoryAggregator.byAddress(history.find(server.id(), filter), geo);
        }
        print(server, from, rows);
        return Cli.OK;
    }

    /** What the server recorded since the last fetch; when it cannot be reached, the stored history still answers. */
    private void fetch(Server server) {
        try {
            context.app().historyCollector().collect(server);
        } catch (RemoteException e) {
            context.err().println("portcullis: " + server.name() + ": could not fetch the newest history ("
                    + e.oneLine() + "); showing what is stored");
        }
    }

    private void print(Server server, Instant from, List<AddressSummary> rows) {
        PrintWriter out = context.out();
        if (json) {
            out.println(JsonOutput.write(new HistoryJson(server.name(), from.toString(), port, account,
                    rows.stream().map(AddressJson::of).toList())));
            return;
        }
        out.println(server.name() + ": " + rows.size() + " address(es) seen since " + time(from)
                + (port == null ? "" : " on port " + port) + (account == null ? "" : " by account " + account));
        if (rows.isEmpty()) {
            return;
        }
        Table table = new Table("ADDRESS", "FIRST SEEN", "LAST SEEN", "DAYS", "CONNS", "REFUSED", "COUNTRY", "ASN", "NETWORK");
        for (AddressSummary r : rows) {
            table.row(r.address(), time(r.firstSeen()), time(r.lastSeen()), r.daysSeen(), r.connections(), r.refused(),
                    r.origin().countryKnown() ? r.origin().countryCode() : "-",
                    r.origin().asnKnown() ? "AS" + r.origin().asn() : "-",
                    r.origin().asName().isEmpty() ? "-" : r.origin().asName());
        }
        table.print(out);
    }

    /** UTC to the minute: 2026-11-30 08:10Z. */
    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES).toString().replace('T', ' ').replace(":00Z", "Z");
    }

    /** The JSON document; field names are a contract for scripts. {@code port}/{@code account}: null when not narrowed. */
    @JsonPropertyOrder({"server", "since", "port", "account", "addresses"})
    record HistoryJson(String server, String since, Integer port, String account, List<AddressJson> addresses) {
    }

    /** One address; {@code country}, {@code asn}, {@code asName} are null when unknown; times ISO-8601 UTC. */
    @JsonPropertyOrder({"address", "firstSeen", "lastSeen", "daysSeen", "connections", "refused", "country", "asn", "asName"})
    record AddressJson(String address, String firstSeen, String lastSeen, int daysSeen, long connections, long refused,
                       String country, Long asn, String asName) {
        static AddressJson of(AddressSummary s) {
            return new AddressJson(s.address(), s.firstSeen().toString(), s.lastSeen().toString(), s.daysSeen(),
                    s.connections(), s.refused(), s.origin().countryKnown() ? s.origin().countryCode() : null,
                    s.origin().asnKnown() ? s.origin().asn() : null,
                    s.origin().asName().isEmpty() ? null : s.origin().asName());
        }
    }
}
