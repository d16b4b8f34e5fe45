package dev.portcullis.remote;

import dev.portcullis.rules.ShellScripts;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs commands of one session as root: directly when logged in as root, else through
 * {@code sudo -n}, or {@code sudo -S} fed the stored password on stdin (never on the command line).
 * How is found out once per session, on first use.
 */
public final class Sudo {

    /** How privileged commands are run on this server. */
    private enum Privilege { UNKNOWN, ROOT, SUDO_NOPASSWD, SUDO_PASSWORD }

    private final SshSession session;
    private Privilege privilege = Privilege.UNKNOWN;

    Sudo(SshSession session) {
        this.session = session;
    }

    /** Whether the login user is root itself (no sudo needed); finds out how to become root first. */
    boolean loggedInAsRoot() throws RemoteException {
        ensurePrivilege();
        return privilege == Privilege.ROOT;
    }

    /**
     * Runs a bash script as root: directly when logged in as root, else through {@code sudo -n}, or
     * {@code sudo -S} fed the stored password on stdin (never on the command line).
     */
    public ExecResult run(String bashScript, Duration timeout) throws RemoteException {
        return run(bashScript, timeout, SshSession.MAX_OUTPUT_BYTES);
    }

    /** As {@link #run(String, Duration)}, output bounded as in {@link SshSession#run(String, byte[], Duration, long)}. */
    public ExecResult run(String bashScript, Duration timeout, long maxOutputBytes) throws RemoteException {
        return run(bashScript, timeout, maxOutputBytes, null, null);
    }

    /**
     * Runs a bash script as root that prints {@code askLine} on a line of its own on stdout and
     * then reads its answer from stdin: {@code reply} gets the stdout printed up to then and
     * returns what to send (null for nothing; stdin is closed after it). One command, so one
     * channel and one login shell on the server, where two commands would need two. If the script
     * ends without asking, {@code reply} is not called.
     */
    public ExecResult run(String bashScript, Duration timeout, String askLine, SshSession.Reply reply) throws RemoteException {
        return run(bashScript, timeout, SshSession.MAX_OUTPUT_BYTES, askLine, reply);
    }

    private ExecResult run(String bashScript, Duration timeout, long maxOutputBytes, String askLine, SshSession.Reply reply)
            throws RemoteException {
        ensurePrivilege();
        String command = "bash -c " + ShellScripts.quote(bashScript);
        switch (privilege) {
            case ROOT:
                return session.run(command, null, timeout, maxOutputBytes, askLine, reply);
            case SUDO_NOPASSWD:
                return session.run("sudo -n " + command, null, timeout, maxOutputBytes, askLine, reply);
            default:
                // sudo reads the password line byte by byte; the answer comes only after the
                // script (run once sudo is done) has asked, so it always reaches the script.
                byte[] pw = passwordLine();
                try {
                    return session.run("sudo -S -p '' -k " + command, pw, timeout, maxOutputBytes, askLine, reply);
                } finally {
                    Arrays.fill(pw, (byte) 0);
                }
        }
    }

    /** Finds out (once per session) how to become root, or fails with {@code no sudo}. */
    private void ensurePrivilege() throws RemoteException {
        if (privilege != Privilege.UNKNOWN) {
            return;
        }
        if ("root".equals(session.server().user())) {
            privilege = Privilege.ROOT;
            return;
        }
        Duration t = Duration.ofSeconds(Math.min(30, session.connector().settings().command().toSeconds()));
        ExecResult probe = session.run("sudo -n true", null, t);
        if (probe.ok()) {
            privilege = Privilege.SUDO_NOPASSWD;
            return;
        }
        String who = "user " + session.server().user() + " on " + session.server().name();
        if (probe.exitCode() == 127 || probe.stderr().contains("not found")) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, who + " is not root and sudo is not installed");
        }
        if (notAllowed(probe.stderr())) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, who + " may not use sudo (" + probe.lastLine() + ")");
        }
        if (session.connector().credentials().password(session.server()).isEmpty()) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, who + " needs a password for sudo and none is stored ("
                    + probe.lastLine() + ")");
        }
        byte[] pw = passwordLine();
        ExecResult check;
        try {
            check = session.run("sudo -S -p '' -k true", pw, t);
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
        Optional<char[]> password = session.connector().credentials().password(session.server());
        if (password.isEmpty()) {
            throw new RemoteException(RemoteException.Reason.NO_SUDO, "no password is stored for sudo on " + session.server().name());
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
}
