package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Server;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the deployer answers the server's read-then-apply command, on a session that is not
 * connected: in sync it answers nothing; otherwise it tries the upload, and a failure there is
 * what the deployer gets once the command has ended, not a misleading "reading failed".
 */
class DeployConversationTest {

    private static final String RULE = "-A PORTCULLIS -p tcp -m conntrack --ctstate NEW --ctorigdstport 8443"
            + " -m connlimit --connlimit-above 3 --connlimit-mask 0 --connlimit-saddr"
            + " -m comment --comment \"portcullis 8443/tcp\" -j REJECT --reject-with tcp-reset";
    private static final String JUMP = "-A INPUT -m conntrack --ctstate NEW -j PORTCULLIS";

    private final Server server = new Server(0, "s", "198.18.0.1", 22, "root", AuthKind.PASSWORD, null, false);
    private final EntryMapScripts scripts = new EntryMapScripts();
    private final SshConnector connector = new SshConnector(new InMemoryHostKeyStore(), CredentialSource.none(),
            SshSettings.defaults().withKnownHosts(null));
    private final SshSession session = new SshSession(server, new SSHClient(), connector);
    private final List<String> steps = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        session.close();
        connector.close();
    }

    /** What the command prints before it asks: the state of a server holding 8443 connections max 3. */
    private String asked() {
        EntryMapScripts held = new EntryMapScripts();
        held.set("s", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3)));
        String conf = held.conf("s");
        return "@@conf\n" + conf + "\n@@backend\nlegacy\n@@v4\n" + JUMP + "\n" + RULE + "\n@@v6\n" + JUMP + "\n"
                + RULE + "\n@@nft\n@@stale\n@@end\n" + Deployer.ASK + "\n";
    }

    private DeployConversation conversation() {
        return new DeployConversation(session, scripts.deploymentFor(server), scripts, steps::add);
    }

    @Test
    void aServerInSyncGetsNoAnswerAndThePlanSaysSo() throws RemoteException {
        scripts.set("s", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3)));
        DeployConversation c = conversation();
        assertNull(c.answer(asked()));
        assertTrue(c.plan(new ExecResult(0, asked(), "")).inSync());
        assertEquals(List.of(), steps, "nothing is uploaded to a server in sync");
    }

    @Test
    void aFailedUploadIsWhatTheDeployerGets() {
        scripts.set("s", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 5)));
        DeployConversation c = conversation();
        assertNull(c.answer(asked()), "no apply is answered when the upload failed");
        assertEquals(List.of("uploading"), steps);
        RemoteException e = assertThrows(RemoteException.class, () -> c.plan(new ExecResult(0, asked(), "")));
        assertTrue(e.getMessage().startsWith("SFTP upload to "), e.getMessage());
        assertSame(e, assertThrows(RemoteException.class, () -> c.plan(new ExecResult(0, asked(), ""))));
    }

    @Test
    void aCommandThatNeverAskedFailedToReadTheState() {
        DeployConversation c = conversation();
        RemoteException e = assertThrows(RemoteException.class, () -> c.plan(new ExecResult(1, "", "no iptables")));
        assertEquals(RemoteException.Reason.ERROR, e.reason());
        assertTrue(e.getMessage().endsWith("reading limits.conf and rules failed: no iptables"), e.getMessage());
    }
}
