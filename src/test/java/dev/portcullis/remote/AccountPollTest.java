package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.conntrack.AccountActivity;
import dev.portcullis.conntrack.AccountMember;
import dev.portcullis.conntrack.AccountRefusal;
import dev.portcullis.conntrack.ConnectionAggregator;
import dev.portcullis.conntrack.ConntrackParser;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.conntrack.WatchStatus;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accounts section of a poll reaches the snapshot; its bad lines count with the conntrack ones. */
class AccountPollTest {

    private static final List<LimitEntry> ENTRIES = List.of(
            LimitEntry.of(8443, LimitMode.CONNECTIONS_PER_IP, 1).withProtocol(Protocol.BOTH),
            LimitEntry.of(443, LimitMode.DEVICES, 3).withProtocol(Protocol.BOTH),
            LimitEntry.of(9000, LimitMode.CONNECTIONS, 5).withProtocol(Protocol.UDP).withObserve(true),
            LimitEntry.ofAccount(443, "alice@x", 1).withProtocol(Protocol.BOTH));

    private static String output(String accounts) throws IOException {
        String full = ConnectionPollTest.output(true);
        String end = ConnectionPoll.MARK + "end\n";
        return full.substring(0, full.length() - end.length()) + ConnectionPoll.MARK + "accounts\n" + accounts + end;
    }

    @Test
    void theWatchersReportReachesTheSnapshot() throws IOException {
        ConnectionPoll.Output out = ConnectionPoll.parse(output("watch running %2Fvar%2Flog%2Fxray%2Faccess.log\n"
                + "member 443 both alice%40x 198.18.1.2/32 100\nrefused 443 both alice%40x 198.18.1.9/32 3 110\n"
                + "member 443 both alice%40x 198.18.1.2\n\u001b]0;owned\u0007\n"), ENTRIES);
        assertTrue(out.complete());
        assertEquals(java.util.Set.of(new dev.portcullis.conntrack.PortKey(443, Protocol.BOTH)), out.members().keySet());
        assertEquals(4, out.members().values().iterator().next().size(),
                "the port entry's set, untouched by the account entry on the same port");
        List<LimitEntry> ports = ConnectionPoll.portEntries(ENTRIES);
        Snapshot base = new ConnectionAggregator(ports, out.addresses()).aggregate(
                new ConntrackParser().parse(out.conntrack()), out.refused(), null, out.members());
        Snapshot s = out.withAccounts(base);
        assertEquals(3, s.ports().size(), "one summary per port entry, none for the account entry");
        assertEquals(new WatchStatus(WatchStatus.State.RUNNING, "/var/log/xray/access.log"), s.watch());
        assertEquals(List.of(new AccountActivity(443, Protocol.BOTH, "alice@x", List.of(new AccountMember("198.18.1.2/32", 100)),
                List.of(new AccountRefusal("198.18.1.9/32", 3, 110, false)))), s.accounts());
        assertEquals(base.malformed() + 2, s.malformed());
        assertTrue(s.malformedSamples().stream().anyMatch(x -> x.contains("\\x1b]0;owned\\x07")), s.malformedSamples().toString());
        assertTrue(s.malformedSamples().stream().noneMatch(x -> x.chars().anyMatch(Character::isISOControl)));
    }

    @Test
    void anOlderScriptWithoutTheSectionReportsNothing() throws IOException {
        ConnectionPoll.Output out = ConnectionPoll.parse(ConnectionPollTest.output(true), ENTRIES);
        Snapshot s = out.withAccounts(new ConnectionAggregator(ConnectionPoll.portEntries(ENTRIES)).aggregate(
                new ConntrackParser().parse(out.conntrack()), out.refused(), null, out.members()));
        assertEquals(List.of(), s.accounts());
        assertEquals(WatchStatus.UNKNOWN, s.watch());
    }

    @Test
    void theFallbackPollAsksForNoSetOfAnAccountEntry() {
        String script = ConnectionPoll.script(ENTRIES, 1000);
        assertEquals(1, script.split("dev_443_both", -1).length - 1, script);
    }
}
