package llmforge.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times training steps of the benchmark GPT in libtorch through DJL and prints one JSON line on stdout
 * (per-step losses and everything else go to stderr), so `llmforge bench train` can run it as a subprocess.
 *
 * <p>Usage: {@code TrainStepBenchmark [--steps N] [--warmup N] [--seed S]}.
 */
public final class TrainStepBenchmark {
    static final String SYSTEM = "libtorch-2.7.1 (DJL 0.36)";
    private static final int BATCH = 8, SEQ = BenchmarkGpt.BLOCK;

    private TrainStepBenchmark() {}

    public static void main(String[] args) {
        int steps = 10, warmup = 3;
        long seed = 1337;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--steps" -> steps = count("--steps", value, 1);
                    case "--warmup" -> warmup = count("--warmup", value, 0);
                    case "--seed" -> seed = count("--seed", value, 0);
                    default -> throw new IllegalArgumentException(
                            "unknown argument '" + args[i] + "'; valid: --steps N, --warmup N, --seed S");
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("djl-baseline: " + e.getMessage());
            System.exit(2);
        }
        // Before the engine loads: everything from the jars, libtorch on 2 intra-op threads and 1 inter-op.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        run(steps, warmup, seed);
    }

    private static void run(int steps, int warmup, long seed) {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) seed);
        System.err.printf("djl-baseline: %s, libtorch %s, intra-op threads %d, inter-op threads %d%n",
                SYSTEM, engine.getVersion(), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads());
        long[] tokens = SyntheticTokens.generate(seed, BATCH * (SEQ + 1), BenchmarkGpt.VOCAB);
        long[] inputs = new long[BATCH * SEQ], targets = new long[BATCH * SEQ];
        for (int b = 0; b < BATCH; b++) {
            System.arraycopy(tokens, b * (SEQ + 1), inputs, b * SEQ, SEQ);
            System.arraycopy(tokens, b * (SEQ + 1) + 1, targets, b * SEQ, SEQ);
        }
        try (NDManager root = engine.newBaseManager(); BenchmarkGpt model = new BenchmarkGpt(root.newSubManager())) {
            TorchAdamW optimizer = new TorchAdamW(model.params(), 3e-4f, 0.9f, 0.95f, 1e-8f, 0.1f);
            float firstLoss = Float.NaN, lastLoss = Float.NaN;
            long timedNanos = 0;
            for (int s = 0; s < warmup + steps; s++) {
                long start = System.nanoTime();
                float loss = step(root, model, optimizer, inputs, targets);
                long elapsed = System.nanoTime() - start;
                if (s >= warmup) timedNanos += elapsed;
                if (s == 0) firstLoss = loss;
                lastLoss = loss;
                System.err.printf(Locale.ROOT, "djl-baseline: step %d%s loss %.4f  %.1f ms  rss %.0f MB%n",
                        s + 1, s < warmup ? " (warmup)" : "", loss, elapsed / 1e6, memoryMb("VmRSS:"));
                if (!Float.isFinite(loss)) throw new IllegalStateException("loss is " + loss + " at step " + (s + 1));
            }
            double msPerStep = timedNanos / 1e6 / steps, tokensPerStep = (double) BATCH * SEQ;
            double flopsPerStep = 6.0 * model.flopParams() * tokensPerStep
                    + 12.0 * BenchmarkGpt.LAYERS * BenchmarkGpt.D_MODEL * SEQ * tokensPerStep;
            System.out.printf(Locale.ROOT,
                    "{\"system\": \"%s\", \"ms_per_step\": %.2f, \"tokens_per_s\": %.1f, \"gflops\": %.3f, "
                            + "\"rss_mb\": %.1f, \"first_loss\": %.4f, \"last_loss\": %.4f}%n",
                    SYSTEM, msPerStep, tokensPerStep / (msPerStep / 1e3), flopsPerStep / (msPerStep / 1e3) / 1e9,
                    memoryMb("VmHWM:"), firstLoss, lastLoss);
        }
    }

    /** One forward, backward and AdamW update; every activation lives in a manager closed before returning. */
    private static float step(NDManager root, BenchmarkGpt model, TorchAdamW optimizer, long[] inputs, long[] targets) {
        float loss;
        try (NDManager scope = root.newSubManager()) {
            NDArray x = scope.create(inputs, new Shape(BATCH, SEQ)), y = scope.create(targets, new Shape(BATCH, SEQ));
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray lossArray = model.loss(x, y);
                collector.backward(lossArray);
                loss = lossArray.getFloat();
            }
        }
        optimizer.step();
        return loss;
    }

    /** A /proc/self/status field (VmHWM: peak resident set, VmRSS: current) in MiB. */
    private static double memoryMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
            throw new IllegalStateException("no " + field + " line in /proc/self/status");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
    }

    private static int count(String flag, String value, int min) {
        if (value == null) throw new IllegalArgumentException(flag + " needs a value");
        try {
            int n = Integer.parseInt(value);
            if (n >= min) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " expects an integer >= " + min + ", got '" + value + "'");
    }
}
