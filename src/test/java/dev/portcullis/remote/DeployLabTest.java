package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.fleet.FleetSync;
import dev.portcullis.fleet.SyncListener;
import dev.portcullis.fleet.SyncReport;
import dev.portcullis.fleet.SyncResult;
import dev.portcullis.fleet.SyncStatus;
import dev.portcullis.lab.Lab;
import dev.portcullis.lab.LabExtension;
import dev.portcullis.lab.LabSshd;
import dev.portcullis.lab.LabVps;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deploy and sync against real sshd servers in lab namespaces: password, key, passphrase key,
 * non-root with passwordless sudo and with password sudo, a user without sudo, an unreachable
 * address, a refused port, a silent port, and a host whose key changes after it was trusted.
 * Outcomes are checked in each server's kernel (iptables-save inside its namespace). The scripts
 * are the real generated portcullis-limits.sh.
 *
 * <p>The servers are started once for the class (eight sshd take a while); every test starts from
 * an empty host-key store and the default entries, trusts and syncs what it needs itself, and so
 * passes alone or in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployLabTest {

    /** Far beyond any wait below on a loaded machine; only reached when something is broken. */
    private static final long BOUND_SECONDS = 120;

    @RegisterExtension
    final LabExtension labs = new LabExtension();
    private Lab lab;
    private Path keys;
    private final Map<String, LabSshd> sshd = new HashMap<>();
    private final Map<String, Server> servers = new HashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, String> passphrases = new ConcurrentHashMap<>();
    private InMemoryHostKeyStore hostKeys;
    private final EntryMapScripts scripts = new EntryMapScripts();
    private SshConnector connector;
    private Deployer deployer;
    private FleetSync fleet;
    private String noHost;

    private final CredentialSource credentials = new CredentialSource() {
        @Override
        public Optional<char[]> password(Server server) {
            return Optional.ofNullable(passwords.get(server.name())).map(String::toCharArray);
        }

        @Override
        public Optional<char[]> keyPassphrase(Server server) {
            return Optional.ofNullable(passphrases.get(server.name())).map(String::toCharArray);
        }
    };

    @BeforeAll
    void startServers() throws IOException {
        lab = labs.lab();
        lab.attachTestJvm();
        keys = Files.createTempDirectory("portcullis-keys");
        keygen("id_ed25519", "ed25519", "");
        keygen("id_ecdsa_pp", "ecdsa", "ecdsa secret");
        keygen("id_rsa_pp", "rsa", "rsa secret");

        LabSshd pw = server("pw", "ed25519", "ecdsa", "rsa");
        pw.rootPassword("root pass 1");
        register("pw", pw, "root", AuthKind.PASSWORD, null, "root pass 1", null);

        LabSshd key = server("key", "ed25519");
        key.authorize("root", pub("id_ed25519"));
        register("key", key, "root", AuthKind.KEY_FILE, "id_ed25519", null, null);

        LabSshd ppk = server("ppk", "ecdsa");
        ppk.addUser("deploy", null, "nopasswd");
        ppk.authorize("deploy", pub("id_ecdsa_pp"));
        register("ppk", ppk, "deploy", AuthKind.KEY_FILE, "id_ecdsa_pp", null, "ecdsa secret");

        LabSshd sudo = server("sudo", "rsa");
        sudo.addUser("ops", "ops pass", "password");
        register("sudo", sudo, "ops", AuthKind.PASSWORD, null, "ops pass", null);

        LabSshd nosudo = server("nosudo", "ed25519");
        nosudo.addUser("guest", "guest pass", "none");
        nosudo.authorize("guest", pub("id_rsa_pp"));
        register("nosudo", nosudo, "guest", AuthKind.PASSWORD, null, "guest pass", null);
        // the same user with a passphrase RSA key and no password: sudo would need one
        servers.put("nosudo-key", new Server(0, "nosudo-key", nosudo.vps().ipv4(), 22, "guest", AuthKind.KEY_FILE,
                keys.resolve("id_rsa_pp").toString(), true));
        passphrases.put("nosudo-key", "rsa secret");

        LabSshd rot = server("rot", "ed25519", "ecdsa");
        rot.authorize("root", pub("id_ed25519"));
        register("rot", rot, "root", AuthKind.KEY_FILE, "id_ed25519", null, null);

        LabSshd kbd = sshd.computeIfAbsent("kbd", n -> LabSshd.startWith(LabVps.create(lab, n),
                "PasswordAuthentication no\nKbdInteractiveAuthentication yes\nUsePAM yes\n", "ed25519"));
        kbd.rootPassword("kbd pass");
        register("kbd", kbd, "root", AuthKind.PASSWORD, null, "kbd pass", null);

        noHost = lab.ipv4Prefix() + "200";
        servers.put("nohost", new Server(0, "nohost", noHost, 22, "root", AuthKind.PASSWORD, null, false));
        passwords.put("nohost", "x");
        servers.put("refused", new Server(0, "refused", pw.vps().ipv4(), 2222, "root", AuthKind.PASSWORD, null, false));
        passwords.put("refused", "x");
        key.vps().spawn("python3", "-c", "import socket,time\n"
                + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', 2200)); s.listen(50)\n"
                + "held=[]\nwhile True: held.append(s.accept())\n");
        servers.put("silent", new Server(0, "silent", key.vps().ipv4(), 2200, "root", AuthKind.PASSWORD, null, false));
        passwords.put("silent", "x");
        servers.put("badpw", new Server(0, "badpw", pw.vps().ipv6(), 22, "root", AuthKind.PASSWORD, null, false));
        passwords.put("badpw", "wrong password");
    }

    /** Nothing trusted yet, every server's default entries, and a connector that knows only that. */
    @BeforeEach
    void freshTrustAndEntries() {
        hostKeys = new InMemoryHostKeyStore();
        connector = new SshConnector(hostKeys, credentials, SshSettings.defaults()
                .withConnect(Duration.ofSeconds(4)).withCommand(Duration.ofSeconds(60)).withKnownHosts(null));
        deployer = new Deployer(connector, scripts, Duration.ofSeconds(3));
        fleet = new FleetSync(deployer);
        for (String name : servers.keySet()) {
            scripts.set(name, List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS_PER_IP, 3),
                    LimitEntry.of(9000, LimitMode.CONNECTIONS, 20).withProtocol(Protocol.BOTH).withLabel("shared"),
                    LimitEntry.of(7000, LimitMode.DEVICES, 2)));
        }
    }

    /** The lab (namespaces, sshd) is closed by {@link LabExtension} after this. */
    @AfterAll
    void deleteKeys() throws IOException {
        if (keys != null) {
            try (var files = Files.list(keys)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(keys);
        }
    }

    private LabSshd server(String name, String... hostKeyTypes) {
        LabSshd s = LabSshd.start(LabVps.create(lab, name), hostKeyTypes);
        sshd.put(name, s);
        return s;
    }

    private void register(String name, LabSshd s, String user, AuthKind auth, String keyFile, String password, String passphrase) {
        servers.put(name, new Server(0, name, s.vps().ipv4(), 22, user, auth,
                keyFile == null ? null : keys.resolve(keyFile).toString(), !"root".equals(user)));
        if (password != null) {
            passwords.put(name, password);
        }
        if (passphrase != null) {
            passphrases.put(name, passphrase);
        }
    }

    private void keygen(String file, String type, String passphrase) {
        Shell.run("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "portcullis-test", "-f", keys.resolve(file).toString());
    }

    private String pub(String file) throws IOException {
        return Files.readString(keys.resolve(file + ".pub"));
    }

    private List<Server> all(String... names) {
        List<Server> list = new ArrayList<>();
        for (String n : names) {
            list.add(servers.get(n));
        }
        return list;
    }

    /** Records the host keys of these servers as the operator would: by the fingerprint the server shows. */
    private void trust(String... names) throws RemoteException {
        for (String name : names) {
            Server s = servers.get(name);
            connector.trust(s, sshdAt(s.host()).fingerprints().get(0));
        }
    }

    private LabSshd sshdAt(String host) {
        return sshd.values().stream().filter(d -> host.equals(d.vps().ipv4()) || host.equals(d.vps().ipv6()))
                .findFirst().orElseThrow();
    }

    /** Trusts and syncs these servers to their current entries, so a test starts from servers in sync. */
    private void synced(String... names) throws RemoteException {
        trust(names);
        for (SyncResult r : fleet.sync(all(names), 8, SyncListener.NONE)) {
            assertFalse(r.failed(), SyncReport.line(r));
        }
    }

    /** Takes out whatever an earlier sync installed on the server, as if it had never been synced. */
    private void neverSynced(String name) {
        sshd.get(name).vps().bash("if [ -x /usr/local/sbin/portcullis-limits ]; then /usr/local/sbin/portcullis-limits remove; fi")
                .orThrow();
    }

    private static Map<String, SyncResult> byName(List<SyncResult> results) {
        return results.stream().collect(Collectors.toMap(SyncResult::server, r -> r));
    }

    /** The PORTCULLIS lines of the server's kernel rules (as iptables-save / ip6tables-save print them). */
    private String rules(String name, String family) {
        String all = sshd.get(name).vps().exec(family + "-save", "-t", "filter").orThrow().stdout();
        return all.lines().filter(l -> l.contains("PORTCULLIS")).collect(Collectors.joining("\n", "", "\n"));
    }

    /** A connlimit rule as the generated script writes it, in the entry's own chain below PORTCULLIS. */
    private static boolean hasRule(String rules, String proto, int port, int max, int mask) {
        return java.util.regex.Pattern.compile("-A PORTCULLIS-\\S+ -p " + proto + " .*--ctorigdstport " + port
                + " -m connlimit --connlimit-above " + max + " --connlimit-mask " + mask + " ").matcher(rules).find();
    }

    @Test
    void trustShowsEveryHostKeyAndRecordsOnlyAMatchingFingerprint() throws Exception {
        LabSshd pw = sshd.get("pw");
        List<HostKey> offered = connector.scan(pw.vps().ipv4(), 22);
        assertEquals(List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"), offered.stream().map(HostKey::type).toList());
        assertEquals(pw.fingerprints(), offered.stream().map(HostKey::fingerprint).toList(),
                "fingerprints must be what ssh-keygen -l prints on the server");

        Server s = servers.get("pw");
        RemoteException wrong = assertThrows(RemoteException.class,
                () -> connector.trust(s, sshd.get("key").fingerprints().get(0)));
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, wrong.reason());
        assertTrue(hostKeys.keysFor(s.host(), 22).isEmpty(), "a mismatch records nothing");

        RemoteException untrusted = assertThrows(RemoteException.class, () -> connector.open(s));
        assertEquals(RemoteException.Reason.HOST_KEY_UNTRUSTED, untrusted.reason());

        // Only the key the operator confirmed is recorded (here the RSA one); it is enough to connect.
        List<HostKey> recorded = connector.trust(s, pw.fingerprints().get(2));
        assertEquals(List.of(pw.fingerprints().get(2)), recorded.stream().map(HostKey::fingerprint).toList());
        assertEquals(recorded, hostKeys.keysFor(s.host(), 22));
        try (SshSession session = connector.open(s)) {
            assertEquals("root\n", session.run("id -un", null, Duration.ofSeconds(10)).stdout());
        }
    }

    @Test
    void anRsaOnlyRecordStillConnectsAndKnownHostsIsHonoured() throws Exception {
        Server s = servers.get("pw");
        List<HostKey> all = connector.scan(s.host(), 22);
        InMemoryHostKeyStore rsaOnly = new InMemoryHostKeyStore();
        rsaOnly.record(s.host(), 22, all.stream().filter(k -> k.type().equals("ssh-rsa")).toList());
        SshConnector rsa = new SshConnector(rsaOnly, credentials, connector.settings());
        try (SshSession session = rsa.open(s)) {
            assertTrue(session.run("true", null, Duration.ofSeconds(10)).ok());
        }

        Path knownHosts = keys.resolve("known_hosts");
        HostKey ecdsa = all.stream().filter(k -> k.type().startsWith("ecdsa")).findFirst().orElseThrow();
        Files.writeString(knownHosts, s.host() + " " + ecdsa.type() + " " + ecdsa.publicKey() + "\n");
        SshConnector viaKnownHosts = new SshConnector(new InMemoryHostKeyStore(), credentials,
                connector.settings().withKnownHosts(knownHosts));
        try (SshSession session = viaKnownHosts.open(s)) {
            assertTrue(session.run("true", null, Duration.ofSeconds(10)).ok());
        }
        HostKey otherKey = connector.scan(servers.get("nosudo").host(), 22).get(0);
        Files.writeString(knownHosts, s.host() + " " + otherKey.type() + " " + otherKey.publicKey() + "\n");
        RemoteException changed = assertThrows(RemoteException.class, () -> viaKnownHosts.open(s));
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, changed.reason());
        assertTrue(changed.getMessage().contains(otherKey.fingerprint()), changed.getMessage());
    }

    @Test
    void syncAllConfiguresEveryReachableServerAndNamesWhatFailedAndWhy() throws Exception {
        List<String> good = List.of("pw", "key", "ppk", "sudo", "rot");
        good.forEach(this::neverSynced);
        trust("pw", "key", "ppk", "sudo", "nosudo", "rot", "badpw");
        List<String> events = new CopyOnWriteArrayList<>();
        // The dead servers start only once every reachable one has finished: had a dead one held
        // up the others (one queue, one lock), this latch would never open.
        CountDownLatch goodDone = new CountDownLatch(good.size());
        Map<String, Boolean> deadSawGoodFinish = new ConcurrentHashMap<>();
        List<SyncResult> results = fleet.sync(all("pw", "key", "ppk", "sudo", "nosudo", "nosudo-key", "rot",
                "nohost", "refused", "silent", "badpw"), 8, new SyncListener() {
                    @Override
                    public void started(String server) {
                        if (server.equals("nohost") || server.equals("silent")) {
                            try {
                                deadSawGoodFinish.put(server, goodDone.await(BOUND_SECONDS, TimeUnit.SECONDS));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }

                    @Override
                    public void step(String server, String step) {
                        events.add(server + ":" + step);
                    }

                    @Override
                    public void finished(SyncResult result) {
                        events.add(result.server() + ":done");
                        if (good.contains(result.server())) {
                            goodDone.countDown();
                        }
                    }
                });
        Map<String, SyncResult> r = byName(results);
        String report = SyncReport.json(results, false);
        assertEquals(Map.of("nohost", true, "silent", true), deadSawGoodFinish,
                "reachable servers finished while the dead ones held their slots: " + events);
        for (String ok : good) {
            assertEquals(SyncStatus.OK, r.get(ok).status(), ok + ": " + report);
            assertTrue(events.contains(ok + ":applying") && events.contains(ok + ":done"), events.toString());
            String v4 = rules(ok, "iptables");
            String v6 = rules(ok, "ip6tables");
            assertTrue(v4.contains("-A INPUT -m conntrack --ctstate NEW -j PORTCULLIS"), v4);
            assertTrue(v6.contains("-A INPUT -m conntrack --ctstate NEW -j PORTCULLIS"), v6);
            assertTrue(hasRule(v4, "tcp", 8443, 3, 32), v4);
            assertTrue(hasRule(v6, "tcp", 8443, 3, 64), v6);
            assertTrue(hasRule(v4, "udp", 9000, 20, 0) && hasRule(v4, "tcp", 9000, 20, 0), v4);
            assertTrue(hasRule(v6, "udp", 9000, 20, 0) && hasRule(v6, "tcp", 9000, 20, 0), v6);
            assertEquals(scripts.conf(ok), sshd.get(ok).vps().readFile("/etc/portcullis/limits.conf"));
            String nft = sshd.get(ok).vps().exec("nft", "list", "table", "inet", "portcullis").stdout();
            assertTrue(nft.contains("tcp . 7000 : jump "), "devices entry in nftables: " + nft);
            assertTrue(sshd.get(ok).vps().exec("test", "-x", "/usr/local/sbin/portcullis-limits").ok());
            assertEquals("", sshd.get(ok).vps().exec("bash", "-c", "ls /tmp").stdout(), "the uploaded script is removed");
        }
        assertEquals(RemoteException.Reason.NO_SUDO, r.get("nosudo").reason(), report);
        assertTrue(r.get("nosudo").error().contains("may not use sudo"), report);
        assertEquals(RemoteException.Reason.NO_SUDO, r.get("nosudo-key").reason(), report);
        assertEquals(RemoteException.Reason.UNREACHABLE, r.get("nohost").reason(), report);
        assertEquals(RemoteException.Reason.UNREACHABLE, r.get("refused").reason(), report);
        assertTrue(r.get("refused").error().contains("refused"), report);
        assertEquals(RemoteException.Reason.TIMEOUT, r.get("silent").reason(), report);
        assertEquals(RemoteException.Reason.AUTH_FAILED, r.get("badpw").reason(), report);
        for (String failed : List.of("nosudo")) {
            assertFalse(rules(failed, "iptables").contains("PORTCULLIS"), "nothing applied on " + failed);
        }
        assertEquals(1, SyncReport.exitCode(results));
        assertFalse(Files.exists(Path.of("/etc/portcullis/limits.conf")), "the host's own /etc stays untouched");
    }

    @Test
    void planAfterSyncSaysNothingToDoAndASecondSyncLeavesRulesAlone() throws Exception {
        synced("pw", "key", "ppk", "sudo", "rot");
        List<Server> good = all("pw", "key", "ppk", "sudo", "rot");
        String before = rules("key", "iptables");
        for (SyncResult p : fleet.plan(good, 8, SyncListener.NONE)) {
            assertEquals(SyncStatus.UNCHANGED, p.status(), SyncReport.planText(p));
            assertTrue(p.changes().isEmpty());
        }
        for (SyncResult s : fleet.sync(good, 8, SyncListener.NONE)) {
            assertEquals(SyncStatus.UNCHANGED, s.status(), SyncReport.line(s));
        }
        assertEquals(before, rules("key", "iptables"));
    }

    @Test
    void aLimitEditedOnTheServerShowsUpInPlanAndSyncPutsItBack() throws Exception {
        synced("ppk", "key");
        LabVps vps = sshd.get("ppk").vps();
        // what an admin does with the exported script on the server: a new max, and a port of their own
        vps.exec("/usr/local/sbin/portcullis-limits", "add", "8443", "7", "--mode", "connections-per-ip").orThrow();
        vps.exec("/usr/local/sbin/portcullis-limits", "add", "1234", "5", "--label", "local").orThrow();
        assertTrue(hasRule(rules("ppk", "iptables"), "tcp", 8443, 7, 32), rules("ppk", "iptables"));

        Plan plan = deployer.plan(servers.get("ppk"), s -> { });
        String text = plan.changes().toString();
        assertTrue(plan.changes().contains(new Change(Change.Kind.CHANGE, "8443/tcp",
                "server has connections-per-ip max 7 /32 /64, store has connections-per-ip max 3 /32 /64")), text);
        assertTrue(plan.changes().contains(new Change(Change.Kind.REMOVE, "1234/tcp", "only on the server: devices max 5 /32 /64 'local'")), text);
        assertTrue(plan.changes().stream().anyMatch(c -> c.kind() == Change.Kind.RULE_MISSING && c.target().equals("8443/tcp")), text);
        assertTrue(plan.changes().stream().anyMatch(c -> c.kind() == Change.Kind.RULE_EXTRA), text);
        assertTrue(hasRule(rules("ppk", "iptables"), "tcp", 8443, 7, 32), "plan touches nothing");

        Deployer.Result result = deployer.sync(servers.get("ppk"), s -> { });
        assertEquals(Deployer.Outcome.APPLIED, result.outcome());
        assertTrue(hasRule(rules("ppk", "iptables"), "tcp", 8443, 3, 32), rules("ppk", "iptables"));
        assertFalse(rules("ppk", "iptables").contains("1234"), "the server-only entry is gone");
        assertTrue(deployer.plan(servers.get("ppk"), s -> { }).inSync());

        // a rule deleted by hand (limits.conf intact) is a missing rule too
        sshd.get("key").vps().bash("eval \"ip6tables $(ip6tables -S PORTCULLIS | grep -- '--ctorigdstport 8443' | sed 's/^-A/-D/')\"").orThrow();
        Plan missing = deployer.plan(servers.get("key"), s -> { });
        assertEquals(List.of(Change.Kind.RULE_MISSING), missing.changes().stream().map(Change::kind).distinct().toList(),
                missing.changes().toString());
    }

    @Test
    void aChangedHostKeyIsRefusedLoudlyAndNothingIsSent() throws Exception {
        synced("rot");
        Server rot = servers.get("rot");
        List<String> old = sshd.get("rot").fingerprints();
        sshd.get("rot").rotateHostKeys();
        List<String> fresh = sshd.get("rot").fingerprints();
        scripts.set("rot", List.of(LimitEntry.of(7777, LimitMode.CONNECTIONS, 1)));
        SyncResult r = fleet.sync(List.of(rot), 8, SyncListener.NONE).get(0);
        assertEquals(RemoteException.Reason.HOST_KEY_CHANGED, r.reason(), String.valueOf(r.error()));
        assertTrue(r.error().contains(old.get(0)) && r.error().contains(fresh.get(0)),
                "names old and new fingerprints: " + r.error());
        assertFalse(rules("rot", "iptables").contains("7777"), "nothing applied");
        assertTrue(rules("rot", "iptables").contains("8443"), "the old rules are still there");
    }

    @Test
    void scriptRefusalAndServerSideLockAreReported() throws Exception {
        Server key6 = new Server(0, "key6", sshd.get("key").vps().ipv6(), 22, "root", AuthKind.KEY_FILE,
                keys.resolve("id_ed25519").toString(), false);
        connector.trust(key6, sshd.get("key").fingerprints().get(0));
        scripts.set("key6", List.of(LimitEntry.of(22, LimitMode.CONNECTIONS, 5)));
        SyncResult refused = fleet.sync(List.of(key6), 1, SyncListener.NONE).get(0);
        assertEquals(RemoteException.Reason.SCRIPT_REFUSED, refused.reason(), String.valueOf(refused.error()));
        assertTrue(refused.error().contains("port 22 is the SSH port"), refused.error());

        // another operator's apply holds the server-side lock
        synced("pw");
        LabVps vps = sshd.get("pw").vps();
        Process holder = vps.spawn("flock", Deployer.LOCK_FILE, "sleep", "120");
        // bounded polling until the lock is really held (a non-blocking flock fails)
        for (int i = 0; i < 200 && vps.exec("flock", "-n", Deployer.LOCK_FILE, "true").ok(); i++) {
            Thread.sleep(50);
        }
        assertFalse(vps.exec("flock", "-n", Deployer.LOCK_FILE, "true").ok(), "the holder has the lock");
        scripts.set("pw", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS_PER_IP, 4)));
        SyncResult busy = fleet.sync(List.of(servers.get("pw")), 1, SyncListener.NONE).get(0);
        assertEquals(RemoteException.Reason.BUSY, busy.reason(), String.valueOf(busy.error()));
        assertTrue(hasRule(rules("pw", "iptables"), "tcp", 8443, 3, 32), "nothing applied while locked");
        sshd.get("pw").vps().host().stop(holder);
        SyncResult after = fleet.sync(List.of(servers.get("pw")), 1, SyncListener.NONE).get(0);
        assertEquals(SyncStatus.OK, after.status(), String.valueOf(after.error()));
        assertTrue(hasRule(rules("pw", "iptables"), "tcp", 8443, 4, 32), rules("pw", "iptables"));
    }

    @Test
    void twoSyncsOfOneServerTakeTurns() throws Exception {
        synced("key");
        scripts.set("key", List.of(LimitEntry.of(8443, LimitMode.CONNECTIONS_PER_IP, 6)));
        List<SyncResult> twice = fleet.sync(all("key", "key"), 8, SyncListener.NONE);
        // Had they overlapped, both would have seen the change and both applied it.
        assertEquals(List.of(SyncStatus.OK, SyncStatus.UNCHANGED), twice.stream().map(SyncResult::status).sorted().toList(),
                twice.toString());
        assertTrue(hasRule(rules("key", "iptables"), "tcp", 8443, 6, 32));
    }

    @Test
    void aServerThatOnlyAsksKeyboardInteractiveGetsThePassword() throws Exception {
        Server kbd = servers.get("kbd");
        trust("kbd");
        try (SshSession s = connector.open(kbd)) {
            assertEquals("root\n", s.run("id -un", null, Duration.ofSeconds(10)).stdout());
        }
    }

    @Test
    void passwordSudoAndPassphraseKeysWorkForSingleCommands() throws Exception {
        trust("sudo", "ppk");
        try (SshSession s = connector.open(servers.get("sudo"))) {
            ExecResult r = s.sudo().run("id -u; cat /proc/self/cmdline | tr '\\0' ' '", Duration.ofSeconds(20));
            assertTrue(r.ok(), r.toString());
            assertTrue(r.stdout().startsWith("0\n"), r.stdout());
            assertFalse(r.stdout().contains("ops pass"), "the password is never on a command line");
        }
        passphrases.put("ppk", "not the passphrase");
        try {
            RemoteException e = assertThrows(RemoteException.class, () -> connector.open(servers.get("ppk")));
            assertEquals(RemoteException.Reason.AUTH_FAILED, e.reason());
        } finally {
            passphrases.put("ppk", "ecdsa secret");
        }
        try (SshSession s = connector.open(servers.get("ppk"))) {
            assertNotNull(s);
        }
    }
}
