package dev.portcullis.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.conntrack.PortSummary;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitMode;
import dev.portcullis.model.Protocol;
import dev.portcullis.ui.live.LiveAlerts;
import dev.portcullis.ui.settings.Appearance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The notices the window shows for entries over their limit: worded, escaped, and once per entry per period. */
class LiveAlertsTest {

    static Snapshot snapshot(PortSummary... ports) {
        return new Snapshot(List.of(ports), List.of(), 0, 0, 0, List.of(), 0);
    }

    @Test
    void oneWordedNoticePerEntryAndPeriodWithServerTextEscaped() {
        List<String> shown = new ArrayList<>();
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        LiveAlerts alerts = new LiveAlerts(Duration.ofMinutes(10), clock, () -> Appearance.bundle(Locale.ENGLISH),
                (title, text) -> shown.add(title + " | " + text));
        PortSummary over = new PortSummary(443, Protocol.TCP, LimitMode.DEVICES, 2, "bob\u001b[31m", false, 9, 0, 9, 3,
                List.of(), 0, true, false);
        PortSummary observed = new PortSummary(8443, Protocol.BOTH, LimitMode.CONNECTIONS, 5, "", true, 4, 0, 4, 2,
                List.of(), 12, false, true);
        alerts.check("fra", snapshot(over, observed));
        alerts.check("fra", snapshot(over, observed));
        alerts.check("ams", snapshot(over));
        assertEquals(List.of(
                "Portcullis: fra | Port 443 (tcp, bob\\x1b[31m) is over its limit: 3 of 2",
                "Portcullis: fra | Port 8443 (both) would refuse clients (observe): 12 so far",
                "Portcullis: ams | Port 443 (tcp, bob\\x1b[31m) is over its limit: 3 of 2"), shown,
                "the second poll of fra is within the quiet period; another server has its own");
    }
}
