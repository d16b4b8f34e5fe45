package dev.portcullis.remote;

import dev.portcullis.rules.ShellScripts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.FileMode;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * Files of one session over SFTP: uploads to new private files under /tmp, downloads bounded in
 * size, and (through {@link Sudo}) downloads of files only root may read. The SFTP subsystem is
 * started once per session, in the background when asked early ({@link #prepareUpload()}).
 */
public final class RemoteFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Temporary folders of {@link #downloadAsRoot} are /tmp/portcullis-download.XXXXXXXX. */
    public static final String DOWNLOAD_PREFIX = "portcullis-download";
    /** The largest file a download copies unless a caller says otherwise. */
    public static final long MAX_DOWNLOAD_BYTES = 64L << 20;

    private final SshSession session;
    private CompletableFuture<SFTPClient> sftp;

    RemoteFiles(SshSession session) {
        this.session = session;
    }

    /**
     * Uploads content over SFTP to a new file (never an existing one) readable only by the login
     * user and returns its path: {@code /tmp/<prefix>-<random><suffix>}.
     */
    public String uploadTemp(String prefix, String suffix, byte[] content) throws RemoteException {
        String path = "/tmp/" + prefix + "-" + HexFormat.of().formatHex(randomBytes()) + suffix;
        try {
            SFTPClient channel = sftpClient();
            FileAttributes attrs = new FileAttributes.Builder().withPermissions(0600).build();
            try (RemoteFile file = channel.open(path, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), attrs)) {
                try (OutputStream out = file.new RemoteFileOutputStream(0, 16)) {
                    out.write(content);
                }
            }
        } catch (IOException e) {
            throw new RemoteException(session.client().isConnected() ? RemoteException.Reason.ERROR : RemoteException.Reason.UNREACHABLE,
                    "SFTP upload to " + session.server().address() + ":" + path + " failed (" + e.getMessage() + ")", e);
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
            SFTPClient channel = sftpClient();
            try (RemoteFile file = channel.open(remotePath, EnumSet.of(OpenMode.READ))) {
                FileAttributes attributes = file.fetchAttributes();
                if (attributes.getType() != FileMode.Type.REGULAR) {
                    throw new RemoteException(RemoteException.Reason.ERROR, remotePath + " on " + session.server().address()
                            + " is not a regular file (" + attributes.getType() + ")");
                }
                if (attributes.getSize() > maxBytes) {
                    throw new OutputLimitException(session.server().address(), remotePath, maxBytes, attributes.getSize());
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
                    throw new OutputLimitException(session.server().address(), remotePath, maxBytes, -1);
                }
            }
        } catch (IOException e) {
            throw new RemoteException(session.client().isConnected() ? RemoteException.Reason.ERROR : RemoteException.Reason.UNREACHABLE,
                    "SFTP download of " + session.server().address() + ":" + remotePath + " failed (" + e.getMessage() + ")", e);
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
        if (session.sudo().loggedInAsRoot()) {
            download(remotePath, local, maxBytes);
            return;
        }
        String prefix = "/tmp/" + DOWNLOAD_PREFIX + ".";
        ExecResult made = session.sudo().run("umask 077\n"
                + "f=" + ShellScripts.quote(remotePath) + "\n"
                + "if [ ! -f \"$f\" ]; then echo \"not a regular file\" >&2; exit 1; fi\n"
                + "s=$(stat -L -c %s -- \"$f\") || exit 1\n"
                + "if [ \"$s\" -gt " + maxBytes + " ]; then printf 'size %s\\n' \"$s\"; exit 3; fi\n"
                + "d=$(mktemp -d " + prefix + "XXXXXXXX) || exit 1\n"
                + "if head -c " + (maxBytes + 1) + " -- \"$f\" > \"$d/file\" && chown -R -- " + ShellScripts.quote(session.server().user())
                + " \"$d\"; then\n"
                + "  printf '%s\\n' \"$d\"\n"
                + "else\n"
                + "  rm -rf -- \"$d\"; exit 1\n"
                + "fi\n", timeout);
        String dir = made.stdout().strip();
        if (made.exitCode() == 3 && dir.matches("size \\d{1,19}")) {
            throw new OutputLimitException(session.server().address(), remotePath, maxBytes, Long.parseLong(dir.substring(5)));
        }
        if (!made.ok() || !dir.startsWith(prefix) || dir.contains("'") || dir.contains("\n")) {
            throw new RemoteException(RemoteException.Reason.ERROR, "cannot copy " + remotePath + " on " + session.server().address()
                    + " with sudo (" + made.lastLine() + ")");
        }
        try {
            download(dir + "/file", local, maxBytes);
        } catch (RemoteException e) {
            session.run("rm -rf -- " + ShellScripts.quote(dir), null, timeout);
            throw e;
        }
        // The folder belongs to the login user now; removing it needs no sudo.
        ExecResult removed = session.run("rm -rf -- " + ShellScripts.quote(dir), null, timeout);
        if (!removed.ok()) {
            throw new RemoteException(RemoteException.Reason.ERROR, "cannot delete the temporary copy " + dir
                    + " on " + session.server().address() + " (" + removed.lastLine() + ")");
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
                    return session.client().newSFTPClient();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, session.connector().threads().io());
        }
    }

    private SFTPClient sftpClient() throws IOException {
        prepareUpload();
        try {
            return sftp.get(session.connector().settings().command().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting SFTP", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            throw new IOException("SFTP did not start within " + session.connector().settings().command().toSeconds() + " s", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Stops an SFTP start still under way; the session's close ends a started one. */
    void close() {
        if (sftp != null) {
            sftp.cancel(false);
        }
    }
}
