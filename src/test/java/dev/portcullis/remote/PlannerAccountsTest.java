package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Network;
import dev.portcullis.model.Server;
import dev.portcullis.model.ServerSettings;
import dev.portcullis.rules.LimitsConf;
import dev.portcullis.rules.ScriptGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drift in a server's settings and account entries shows in the plan; the deployment carries both. */
class PlannerAccountsTest {

    private static final Server SERVER = new Server(1, "vps1", "198.18.0.5", 22, "root", AuthKind.PASSWORD, null, false);
    private static final ServerSettings SETTINGS = new ServerSettings("/var/log/xray/access.log",
            List.of(Network.parse("100.64.0.0/10"), Network.parse("2001:db8::/48")));
    private static final List<LimitEntry> ENTRIES = List.of(LimitEntry.ofAccount(443, "alice@x", 1),
            LimitEntry.ofAccount(443, "bob@x", 2).withObserve(true));

    private final ScriptSource scripts = new GeneratedScripts(new ScriptGenerator(), s -> SETTINGS, s -> ENTRIES);
    private final Deployment expected = scripts.deploymentFor(SERVER);

    private List<Change> against(ServerSettings settings, List<LimitEntry> entries) {
        return Planner.compare(expected, new ServerState(LimitsConf.render(settings, entries), List.of(), List.of(), ""), scripts);
    }

    @Test
    void theDeploymentRendersSettingsAndAccountEntries() {
        assertEquals(SETTINGS, expected.settings());
        assertEquals(LimitsConf.render(SETTINGS, ENTRIES), expected.limitsConf());
        assertEquals(new ScriptGenerator().generate("vps1", SETTINGS, ENTRIES), expected.script());
        assertTrue(expected.script().contains("\nallow=2001:db8::/48\n"));
    }

    @Test
    void aServerInLineHasNoChangesAndAccountEntriesNeedNoStaticRule() {
        assertEquals(List.of(), against(SETTINGS, ENTRIES));
    }

    @Test
    void settingsDriftIsNamed() {
        assertEquals(List.of(
                new Change(Change.Kind.ADD, "access-log", "server has none (from the proxy's config), store has /var/log/xray/access.log"),
                new Change(Change.Kind.ADD, "allow 100.64.0.0/10", "never counted nor refused by account entries"),
                new Change(Change.Kind.ADD, "allow 2001:db8::/48", "never counted nor refused by account entries")),
                against(ServerSettings.NONE, ENTRIES));
        ServerSettings edited = new ServerSettings("/var/log/v2ray/access.log",
                List.of(Network.parse("100.64.0.0/10"), Network.parse("198.51.100.0/24"), Network.parse("2001:db8::/48")));
        assertEquals(List.of(
                new Change(Change.Kind.CHANGE, "access-log", "server has /var/log/v2ray/access.log, store has /var/log/xray/access.log"),
                new Change(Change.Kind.REMOVE, "allow 198.51.100.0/24", "only on the server")),
                against(edited, ENTRIES));
    }

    @Test
    void accountEntriesAreKeyedByAccount() {
        List<LimitEntry> onServer = List.of(LimitEntry.ofAccount(443, "alice@x", 3), LimitEntry.ofAccount(443, "carol@x", 1));
        assertEquals(List.of(
                new Change(Change.Kind.CHANGE, "443/tcp account alice@x", "server has devices max 3 /32 /64, store has devices max 1 /32 /64"),
                new Change(Change.Kind.ADD, "443/tcp account bob@x", "devices max 2 /32 /64 observe"),
                new Change(Change.Kind.REMOVE, "443/tcp account carol@x", "only on the server: devices max 1 /32 /64")),
                against(SETTINGS, onServer));
    }

    @Test
    void aFreshServerNeedsTheSettingsToo() {
        List<Change> changes = Planner.compare(expected, new ServerState(null, List.of(), List.of(), ""), scripts);
        assertEquals(Change.Kind.NOT_INSTALLED, changes.get(0).kind());
        assertEquals(List.of("*", "access-log", "allow 100.64.0.0/10", "allow 2001:db8::/48", "443/tcp account alice@x",
                "443/tcp account bob@x"), changes.stream().map(Change::target).toList());
    }

    @Test
    void syncAndPlanRefuseAnAccountEntryOnTheSshPortWithoutConnecting() {
        SshConnector connector = new SshConnector(new InMemoryHostKeyStore(), FixedCredentials.withPassword("x"),
                SshSettings.defaults().withConnect(java.time.Duration.ofSeconds(1)).withKnownHosts(null));
        EntryMapScripts entries = new EntryMapScripts();
        Deployer deployer = new Deployer(connector, entries, java.time.Duration.ofSeconds(1));
        // 198.18.0.0/15 holds nothing outside the lab: a connection attempt would fail as unreachable.
        Server server = new Server(0, "alt", "198.19.255.253", 2222, "root", AuthKind.PASSWORD, null, false);
        entries.set("alt", List.of(LimitEntry.ofAccount(2222, "alice@x", 1)));
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        RemoteException sync = org.junit.jupiter.api.Assertions.assertThrows(RemoteException.class, () -> deployer.sync(server, steps::add));
        assertEquals(RemoteException.Reason.SCRIPT_REFUSED, sync.reason(), sync.getMessage());
        RemoteException plan = org.junit.jupiter.api.Assertions.assertThrows(RemoteException.class, () -> deployer.plan(server, steps::add));
        assertEquals(RemoteException.Reason.SCRIPT_REFUSED, plan.reason(), plan.getMessage());
        assertEquals(List.of(), steps, "not even a connection was started");
    }
}
