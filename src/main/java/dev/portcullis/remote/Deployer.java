package dev.portcullis.remote;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Server;
import dev.portcullis.model.ValidationException;
import dev.portcullis.model.Validator;
import dev.portcullis.rules.ShellScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Deploys one server: reads what it has, and when that differs from the store's deployment uploads
 * the script over SFTP, runs {@code apply} under a server-side lock, and verifies the result by
 * reading limits.conf and the PORTCULLIS rules back. A server already in sync is not re-applied
 * (re-applying resets connlimit counts).
 */
public final class Deployer implements ServerDeployer {

    /**
     * Server-side lock, so two operators' machines cannot interleave applies on one server. It lives
     * in a directory only root may enter (a lock in world-writable /run/lock could be held by any
     * user and block every sync); the script's own lock is another file there.
     */
    public static final String LOCK_DIR = "/run/portcullis";
    public static final String LOCK_FILE = LOCK_DIR + "/deploy.lock";
    /** Exit code of the wrapper when the server-side lock stays taken. */
    static final int EXIT_BUSY = 75;

    /** How a deploy of one server ended (failures are thrown as {@link RemoteException}). */
    public enum Outcome { APPLIED, UNCHANGED }

    /** The outcome and the changes the deploy made (empty when unchanged). */
    public record Result(Outcome outcome, Plan plan) {
    }

    private final SshConnector connector;
    private final ScriptSource scripts;
    private final Duration lockWait;
    /** One sync per server at a time in this process, keyed by host and port. */
    private final Map<String, Semaphore> localLocks = new ConcurrentHashMap<>();

    public Deployer(SshConnector connector, ScriptSource scripts) {
        this(connector, scripts, Duration.ofSeconds(60));
    }

    public Deployer(SshConnector connector, ScriptSource scripts, Duration lockWait) {
        this.connector = connector;
        this.scripts = scripts;
        this.lockWait = lockWait;
    }

    public SshConnector connector() {
        return connector;
    }

    /** What a sync would change on the server; changes nothing there. */
    @Override
    public Plan plan(Server server, Consumer<String> progress) throws RemoteException {
        Deployment expected = scripts.deploymentFor(server);
        refuseSshPortLimit(server, expected);
        progress.accept("connecting");
        try (SshSession session = connector.open(server)) {
            progress.accept("reading state");
            ServerState state = readState(session);
            return new Plan(server.name(), Planner.compare(expected, state, scripts));
        }
    }

    /** Brings the server in line with the store, or leaves it alone when it already is. */
    @Override
    public Result sync(Server server, Consumer<String> progress) throws RemoteException {
        Deployment expected = scripts.deploymentFor(server);
        refuseSshPortLimit(server, expected);
        Semaphore local = localLocks.computeIfAbsent(server.host() + ":" + server.port(), k -> new Semaphore(1));
        try {
            if (!local.tryAcquire(lockWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RemoteException(RemoteException.Reason.BUSY, "another sync of " + server.name()
                        + " is still running here");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException(RemoteException.Reason.BUSY, "interrupted while waiting for another sync of " + server.name());
        }
        try {
            progress.accept("connecting");
            try (SshSession session = connector.open(server)) {
                progress.accept("reading state");
                session.files().prepareUpload();
                // One command reads the state, asks, and applies when told to: one channel and one
                // login shell on the server for the whole sync.
                DeployConversation conversation = new DeployConversation(session, expected, scripts, progress);
                ExecResult applied = session.sudo().run(readThenApplyScript(lockWait), connector.settings().command(), ASK,
                        conversation);
                Plan plan = conversation.plan(applied);
                if (plan.inSync()) {
                    return new Result(Outcome.UNCHANGED, plan);
                }
                if (Planner.needsApply(plan.changes())) {
                    verifyApplied(server, expected, applied, progress);
                }
                if (plan.changes().stream().anyMatch(c -> c.kind() == Change.Kind.TELEGRAM)) {
                    writeTelegram(session, progress);
                }
                return new Result(Outcome.APPLIED, plan);
            }
        } finally {
            local.release();
        }
    }

    /**
     * Writes the server's Telegram settings file from the store's settings, opened only for this and
     * wiped after; the token goes on the command's standard input ({@link TelegramSetup#install}).
     */
    private void writeTelegram(SshSession session, Consumer<String> progress) throws RemoteException {
        Server server = session.server();
        Optional<TelegramSecrets> stored = scripts.telegramFor(server);
        if (stored.isEmpty()) {
            return; // forgotten in the store since the plan: nothing to write, the file is left alone
        }
        progress.accept("writing Telegram settings");
        try (TelegramSecrets t = stored.get()) {
            t.install(session);
        }
    }

    /** Checks how the apply ended and that the state it printed afterwards is the deployment's. */
    private void verifyApplied(Server server, Deployment expected, ExecResult applied, Consumer<String> progress)
            throws RemoteException {
        if (applied.exitCode() == EXIT_BUSY) {
            throw new RemoteException(RemoteException.Reason.BUSY, server.name() + ": another apply holds "
                    + LOCK_FILE + " on the server");
        }
        if (!applied.ok()) {
            throw new RemoteException(RemoteException.Reason.SCRIPT_REFUSED, server.name() + ": apply exited "
                    + applied.exitCode() + ": " + applied.lastLine());
        }
        String out = applied.stdout();
        int asked = out.indexOf("\n" + ASK + "\n");
        if (asked < 0) {
            throw new RemoteException(RemoteException.Reason.ERROR, server.name() + ": incomplete output of apply");
        }
        String afterApply = out.substring(asked + ASK.length() + 2);
        progress.accept("verifying");
        ServerState after = parseState(server, afterApply);
        // The Telegram file is written after the apply: not part of what it verifies.
        List<Change> left = Planner.rulesAndConf(expected, after, scripts);
        if (left.isEmpty() && !Planner.normalizeConf(after.limitsConf()).equals(Planner.normalizeConf(expected.limitsConf()))) {
            left = List.of(new Change(Change.Kind.CONF_DIFFERS, "*", "limits.conf read back is not the generated one"));
        }
        if (!left.isEmpty()) {
            throw new RemoteException(RemoteException.Reason.VERIFY_FAILED, server.name()
                    + ": after apply the server still differs: " + left);
        }
    }

    private ServerState readState(SshSession session) throws RemoteException {
        ExecResult r = session.sudo().run(ServerState.READ_SCRIPT, connector.settings().command());
        if (!r.ok()) {
            throw new RemoteException(RemoteException.Reason.ERROR, session.server().name()
                    + ": reading limits.conf and rules failed: " + r.lastLine());
        }
        return parseState(session.server(), r.stdout());
    }

    static ServerState parseState(Server server, String output) throws RemoteException {
        try {
            return ServerState.parse(output);
        } catch (IllegalArgumentException e) {
            throw new RemoteException(RemoteException.Reason.ERROR, server.name() + ": " + e.getMessage());
        }
    }

    /** The line with which {@link #readThenApplyScript} asks whether to apply. */
    static final String ASK = "@@apply?";

    private static final String ASK_APPLY = ShellScripts.load(Deployer.class, "ask-apply.sh");
    private static final String APPLY_LOCKED = ShellScripts.load(Deployer.class, "apply-locked.sh");

    /**
     * Prints the state, asks with {@link #ASK} and reads one line: {@code apply PATH} (PATH being
     * a script uploaded with {@link RemoteFiles#uploadTemp}) runs {@link #applyScript} on it;
     * anything else, or the end of input, ends without changing anything (ask-apply.sh).
     */
    static String readThenApplyScript(Duration lockWait) {
        return ShellScripts.withArgs(ServerState.READ_SCRIPT + ASK_APPLY + APPLY_LOCKED + ServerState.READ_SCRIPT,
                lockArgs(lockWait));
    }

    /**
     * Runs the uploaded script with {@code apply} while holding the server-side lock, removes it,
     * then prints the state for verification (apply-locked.sh, then read-state.sh).
     */
    static String applyScript(String path, Duration lockWait) {
        List<Object> args = new ArrayList<>(List.of(path));
        args.addAll(List.of(lockArgs(lockWait)));
        return ShellScripts.withArgs(APPLY_LOCKED + ServerState.READ_SCRIPT, args.toArray());
    }

    /** The arguments of apply-locked.sh after the script's path. */
    private static Object[] lockArgs(Duration lockWait) {
        return new Object[] {Math.max(1, lockWait.toSeconds()), LOCK_DIR, LOCK_FILE, EXIT_BUSY};
    }

    /** A TCP limit on the port this connection uses for SSH is refused before anything is sent. */
    private static void refuseSshPortLimit(Server server, Deployment expected) throws RemoteException {
        for (LimitEntry e : expected.entries()) {
            try {
                Validator.notSshPort(server, e);
            } catch (ValidationException refused) {
                throw new RemoteException(RemoteException.Reason.SCRIPT_REFUSED, server.name() + ": port " + e.port()
                        + " is the SSH port of " + server.address() + "; a " + e.protocol().id() + " limit there could lock"
                        + " you out. Nothing was sent: remove the entry or make it udp.");
            }
        }
    }
}
