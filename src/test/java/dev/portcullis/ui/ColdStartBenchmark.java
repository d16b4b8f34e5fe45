package dev.portcullis.ui;

import com.sun.javafx.perf.PerformanceTracker;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Cold start of the window against a bare JavaFX window, side by side: fresh JVMs launched
 * alternately for (a) a Stage with one Label and (b) the real application ({@code dev.portcullis.Main
 * --data-dir FRESH}, a data directory that does not exist yet), with the same java, JVM options and
 * class path, timed from just before the process is started to the first frame JavaFX has rendered
 * and presented (the scene's rendered-frame callback, which the render thread calls once the frame
 * is on the window). Prints each run, then median and p90 of both and the ratio of the medians. For
 * the application it also prints when the first page became usable (the password field enabled).
 *
 * <p>Runs under the display in {@code DISPLAY}, else starts its own Xvfb (Debian package xvfb) and
 * stops it at the end. Not a test (nothing asserts on time); run it with
 * <pre>./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 *     -Dexec.mainClass=dev.portcullis.ui.ColdStartBenchmark [-Dexec.args=RUNS]</pre>
 * RUNS (default 15) is the number of runs of each side; one unrecorded pair goes first to warm the
 * disk cache. {@code -Dcoldstart.jvm="-Xshare:off ..."} adds JVM options to both sides;
 * {@code -Dcoldstart.nice=-5} runs both under {@code nice} (a machine busy with other work makes
 * wall times noisy; the processor time to the first frame, also printed, is steadier).
 */
public final class ColdStartBenchmark {

    private static final String FRAME = "first-frame-epoch-us ";
    private static final String READY = "ready-epoch-us ";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        List<String> jvm = new ArrayList<>();
        String extra = System.getProperty("coldstart.jvm", "").strip();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        Process xvfb = null;
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1400x900x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            display = ":" + new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().strip();
        }
        try {
            Sides sides = new Sides(javaCommand(jvm), classPath(), display);
            System.out.printf("cold start, %d runs each, display %s, JVM options %s%n", runs, display, jvm);
            sides.run("bare");
            sides.run("app");
            List<Double> bare = new ArrayList<>();
            List<Double> app = new ArrayList<>();
            List<Double> ready = new ArrayList<>();
            List<Double> bareCpu = new ArrayList<>();
            List<Double> appCpu = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                // ABBA order, so that a drift of the machine's load weighs on both sides alike.
                boolean bareFirst = i % 2 == 0;
                for (String side : bareFirst ? List.of("bare", "app") : List.of("app", "bare")) {
                    Result r = sides.run(side);
                    if (side.equals("bare")) {
                        bare.add(r.frame());
                        bareCpu.add(r.frameCpu());
                    } else {
                        app.add(r.frame());
                        appCpu.add(r.frameCpu());
                        ready.add(r.ready());
                    }
                    System.out.printf(Locale.ROOT, "run %2d %-4s first frame %.3f s (%.3f s of processor)%s%n", i + 1, side,
                            r.frame(), r.frameCpu(),
                            side.equals("app") ? String.format(Locale.ROOT, ", usable %.3f s", r.ready()) : "");
                }
            }
            System.out.printf(Locale.ROOT, "bare JavaFX window: median %.3f s, p90 %.3f s%n", median(bare), p90(bare));
            System.out.printf(Locale.ROOT, "Portcullis window:  median %.3f s, p90 %.3f s (first page usable: median %.3f s, p90 %.3f s)%n",
                    median(app), p90(app), median(ready), p90(ready));
            System.out.printf(Locale.ROOT, "ratio (median app / median bare): %.2fx; p90 ratio %.2fx%n",
                    median(app) / median(bare), p90(app) / p90(bare));
            System.out.printf(Locale.ROOT, "processor time to the first frame, all threads: bare median %.3f s, app median %.3f s, ratio %.2fx%n",
                    median(bareCpu), median(appCpu), median(appCpu) / median(bareCpu));
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
                xvfb.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Launches the two sides with one java command, class path and display. */
    private record Sides(List<String> java, String classPath, String display) {

        Result run(String side) throws IOException, InterruptedException {
            Path parent = Files.createTempDirectory("portcullis-coldstart");
            try {
                List<String> command = new ArrayList<>(java);
                command.addAll(List.of("-cp", classPath, Probe.class.getName(), side,
                        parent.resolve("data").toString()));
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                pb.environment().put("DISPLAY", display);
                pb.environment().remove("PORTCULLIS_HOME");
                pb.environment().remove("PORTCULLIS_MASTER_PASSWORD");
                Instant launched = Instant.now();
                Process p = pb.start();
                Instant frame = null;
                double frameCpu = Double.NaN;
                Instant ready = null;
                List<String> output = new ArrayList<>();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith(FRAME)) {
                            String[] mark = line.substring(FRAME.length()).split(" ");
                            frame = micros(mark[0]);
                            frameCpu = Long.parseLong(mark[1]) / 1e9;
                        } else if (line.startsWith(READY)) {
                            ready = micros(line.substring(READY.length()).split(" ")[0]);
                        } else {
                            output.add(line);
                        }
                    }
                }
                if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) { // the probe halts itself before
                    p.destroyForcibly();
                }
                if (frame == null) {
                    throw new IllegalStateException(side + ": no frame (exit " + p.exitValue() + "): " + output);
                }
                return new Result(seconds(launched, frame), frameCpu, ready == null ? Double.NaN : seconds(launched, ready));
            } finally {
                try (Stream<Path> files = Files.walk(parent)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }

        private static Instant micros(String epochMicros) {
            return Instant.EPOCH.plus(Long.parseLong(epochMicros.strip()), ChronoUnit.MICROS);
        }

        private static double seconds(Instant from, Instant to) {
            return Duration.between(from, to).toNanos() / 1e9;
        }
    }

    /** Seconds from launch to the first frame, processor seconds used by then, seconds to a usable first page. */
    private record Result(double frame, double frameCpu, double ready) {
    }

    private static List<String> javaCommand(List<String> jvm) {
        List<String> command = new ArrayList<>();
        String nice = System.getProperty("coldstart.nice", "").strip();
        if (!nice.isEmpty()) {
            command.addAll(List.of("nice", "-n", nice));
        }
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        return command;
    }

    /** The test class path: exec:java's class loader when run through Maven, else this JVM's own. */
    private static String classPath() throws URISyntaxException {
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls && urls.getURLs().length > 0) {
                List<String> entries = new ArrayList<>();
                for (URL url : urls.getURLs()) {
                    entries.add(Paths.get(url.toURI()).toString());
                }
                return String.join(File.pathSeparator, entries);
            }
        }
        return System.getProperty("java.class.path");
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank 90th percentile. */
    static double p90(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1);
    }

    /**
     * One side in its own JVM: watches for the first window, prints the time its first frame was
     * rendered (and for the application, the time its password field became usable), then halts.
     */
    public static final class Probe {

        private static final AtomicBoolean FRAMED = new AtomicBoolean();
        private static volatile boolean app;

        private Probe() {
        }

        public static void main(String[] args) {
            app = args[0].equals("app");
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(RUN_TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                Runtime.getRuntime().halt(3); // no frame: the harness reports the run as failed
            }, "coldstart-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            Window.getWindows().addListener((ListChangeListener<Window>) change -> {
                while (change.next()) {
                    change.getAddedSubList().forEach(Probe::watch);
                }
            });
            if (app) {
                dev.portcullis.Main.main(new String[] {"--data-dir", args[1]});
            } else {
                Application.launch(Bare.class);
            }
        }

        private static void watch(Window window) {
            Scene scene = window.getScene();
            Runnable[] usable = new Runnable[1];
            usable[0] = () -> {
                Node password = scene.lookup("#passwordField");
                if (password != null && !password.isDisabled()) {
                    scene.removePostLayoutPulseListener(usable[0]);
                    print(READY);
                    Runtime.getRuntime().halt(0);
                }
            };
            PerformanceTracker.getSceneTracker(scene).setOnRenderedFrameTask(() -> {
                if (FRAMED.compareAndSet(false, true)) {
                    print(FRAME);
                    if (!app) {
                        Runtime.getRuntime().halt(0);
                    }
                    // From now on (FX thread) until the first page takes input.
                    Platform.runLater(() -> {
                        scene.addPostLayoutPulseListener(usable[0]);
                        usable[0].run();
                    });
                }
            });
        }

        /** The moment (epoch microseconds) and the processor time this JVM has used so far, all threads. */
        private static void print(String what) {
            Instant now = Instant.now();
            long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
            System.out.println(what + ChronoUnit.MICROS.between(Instant.EPOCH, now) + " " + cpu);
            System.out.flush();
        }
    }

    /** The baseline: a Stage with one Label. */
    public static final class Bare extends Application {
        @Override
        public void start(Stage stage) {
            stage.setScene(new Scene(new Label("Portcullis"), 400, 200));
            stage.setTitle("bare");
            stage.show();
        }
    }
}
