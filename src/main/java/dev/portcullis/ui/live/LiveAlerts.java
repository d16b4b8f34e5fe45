package dev.portcullis.ui.live;

import dev.portcullis.conntrack.OverLimitAlerts;
import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.TerminalText;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Desktop notices while the window runs: each live poll goes through the server's
 * {@link OverLimitAlerts} (which decides, at most once per entry per quiet period) and each alert
 * due becomes one notice, worded in the window's language.
 */
public final class LiveAlerts {

    /** Shows one notice: its title and its text (server text already escaped). */
    @FunctionalInterface
    public interface Notifier {
        void show(String title, String text);
    }

    private final Map<String, OverLimitAlerts> perServer = new HashMap<>();
    private final Duration quiet;
    private final Clock clock;
    private final Supplier<ResourceBundle> bundle;
    private final Notifier notifier;

    public LiveAlerts(Duration quiet, Clock clock, Supplier<ResourceBundle> bundle, Notifier notifier) {
        this.quiet = quiet;
        this.clock = clock;
        this.bundle = bundle;
        this.notifier = notifier;
    }

    /** Checks one snapshot of the named server (on the FX thread) and shows the notices due. */
    public void check(String server, Snapshot snapshot) {
        OverLimitAlerts alerts = perServer.computeIfAbsent(server, s -> new OverLimitAlerts(quiet));
        ResourceBundle texts = bundle.get();
        for (OverLimitAlerts.Alert a : alerts.check(snapshot, clock.instant())) {
            String key = (a.kind() == OverLimitAlerts.Kind.OVER_LIMIT ? "alert.over" : "alert.refusing")
                    + (a.observe() ? "Observe" : "");
            String named = a.account().isEmpty() ? a.label() : a.account();
            String what = named.isEmpty() ? a.key().protocol().id() : a.key().protocol().id() + ", " + named;
            Object third = a.kind() == OverLimitAlerts.Kind.OVER_LIMIT ? a.current() : a.refused();
            String text = MessageFormat.format(texts.getString(key), String.valueOf(a.key().port()),
                    TerminalText.escape(what), third, a.max());
            notifier.show(MessageFormat.format(texts.getString("alert.title"), TerminalText.escape(server)), text);
        }
    }
}
