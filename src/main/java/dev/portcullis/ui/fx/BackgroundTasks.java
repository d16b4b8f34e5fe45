package dev.portcullis.ui.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.concurrent.Task;
import org.slf4j.LoggerFactory;

/**
 * Runs work that touches the disk, the database or the network off the FX thread, with a small
 * fluent API whose callbacks run back on the FX thread:
 *
 * <pre>{@code
 * tasks.supply(() -> importer.propose(server)).onSuccess(this::review)
 *         .onError(ImportException.class, this::showImportFailure).start();
 * }</pre>
 *
 * <p>Failures are handled by type: the first {@link Builder#onError(Class, Consumer) onError} handler
 * whose type the failure is an instance of runs (on the FX thread). A failure no handler takes is
 * logged at WARN (so it reaches portcullis.log) and passed to the default handler given here, which
 * shows it in the status bar.
 *
 * <p>Threads are daemons with recognisable names ("portcullis-background-3" in a thread dump),
 * so a hung SSH connection never keeps the application from exiting. {@link #start} returns the
 * JavaFX {@link Task}, which can be cancelled (its thread is interrupted) and whose progress and
 * message can be bound to a progress bar.
 */
public final class BackgroundTasks implements AutoCloseable {

    private final ExecutorService executor;
    private final Consumer<Throwable> defaultOnError;

    public BackgroundTasks(String name, Consumer<Throwable> defaultOnError) {
        this.executor = Executors.newCachedThreadPool(named(name));
        this.defaultOnError = Objects.requireNonNull(defaultOnError);
    }

    /** Work that reports progress and may check for cancellation through its {@link Progress}. */
    @FunctionalInterface
    public interface Work<T> {
        T call(Progress progress) throws Exception;
    }

    /** Work without a result or progress. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** What running work can tell the window; safe to call from the background thread. */
    public interface Progress {
        void update(double done, double total);

        void message(String text);

        boolean isCancelled();
    }

    public <T> Builder<T> supply(java.util.concurrent.Callable<T> work) {
        return new Builder<>(progress -> work.call());
    }

    public <T> Builder<T> work(Work<T> work) {
        return new Builder<>(work);
    }

    public Builder<Void> run(Action action) {
        return new Builder<>(progress -> {
            action.run();
            return null;
        });
    }

    /** The executor itself, for JavaFX services (ScheduledService) that schedule their own tasks. */
    public java.util.concurrent.Executor executor() {
        return executor;
    }

    /** Stops accepting work and waits briefly for running work (e.g. a settings write) to end. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    /** Collects the callbacks of one task; {@link #start()} submits it. */
    public final class Builder<T> {
        private final Work<T> work;
        private Consumer<? super T> onSuccess = value -> { };
        private final List<Handler<?>> handlers = new ArrayList<>();
        private Consumer<Throwable> otherwise = defaultOnError;
        private Runnable onCancel = () -> { };
        private Runnable andFinally = () -> { };

        private Builder(Work<T> work) {
            this.work = work;
        }

        public Builder<T> onSuccess(Consumer<? super T> callback) {
            this.onSuccess = callback;
            return this;
        }

        /**
         * Handles a failure of this type (or a subtype); handlers are tried in the order given and the
         * first match wins. A failure no handler takes is logged at WARN and goes to the default handler.
         */
        public <E extends Throwable> Builder<T> onError(Class<E> type, Consumer<? super E> callback) {
            handlers.add(new Handler<>(Objects.requireNonNull(type), Objects.requireNonNull(callback)));
            return this;
        }

        /**
         * Takes, instead of the default handler, a failure no typed handler takes (for a view that must
         * leave its busy state whatever happened); such a failure is still logged at WARN.
         */
        public Builder<T> otherwise(Consumer<Throwable> callback) {
            this.otherwise = Objects.requireNonNull(callback);
            return this;
        }

        public Builder<T> onCancel(Runnable callback) {
            this.onCancel = callback;
            return this;
        }

        /** Runs after success, failure or cancellation. */
        public Builder<T> andFinally(Runnable callback) {
            this.andFinally = callback;
            return this;
        }

        public Task<T> start() {
            WorkTask<T> task = new WorkTask<>(work);
            // Task fires these handlers on the FX thread.
            task.setOnSucceeded(e -> {
                try {
                    onSuccess.accept(task.getValue());
                } finally {
                    andFinally.run();
                }
            });
            task.setOnFailed(e -> {
                try {
                    failed(task.getException());
                } finally {
                    andFinally.run();
                }
            });
            task.setOnCancelled(e -> {
                try {
                    onCancel.run();
                } finally {
                    andFinally.run();
                }
            });
            if (Platform.isFxApplicationThread()) {
                executor.execute(task);
            } else {
                Platform.runLater(() -> executor.execute(task));
            }
            return task;
        }

        private void failed(Throwable error) {
            for (Handler<?> handler : handlers) {
                if (handler.offer(error)) {
                    return;
                }
            }
            // Taken here, not at class load: the window starts before logging is set up.
            LoggerFactory.getLogger(BackgroundTasks.class).warn("background task failed", error);
            otherwise.accept(error);
        }
    }

    /** One typed failure handler. */
    private record Handler<E extends Throwable>(Class<E> type, Consumer<? super E> callback) {
        boolean offer(Throwable error) {
            if (!type.isInstance(error)) {
                return false;
            }
            callback.accept(type.cast(error));
            return true;
        }
    }

    /** A JavaFX task that hands its own progress methods to the work. */
    private static final class WorkTask<T> extends Task<T> implements Progress {
        private final Work<T> work;

        WorkTask(Work<T> work) {
            this.work = work;
        }

        @Override
        protected T call() throws Exception {
            return work.call(this);
        }

        @Override
        public void update(double done, double total) {
            updateProgress(done, total);
        }

        @Override
        public void message(String text) {
            updateMessage(text);
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
