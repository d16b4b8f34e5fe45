package dev.portcullis.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.history.AddressDay;
import dev.portcullis.model.Protocol;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HistoryOutputTest {

    // 2026-12-01 00:00:00 UTC
    static final long DAY = 1_796_083_200L;
    static final String GOOD = "2026-12-01 7301 tcp - 198.18.0.2 " + (DAY + 10) + " " + (DAY + 70) + " 3 1";

    static String output(String... lines) {
        return "@@portcullis history\n" + String.join("\n", lines) + (lines.length == 0 ? "" : "\n")
                + "@@portcullis history-end\n";
    }

    @Test
    void readsEveryField_portAndAccountLines_ipv4AndIpv6() throws Exception {
        List<AddressDay> days = HistoryOutput.parse(output(GOOD,
                "2026-12-01 443 both ali%40example.com fd00::1:2 " + DAY + " " + (DAY + 86_399) + " 0 12"));
        assertEquals(List.of(
                new AddressDay(LocalDate.of(2026, 12, 1), 7301, Protocol.TCP, "", "198.18.0.2",
                        Instant.ofEpochSecond(DAY + 10), Instant.ofEpochSecond(DAY + 70), 3, 1),
                new AddressDay(LocalDate.of(2026, 12, 1), 443, Protocol.BOTH, "ali@example.com", "fd00::1:2",
                        Instant.ofEpochSecond(DAY), Instant.ofEpochSecond(DAY + 86_399), 0, 12)), days);
        assertEquals(List.of(), HistoryOutput.parse(output()));
    }

    @Test
    void sinceIsTheNewestFetchedMinusTheMargin() {
        assertEquals(0, ServerHistory.since(null));
        assertEquals(DAY - 600, ServerHistory.since(Instant.ofEpochSecond(DAY)));
        assertEquals(0, ServerHistory.since(Instant.ofEpochSecond(5)));
        assertEquals("/usr/local/sbin/portcullis-limits history --since 42", ServerHistory.historyCommand(42));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "day|2026-13-01 7301 tcp - 198.18.0.2 1796083210 1796083270 3 1",
        "port|2026-12-01 0 tcp - 198.18.0.2 1796083210 1796083270 3 1",
        "port|2026-12-01 65536 tcp - 198.18.0.2 1796083210 1796083270 3 1",
        "protocol|2026-12-01 7301 icmp - 198.18.0.2 1796083210 1796083270 3 1",
        "account|2026-12-01 7301 tcp a%0Ab 198.18.0.2 1796083210 1796083270 3 1",
        "account|2026-12-01 7301 tcp a%C3 198.18.0.2 1796083210 1796083270 3 1",
        "account|2026-12-01 7301 tcp a%7F 198.18.0.2 1796083210 1796083270 3 1",
        "address|2026-12-01 7301 tcp - 198.18.0.256 1796083210 1796083270 3 1",
        "address|2026-12-01 7301 tcp - 198.18.0.2/32 1796083210 1796083270 3 1",
        "first seen|2026-12-01 7301 tcp - 198.18.0.2 1796083199 1796083270 3 1",
        "last seen|2026-12-01 7301 tcp - 198.18.0.2 1796083210 1796083209 3 1",
        "last seen|2026-12-01 7301 tcp - 198.18.0.2 1796083210 1796169600 3 1",
        "connections|2026-12-01 7301 tcp - 198.18.0.2 1796083210 1796083270 -3 1",
        "refused|2026-12-01 7301 tcp - 198.18.0.2 1796083210 1796083270 3 1x",
        "refused|2026-12-01 7301 tcp - 198.18.0.2 1796083210 1796083270 3 99999999999999999999",
    })
    void oneBadFieldRefusesTheOutput_namingLineAndField(String field, String line) {
        HistoryFormatException e = assertThrows(HistoryFormatException.class,
                () -> HistoryOutput.parse(output(GOOD, line)));
        assertEquals(HistoryFormatException.Problem.FIELD, e.problem(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(3, e.lineNumber());
    }

    @Test
    void wrongFieldCountCutOutputAndControlCharacters() {
        HistoryFormatException fields = assertThrows(HistoryFormatException.class,
                () -> HistoryOutput.parse(output("2026-12-01 7301 tcp - 198.18.0.2 1 2 3")));
        assertEquals(HistoryFormatException.Problem.FIELDS, fields.problem());
        HistoryFormatException cut = assertThrows(HistoryFormatException.class,
                () -> HistoryOutput.parse("@@portcullis history\n" + GOOD + "\n"));
        assertEquals(HistoryFormatException.Problem.INCOMPLETE, cut.problem());
        HistoryFormatException escaped = assertThrows(HistoryFormatException.class,
                () -> HistoryOutput.parse(output("\u001b[2J 7301 tcp - 198.18.0.2 1 2 3 4")));
        assertTrue(escaped.line().startsWith("\\u001b[2J"), escaped.line());
    }

    @Test
    void disconnectChecksTheAddressBeforeRunningAnything() {
        ServerHistory.checkAddress("fd00::2");
        ServerHistory.checkAddress("198.18.0.2");
        for (String bad : new String[] {"198.18.0.2/32", "fe80::1%eth0", "x; reboot", "", "1.2.3"}) {
            assertThrows(dev.portcullis.model.ValidationException.class, () -> ServerHistory.checkAddress(bad), bad);
        }
        assertEquals("/usr/local/sbin/portcullis-limits disconnect fd00::2 443", ServerHistory.disconnectCommand("fd00::2", 443));
    }
}
