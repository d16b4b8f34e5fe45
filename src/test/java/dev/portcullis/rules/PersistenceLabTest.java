package dev.portcullis.rules;

import static dev.portcullis.lab.LabClient.Outcome.OK;
import static dev.portcullis.lab.LabClient.Outcome.REFUSED;
import static dev.portcullis.rules.LimitsScriptLabTest.INSTALLED;
import static dev.portcullis.rules.LimitsScriptLabTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.lab.LabClient;
import dev.portcullis.lab.LabClient.Connection;
import dev.portcullis.lab.Shell;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits that must survive other tools wiping the firewall (nft flush ruleset, a netfilter-persistent
 * reload of a file saved before the apply, a flush while only cron runs) and must not come back
 * after {@code remove} from a file saved while they were installed. No systemd runs in the lab, so
 * what the timer, the drop-ins and cron would start is run directly, as they would run it.
 */
class PersistenceLabTest extends ScriptServerLab {

    static final String PLUGINS = "/usr/share/netfilter-persistent/plugins.d";
    static final int CONN_PORT = 7001;
    static final int DEV_PORT = 7002;

    private LabClient c1;
    private LabClient c2;

    @BeforeEach
    void startClients() {
        vps.host().startEchoServer(CONN_PORT, DEV_PORT);
        c1 = lab.host("c1").client();
        c2 = lab.host("c2").client();
    }

    /** Both families' rules without counters and comments (the dump's date). */
    String iptablesSave() {
        return (vps.exec("iptables-save").stdout() + vps.exec("ip6tables-save").stdout())
                .replaceAll("\\[\\d+:\\d+\\]", "").replaceAll("(?m)^#.*\n", "");
    }

    /** systemd's own check of unit files (with their drop-ins): no error, no warning. */
    void assertUnitsValid(String... units) {
        List<String> command = new ArrayList<>(List.of("env", "SYSTEMD_LOG_LEVEL=notice", "systemd-analyze", "verify", "--man=no"));
        command.addAll(List.of(units));
        Shell.Result r = vps.exec(command.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr().strip(), "systemd-analyze verify " + List.of(units));
    }

    Shell.Result sh(String script) {
        return vps.exec("bash", "-c", script);
    }

    static final List<LimitEntry> ENTRIES = List.of(
            LimitEntry.of(CONN_PORT, LimitMode.CONNECTIONS, 2),
            LimitEntry.of(DEV_PORT, LimitMode.DEVICES, 1));

    void deploy() {
        ok(LabScript.deploy(vps, ENTRIES));
    }

    /** netfilter-persistent as Debian ships it: run-parts over plugins that restore the saved files. */
    void installNetfilterPersistentPlugins() {
        vps.writeFile(PLUGINS + "/15-ip4tables", "#!/bin/sh\ncase \"$1\" in start|restart|reload|force-reload)"
                + " /usr/sbin/iptables-restore < /etc/iptables/rules.v4 ;; esac\n");
        vps.writeFile(PLUGINS + "/25-ip6tables", "#!/bin/sh\ncase \"$1\" in start|restart|reload|force-reload)"
                + " /usr/sbin/ip6tables-restore < /etc/iptables/rules.v6 ;; esac\n");
        ok(vps.exec("chmod", "0755", PLUGINS + "/15-ip4tables", PLUGINS + "/25-ip6tables"));
    }

    Shell.Result netfilterPersistentReload() {
        return vps.exec("run-parts", "--arg=reload", PLUGINS);
    }

    void saveRules() {
        ok(sh("mkdir -p /etc/iptables && iptables-save > /etc/iptables/rules.v4 && ip6tables-save > /etc/iptables/rules.v6"));
    }

    void addOthersRules() {
        ok(vps.exec("iptables", "-A", "INPUT", "-s", "198.18.250.9", "-j", "ACCEPT"));
        ok(vps.exec("ip6tables", "-A", "INPUT", "-s", "fd00:18:fa::9", "-j", "ACCEPT"));
    }

    /** Both limits hold: the first 2 connections work, the 3rd is reset; one device in, another refused. */
    List<Connection> assertLimitsHold(String when) {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Connection c = c1.tcp(vps.ipv4(), CONN_PORT);
            assertEquals(OK, c.outcome(), when + ": connection " + (i + 1) + " of 2");
            held.add(c);
        }
        assertEquals(REFUSED, c1.tcp(vps.ipv4(), CONN_PORT).outcome(), when + ": the 3rd connection is reset");
        Connection device = c1.tcp(vps.ipv4(), DEV_PORT);
        assertEquals(OK, device.outcome(), when + ": the first device");
        held.add(device);
        assertEquals(REFUSED, c2.tcp(vps.ipv4(), DEV_PORT).outcome(), when + ": a second device is refused");
        for (Connection c : held) {
            assertEquals(OK, c1.probe(c), when + ": allowed connections keep working");
        }
        return held;
    }

    void closeAll(List<Connection> held) {
        held.forEach(c1::close);
    }

    /** Neither limit is there: more connections than the limit from both clients. */
    void assertNoLimits(String when) {
        for (int i = 0; i < 3; i++) {
            assertEquals(OK, c1.tcp(vps.ipv4(), CONN_PORT).outcome(), when + ": no connection limit");
        }
        assertEquals(OK, c2.tcp(vps.ipv4(), DEV_PORT).outcome(), when + ": no devices limit");
    }

    // ---- under a running systemd: systemd is asked only for what changed ----------------------

    static final String SYSTEMCTL_LOG = "/run/systemctl.log";

    /**
     * systemctl as a running systemd answers the script (systemd itself cannot run in the lab):
     * enable and disable make and take the .wants links, start and stop mark a unit active, and
     * every call is logged.
     */
    void standInSystemctl() {
        ok(vps.exec("mkdir", "-p", "/run/systemd/system"));
        vps.writeFile("/usr/local/sbin/systemctl", """
                #!/bin/bash
                echo "$*" >>%s
                units=/etc/systemd/system
                wants() { if [[ $1 == *.timer ]]; then echo "$units/timers.target.wants"; else echo "$units/multi-user.target.wants"; fi; }
                cmd=$1 now=0
                shift
                while [[ ${1:-} == --* ]]; do if [[ $1 == --now ]]; then now=1; fi; shift; done
                case $cmd in
                    enable) mkdir -p "$(wants "$1")" && ln -sfn "$units/$1" "$(wants "$1")/$1"; if ((now)); then touch "/run/active.$1"; fi ;;
                    disable) rm -f "$(wants "$1")/$1"; if ((now)); then rm -f "/run/active.$1"; fi ;;
                    start | restart) touch "/run/active.$1" ;;
                    stop) rm -f "/run/active.$1" ;;
                    is-active) [[ -e /run/active.$1 ]] ;;
                esac
                """.formatted(SYSTEMCTL_LOG));
        ok(vps.exec("chmod", "0755", "/usr/local/sbin/systemctl"));
    }

    /** The systemctl calls since the last look, and a fresh log. */
    List<String> systemctlCalls() {
        List<String> calls = vps.exec("cat", SYSTEMCTL_LOG).stdout().lines().toList();
        ok(vps.exec("rm", "-f", SYSTEMCTL_LOG));
        return calls;
    }

    @Test
    void underSystemdAnApplyWhoseUnitsAreCurrentAsksSystemdForNothing_aChangedUnitIsWrittenAndReloadedOnce() {
        standInSystemctl();
        deploy();
        List<String> first = systemctlCalls();
        assertTrue(first.contains("daemon-reload"), first.toString());
        assertTrue(first.contains("enable portcullis-limits.service"), first.toString());
        assertTrue(first.contains("enable --now portcullis-limits-check.timer"), first.toString());
        assertTrue(first.contains("enable portcullis-history.service"), first.toString());
        String unit = vps.readFile("/etc/systemd/system/portcullis-limits.service");
        String timer = vps.readFile("/etc/systemd/system/portcullis-limits-check.timer");

        // Another limit: a full apply, the units as they were: no daemon-reload, no enable.
        ok(vps.exec(INSTALLED, "add", Integer.toString(CONN_PORT + 2), "5", "--mode", "connections"));
        List<String> again = systemctlCalls();
        assertFalse(again.stream().anyMatch(c -> c.equals("daemon-reload") || c.startsWith("enable")), again.toString());
        assertEquals(unit, vps.readFile("/etc/systemd/system/portcullis-limits.service"));
        closeAll(assertLimitsHold("after an apply that left the units alone"));

        // A unit edited by hand is written back, and systemd reads the units again, once.
        vps.writeFile("/etc/systemd/system/portcullis-limits.service", "[Unit]\nDescription=edited\n");
        ok(vps.exec(INSTALLED, "del", Integer.toString(CONN_PORT + 2)));
        List<String> edited = systemctlCalls();
        assertEquals(1, edited.stream().filter("daemon-reload"::equals).count(), edited.toString());
        assertEquals(unit, vps.readFile("/etc/systemd/system/portcullis-limits.service"));
        assertEquals(timer, vps.readFile("/etc/systemd/system/portcullis-limits-check.timer"));

        // A timer stopped by hand is started again; a missing link is enabled again.
        ok(vps.exec("rm", "-f", "/run/active.portcullis-limits-check.timer",
                "/etc/systemd/system/multi-user.target.wants/portcullis-limits.service"));
        ok(vps.exec(INSTALLED, "add", Integer.toString(CONN_PORT + 2), "5", "--mode", "connections"));
        List<String> stopped = systemctlCalls();
        assertTrue(stopped.contains("start portcullis-limits-check.timer"), stopped.toString());
        assertTrue(stopped.contains("enable portcullis-limits.service"), stopped.toString());
        assertFalse(stopped.contains("daemon-reload"), stopped.toString());

        ok(vps.exec(INSTALLED, "remove"));
        assertNotEquals(0, vps.exec("test", "-e", "/etc/systemd/system/portcullis-limits.service").exitCode());
        assertNotEquals(0, vps.exec("test", "-e", "/etc/systemd/system/timers.target.wants/portcullis-limits-check.timer").exitCode());
    }

    // ---- a flush, a reload of an old file, cron: the self-check puts the limits back ----------

    @Test
    void selfCheckPutsBackWhatFlushesAndReloadsRemoved_andLeavesRulesInForceAlone() {
        addOthersRules();
        saveRules(); // saved before the apply: it holds no Portcullis rules
        installNetfilterPersistentPlugins();
        deploy();
        String applied = iptablesSave();

        // Timer (systemd not running: enabled as systemctl would), unit timeouts, the plugin, cron.
        assertEquals(0, vps.exec("test", "-L", "/etc/systemd/system/timers.target.wants/portcullis-limits-check.timer").exitCode());
        String check = vps.readFile("/etc/systemd/system/portcullis-limits-check.service");
        assertTrue(check.contains("ExecStart=" + INSTALLED + " selfcheck\n"), check);
        assertTrue(check.contains("TimeoutStartSec="), check);
        assertTrue(vps.readFile("/etc/systemd/system/portcullis-limits.service").contains("TimeoutStartSec="));
        assertTrue(vps.readFile("/etc/systemd/system/portcullis-limits.service").contains("nftables.service"));
        assertTrue(vps.readFile(PLUGINS + "/95-portcullis").contains(INSTALLED + " selfcheck"));
        assertUnitsValid("/etc/systemd/system/portcullis-limits.service", "/etc/systemd/system/portcullis-limits-check.service",
                "/etc/systemd/system/portcullis-limits-check.timer");

        // In force: the self-check changes nothing, says nothing, and the count survives it.
        List<Connection> held = assertLimitsHold("after the apply");
        Shell.Result quiet = ok(vps.exec(INSTALLED, "selfcheck"));
        assertEquals("", quiet.stdout() + quiet.stderr());
        assertEquals(applied, iptablesSave());
        assertEquals(REFUSED, c1.tcp(vps.ipv4(), CONN_PORT).outcome(), "the count was not reset by the self-check");
        closeAll(held);

        // 1. nft flush ruleset (what Debian's /etc/nftables.conf starts with): everything gone.
        ok(vps.exec("nft", "flush", "ruleset"));
        assertNoLimits("after nft flush ruleset");
        Shell.Result status = vps.exec(INSTALLED, "status");
        assertEquals(1, status.exitCode(), status.stdout() + status.stderr());
        for (String part : List.of("IPv4 chain", "IPv6 chain", "IPv4 jump", "IPv6 jump", "devices table")) {
            assertTrue(status.stderr().contains(part), "status names " + part + ": " + status.stderr());
            assertTrue(status.stdout().contains(part), "status row names " + part + ": " + status.stdout());
        }
        for (int port : List.of(CONN_PORT, DEV_PORT)) {
            assertTrue(status.stdout().lines().anyMatch(l -> l.startsWith(port + " ")),
                    "status reports every entry before it ends: " + status.stdout());
        }
        Shell.Result restored = ok(vps.exec(INSTALLED, "selfcheck"));
        assertTrue(restored.stderr().contains("limits not in force") && restored.stderr().contains("put back"), restored.stderr());
        ok(vps.exec(INSTALLED, "status"));
        closeAll(assertLimitsHold("after the self-check following nft flush ruleset"));

        // 2. netfilter-persistent reload of files saved before the apply: its own plugin puts them back.
        ok(netfilterPersistentReload());
        assertTrue(vps.exec("iptables-save").stdout().contains("-A INPUT -s 198.18.250.9/32 -j ACCEPT"), "the reload ran");
        ok(vps.exec(INSTALLED, "status"));
        closeAll(assertLimitsHold("after netfilter-persistent reload"));

        // 3. Only cron runs (cron's default PATH has no /usr/sbin): its lines still work.
        String cron = vps.readFile("/etc/cron.d/portcullis-limits");
        List<String> commands = cron.lines().filter(l -> l.startsWith("@reboot ") || l.startsWith("* * * * * "))
                .map(l -> l.substring(l.indexOf(" root ") + " root ".length())).toList();
        assertEquals(2, commands.size(), cron);
        for (String command : commands) {
            for (String ipt : List.of("iptables", "ip6tables")) {
                ok(vps.exec(ipt, "-D", "INPUT", "-m", "conntrack", "--ctstate", "NEW", "-j", "PORTCULLIS"));
                ok(vps.exec(ipt, "-F", "PORTCULLIS"));
                ok(vps.exec(ipt, "-X", "PORTCULLIS"));
            }
            ok(vps.exec("nft", "delete", "table", "inet", "portcullis"));
            assertNoLimits("after a flush");
            ok(vps.exec("env", "-i", "PATH=/usr/bin:/bin", "SHELL=/bin/sh", "/bin/sh", "-c", command));
            ok(vps.exec(INSTALLED, "status"));
            closeAll(assertLimitsHold("after cron ran " + command));
        }
    }

    // ---- what held before and must keep holding: ufw, the legacy backend -------------------------

    @Test
    void ufwReloadDisableAndEnableLeaveTheLimitsInForce() {
        ok(vps.exec("ufw", "default", "allow", "incoming"));
        ok(vps.exec("ufw", "--force", "enable"));
        deploy();
        closeAll(assertLimitsHold("with ufw enabled"));
        for (List<String> command : List.of(List.of("ufw", "reload"), List.of("ufw", "disable"),
                List.of("ufw", "--force", "enable"))) {
            ok(vps.exec(command.toArray(String[]::new)));
            ok(vps.exec(INSTALLED, "status"));
            Shell.Result check = ok(vps.exec(INSTALLED, "selfcheck"));
            assertEquals("", check.stderr(), "nothing to put back after " + command);
            closeAll(assertLimitsHold("after " + String.join(" ", command)));
        }
    }

    @Test
    void onTheLegacyBackendTheSelfCheckRestoresThereAndOnlyThere() {
        ok(vps.exec("iptables-legacy", "-A", "INPUT", "-s", "198.18.250.9", "-j", "ACCEPT"));
        deploy();
        assertTrue(vps.exec("iptables-legacy", "-S", "PORTCULLIS").ok(), "installed in the legacy tables");
        closeAll(assertLimitsHold("on the legacy backend"));
        for (String ipt : List.of("iptables-legacy", "ip6tables-legacy")) {
            ok(vps.exec(ipt, "-D", "INPUT", "-m", "conntrack", "--ctstate", "NEW", "-j", "PORTCULLIS"));
            ok(vps.exec(ipt, "-F", "PORTCULLIS"));
            ok(vps.exec(ipt, "-X", "PORTCULLIS"));
        }
        Shell.Result restored = ok(vps.exec(INSTALLED, "selfcheck"));
        assertTrue(restored.stderr().contains("put back"), restored.stderr());
        assertTrue(vps.exec("iptables-legacy", "-S", "PORTCULLIS").ok(), "back in the legacy tables");
        assertNotEquals(0, vps.exec("iptables-nft", "-S", "PORTCULLIS").exitCode(), "nothing in the unused backend");
        closeAll(assertLimitsHold("after the self-check on the legacy backend"));
    }

    // ---- remove: nothing comes back from saved files, hooks gone -------------------------------

    @Test
    void afterRemoveARestoreOfFilesSavedWhileInstalledBringsNothingBack() {
        // Services whose start or reload replaces the ruleset: nftables (reloadable), netfilter-persistent (not).
        vps.writeFile("/etc/systemd/system/nftables.service",
                "[Service]\nType=oneshot\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\nExecReload=/usr/sbin/nft -f /etc/nftables.conf\n");
        vps.writeFile("/etc/systemd/system/netfilter-persistent.service",
                "[Service]\nType=oneshot\nExecStart=/bin/run-parts --arg=start " + PLUGINS + "\n");
        addOthersRules();
        installNetfilterPersistentPlugins();
        deploy();
        String nftDropIn = vps.readFile("/etc/systemd/system/nftables.service.d/portcullis-limits.conf");
        assertTrue(nftDropIn.contains("ExecStartPost=-") && nftDropIn.contains("start portcullis-limits-check.service"), nftDropIn);
        assertTrue(nftDropIn.contains("ExecReload=-"), nftDropIn);
        String nfpDropIn = vps.readFile("/etc/systemd/system/netfilter-persistent.service.d/portcullis-limits.conf");
        assertTrue(nfpDropIn.contains("ExecStartPost=-"), nfpDropIn);
        assertFalse(nfpDropIn.contains("ExecReload"), "a service that had no reload gets none: " + nfpDropIn);
        assertNotEquals(0, vps.exec("test", "-e", "/etc/systemd/system/firewalld.service.d").exitCode(), "no drop-in for what is not installed");
        assertUnitsValid("/etc/systemd/system/nftables.service", "/etc/systemd/system/netfilter-persistent.service");

        saveRules(); // saved while installed: holds the chain and the jumps
        ok(sh("nft list ruleset > /etc/nftables.conf"));
        assertTrue(vps.readFile("/etc/iptables/rules.v4").contains("PORTCULLIS"));

        Shell.Result removed = ok(vps.exec(INSTALLED, "remove"));
        assertTrue(removed.stdout().contains("/etc/iptables/rules.v4") && removed.stdout().contains("/etc/iptables/rules.v6"), removed.stdout());
        assertTrue(removed.stderr().contains("/etc/nftables.conf holds Portcullis rules"), removed.stderr());
        for (String file : List.of("/etc/iptables/rules.v4", "/etc/iptables/rules.v6")) {
            String saved = vps.readFile(file);
            assertFalse(saved.contains("PORTCULLIS"), saved);
            assertTrue(saved.contains("-A INPUT -s "), "others' rules stay: " + saved);
        }
        for (String path : List.of("/etc/systemd/system/nftables.service.d", "/etc/systemd/system/netfilter-persistent.service.d",
                PLUGINS + "/95-portcullis", "/etc/systemd/system/portcullis-limits-check.timer",
                "/etc/systemd/system/portcullis-limits-check.service",
                "/etc/systemd/system/timers.target.wants/portcullis-limits-check.timer", "/etc/cron.d/portcullis-limits")) {
            assertNotEquals(0, vps.exec("test", "-e", path).exitCode(), path + " should be gone");
        }
        assertTrue(vps.exec("test", "-f", "/etc/systemd/system/nftables.service").ok(), "the service itself stays");

        ok(netfilterPersistentReload());
        assertFalse(vps.exec("iptables-save").stdout().contains("PORTCULLIS"));
        assertFalse(vps.exec("ip6tables-save").stdout().contains("PORTCULLIS"));
        assertTrue(vps.exec("iptables-save").stdout().contains("-A INPUT -s 198.18.250.9/32 -j ACCEPT"));
        assertNoLimits("after remove and a netfilter-persistent reload");
    }

    @Test
    void aSavedFileRemoveCannotEditIsNamedWithWhatToDo() {
        deploy();
        saveRules();
        // rules.v4 made read-only (a bind mount of itself): it cannot be replaced.
        ok(sh("mount --bind /etc/iptables/rules.v4 /etc/iptables/rules.v4 && mount -o remount,ro,bind /etc/iptables/rules.v4"));
        Shell.Result removed = ok(vps.exec(INSTALLED, "remove"));
        assertTrue(removed.stderr().contains("could not edit /etc/iptables/rules.v4: delete its lines with PORTCULLIS"), removed.stderr());
        assertTrue(removed.stdout().contains("removed the Portcullis rules from /etc/iptables/rules.v6"), removed.stdout());
        assertNotEquals(0, vps.exec("test", "-e", "/etc/iptables/rules.v4.portcullis-tmp").exitCode(), "no temporary file left");
        assertFalse(vps.exec("iptables-save").stdout().contains("PORTCULLIS"), "the running rules are gone all the same");
    }
}
