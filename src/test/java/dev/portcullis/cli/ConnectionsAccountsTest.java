package dev.portcullis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.conntrack.AccountActivity;
import dev.portcullis.conntrack.AccountMember;
import dev.portcullis.conntrack.AccountRefusal;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.conntrack.WatchStatus;
import dev.portcullis.model.AuthKind;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.Protocol;
import dev.portcullis.model.Server;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connections}: per account on a shared port its devices and refusals, and the watcher's state. */
class ConnectionsAccountsTest {

    private static final Server SERVER = new Server(1, "vps1", "198.18.0.5", 22, "root", AuthKind.PASSWORD, null, false);
    private static final List<LimitEntry> ACCOUNTS = List.of(LimitEntry.ofAccount(443, "alice@x", 1),
            LimitEntry.ofAccount(443, "$(reboot) bob@x", 2).withObserve(true));
    private static final Snapshot REPORT = new Snapshot(List.of(), List.of(), 0, 0, 0, List.of(), 0).withAccounts(List.of(
            new AccountActivity(443, Protocol.TCP, "alice@x", List.of(new AccountMember("198.51.100.7/32", 97)),
                    List.of(new AccountRefusal("203.0.113.9/32", 4, 115, false))),
            new AccountActivity(443, Protocol.TCP, "$(reboot) bob@x", List.of(new AccountMember("2001:db8::/64", 12)),
                    List.of(new AccountRefusal("203.0.113.10/32", 7, 0, true)))),
            new WatchStatus(WatchStatus.State.RUNNING, "/var/log/xray/access.log"));

    @TempDir
    Path tmp;

    private record Printed(String out, String err) {
    }

    private Printed print(Snapshot s, boolean json) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of(), null, tmp, Duration.ofSeconds(5)));
        ConnectionsCommand command = new ConnectionsCommand(context);
        command.json = json;
        command.accountEntries = ACCOUNTS;
        command.print(SERVER, s);
        return new Printed(out.toString().replace(System.lineSeparator(), "\n"), err.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void jsonHasTheContractsAccountsAndWatch() throws Exception {
        Printed p = print(REPORT, true);
        assertEquals("", p.err());
        JsonNode doc = new ObjectMapper().readTree(p.out());
        assertEquals(List.of("server", "ports", "connections", "accounts", "watch"), CliRunner.fieldNames(doc));
        assertEquals("{\"state\":\"running\",\"log\":\"/var/log/xray/access.log\"}", doc.get("watch").toString());
        JsonNode alice = doc.get("accounts").get(0);
        assertEquals(List.of("port", "proto", "account", "max", "observe", "members", "refused", "observed"),
                CliRunner.fieldNames(alice));
        assertEquals("{\"port\":443,\"proto\":\"tcp\",\"account\":\"alice@x\",\"max\":1,\"observe\":false,"
                + "\"members\":[{\"network\":\"198.51.100.7/32\",\"idleLeftSeconds\":97}],"
                + "\"refused\":[{\"network\":\"203.0.113.9/32\",\"count\":4,\"secondsLeft\":115}],\"observed\":[]}", alice.toString());
        JsonNode bob = doc.get("accounts").get(1);
        assertEquals("$(reboot) bob@x", bob.get("account").asText(), "data, shown as it is");
        assertTrue(bob.get("observe").asBoolean());
        assertEquals("[{\"network\":\"203.0.113.10/32\",\"count\":7}]", bob.get("observed").toString());
    }

    @Test
    void textShowsDevicesRefusalsAndObservations() {
        Printed p = print(REPORT, false);
        assertEquals("", p.err());
        assertTrue(p.out().contains("accounts: watcher running, log /var/log/xray/access.log\n"), p.out());
        assertTrue(p.out().contains("443   tcp    alice@x          1    1        4        0         enforce"), p.out());
        assertTrue(p.out().contains("$(reboot) bob@x  2    1        0        7         observe"), p.out());
        assertFalse(p.out().contains("PORT  PROTO  MODE"), "no table of port entries when there are none");
        assertTrue(p.out().contains("198.51.100.7/32  97 s"), p.out());
        assertTrue(p.out().contains("203.0.113.9/32   4      115 s"), p.out());
        assertTrue(p.out().contains("203.0.113.10/32  7      observed"), p.out());
    }

    @Test
    void aWatcherThatDoesNotEnforceIsAWarning() throws Exception {
        Snapshot noLog = REPORT.withAccounts(REPORT.accounts(), new WatchStatus(WatchStatus.State.NO_LOG, ""));
        Printed p = print(noLog, false);
        assertTrue(p.out().contains("accounts: watcher no-log\n"), p.out());
        assertEquals(1, p.err().lines().count(), p.err());
        assertTrue(p.err().startsWith("portcullis: warning: vps1: the server has no access log to follow, so account limits"
                + " are not enforced: set \"log\": {\"access\": \"/var/log/xray/access.log\"}"), p.err());
        assertTrue(p.err().contains("portcullis server set vps1 --access-log PATH"), p.err());

        Printed stopped = print(REPORT.withAccounts(REPORT.accounts(), new WatchStatus(WatchStatus.State.STOPPED, "/l")), true);
        assertEquals("stopped", new ObjectMapper().readTree(stopped.out()).get("watch").get("state").asText());
        assertTrue(stopped.err().contains("watcher is not running"), stopped.err());

        Printed old = print(new Snapshot(List.of(), List.of(), 0, 0, 0, List.of(), 0), false);
        assertTrue(old.err().contains("does not report on account limits"), old.err());
    }
}
