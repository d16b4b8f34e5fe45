package dev.portcullis.remote;

import dev.portcullis.model.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * One logged-in connection to a server: run commands (as root through sudo when the login user is
 * not root) and upload and download files over SFTP. Not thread-safe; one task uses one session.
 */
public final class SshSession implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Temporary folders of {@link #downloadAsRoot} are /tmp/portcullis-download.XXXXXXXX. */
    public static final String DOWNLOAD_PREFIX = "portcullis-download";
    /** How much of a command's stdout, and of its stderr, is read unless a caller says otherwise. */
    public static final long MAX_OUTPUT_BYTES = 16L << 20;
    /** The largest file a download copies unless a caller says otherwise. */
    public static final long MAX_DOWNLOAD_BYTES = 64L << 20;

    /** How privileged commands are run on this server. */
    private enum Privilege { UNKNOWN, ROOT, SUDO_NOPASSWD, SUDO_PASSWORD }

    private final Server server;
    private final SSHClient client;
    private final SshConnector connector;
    private Privilege privilege = Privilege.UNKNOWN;
    private CompletableFuture<SFTPClient> sftp;

    SshSession(Server server, SSHClient client, SshConnector connector) {
        this.server = server;
        this.client = client;
        this.connector = connector;
    }

    public Server server() {
        return server;
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

    private ExecResult run(String command, byte[] stdin, Duration timeout, long maxOutputBytes, String askLine, Reply reply)
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

    /**
     * Runs a bash script as root: directly when logged in as root, else through {@code sudo -n}, or
     * {@code sudo -S} fed the stored password on stdin (never on the command line).
     */
    public ExecResult runAsRoot(String bashScript, Duration timeout) throws RemoteException {
        return runAsRoot(bashScript, timeout, MAX_OUTPUT_BYTES);
    }

    /** As {@link #runAsRoot(String, Duration)}, output bounded as in {@link #run(String, byte[], Duration, long)}. */
    public ExecResult runAsRoot(String bashScript, Duration timeout, long maxOutputBytes) throws RemoteException {
        return runAsRoot(bashScript, timeout, maxOutputBytes, null, null);
    }

    /**
     * Runs a bash script as root that prints {@code askLine} on a line of its own on stdout and
     * then reads its answer from stdin: {@code reply} gets the stdout printed up to then and
     * returns what to send (null for nothing; stdin is closed after it). One command, so one
     * channel and one login shell on the server, where two commands would need two. If the script
     * ends without asking, {@code reply} is not called.
     */
    public ExecResult runAsRoot(String bashScript, Duration timeout, String askLine, Reply reply) throws RemoteException {
        return runAsRoot(bashScript, timeout, MAX_OUTPUT_BYTES, askLine, reply);
    }

    private ExecResult runAsRoot(String bashScript, Duration timeout, long maxOutputBytes, String askLine, Reply reply)
            throws RemoteException {
        ensurePrivilege();
        String command = "bash -c " + quote(bashScript);
        switch (privilege) {
            case ROOT:
                return run(command, null, timeout, maxOutputBytes, askLine, reply);
            case SUDO_NOPASSWD:
                return run("sudo -n " + command, null, timeout, maxOutputBytes, askLine, reply);
            default:
                // sudo reads the password line byte by byte; the answer comes only after the
                // script (run once sudo is done) has asked, so it always reaches the script.
                byte[] pw = passwordLine();
                try {
                    return run("sudo -S -p '' -k " + command, pw, timeout, maxOutputBytes, askLine, reply);
                } finally {
                    Arrays.fill(pw, (byte) 0);
                }
        }
    }

    /** Finds out (once per session) how to become root, or fails with {@code no sudo}. */
    void ensurePrivilege() throws RemoteException {
        if (privilege != Privilege.UNKNOWN) {
            return;
        }
        if ("root".equals(server.user())) {
            privilege = Privilege.ROOT;
            return;
        }
        Duration t = Duration.ofSeconds(Math.min(30, connector.settings().command().toSeconds()));
        ExecResult probe = run("sudo -n true", null, t);
        if (probe.ok()) {
            privilege = Privilege.SUDO_NOPASSWD;
            return;
        }
        String who = "user " + server.user() + " on " + server.name();
        if (probe.exitCode() == 127 || probe.stderr().contains("not found")) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, who + " is not root and sudo is not installed");
        }
        if (notAllowed(probe.stderr())) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, who + " may not use sudo (" + probe.lastLine() + ")");
        }
        if (connector.credentials().password(server).isEmpty()) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, who + " needs a password for sudo and none is stored ("
                    + probe.lastLine() + ")");
        }
        byte[] pw = passwordLine();
        ExecResult check;
        try {
            check = run("sudo -S -p '' -k true", pw, t);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        if (check.ok()) {
            privilege = Privilege.SUDO_PASSWORD;
            return;
        }
        if (notAllowed(check.stderr())) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, who + " may not use sudo (" + check.lastLine() + ")");
        }
        throw new RemoteException(RemoteException.Reason.NO_SUDO, "sudo refused the stored password of " + who
                + " (" + check.lastLine() + ")");
    }

    private static boolean notAllowed(String stderr) {
        return stderr.contains("not in the sudoers") || stderr.contains("is not allowed to")
                || stderr.contains("may not run sudo");
    }

    private byte[] passwordLine() throws RemoteException {
        Optional<char[]> password = connector.credentials().password(server);
        if (password.isEmpty()) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, "no password is stored for sudo on " + server.name());
        }
        char[] chars = password.get();
        char[] line = Arrays.copyOf(chars, chars.length + 1);
        line[chars.length] = '\n';
        Arrays.fill(chars, '\0');
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(line));
        Arrays.fill(line, '\0');
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return out;
    }

    /**
     * Uploads content over SFTP to a new file (never an existing one) readable only by the login
     * user and returns its path: {@code /tmp/<prefix>-<random><suffix>}.
     */
    public String uploadTemp(String prefix, String suffix, byte[] content) throws RemoteException {
        String path = "/tmp/" + prefix + "-" + HexFormat.of().formatHex(randomBytes()) + suffix;
        try {
            SFTPClient client = sftpClient();
            FileAttributes attrs = new FileAttributes.Builder().withPermissions(0600).build();
            try (RemoteFile file = client.open(path, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), attrs)) {
                try (OutputStream out = file.new RemoteFileOutputStream(0, 16)) {
                    out.write(content);
                }
            }
        } catch (IOException e) {
            throw new RemoteException(this.client.isConnected() ? RemoteException.Reason.ERROR : RemoteException.Reason.UNREACHABLE,
                    "SFTP upload to " + server.address() + ":" + path + " failed (" + e.getMessage() + ")", e);
        }
        return path;
    }

    /** Copies a file the login user may read to {@code local} (replacing it) over SFTP. */
    public void download(String remotePath, Path local) throws RemoteException {
        download(remotePath, local, MAX_DOWNLOAD_BYTES);
    }

    /**
     * As {@link #download(String, Path)}, for a regular file of at most {@code maxBytes}: its size
     * is checked before anything is copied, and the copy stops there if the file grows meanwhile
     * ({@link OutputLimitException}; nothing is left at {@code local}).
     */
    public void download(String remotePath, Path local, long maxBytes) throws RemoteException {
        try {
            SFTPClient client = sftpClient();
            try (RemoteFile file = client.open(remotePath, EnumSet.of(OpenMode.READ))) {
                FileAttributes attributes = file.fetchAttributes();
                if (attributes.getType() != FileMode.Type.REGULAR) {
                    throw new RemoteException(RemoteException.Reason.ERROR, remotePath + " on " + server.address()
                            + " is not a regular file (" + attributes.getType() + ")");
                }
                if (attributes.getSize() > maxBytes) {
                    throw new OutputLimitException(server.address(), remotePath, maxBytes, attributes.getSize());
                }
                long copied;
                try (InputStream in = file.new RemoteFileInputStream();
                     OutputStream out = Files.newOutputStream(local)) {
                    copied = in.transferTo(new BoundedOutput(out, maxBytes));
                } catch (BoundedOutput.Full e) {
                    copied = -1;
                }
                if (copied < 0) {
                    Files.deleteIfExists(local);
                    throw new OutputLimitException(server.address(), remotePath, maxBytes, -1);
                }
            }
        } catch (IOException e) {
            throw new RemoteException(this.client.isConnected() ? RemoteException.Reason.ERROR : RemoteException.Reason.UNREACHABLE,
                    "SFTP download of " + server.address() + ":" + remotePath + " failed (" + e.getMessage() + ")", e);
        }
    }

    /** Passes bytes on until {@code limit}; one more fails with {@link Full}. */
    private static final class BoundedOutput extends OutputStream {
        static final class Full extends IOException {
            private static final long serialVersionUID = 1L;
        }

        private final OutputStream out;
        private long left;

        BoundedOutput(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new Full();
            }
            left -= len;
            out.write(b, off, len);
        }
    }

    /** As {@link #downloadAsRoot(String, Path, Duration, long)} for files of up to {@link #MAX_DOWNLOAD_BYTES}. */
    public void downloadAsRoot(String remotePath, Path local, Duration timeout) throws RemoteException {
        downloadAsRoot(remotePath, local, timeout, MAX_DOWNLOAD_BYTES);
    }

    /**
     * Copies a regular file of the server, of at most {@code maxBytes}, to {@code local} with
     * root's rights. Logged in as root it is read over SFTP directly; otherwise sudo checks its
     * size and copies it into a new folder under /tmp readable only by the login user, which is
     * downloaded over SFTP and deleted again, whatever happens. A larger file fails with an
     * {@link OutputLimitException} before anything is copied.
     */
    public void downloadAsRoot(String remotePath, Path local, Duration timeout, long maxBytes) throws RemoteException {
        ensurePrivilege();
        if (privilege == Privilege.ROOT) {
            download(remotePath, local, maxBytes);
            return;
        }
        String prefix = "/tmp/" + DOWNLOAD_PREFIX + ".";
        ExecResult made = runAsRoot("umask 077\n"
                + "f=" + quote(remotePath) + "\n"
                + "if [ ! -f \"$f\" ]; then echo \"not a regular file\" >&2; exit 1; fi\n"
                + "s=$(stat -L -c %s -- \"$f\") || exit 1\n"
                + "if [ \"$s\" -gt " + maxBytes + " ]; then printf 'size %s\\n' \"$s\"; exit 3; fi\n"
                + "d=$(mktemp -d " + prefix + "XXXXXXXX) || exit 1\n"
                + "if head -c " + (maxBytes + 1) + " -- \"$f\" > \"$d/file\" && chown -R -- " + quote(server.user())
                + " \"$d\"; then\n"
                + "  printf '%s\\n' \"$d\"\n"
                + "else\n"
                + "  rm -rf -- \"$d\"; exit 1\n"
                + "fi\n", timeout);
        String dir = made.stdout().strip();
        if (made.exitCode() == 3 && dir.matches("size \\d{1,19}")) {
            throw new OutputLimitException(server.address(), remotePath, maxBytes, Long.parseLong(dir.substring(5)));
        }
        if (!made.ok() || !dir.startsWith(prefix) || dir.contains("'") || dir.contains("\n")) {
            throw new RemoteException(RemoteException.Reason.ERROR, "cannot copy " + remotePath + " on " + server.address()
                    + " with sudo (" + made.lastLine() + ")");
        }
        try {
            download(dir + "/file", local, maxBytes);
        } catch (RemoteException e) {
            run("rm -rf -- " + quote(dir), null, timeout);
            throw e;
        }
        // The folder belongs to the login user now; removing it needs no sudo.
        ExecResult removed = run("rm -rf -- " + quote(dir), null, timeout);
        if (!removed.ok()) {
            throw new RemoteException(RemoteException.Reason.ERROR, "cannot delete the temporary copy " + dir
                    + " on " + server.address() + " (" + removed.lastLine() + ")");
        }
    }

    /**
     * Starts the SFTP subsystem in the background (three round trips that creates nothing on the
     * server), so that an upload decided later does not wait for it. Unused, it is just closed.
     */
    public void prepareUpload() {
        if (sftp == null) {
            sftp = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.newSFTPClient();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, connector.threads().io());
        }
    }

    private SFTPClient sftpClient() throws IOException {
        prepareUpload();
        try {
            return sftp.get(connector.settings().command().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting SFTP", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            throw new IOException("SFTP did not start within " + connector.settings().command().toSeconds() + " s", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A shell word that bash reads back as exactly {@code text}. */
    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        // Disconnecting ends every channel, a prepared SFTP one included.
        SshConnector.closeQuietly(client);
        if (sftp != null) {
            sftp.cancel(false);
        }
    }
}
