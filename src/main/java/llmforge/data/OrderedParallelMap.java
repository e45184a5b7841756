package llmforge.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps a stream over worker threads in batches and hands the results back in input order, so the output is the
 * same for any thread count. At most {@code 2 x threads} batches are in flight: memory stays bounded however long
 * the input is. The producer and the consumer run on the calling thread.
 */
public final class OrderedParallelMap {
    private static final int BATCH = 128;

    private OrderedParallelMap() {}

    /** @param next returns null at the end of the input */
    public static <A, B> void run(Supplier<A> next, int threads, Function<A, B> f, Consumer<B> out) {
        if (threads <= 1) {
            for (A a; (a = next.get()) != null; ) out.accept(f.apply(a));
            return;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "llmforge-data");
            t.setDaemon(true);
            return t;
        })) {
            Deque<Future<List<B>>> inFlight = new ArrayDeque<>();
            boolean done = false;
            while (!done || !inFlight.isEmpty()) {
                while (!done && inFlight.size() < 2 * threads) {
                    List<A> batch = new ArrayList<>(BATCH);
                    for (A a; batch.size() < BATCH && (a = next.get()) != null; ) batch.add(a);
                    if (batch.size() < BATCH) done = true;
                    if (!batch.isEmpty()) inFlight.add(pool.submit(() -> batch.stream().map(f).toList()));
                }
                if (!inFlight.isEmpty()) for (B b : await(inFlight.poll())) out.accept(b);
            }
        }
    }

    private static <B> List<B> await(Future<List<B>> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
