package dev.portcullis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.fleet.SyncListener;
import dev.portcullis.fleet.SyncResult;
import dev.portcullis.fleet.SyncStatus;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.Server;
import dev.portcullis.store.ServerSecrets;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composition root: what it builds is wired to the store, and what it starts it ends. */
class AppContextTest {

    @TempDir
    Path dir;

    private AppContext open() {
        return AppContext.open(dir, creating -> "correct horse battery staple".toCharArray());
    }

    /** A server whose SSH port refuses connections at once: a sync of it fails without a network. */
    private static Server refusing(String name) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        return new Server(Server.NEW, name, "127.0.0.1", port, "root", AuthKind.PASSWORD, null, false);
    }

    @Test
    void closingTheRootEndsEverySshThreadItStarted() throws Exception {
        Thread io;
        Thread watchdog;
        AppContext app = open();
        try {
            Server stored = app.inventory().addServer(refusing("gone"), new ServerSecrets("pw-123456".toCharArray(), null));
            // A real sync arms the connect watchdog; the pools' own threads are caught by name.
            app.fleet().sync(List.of(stored), 1, SyncListener.NONE);
            io = CompletableFuture.supplyAsync(Thread::currentThread, app.sshThreads().io()).get(10, TimeUnit.SECONDS);
            watchdog = app.sshThreads().watchdog().schedule(Thread::currentThread, 0, TimeUnit.MILLISECONDS)
                    .get(10, TimeUnit.SECONDS);
        } finally {
            app.close();
        }
        assertTrue(io.getName().matches("portcullis-ssh-io-\\d+"), io.getName());
        assertEquals("portcullis-ssh-watchdog", watchdog.getName());
        assertTrue(io.isDaemon() && watchdog.isDaemon(), "SSH threads never keep the process alive");
        assertTrue(app.sshThreads().awaitTermination(Duration.ofSeconds(30)), "the pools end after close");
        io.join(TimeUnit.SECONDS.toMillis(30));
        watchdog.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(io.isAlive(), "an I/O thread is left running after close");
        assertFalse(watchdog.isAlive(), "the watchdog thread is left running after close");
    }

    @Test
    void aSyncThroughTheRootsFleetRecordsItsOutcomeItself() throws Exception {
        try (AppContext app = open()) {
            Server stored = app.inventory().addServer(refusing("fra-1"), new ServerSecrets("pw-123456".toCharArray(), null));
            Server planned = app.inventory().addServer(refusing("fra-2"), new ServerSecrets("pw-123456".toCharArray(), null));

            app.fleet().plan(List.of(planned), 1, SyncListener.NONE);
            List<SyncResult> results = app.fleet().sync(List.of(stored), 1, SyncListener.NONE);

            assertEquals(SyncStatus.FAILED, results.get(0).status(), results.toString());
            assertNotNull(app.inventory().lastSyncs().get("fra-1"), "the fleet did not record the sync");
            assertEquals("failed", app.inventory().lastSyncs().get("fra-1").status());
            assertFalse(app.inventory().lastSyncs().containsKey("fra-2"), "a plan is not a sync and is not recorded");
        }
    }

    /** Every thread pool belongs to an object that closes it: none is held in a static field. */
    @Test
    void noThreadPoolIsAStaticSingleton() throws Exception {
        java.util.regex.Pattern staticPool = java.util.regex.Pattern.compile(
                "\\bstatic\\b[^=(;]*\\b\\w*(Executor|ExecutorService|ThreadPoolExecutor)\\b\\s+\\w+\\s*[=;]");
        List<String> found = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (staticPool.matcher(lines.get(i)).find()) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
