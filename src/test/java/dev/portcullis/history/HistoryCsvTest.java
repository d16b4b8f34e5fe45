package dev.portcullis.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCsvTest {

    @Test
    void quotedWhereNeededAndFormulasDefused() {
        Instant t = Instant.parse("2026-11-30T08:10:00Z");
        List<AddressSummary> rows = List.of(
                new AddressSummary("198.18.0.2", t, t.plusSeconds(60), 2, 10, 1, new Origin("DE", 64500, "Example, \"Transit\" GmbH")),
                new AddressSummary("fd00::9", t, t, 1, 1, 0, new Origin("", 0, "=HYPERLINK(\"http://x\")")),
                new AddressSummary("198.18.0.3", t, t, 1, 1, 0, new Origin("", 64501, "+cmd|' /C calc'!A0\nnext")),
                new AddressSummary("198.18.0.4", t, t, 1, 1, 0, new Origin("", 0, "-2+3")),
                new AddressSummary("198.18.0.5", t, t, 1, 1, 0, new Origin("", 0, "@SUM(A1)")));
        StringWriter out = new StringWriter();
        HistoryCsv.write(rows, out);
        assertEquals("address,first_seen,last_seen,days_seen,connections,refused,country,asn,as_name\r\n"
                + "198.18.0.2,2026-11-30T08:10:00Z,2026-11-30T08:11:00Z,2,10,1,DE,64500,\"Example, \"\"Transit\"\" GmbH\"\r\n"
                + "fd00::9,2026-11-30T08:10:00Z,2026-11-30T08:10:00Z,1,1,0,,,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
                + "198.18.0.3,2026-11-30T08:10:00Z,2026-11-30T08:10:00Z,1,1,0,,64501,\"'+cmd|' /C calc'!A0\nnext\"\r\n"
                + "198.18.0.4,2026-11-30T08:10:00Z,2026-11-30T08:10:00Z,1,1,0,,,'-2+3\r\n"
                + "198.18.0.5,2026-11-30T08:10:00Z,2026-11-30T08:10:00Z,1,1,0,,,'@SUM(A1)\r\n", out.toString());
    }
}
