package llmforge.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) / SIGTERM for a training loop: a shutdown hook raises a flag that the loop checks between
 * steps, then holds the JVM open until the loop reports that it has saved (or a minute has passed).
 */
public final class StopSignal implements AutoCloseable {
    private static final long MAX_WAIT_SECONDS = 60;

    private final CountDownLatch saved = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private StopSignal(boolean install) {
        hook = new Thread(() -> {
            requested = true;
            try {
                saved.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "llmforge-stop");
        if (install) Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Installs the hook for the life of a loop. */
    public static StopSignal install() { return new StopSignal(true); }

    /** A signal only {@link #request()} raises (tests, embedding). */
    public static StopSignal manual() { return new StopSignal(false); }

    public boolean requested() { return requested; }

    public void request() { requested = true; }

    /** The loop has saved what it had to: lets a waiting shutdown proceed and removes the hook. */
    @Override public void close() {
        saved.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already (the hook is running) or never installed: nothing to remove
        }
    }
}
