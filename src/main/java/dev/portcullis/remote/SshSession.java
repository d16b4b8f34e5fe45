package dev.portcullis.remote;

import dev.portcullis.model.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One logged-in connection to a server and the commands run on it as the login user; commands as
 * root go through {@link #sudo()}, files through {@link #files()}. Not thread-safe; one task uses
 * one session.
 */
public final class SshSession implements AutoCloseable {

    /** How much of a command's stdout, and of its stderr, is read unless a caller says otherwise. */
    public static final long MAX_OUTPUT_BYTES = 16L << 20;

    private final Server server;
    private final SSHClient client;
    private final SshConnector connector;
    private final Sudo sudo = new Sudo(this);
    private final RemoteFiles files = new RemoteFiles(this);

    SshSession(Server server, SSHClient client, SshConnector connector) {
        this.server = server;
        this.client = client;
        this.connector = connector;
    }

    public Server server() {
        return server;
    }

    /** Commands run as root (directly, or through sudo). */
    public Sudo sudo() {
        return sudo;
    }

    /** Uploads and downloads over SFTP. */
    public RemoteFiles files() {
        return files;
    }

    SshConnector connector() {
        return connector;
    }

    SSHClient client() {
        return client;
    }

    /** Runs a command as the login user. {@code stdin} may be null. */
    public ExecResult run(String command, byte[] stdin, Duration timeout) throws RemoteException {
        return run(command, stdin, timeout, MAX_OUTPUT_BYTES);
    }

    /**
     * As {@link #run(String, byte[], Duration)}, reading at most {@code maxOutputBytes} of stdout
     * and of stderr each: a command that prints more is stopped there (its channel closed) and an
     * {@link OutputLimitException} thrown, so a server never makes this side hold more than that.
     */
    public ExecResult run(String command, byte[] stdin, Duration timeout, long maxOutputBytes) throws RemoteException {
        return run(command, stdin, timeout, maxOutputBytes, null, null);
    }

    /**
     * Answers a command that asks a question half-way: given what it printed on stdout so far,
     * returns the bytes to send on its stdin (null for none) before stdin is closed.
     */
    @FunctionalInterface
    public interface Reply {
        byte[] answer(String stdoutSoFar) throws RemoteException;
    }

    /** As {@link #run(String, byte[], Duration, long)}, answering a question with {@code reply} (see {@link Sudo}). */
    ExecResult run(String command, byte[] stdin, Duration timeout, long maxOutputBytes, String askLine, Reply reply)
            throws RemoteException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(command);
            AskWatch watch = askLine == null ? null : new AskWatch(askLine);
            Runnable stop = () -> {
                try {
                    cmd.close();
                } catch (IOException ignored) {
                    // the connection is going anyway
                }
            };
            CompletableFuture<byte[]> out = drain(cmd.getInputStream(), maxOutputBytes, watch, stop, "a command's output");
            CompletableFuture<byte[]> err = drain(cmd.getErrorStream(), maxOutputBytes, null, stop, "a command's error output");
            OutputStream in = cmd.getOutputStream();
            try {
                if (stdin != null) {
                    in.write(stdin);
                    in.flush();
                }
            } catch (IOException ignored) {
                // the command may exit without reading its input
            }
            try {
                if (reply != null) {
                    String soFar = null;
                    try {
                        soFar = watch.asked.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (ExecutionException e) {
                        // stdout ended (or was stopped) without the question: nothing to answer
                    } catch (TimeoutException e) {
                        throw new RemoteException(RemoteException.Reason.TIMEOUT, "a command on " + server.address()
                                + " did not finish within " + timeout.toSeconds() + " s", e);
                    }
                    if (soFar != null) {
                        byte[] answer = reply.answer(soFar);
                        try {
                            if (answer != null) {
                                in.write(answer);
                                in.flush();
                            }
                        } catch (IOException ignored) {
                            // the command may exit without reading its input
                        }
                    }
                }
            } finally {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // already closed by the other side
                }
            }
            try {
                cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                long left = Math.max(1, deadline - System.nanoTime());
                byte[] o = out.get(left, TimeUnit.NANOSECONDS);
                byte[] e = err.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                Integer status = cmd.getExitStatus();
                return new ExecResult(status == null ? -1 : status,
                        new String(o, StandardCharsets.UTF_8), new String(e, StandardCharsets.UTF_8));
            } catch (TimeoutException | net.schmizz.sshj.connection.ConnectionException e) {
                throwIfOverflowed(out, err);
                if (!cmd.isOpen() && cmd.getExitStatus() != null && !(e instanceof TimeoutException)) {
                    throw new RemoteException(RemoteException.Reason.ERROR, "lost the command's output on " + server.address(), e);
                }
                throw new RemoteException(RemoteException.Reason.TIMEOUT, "a command on " + server.address()
                        + " did not finish within " + timeout.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                throwIfOverflowed(out, err);
                throw new RemoteException(RemoteException.Reason.ERROR, "reading output from " + server.address() + " failed", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(RemoteException.Reason.TIMEOUT, "interrupted while talking to " + server.address(), e);
        } catch (IOException e) {
            throw new RemoteException(client.isConnected() ? RemoteException.Reason.ERROR : RemoteException.Reason.UNREACHABLE,
                    "lost the connection to " + server.address() + " (" + e.getMessage() + ")", e);
        }
    }

    /** Throws the {@link OutputLimitException} with which either stream stopped, if one did. */
    private static void throwIfOverflowed(CompletableFuture<byte[]> out, CompletableFuture<byte[]> err)
            throws OutputLimitException {
        for (CompletableFuture<byte[]> f : List.of(out, err)) {
            if (f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (java.util.concurrent.CompletionException e) {
                    if (e.getCause() instanceof OutputLimitException o) {
                        throw o;
                    }
                }
            }
        }
    }

    /**
     * Reads a stream to its end, at most {@code limit} bytes: past that it runs {@code stop} and
     * fails with an {@link OutputLimitException}. With a {@code watch}, tells it about every chunk.
     */
    private CompletableFuture<byte[]> drain(InputStream stream, long limit, AskWatch watch, Runnable stop, String what) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try {
                byte[] chunk = new byte[8192];
                long total = 0;
                for (int n; (n = stream.read(chunk)) >= 0; ) {
                    total += n;
                    if (total > limit) {
                        stop.run();
                        throw new java.util.concurrent.CompletionException(
                                new OutputLimitException(server.address(), what, limit, -1));
                    }
                    buffer.write(chunk, 0, n);
                    if (watch != null) {
                        watch.saw(chunk, n, buffer);
                    }
                }
            } catch (IOException ignored) {
                // what arrived before the channel broke is all there is
            } finally {
                if (watch != null) {
                    watch.ended();
                }
            }
            return buffer.toByteArray();
        }, connector.threads().io());
    }

    /**
     * Watches stdout for a line that asks a question: completes {@link #asked} with the output so
     * far once it ends with that line, looking only at the last bytes (so each chunk costs the
     * same however much came before), or exceptionally if the stream ends first.
     */
    static final class AskWatch {
        final CompletableFuture<String> asked = new CompletableFuture<>();
        private final byte[] line;
        /** The last {@code line.length + 1} bytes seen: the line and the byte before it. */
        private final byte[] tail;
        private long total;

        AskWatch(String askLine) {
            line = (askLine + "\n").getBytes(StandardCharsets.UTF_8);
            tail = new byte[line.length + 1];
        }

        void saw(byte[] chunk, int n, ByteArrayOutputStream all) {
            if (asked.isDone()) {
                return;
            }
            int k = Math.min(n, tail.length);
            System.arraycopy(tail, k, tail, 0, tail.length - k);
            System.arraycopy(chunk, n - k, tail, tail.length - k, k);
            total += n;
            boolean startsLine = total == line.length || (total > line.length && tail[0] == '\n');
            if (startsLine && Arrays.equals(tail, 1, tail.length, line, 0, line.length)) {
                asked.complete(all.toString(StandardCharsets.UTF_8));
            }
        }

        void ended() {
            asked.completeExceptionally(new IOException("the command did not ask"));
        }
    }

    @Override
    public void close() {
        // Disconnecting ends every channel, a prepared SFTP one included.
        SshConnector.closeQuietly(client);
        files.close();
    }
}
