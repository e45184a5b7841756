package llmforge.bench.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Locale;

/**
 * Times training steps of the benchmark GPT in libtorch through DJL and prints one JSON line on stdout
 * (per-step losses and everything else go to stderr), so `llmforge bench train` can run it as a subprocess.
 *
 * <p>Usage: {@code TrainStepBenchmark [--steps N] [--warmup N] [--seed S]}.
 */
public final class TrainStepBenchmark {
    private static final GptShape MODEL = GptShape.BENCH;
    private static final int BATCH = 8, SEQ = MODEL.context();

    private TrainStepBenchmark() {}

    public static void main(String[] args) {
        int steps, warmup, seed;
        try {
            Args a = new Args(args, "--steps", "--warmup", "--seed");
            steps = a.count("--steps", 1, 10);
            warmup = a.count("--warmup", 0, 3);
            seed = a.count("--seed", 0, 1337);
        } catch (IllegalArgumentException e) {
            System.err.println("djl-baseline: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(Libtorch.start(2, seed), steps, warmup, seed);
    }

    private static void run(Engine engine, int steps, int warmup, long seed) {
        long[] tokens = SyntheticTokens.generate(seed, BATCH * (SEQ + 1), MODEL.vocab());
        long[] inputs = new long[BATCH * SEQ], targets = new long[BATCH * SEQ];
        for (int b = 0; b < BATCH; b++) {
            System.arraycopy(tokens, b * (SEQ + 1), inputs, b * SEQ, SEQ);
            System.arraycopy(tokens, b * (SEQ + 1) + 1, targets, b * SEQ, SEQ);
        }
        try (NDManager root = engine.newBaseManager();
             BenchmarkGpt model = new BenchmarkGpt(root.newSubManager(), MODEL, true)) {
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
                        s + 1, s < warmup ? " (warmup)" : "", loss, elapsed / 1e6, Libtorch.memoryMb("VmRSS:"));
                if (!Float.isFinite(loss)) throw new IllegalStateException("loss is " + loss + " at step " + (s + 1));
            }
            double msPerStep = timedNanos / 1e6 / steps, tokensPerStep = (double) BATCH * SEQ;
            double flopsPerStep = 6.0 * model.flopParams() * tokensPerStep
                    + 12.0 * MODEL.layers() * MODEL.dModel() * SEQ * tokensPerStep;
            System.out.printf(Locale.ROOT,
                    "{\"system\": \"%s\", \"ms_per_step\": %.2f, \"tokens_per_s\": %.1f, \"gflops\": %.3f, "
                            + "\"rss_mb\": %.1f, \"first_loss\": %.4f, \"last_loss\": %.4f}%n",
                    Libtorch.SYSTEM, msPerStep, tokensPerStep / (msPerStep / 1e3), flopsPerStep / (msPerStep / 1e3) / 1e9,
                    Libtorch.memoryMb("VmHWM:"), firstLoss, lastLoss);
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
}
