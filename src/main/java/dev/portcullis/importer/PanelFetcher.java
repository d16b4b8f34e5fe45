package dev.portcullis.importer;

import dev.portcullis.importer.ImportException.Kind;
import dev.portcullis.rules.ShellScripts;
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
 * process, its systemd unit, /etc/default/x-ui), else /etc/x-ui. Only root decides where: a panel
 * process counts only when it runs as root, a unit or settings file and every file read only when
 * it and each folder above it belong to root and are not writable by group or others (anything
 * else is skipped with a warning), so another user of the server cannot steer the import. A live
 * database is copied consistently with sqlite3's online backup on the server where sqlite3 exists
 * (into a temporary folder that is deleted again), else the file is downloaded together with its
 * -wal and -shm. Every download is bounded ({@link #MAX_DB_BYTES}, {@link XrayConfigReader#MAX_BYTES}).
 */
public final class PanelFetcher {

    public static final String DEFAULT_DB_FOLDER = "/etc/x-ui";
    public static final String DB_NAME = "x-ui.db";
    public static final List<String> CONFIG_PATHS = List.of("/usr/local/etc/xray/config.json",
            "/usr/local/x-ui/bin/config.json", "/etc/v2ray/config.json", "/usr/local/etc/v2ray/config.json");

    /** The largest panel database (and -wal) that is copied. */
    public static final long MAX_DB_BYTES = 128L << 20;

    /**
     * A shell function: succeeds when the path, resolved, and every folder above it belong to root
     * and are writable by nobody else, so only root can have chosen what it holds.
     */
    static final String ROOT_OWNED_FUNCTION = ShellScripts.load(PanelFetcher.class, "root-owned.sh");

    /**
     * Prints the panel's environment as "source<TAB>KEY=VALUE" lines, most authoritative first,
     * from root's panel process and root-owned files only. Sources: {@code process:PID},
     * {@code unit:x-ui} (systemd's view), {@code unit:PATH} and {@code file:PATH}.
     */
    static final String ENV_SCRIPT = ROOT_OWNED_FUNCTION + ShellScripts.load(PanelFetcher.class, "panel-env.sh");

    /** Arguments PATH...: which of them are regular files, and whether each is root-owned. */
    private static final String FILES_SCRIPT = ROOT_OWNED_FUNCTION + ShellScripts.load(PanelFetcher.class, "panel-files.sh");

    /** Argument DATABASE: copied with sqlite3's online backup into a new folder under /tmp, which it prints. */
    private static final String BACKUP_SCRIPT = ShellScripts.load(PanelFetcher.class, "panel-backup.sh");

    /** A value of the panel's environment and where it was found (a source tag of {@link #ENV_SCRIPT}). */
    record Setting(String value, String source) {
        /** For the review: where the value came from. */
        String origin() {
            if (source.startsWith("process:")) {
                return "the x-ui process of root (pid " + source.substring("process:".length()) + ")";
            }
            if (source.equals("unit:x-ui")) {
                return "the x-ui unit";
            }
            if (source.startsWith("unit:")) {
                return "the unit file " + source.substring("unit:".length());
            }
            return source.startsWith("file:") ? source.substring("file:".length()) : source;
        }
    }

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
            throw new ImportException(Kind.LOCAL, "cannot create a temporary folder for the import: " + e.getMessage(), e);
        }
        try {
            return fetch(host, work);
        } catch (IOException e) {
            throw new ImportException(Kind.UNREACHABLE, "cannot read the panel of " + host.name() + ": " + oneLine(e.getMessage()), e);
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
        Map<String, Setting> env = environment(envResult.stdout());
        boolean serverHasSqlite = envResult.stdout().lines().anyMatch(l -> l.equals("tool\tsqlite3"));

        Setting folderSetting = env.get("XUI_DB_FOLDER");
        String folder = folderSetting == null ? "" : folderSetting.value().trim();
        String origin = folderSetting == null ? "the default folder" : "from " + folderSetting.origin();
        if (folder.isEmpty() || !folder.startsWith("/")) {
            folder = DEFAULT_DB_FOLDER;
            origin = "the default folder";
        }
        String dbPath = folder.replaceAll("/+$", "") + "/" + DB_NAME;
        Setting typeSetting = env.get("XUI_DB_TYPE");
        String dbType = typeSetting == null ? "sqlite" : typeSetting.value().trim().toLowerCase(Locale.ROOT);

        Map<String, Boolean> existing = existingFiles(host, dbPath);
        if (dbType.startsWith("postgres")) {
            warnings.add("the panel keeps its accounts in PostgreSQL (XUI_DB_TYPE=" + typeSetting.value()
                    + "): not supported yet; only Xray/V2Ray config files were read");
        } else if (Boolean.FALSE.equals(existing.get(dbPath))) {
            warnings.add(notRootOwned(dbPath, origin));
        } else if (existing.containsKey(dbPath)) {
            Path local = work.resolve("db");
            Files.createDirectories(local);
            Path copy = copyDatabase(host, dbPath, local, serverHasSqlite && useServerSqlite, notes);
            XuiDatabaseReader.Panel panel = databases.panel(copy, dbPath);
            inbounds.addAll(panel.inbounds());
            if (panel.accessLog() != null) {
                accessLog(panel.accessLog(), warnings, notes);
            }
            sources.add(dbPath);
            notes.add("read " + dbPath + " (root-owned, " + origin + ")");
        } else {
            notes.add("no panel database at " + dbPath + " (" + origin + ")");
        }

        int n = 0;
        for (String config : CONFIG_PATHS) {
            if (!existing.containsKey(config)) {
                continue;
            }
            if (!existing.get(config)) {
                warnings.add(notRootOwned(config, "a usual config path"));
                continue;
            }
            Path local = work.resolve("config-" + (n++) + ".json");
            host.download(config, local, XrayConfigReader.MAX_BYTES);
            String text;
            try {
                text = Files.readString(local);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new ImportException(Kind.UNREADABLE, "cannot read " + config + ": not UTF-8 text");
            }
            XrayConfigReader.Config read = configs.config(text, config);
            inbounds.addAll(read.inbounds());
            accessLog(read.accessLog(), warnings, notes);
            sources.add(config);
        }
        if (sources.isEmpty() && warnings.isEmpty()) {
            throw new ImportException(Kind.NOTHING_FOUND, "found no x-ui / 3x-ui database and no Xray/V2Ray config on " + host.name()
                    + " (looked for " + dbPath + ", " + String.join(", ", CONFIG_PATHS) + ")");
        }
        return new FetchedPanel(inbounds, sources, warnings, notes);
    }

    /** Account limits on shared ports follow the access log: the review says whether it is on. */
    private static void accessLog(AccessLog log, List<String> warnings, List<String> notes) {
        (log.state() == AccessLog.State.FILE ? notes : warnings).add(log.describe());
    }

    private static String notRootOwned(String path, String origin) {
        return "not read " + path + " (" + origin + "): it or a folder above it is not owned by root, or is writable"
                + " by others, so another user could have chosen its content";
    }

    /**
     * Which of the database (with -wal, -shm) and config paths exist on the server as regular
     * files, each mapped to whether it is root-owned (see {@link #ROOT_OWNED_FUNCTION}).
     */
    private static Map<String, Boolean> existingFiles(PanelHost host, String dbPath) throws IOException {
        List<String> candidates = new ArrayList<>(List.of(dbPath, dbPath + "-wal", dbPath + "-shm"));
        candidates.addAll(CONFIG_PATHS);
        PanelHost.Result r = host.run(ShellScripts.withArgs(FILES_SCRIPT, candidates.toArray()));
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0 && candidates.contains(line.substring(tab + 1))) {
                out.put(line.substring(tab + 1), line.substring(0, tab).equals("root"));
            }
        }
        return out;
    }

    private static Path copyDatabase(PanelHost host, String dbPath, Path local, boolean backupOnServer,
                                     List<String> notes) throws IOException {
        Path copy = local.resolve(DB_NAME);
        if (backupOnServer) {
            // A failed backup (a damaged database) removes its folder itself: no path comes back to delete.
            PanelHost.Result made = host.run(ShellScripts.withArgs(BACKUP_SCRIPT, dbPath));
            String tmp = made.stdout().trim();
            try {
                if (!made.ok() || !tmp.startsWith("/tmp/portcullis-import.")) {
                    throw new ImportException(Kind.UNREADABLE, "cannot read x-ui database " + dbPath + " on " + host.name()
                            + ": sqlite3 could not copy it (" + oneLine(made.stderr()) + ")");
                }
                host.download(tmp + "/" + DB_NAME, copy, MAX_DB_BYTES);
                notes.add("copied " + dbPath + " with sqlite3's online backup");
            } finally {
                if (tmp.startsWith("/tmp/portcullis-import.") && !tmp.contains("'")) {
                    host.run("rm -rf -- " + ShellScripts.quote(tmp));
                }
            }
            return copy;
        }
        Map<String, Boolean> present = existingFiles(host, dbPath);
        // The WAL first: a checkpoint between the two copies then loses nothing the main file lacks.
        for (String suffix : List.of("-wal", "-shm", "")) {
            if (present.containsKey(dbPath + suffix)) {
                host.download(dbPath + suffix, local.resolve(DB_NAME + suffix), MAX_DB_BYTES);
            }
        }
        notes.add("downloaded " + dbPath + (present.containsKey(dbPath + "-wal") ? " with its -wal and -shm" : "")
                + " (no sqlite3 on the server)");
        return copy;
    }

    /** KEY=VALUE per line with a source tag; the first source that names a key wins. */
    static Map<String, Setting> environment(String output) {
        Map<String, Setting> env = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int tab = line.indexOf('\t');
            int eq = line.indexOf('=');
            if (tab < 0 || eq < tab) {
                continue;
            }
            String key = line.substring(tab + 1, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (key.matches("XUI_[A-Z_]+")) {
                env.putIfAbsent(key, new Setting(value, line.substring(0, tab)));
            }
        }
        return env;
    }

    /** Server text for a message: one line, at most 500 characters. */
    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return line.length() <= 500 ? line : line.substring(0, 500) + "...";
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
