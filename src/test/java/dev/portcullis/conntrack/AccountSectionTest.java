package dev.portcullis.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watcher's report in a poll: read strictly, hostile lines counted and skipped. */
class AccountSectionTest {

    static final List<LimitEntry> ENTRIES = List.of(
            LimitEntry.of(443, LimitMode.DEVICES, 50),
            LimitEntry.ofAccount(443, "alice@x", 1),
            LimitEntry.ofAccount(443, "bob y@x", 2).withObserve(true).withProtocol(Protocol.BOTH),
            LimitEntry.ofAccount(8443, "off@x", 2).withEnabled(false));

    private static AccountSection read(String... lines) {
        AccountSection s = new AccountSection(ENTRIES);
        s.begin();
        for (String l : lines) {
            s.line(l);
        }
        return s;
    }

    @Test
    void readsMembersRefusalsObservationsAndTheWatcher() {
        AccountSection s = read(
                "watch running %2Fvar%2Flog%2Fxray%2Faccess.log",
                "member 443 tcp alice%40x 198.51.100.7/32 97",
                "refused 443 tcp alice%40x 203.0.113.9/32 4 115",
                "member 443 both bob%20y%40x 2001:DB8:0:0::/64 12",
                "member 443 both bob%20y%40x 198.51.100.7/32 120",
                "observed 443 both bob%20y%40x 203.0.113.0/32 7",
                "");
        assertEquals(0, s.malformed());
        assertEquals(new WatchStatus(WatchStatus.State.RUNNING, "/var/log/xray/access.log"), s.watch());
        assertEquals(List.of(
                new AccountActivity(443, Protocol.TCP, "alice@x", List.of(new AccountMember("198.51.100.7/32", 97)),
                        List.of(new AccountRefusal("203.0.113.9/32", 4, 115, false))),
                new AccountActivity(443, Protocol.BOTH, "bob y@x",
                        List.of(new AccountMember("2001:db8::/64", 12), new AccountMember("198.51.100.7/32", 120)),
                        List.of(new AccountRefusal("203.0.113.0/32", 7, 0, true)))), s.accounts(),
                "one per enabled account entry; IPv6 in canonical form");
    }

    @Test
    void everyWatchStateAndNoLog() {
        assertEquals(new WatchStatus(WatchStatus.State.NO_LOG, ""), read("watch no-log -").watch());
        assertEquals(WatchStatus.State.STOPPED, read("watch stopped %2Fl").watch().state());
        assertEquals(WatchStatus.State.NOT_NEEDED, read("watch not-needed -").watch().state());
        assertEquals(WatchStatus.UNKNOWN, new AccountSection(ENTRIES).watch(), "no report from an older script");
        assertEquals(List.of(), new AccountSection(ENTRIES).accounts(), "no section: no activity to show");
        assertEquals(2, read().accounts().size(), "a section without lines: every enabled account entry, idle");
    }

    @Test
    void hostileLinesAreCountedSkippedAndShownEscaped() {
        List<String> hostile = List.of(
                "member 443 tcp alice@x 198.51.100.7/32 97",               // not percent-encoded
                "member 443 tcp alice%40x%0A 198.51.100.7/32 97",          // a control character in the account
                "member 443 tcp alice%c2%40x 198.51.100.7/32 97",          // lower-case hex: not canonical
                "member 443 tcp %24%28reboot%29 198.51.100.7/32 97; reboot", // a word too many
                "member 443 tcp alice%40x 198.51.100.7 97",                // no prefix
                "member 443 tcp alice%40x 198.51.100.7/33 97",
                "member 443 tcp alice%40x $(id)/32 97",
                "member 0 tcp alice%40x 198.51.100.7/32 97",
                "member 65536 tcp alice%40x 198.51.100.7/32 97",
                "member 443 sctp alice%40x 198.51.100.7/32 97",
                "member 443 tcp alice%40x 198.51.100.7/32 -1",
                "member 443 tcp alice%40x 198.51.100.7/32 1000000",
                "member 443 tcp alice%40x 198.51.100.7/32 97 extra",
                "member  443 tcp alice%40x 198.51.100.7/32 97",
                "refused 443 tcp alice%40x 203.0.113.9/32 99999999999999999999 5",
                "refused 443 tcp alice%40x 203.0.113.9/32 4",
                "observed 443 tcp alice%40x 203.0.113.9/32 4 5",
                "watch running access.log",
                "watch running %2Fvar%2Flog%0A",
                "watch exploded -",
                "watch",
                "\u001b[2J\u001b[Hmember 443 tcp alice%40x 198.51.100.7/32 97",
                "member 443 tcp " + "%41".repeat(129) + " 198.51.100.7/32 1",
                "x".repeat(100_000));
        AccountSection s = read(hostile.toArray(String[]::new));
        assertEquals(hostile.size(), s.malformed());
        assertEquals(WatchStatus.UNKNOWN, s.watch());
        assertTrue(s.accounts().stream().allMatch(a -> a.members().isEmpty() && a.refused().isEmpty()), s.accounts().toString());
        assertEquals(ConntrackParser.MAX_SAMPLES, s.malformedSamples().size());
        AccountSection escaped = read("\u001b[2J\u0085member");
        assertEquals(List.of("\\x1b[2J\\x85member"), escaped.malformedSamples());
        assertTrue(read("y".repeat(100_000)).malformedSamples().get(0).length() < 200, "samples are short");
    }

    @Test
    void reportsOnOtherEntriesAreLeftOutAndEachAccountIsBounded() {
        AccountSection s = read("member 443 tcp carol%40x 198.51.100.7/32 97", "member 8443 tcp off%40x 198.51.100.7/32 97",
                "member 443 udp alice%40x 198.51.100.7/32 97");
        assertEquals(0, s.malformed());
        assertEquals(3, s.dropped());
        assertFalse(s.accounts().stream().anyMatch(a -> !a.members().isEmpty()));

        AccountSection many = new AccountSection(ENTRIES);
        many.begin();
        for (int i = 0; i < AccountSection.MAX_PER_ACCOUNT + 100; i++) {
            many.line("member 443 tcp alice%40x 10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256) + "/32 5");
        }
        assertEquals(AccountSection.MAX_PER_ACCOUNT, many.accounts().get(0).members().size());
        assertEquals(100, many.dropped());
    }
}
