package dev.portcullis.ui;

import static dev.portcullis.ui.WindowTour.fx;
import static dev.portcullis.ui.WindowTour.show;
import static dev.portcullis.ui.WindowTour.waitFor;

import dev.portcullis.conntrack.Snapshot;
import dev.portcullis.model.LimitEntry;
import dev.portcullis.model.LimitMode;
import dev.portcullis.ui.fx.ControllerLookup;
import dev.portcullis.ui.fx.FxmlLoaderFactory;
import dev.portcullis.ui.fx.FxmlView;
import dev.portcullis.ui.live.ConnectionRow;
import dev.portcullis.ui.live.LiveController;
import dev.portcullis.ui.live.LiveModel;
import dev.portcullis.ui.live.LiveMonitor;
import dev.portcullis.ui.servers.ServerRow;
import dev.portcullis.ui.servers.ServersModel;
import dev.portcullis.ui.settings.Appearance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * Measures responsiveness with 500 servers (in a real store, through the real window) and
 * 10,000 live connection rows (real FXML view fed by the real conntrack parser and aggregator).
 * Prints one line per figure. Run by {@code docs/measure.sh}.
 */
public final class LoadProbe {

    private LoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        Platform.startup(() -> { });
        Platform.setImplicitExit(false);
        servers(500, 4);
        liveRows(10_000);
        Platform.exit();
    }

    private static void servers(int count, int limitsEach) throws Exception {
        Path dataDir = Files.createTempDirectory("portcullis-load");
        long t0 = System.nanoTime();
        DemoData.populate(dataDir, count, limitsEach);
        System.out.printf("store-fill %d servers, %d limits: %d ms%n", count, count * limitsEach, ms(t0));

        DesktopShell shell = show(dataDir);
        Scene scene = fx(() -> shell.window().getScene());
        waitFor(() -> fx(() -> scene.lookup("#passwordField") != null && !scene.lookup("#passwordField").isDisabled()));
        long unlock = System.nanoTime();
        fx(() -> {
            ((PasswordField) scene.lookup("#passwordField")).setText(DemoData.PASSWORD);
            ((Button) scene.lookup("#unlockButton")).fire();
            return null;
        });
        waitFor(() -> fx(() -> {
            TableView<?> list = (TableView<?>) scene.lookup(".servers-table");
            return list != null && list.getItems().size() == count;
        }));
        System.out.printf("unlock + list of %d servers shown: %d ms (includes the deliberately slow key derivation)%n",
                count, ms(unlock));

        // Select servers one after another: each loads its limits from the store off the FX thread.
        List<ServerRow> rows = fx(() -> new ArrayList<>(shell.servers().rows()));
        long worst = 0;
        long total = 0;
        int picks = 100;
        for (int i = 0; i < picks; i++) {
            ServerRow row = rows.get((i * 37) % rows.size());
            long t = System.nanoTime();
            fx(() -> {
                shell.servers().selectedProperty().set(row);
                return null;
            });
            waitFor(() -> fx(() -> {
                TableView<?> limits = (TableView<?>) scene.lookup(".limits-table");
                return limits.getItems().size() == limitsEach;
            }));
            long took = System.nanoTime() - t;
            worst = Math.max(worst, took);
            total += took;
        }
        System.out.printf("select a server and show its limits: mean %.1f ms, worst %.1f ms over %d picks%n",
                total / 1e6 / picks, worst / 1e6, picks);

        FrameTimer frames = FrameTimer.on(scene);
        TableView<?> list = fx(() -> (TableView<?>) scene.lookup(".servers-table"));
        System.out.printf("scroll through %d servers in steps of 10: %d ms, %s%n", count,
                scrollMillis(count, 10, list::scrollTo), frames.report());
        fx(() -> {
            shell.window().hide();
            shell.close();
            return null;
        });
    }

    private static void liveRows(int count) throws Exception {
        List<LimitEntry> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(LimitEntry.of(20000 + i, i % 2 == 0 ? LimitMode.DEVICES : LimitMode.CONNECTIONS, 10 + i));
        }
        LiveModel model = new LiveModel();
        ControllerLookup lookup = new ControllerLookup();
        lookup.register(LiveController.class, () -> new LiveController(new ServersModel(),
                new LiveMonitor(null, Runnable::run), model));
        FxmlLoaderFactory.Loaded<LiveController> view = fx(() -> new FxmlLoaderFactory(lookup,
                () -> Appearance.bundle(Locale.ENGLISH)).load(FxmlView.LIVE));
        Stage stage = fx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(view.root(), 1100, 750));
            new Appearance(dev.portcullis.ui.settings.UiSettings.load(Files.createTempDirectory("p")), false,
                    Locale.ENGLISH).applyTheme();
            s.show();
            return s;
        });
        Scene scene = stage.getScene();

        long parse = System.nanoTime();
        Snapshot first = ConntrackText.snapshot(entries, count, 0, null);
        System.out.printf("parse + aggregate %d connections (background thread in the app): %d ms%n", count, ms(parse));
        long t = System.nanoTime();
        fx(() -> {
            view.controller().show(first);
            return null;
        });
        fx(() -> null); // the next pulse has rendered it
        System.out.printf("live table first fill with %d rows (FX thread): %d ms%n", count, ms(t));

        @SuppressWarnings("unchecked")
        TableView<ConnectionRow> table = fx(() -> (TableView<ConnectionRow>) scene.lookup(".connections-table"));
        fx(() -> {
            table.scrollTo(count / 2);
            table.getSelectionModel().select(count / 2);
            return null;
        });
        ConnectionRow selected = fx(() -> table.getSelectionModel().getSelectedItem());
        long worst = 0;
        long total = 0;
        int polls = 20;
        Snapshot previous = first;
        FrameTimer frames = FrameTimer.on(scene);
        for (int i = 1; i <= polls; i++) {
            Snapshot next = ConntrackText.snapshot(entries, count, i * 50, previous); // 50 closed, 50 new each poll
            previous = next;
            long r = System.nanoTime();
            fx(() -> {
                view.controller().show(next);
                return null;
            });
            long took = System.nanoTime() - r;
            worst = Math.max(worst, took);
            total += took;
        }
        boolean kept = fx(() -> table.getSelectionModel().getSelectedItem() == selected);
        System.out.printf("refresh of %d rows (merge in place, FX thread): mean %.1f ms, worst %.1f ms over %d polls;"
                + " selection kept: %s; %s%n", count, total / 1e6 / polls, worst / 1e6, polls, kept, frames.report());

        FrameTimer scrollFrames = FrameTimer.on(scene);
        System.out.printf("scroll through %d live rows in steps of 200: %d ms, %s%n", count,
                scrollMillis(count, 200, table::scrollTo), scrollFrames.report());
        fx(() -> {
            stage.hide();
            return null;
        });
    }

    /** Scrolls to every {@code step}th of {@code count} rows, one FX-thread call each; the milliseconds taken. */
    private static long scrollMillis(int count, int step, java.util.function.IntConsumer scrollTo) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i += step) {
            int index = i;
            fx(() -> {
                scrollTo.accept(index);
                return null;
            });
        }
        return ms(start);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Records the time between rendering pulses: the longest gap is the worst stall a user would feel. */
    static final class FrameTimer {
        private final List<Long> pulses = new CopyOnWriteArrayList<>();

        static FrameTimer on(Scene scene) throws Exception {
            FrameTimer timer = new FrameTimer();
            fx(() -> {
                scene.addPostLayoutPulseListener(() -> timer.pulses.add(System.nanoTime()));
                return null;
            });
            return timer;
        }

        String report() {
            long worst = 0;
            for (int i = 1; i < pulses.size(); i++) {
                worst = Math.max(worst, pulses.get(i) - pulses.get(i - 1));
            }
            return String.format("%d frames, longest frame gap %.1f ms", pulses.size(), worst / 1e6);
        }
    }
}
