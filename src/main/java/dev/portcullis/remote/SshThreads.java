package dev.portcullis.remote;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of SSH connections, owned by whoever creates them and ended by {@link #close()}:
 * {@code portcullis-ssh-io-N} read commands' output and start SFTP, {@code portcullis-ssh-watchdog} ends a connect or
 * login that takes too long. Both are daemon threads (a forgotten close never keeps the process
 * alive) and end after a minute idle, so an unused pool holds no thread.
 */
public final class SshThreads implements AutoCloseable {

    private static final long IDLE_SECONDS = 60;

    private final ThreadPoolExecutor io;
    private final ScheduledThreadPoolExecutor watchdog;

    public SshThreads() {
        io = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("portcullis-ssh-io-", true));
        watchdog = new ScheduledThreadPoolExecutor(1, daemon("portcullis-ssh-watchdog", false));
        watchdog.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        watchdog.allowCoreThreadTimeOut(true);
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /** Reads streams and starts SFTP subsystems: one thread per stream being read. */
    public ExecutorService io() {
        return io;
    }

    /** Runs the deadlines of connects and logins. */
    public ScheduledExecutorService watchdog() {
        return watchdog;
    }

    /** Ends both pools now; running reads are interrupted. */
    @Override
    public void close() {
        io.shutdownNow();
        watchdog.shutdownNow();
    }

    /** After {@link #close()}: waits at most {@code wait} for every thread to end; true if they all did. */
    public boolean awaitTermination(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        return io.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS)
                && watchdog.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    public boolean isTerminated() {
        return io.isTerminated() && watchdog.isTerminated();
    }

    private static ThreadFactory daemon(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? name + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }
}
