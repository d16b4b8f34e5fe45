package dev.portcullis.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds and reads a server's panel database and Xray/V2Ray configs without changing anything:
 * the database folder comes from {@code XUI_DB_FOLDER} in the panel's environment (its running
 * process, its systemd unit, /etc/default/x-ui), else /etc/x-ui. A live database is copied
 * consistently with sqlite3's online backup on the server where sqlite3 exists (into a temporary
 * folder that is deleted again), else the file is downloaded together with its -wal and -shm.
 */
public final class PanelFetcher {

    public static final String DEFAULT_DB_FOLDER = "/etc/x-ui";
    public static final String DB_NAME = "x-ui.db";
    public static final List<String> CONFIG_PATHS = List.of("/usr/local/etc/xray/config.json",
            "/usr/local/x-ui/bin/config.json", "/etc/v2ray/config.json", "/usr/local/etc/v2ray/config.json");

    /** Prints the panel's environment as "source<TAB>KEY=VALUE" lines, most authoritative first. */
    static final String ENV_SCRIPT = """
            for pid in $(pgrep -x x-ui 2>/dev/null); do
              [ -r "/proc/$pid/environ" ] && tr '\\0' '\\n' < "/proc/$pid/environ" | grep '^XUI_' | sed 's/^/process\\t/'
              break
            done
            if command -v systemctl >/dev/null 2>&1; then
              systemctl show -p Environment x-ui 2>/dev/null | sed -n 's/^Environment=//p' | tr ' ' '\\n' | grep '^XUI_' | sed 's/^/unit\\t/'
            fi
            for f in /etc/systemd/system/x-ui.service /lib/systemd/system/x-ui.service /usr/lib/systemd/system/x-ui.service; do
              [ -r "$f" ] && sed -n 's/^[[:space:]]*Environment=//p' "$f" | tr -d '"' | tr ' ' '\\n' | grep '^XUI_' | sed 's/^/unit\\t/'
            done
            for f in /etc/default/x-ui /etc/sysconfig/x-ui; do
              [ -r "$f" ] && sed -n 's/^[[:space:]]*\\(export[[:space:]]*\\)\\{0,1\\}\\(XUI_[A-Z_]*=.*\\)/\\2/p' "$f" | tr -d '\\042\\047' | sed 's/^/file\\t/'
            done
            command -v sqlite3 >/dev/null 2>&1 && printf 'tool\\tsqlite3\\n'
            exit 0
            """;

    private final XuiDatabaseReader databases = new XuiDatabaseReader();
    private final XrayConfigReader configs = new XrayConfigReader();
    private final boolean useServerSqlite;

    public PanelFetcher() {
        this(true);
    }

    /** @param useServerSqlite false to always download the database files (tests of the fallback) */
    PanelFetcher(boolean useServerSqlite) {
        this.useServerSqlite = useServerSqlite;
    }

    public FetchedPanel fetch(PanelHost host) {
        Path work;
        try {
            work = Files.createTempDirectory("portcullis-import");
        } catch (IOException e) {
            throw new ImportException("cannot create a temporary folder for the import: " + e.getMessage(), e);
        }
        try {
            return fetch(host, work);
        } catch (IOException e) {
            throw new ImportException("cannot read the panel of " + host.name() + ": " + oneLine(e.getMessage()), e);
        } finally {
            deleteTree(work);
        }
    }

    private FetchedPanel fetch(PanelHost host, Path work) throws IOException {
        List<PanelInbound> inbounds = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        PanelHost.Result envResult = host.run(ENV_SCRIPT);
        Map<String, String> env = environment(envResult.stdout());
        boolean serverHasSqlite = envResult.stdout().lines().anyMatch(l -> l.equals("tool\tsqlite3"));

        String folder = env.getOrDefault("XUI_DB_FOLDER", "").trim();
        if (folder.isEmpty() || !folder.startsWith("/")) {
            folder = DEFAULT_DB_FOLDER;
        }
        String dbPath = folder.replaceAll("/+$", "") + "/" + DB_NAME;
        String dbType = env.getOrDefault("XUI_DB_TYPE", "sqlite").trim().toLowerCase(Locale.ROOT);

        List<String> existing = existingFiles(host, dbPath);
        if (dbType.startsWith("postgres")) {
            warnings.add("the panel keeps its accounts in PostgreSQL (XUI_DB_TYPE=" + env.get("XUI_DB_TYPE")
                    + "): not supported yet; only Xray/V2Ray config files were read");
        } else if (existing.contains(dbPath)) {
            Path local = work.resolve("db");
            Files.createDirectories(local);
            Path copy = copyDatabase(host, dbPath, local, serverHasSqlite && useServerSqlite, notes);
            XuiDatabaseReader.Panel panel = databases.panel(copy, dbPath);
            inbounds.addAll(panel.inbounds());
            if (panel.accessLog() != null) {
                accessLog(panel.accessLog(), warnings, notes);
            }
            sources.add(dbPath);
        } else {
            notes.add("no panel database at " + dbPath);
        }

        int n = 0;
        for (String config : CONFIG_PATHS) {
            if (!existing.contains(config)) {
                continue;
            }
            Path local = work.resolve("config-" + (n++) + ".json");
            host.download(config, local);
            String text;
            try {
                text = Files.readString(local);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new ImportException("cannot read " + config + ": not UTF-8 text");
            }
            XrayConfigReader.Config read = configs.config(text, config);
            inbounds.addAll(read.inbounds());
            accessLog(read.accessLog(), warnings, notes);
            sources.add(config);
        }
        if (sources.isEmpty() && warnings.isEmpty()) {
            throw new ImportException("found no x-ui / 3x-ui database and no Xray/V2Ray config on " + host.name()
                    + " (looked for " + dbPath + ", " + String.join(", ", CONFIG_PATHS) + ")");
        }
        return new FetchedPanel(inbounds, sources, warnings, notes);
    }

    /** Account limits on shared ports follow the access log: the review says whether it is on. */
    private static void accessLog(AccessLog log, List<String> warnings, List<String> notes) {
        (log.state() == AccessLog.State.FILE ? notes : warnings).add(log.describe());
    }

    /** Which of the database (with -wal, -shm) and config paths exist on the server. */
    private static List<String> existingFiles(PanelHost host, String dbPath) throws IOException {
        List<String> candidates = new ArrayList<>(List.of(dbPath, dbPath + "-wal", dbPath + "-shm"));
        candidates.addAll(CONFIG_PATHS);
        StringBuilder script = new StringBuilder("for f in");
        for (String c : candidates) {
            script.append(' ').append(quote(c));
        }
        script.append("; do [ -f \"$f\" ] && printf '%s\\n' \"$f\"; done; exit 0");
        PanelHost.Result r = host.run(script.toString());
        return r.stdout().lines().filter(candidates::contains).toList();
    }

    private static Path copyDatabase(PanelHost host, String dbPath, Path local, boolean backupOnServer,
                                     List<String> notes) throws IOException {
        Path copy = local.resolve(DB_NAME);
        if (backupOnServer) {
            // A failed backup (a damaged database) removes its folder itself: no path comes back to delete.
            PanelHost.Result made = host.run("umask 077; d=$(mktemp -d /tmp/portcullis-import.XXXXXXXX) || exit 1; "
                    + "if sqlite3 -readonly " + quote(dbPath) + " \".backup '$d/x-ui.db'\" >&2; "
                    + "then printf '%s\\n' \"$d\"; else rm -rf -- \"$d\"; exit 1; fi");
            String tmp = made.stdout().trim();
            try {
                if (!made.ok() || !tmp.startsWith("/tmp/portcullis-import.")) {
                    throw new ImportException("cannot read x-ui database " + dbPath + " on " + host.name()
                            + ": sqlite3 could not copy it (" + oneLine(made.stderr()) + ")");
                }
                host.download(tmp + "/" + DB_NAME, copy);
                notes.add("copied " + dbPath + " with sqlite3's online backup");
            } finally {
                if (tmp.startsWith("/tmp/portcullis-import.") && !tmp.contains("'")) {
                    host.run("rm -rf -- " + quote(tmp));
                }
            }
            return copy;
        }
        List<String> present = existingFiles(host, dbPath);
        // The WAL first: a checkpoint between the two copies then loses nothing the main file lacks.
        for (String suffix : List.of("-wal", "-shm", "")) {
            if (present.contains(dbPath + suffix)) {
                host.download(dbPath + suffix, local.resolve(DB_NAME + suffix));
            }
        }
        notes.add("downloaded " + dbPath + (present.contains(dbPath + "-wal") ? " with its -wal and -shm" : "")
                + " (no sqlite3 on the server)");
        return copy;
    }

    /** KEY=VALUE per line with a source tag; the first source that names a key wins. */
    static Map<String, String> environment(String output) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int tab = line.indexOf('\t');
            int eq = line.indexOf('=');
            if (tab < 0 || eq < tab) {
                continue;
            }
            String key = line.substring(tab + 1, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (key.matches("XUI_[A-Z_]+")) {
                env.putIfAbsent(key, value);
            }
        }
        return env;
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary copy is not worth failing an import for.
        }
    }
}
