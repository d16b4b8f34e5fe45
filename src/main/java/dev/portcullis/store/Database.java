package dev.portcullis.store;

import dev.portcullis.model.ValidationException.Field;
import dev.portcullis.model.ValidationException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 file database {@code portcullis} in the data directory.
 *
 * <p>H2 in file mode locks the file, so only one process can hold it. A second process waits
 * (bounded) for the first to let go and then fails with {@link DatabaseInUseException}: short
 * CLI runs on one data directory thus queue up, and a process that waited too long stops
 * cleanly instead of corrupting anything. Threads of one process share the open database.
 * (H2's AUTO_SERVER would let processes share the file, but it opens a TCP port; we avoid that.)
 *
 * <p>All work goes through {@link #transaction}: one connection, serialized, committed at the end
 * or rolled back on any failure, so nothing is ever half written.
 */
public final class Database implements AutoCloseable {

    public static final String FILE_NAME = "portcullis";
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Path dataDir;
    private final Connection connection;

    private Database(Path dataDir, Connection connection) {
        this.dataDir = dataDir;
        this.connection = connection;
    }

    public static Database open(Path dataDir) {
        return open(dataDir, DEFAULT_LOCK_WAIT);
    }

    /** Opens (creating if needed) and migrates the database, waiting up to {@code lockWait} for another process. */
    public static Database open(Path dataDir, Duration lockWait) {
        String url = url(dataDir);
        DataDirectory.ensure(dataDir);
        Connection connection = connectWaiting(dataDir, url, lockWait);
        try {
            // Flyway gets its own connection to the same (already open) in-process database.
            Flyway.configure()
                    .dataSource(url, "", "")
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            connection.setAutoCommit(false);
            DataDirectory.ownerOnlyFile(dataDir.resolve(FILE_NAME + ".mv.db"));
            LOG.info("opened database in {}", dataDir);
            return new Database(dataDir, connection);
        } catch (RuntimeException | SQLException e) {
            closeQuietly(connection);
            throw new StoreException("cannot prepare the database in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a data directory whose path would change the meaning of the database URL: H2 reads
     * settings after a {@code ;} (e.g. {@code ;INIT=} runs SQL, which can run code), so such a
     * path is bad input, refused before anything is created or opened.
     */
    public static Path checkDataDir(Path dataDir) {
        String text = dataDir.toAbsolutePath().toString();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ';' || Character.isISOControl(c)) {
                throw new ValidationException(Field.DATA_DIRECTORY, text, "a folder whose path has no ';' and no control"
                        + " characters (they would reach the database settings)");
            }
        }
        return dataDir;
    }

    static String url(Path dataDir) {
        checkDataDir(dataDir);
        // DB_CLOSE_DELAY=0: the file is released as soon as the last connection closes, so a waiting
        // process gets its turn at once. The default FILE_LOCK keeps other processes out.
        // LOCK_TIMEOUT: threads of one process writing to the same server queue on its row lock.
        return "jdbc:h2:file:" + dataDir.resolve(FILE_NAME).toAbsolutePath() + ";DB_CLOSE_DELAY=0;LOCK_TIMEOUT=10000";
    }

    private static Connection connectWaiting(Path dataDir, String url, Duration lockWait) {
        long deadline = System.nanoTime() + lockWait.toNanos();
        long pauseMillis = 25;
        while (true) {
            try {
                return DriverManager.getConnection(url, "", "");
            } catch (SQLException e) {
                if (!isLockedByOtherProcess(e)) {
                    throw new StoreException("cannot open the database in " + dataDir + ": " + firstLine(e), e);
                }
                if (System.nanoTime() >= deadline) {
                    throw new DatabaseInUseException(dataDir, e);
                }
                LOG.debug("database in {} is held by another process; waiting", dataDir);
                sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, 250);
            }
        }
    }

    private static boolean isLockedByOtherProcess(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1
                    || s.getErrorCode() == ErrorCode.LOCK_TIMEOUT_1)) {
                return true;
            }
            if (String.valueOf(t.getMessage()).contains("already in use")
                    || String.valueOf(t.getMessage()).contains("The file is locked")) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public synchronized <T> T transaction(SqlWork<T> work) {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("database error: " + firstLine(e), e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
        LOG.info("closed database in {}", dataDir);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing the database failed", e);
        }
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the database");
        }
    }
}
