package llmforge.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one fixed pool of worker threads every kernel runs on. Work is split into numbered tasks; a task's
 * result never depends on which thread runs it, so results are identical for any thread count as long as a
 * kernel's tasks are defined by the problem shape (never by {@link #threads()}) and write disjoint outputs.
 * Nested calls (a kernel inside a task) run inline on the calling thread.
 */
public final class Parallel {
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    private static volatile WorkerPool pool = new WorkerPool(defaultThreads());

    private Parallel() {}

    static int defaultThreads() {
        String p = System.getProperty("llmforge.threads", System.getenv("LLMFORGE_THREADS"));
        if (p != null && !p.isBlank()) return Math.max(1, Integer.parseInt(p.trim()));
        return Runtime.getRuntime().availableProcessors();
    }

    public static int threads() { return pool.size(); }

    /** Replaces the pool; used by tests and the {@code --threads} flag. Not to be called while kernels run. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == pool.size()) return;
        WorkerPool old = pool;
        pool = new WorkerPool(n);
        old.shutdown();
    }

    /** Runs {@code task.accept(i)} for every i in [0, tasks), spread over the pool; returns when all are done. */
    public static void forTasks(int tasks, IntConsumer task) {
        if (tasks <= 0) return;
        WorkerPool p = pool;
        if (tasks == 1 || p.size() == 1 || INSIDE.get()) {
            for (int i = 0; i < tasks; i++) task.accept(i);
            return;
        }
        p.run(tasks, task);
    }

    /**
     * Splits [0, n) into chunks of at least {@code grain} items (the split depends on n and grain only) and runs
     * {@code body.range(from, to)} for each chunk.
     */
    public static void forRange(long n, long grain, RangeBody body) {
        if (n <= 0) return;
        long chunk = Math.max(grain, 1);
        int tasks = (int) Math.min(Integer.MAX_VALUE, (n + chunk - 1) / chunk);
        forTasks(tasks, t -> body.range(t * chunk, Math.min(n, (t + 1) * chunk)));
    }

    @FunctionalInterface
    public interface RangeBody {
        void range(long from, long to);
    }

    /** Spin-then-park workers; the caller takes tasks too, so a pool of n threads has n - 1 workers. */
    private static final class WorkerPool {
        private final Thread[] workers;
        private volatile Job job;
        private volatile boolean stopped;

        WorkerPool(int n) {
            workers = new Thread[n - 1];
            for (int i = 0; i < workers.length; i++) {
                Thread t = new Thread(this::workerLoop, "llmforge-worker-" + (i + 1));
                t.setDaemon(true);
                workers[i] = t;
                t.start();
            }
        }

        int size() { return workers.length + 1; }

        synchronized void run(int tasks, IntConsumer body) {
            Job j = new Job(tasks, body);
            job = j;
            for (Thread w : workers) LockSupport.unpark(w);
            INSIDE.set(true);
            try {
                j.work();
            } finally {
                INSIDE.set(false);
            }
            // spin briefly (tasks usually finish together), then yield so an oversubscribed machine still progresses
            for (int spins = 0; j.done.get() < tasks; spins++) {
                if (spins < 2_000) Thread.onSpinWait();
                else Thread.yield();
            }
            job = null;
            if (j.failure != null) {
                if (j.failure instanceof RuntimeException re) throw re;
                if (j.failure instanceof Error e) throw e;
                throw new RuntimeException(j.failure);
            }
        }

        private void workerLoop() {
            INSIDE.set(true);
            Job last = null;
            while (!stopped) {
                Job j = job;
                if (j == null || j == last) {
                    // a short spin keeps back-to-back kernels cheap; then sleep until run() unparks us (an unpark
                    // that comes before the park leaves a permit, so no wake-up is lost). No timed wake-ups: an idle
                    // pool must cost no CPU, or it slows whatever else runs (a data loader, a baseline, another rank).
                    for (int spin = 0; spin < 20_000 && (job == null || job == last) && !stopped; spin++) {
                        Thread.onSpinWait();
                    }
                    if (job == null || job == last) LockSupport.park(this);
                    continue;
                }
                last = j;
                j.work();
            }
        }

        void shutdown() {
            stopped = true;
            for (Thread w : workers) LockSupport.unpark(w);
        }
    }

    private static final class Job {
        final int tasks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        void work() {
            int i;
            while ((i = next.getAndIncrement()) < tasks) {
                try {
                    if (failure == null) body.accept(i);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }
}
