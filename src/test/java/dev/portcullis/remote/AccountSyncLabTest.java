package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Network;
import dev.portcullis.model.Server;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.rules.LimitsConf;
import dev.portcullis.rules.ScriptGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server's settings (access log, allowed networks) and an account entry go through the real deploy
 * path (generated script over SSH, apply, verify) and the server's /etc/portcullis/limits.conf is then
 * byte for byte what Portcullis rendered; a change of settings alone shows in plan and is synced.
 */
class AccountSyncLabTest {

    private static final String PASSWORD = "account sync lab pass";

    @RegisterExtension
    final LabExtension labs = new LabExtension();

    @Test
    void settingsAndAnAccountEntryReachTheServersLimitsConfByteForByte() throws Exception {
        LabSshd sshd = LabSshd.startReachable(labs.lab(), "vps", "ed25519");
        LabVps vps = sshd.vps();
        sshd.rootPassword(PASSWORD);
        Server server = new Server(0, "vps", vps.ipv4(), 22, "root", AuthKind.PASSWORD, null, false);
        SshConnector connector = LabConnectors.withPassword(PASSWORD, Duration.ofSeconds(90));
        connector.trust(server, null);
        List<LimitEntry> entries = List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS, 3),
                LimitEntry.ofAccount(443, "alice +$(reboot)@x", 1).withIdle(300).withLabel("Alice"),
                LimitEntry.ofAccount(443, "bob@x", 2).withObserve(true));
        AtomicReference<ServerSettings> settings = new AtomicReference<>(new ServerSettings("/var/log/xray/access log.txt",
                List.of(Network.parse("fd00:5::/48"), Network.parse("100.64.0.0/10"))));
        Deployer deployer = new Deployer(connector, new GeneratedScripts(new ScriptGenerator(), s -> settings.get(), s -> entries),
                Duration.ofSeconds(5));

        assertEquals(Deployer.Outcome.APPLIED, deployer.sync(server, s -> { }).outcome());
        assertEquals(LimitsConf.render(settings.get(), entries), limitsConf(vps));
        assertTrue(deployer.plan(server, s -> { }).inSync());

        settings.set(settings.get().withAllowed(List.of(Network.parse("100.64.0.0/10"))).withAccessLog(""));
        Plan drift = deployer.plan(server, s -> { });
        assertEquals(List.of(
                new Change(Change.Kind.REMOVE, "access-log", "server has /var/log/xray/access log.txt, store has none (from the proxy's config)"),
                new Change(Change.Kind.REMOVE, "allow fd00:5::/48", "only on the server")), drift.changes());
        assertEquals(Deployer.Outcome.APPLIED, deployer.sync(server, s -> { }).outcome());
        assertEquals(LimitsConf.render(settings.get(), entries), limitsConf(vps));
        assertTrue(deployer.plan(server, s -> { }).inSync());
    }

    private static String limitsConf(LabVps vps) {
        return vps.exec("cat", ServerState.CONF_PATH).orThrow().stdout();
    }
}
