package dev.portcullis.remote;

import dev.portcullis.model.Server;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One sync's conversation with the server's read-then-apply command ({@link Deployer#readThenApplyScript}):
 * given the state the command printed before it asked, compares it with the deployment, and when
 * they differ uploads the script and answers {@code apply PATH}; in sync (or when only the Telegram
 * file differs, which the deployer writes afterwards), it answers nothing and the command ends. Keeps the plan it made, or the failure it met, for the deployer to act on once the
 * command has ended.
 */
final class DeployConversation implements SshSession.Reply {

    private final Server server;
    private final Deployment expected;
    private final ScriptSource scripts;
    private final SshSession session;
    private final Consumer<String> progress;
    private Plan plan;
    private RemoteException failure;

    DeployConversation(SshSession session, Deployment expected, ScriptSource scripts, Consumer<String> progress) {
        this.server = session.server();
        this.expected = expected;
        this.scripts = scripts;
        this.session = session;
        this.progress = progress;
    }

    @Override
    public byte[] answer(String stdoutSoFar) {
        try {
            String state = stdoutSoFar.substring(0, stdoutSoFar.length() - Deployer.ASK.length() - 1);
            plan = new Plan(server.name(), Planner.compare(expected, Deployer.parseState(server, state), scripts));
            if (!Planner.needsApply(plan.changes())) {
                return null; // in sync, or only the Telegram file to write (after this command)
            }
            progress.accept("uploading");
            String uploaded = session.files().uploadTemp("portcullis-limits", ".sh",
                    expected.script().getBytes(StandardCharsets.UTF_8));
            progress.accept("applying");
            return ("apply " + uploaded + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (RemoteException e) {
            failure = e;
            return null;
        }
    }

    /**
     * The plan made from the state read before applying, once the command has ended: throws the
     * failure met while answering, or, when the command never asked, that reading the state failed.
     */
    Plan plan(ExecResult ended) throws RemoteException {
        if (failure != null) {
            throw failure;
        }
        if (plan == null) {
            throw new RemoteException(RemoteException.Reason.ERROR, server.name()
                    + ": reading limits.conf and rules failed: " + ended.lastLine());
        }
        return plan;
    }
}
