package dev.portcullis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the application log to {@code portcullis.log} in the data directory. Configured in code
 * because the folder is only known after the command line is parsed; until then (and on the
 * console always) nothing is logged. Callers never pass secrets to a logger.
 */
public final class AppLogging {

    public static final String FILE_NAME = "portcullis.log";
    private static final String APPENDER = "portcullis-file";

    private AppLogging() {
    }

    /** Logs to {@code dataDir/portcullis.log} from now on (replacing an earlier target). */
    public static synchronized void toDataDir(Path dataDir) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding is in charge (e.g. inside a test harness)
        }
        String file = dataDir.resolve(FILE_NAME).toAbsolutePath().toString();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) instanceof FileAppender<ILoggingEvent> current && file.equals(current.getFile())) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();

        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file);
        appender.setAppend(true);
        // Two CLI processes may log at once; prudent mode makes them take turns on the file.
        appender.setPrudent(true);
        appender.setEncoder(encoder);
        appender.start();

        var previous = root.getAppender(APPENDER);
        root.detachAppender(APPENDER);
        if (previous != null) {
            previous.stop();
        }
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        dev.portcullis.store.DataDirectory.ownerOnlyFile(java.nio.file.Path.of(file));
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
    }

    /**
     * Closes the log file again (the command or the window is done with the data directory), so
     * that the folder can be moved or deleted: Windows refuses both while a file in it is open.
     */
    public static synchronized void close() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var current = root.getAppender(APPENDER);
        if (current != null) {
            root.detachAppender(current);
            current.stop();
        }
    }
}
