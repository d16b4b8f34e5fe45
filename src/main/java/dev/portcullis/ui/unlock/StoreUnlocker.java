package dev.portcullis.ui.unlock;

import dev.portcullis.AppContext;
import dev.portcullis.store.MasterPasswordException;
import dev.portcullis.store.MasterPasswordSource;
import dev.portcullis.store.VaultTamperedException;
import dev.portcullis.ui.fx.BackgroundTasks;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import javafx.application.Platform;

/**
 * Opens the data directory and unlocks its secrets on a background thread. The store asks for the
 * master password the way the command line does (through a {@link MasterPasswordSource}); here the
 * request goes to the unlock view and the background thread waits for the user's answer. A wrong
 * password fails the attempt; the view then starts another one, and the store asks again.
 */
public final class StoreUnlocker implements MasterPasswordSource {

    /** What the unlock view is told; every call arrives on the FX thread. */
    public interface Listener {
        void askPassword(boolean creating);

        /** The master password was not accepted; a {@link MasterPasswordException.Kind#WRONG wrong} one may be tried again. */
        void refused(MasterPasswordException error);

        /** The secret store was altered: nothing is derived from it. */
        void tampered(VaultTamperedException error);

        /** Any other failure (the data directory cannot be opened...). */
        void failed(Throwable error);

        void unlocked(AppContext context);
    }

    private static final char[] CANCELLED = new char[0];

    private final Path dataDir;
    private final BackgroundTasks tasks;
    private final Function<MasterPasswordSource, AppContext> opener;
    private final BlockingQueue<char[]> answers = new LinkedBlockingQueue<>();
    private volatile Listener listener;
    private volatile AppContext context;
    /** Set by {@link #close()}; guarded by this object's lock, as opening is. */
    private boolean closed;

    /** @param opener opens the data directory's services with this object as the password source */
    public StoreUnlocker(Path dataDir, BackgroundTasks tasks, Function<MasterPasswordSource, AppContext> opener) {
        this.dataDir = dataDir;
        this.tasks = tasks;
        this.opener = opener;
    }

    public Path dataDir() {
        return dataDir;
    }

    public void attempt(Listener l) {
        this.listener = l;
        answers.clear();
        tasks.supply(() -> {
            AppContext ctx = openOnce();
            ctx.vault().unlock();
            return ctx;
        }).onSuccess(l::unlocked)
                .onError(MasterPasswordException.class, l::refused)
                .onError(VaultTamperedException.class, l::tampered)
                .otherwise(l::failed)
                .start();
    }

    private synchronized AppContext openOnce() {
        if (closed) {
            throw new MasterPasswordException(MasterPasswordException.Kind.NOT_GIVEN, "the window was closed");
        }
        if (context == null) {
            context = opener.apply(this);
        }
        return context;
    }

    /** The services, once opened (also when the window closes before unlocking, to close them). */
    public AppContext context() {
        return context;
    }

    /** The user's answer; the array is wiped by the store after use. */
    public void answer(char[] password) {
        answers.add(password);
    }

    /** Gives up waiting (window closed): the waiting attempt fails. */
    public void cancel() {
        answers.add(CANCELLED);
    }

    /**
     * The window closes: gives up waiting, lets an opening that is under way finish (the data
     * directory opens in the background after the window appears, so it may still be opening) and
     * closes what was opened; no attempt opens anything afterwards.
     */
    public void close() {
        cancel();
        synchronized (this) {
            closed = true;
            if (context != null) {
                context.close();
            }
        }
    }

    @Override
    public char[] masterPassword(boolean creating) {
        Listener l = listener;
        Platform.runLater(() -> l.askPassword(creating));
        try {
            char[] answer = answers.take();
            if (answer == CANCELLED) {
                throw new MasterPasswordException(MasterPasswordException.Kind.NOT_GIVEN, "no master password given");
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MasterPasswordException(MasterPasswordException.Kind.NOT_GIVEN, "no master password given");
        }
    }

}
