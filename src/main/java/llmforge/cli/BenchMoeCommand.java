package llmforge.cli;

import llmforge.autograd.Grad;
import llmforge.autograd.Tape;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.MoeConfig;
import llmforge.nn.SequenceLayout;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code llmforge bench moe}: a top-1 mixture of experts against the dense model with the same ACTIVE parameter
 * count (one expert's width), both trained for the same steps on the same synthetic bigram data: training
 * tokens/s and validation loss. JSON lines.
 */
@Command(name = "moe", mixinStandardHelpOptions = true,
        description = "MoE (top-1, N experts) vs the dense model of equal active parameters: tokens/s and validation loss.")
public final class BenchMoeCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "60", description = "Training steps per model (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--experts", defaultValue = "4", description = "Experts of the MoE model (default: ${DEFAULT-VALUE}).")
    int experts;

    @Option(names = "--seed", defaultValue = "1337", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    static final int VOCAB = 256, BATCH = 4, SEQ = 64;

    @Override public Integer call() {
        DecoderConfig dense = new DecoderConfig("llama", VOCAB, SEQ, 128, 2, 4, 4, 256, false, 0f, 1e-5f, 10000, 1);
        int[] next = bigramTable(seed);
        run("dense", dense, next);
        run("moe", dense.withMoe(new MoeConfig(experts, 1, 1.25, 0.01, 0.001)), next);
        return 0;
    }

    /** Each token has 4 likely successors: learnable structure so validation loss means something. */
    private static int[] bigramTable(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[VOCAB * 4];
        for (int i = 0; i < t.length; i++) t[i] = r.nextInt(VOCAB);
        return t;
    }

    private static int[][] batch(int[] next, SplittableRandom r) {
        int[] in = new int[BATCH * SEQ], tg = new int[BATCH * SEQ];
        for (int b = 0; b < BATCH; b++) {
            int tok = r.nextInt(VOCAB);
            for (int i = 0; i < SEQ; i++) {
                in[b * SEQ + i] = tok;
                tok = next[tok * 4 + r.nextInt(4)];
                tg[b * SEQ + i] = tok;
            }
        }
        return new int[][] {in, tg};
    }

    private void run(String name, DecoderConfig c, int[] next) {
        Decoder m = new Decoder(c, seed);
        AdamW opt = AdamW.create(m.parameters(), AdamWConfig.DEFAULT);
        SplittableRandom data = new SplittableRandom(seed + 1);
        SequenceLayout layout = SequenceLayout.plain(BATCH, SEQ);
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            int[][] b = batch(next, data);
            try (Tape tape = Tape.open()) { tape.backward(m.loss(b[0], b[1], layout, BATCH * SEQ)); }
            opt.step(3e-3);
            opt.zeroGrad();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        SplittableRandom val = new SplittableRandom(seed + 2);
        double loss = 0;
        int valBatches = 8;
        try (var g = Grad.off()) {
            for (int i = 0; i < valBatches; i++) {
                int[][] b = batch(next, val);
                try (Tape tape = Tape.open()) { loss += m.loss(b[0], b[1], layout, BATCH * SEQ).item(); }
            }
        }
        long active = c.moe().isSparse() ? m.parameterCount() - (long) (c.moe().numExperts() - 1) * 3 * c.dModel() * c.dFf() * c.nLayers()
                : m.parameterCount();
        System.out.printf("{\"bench\":\"moe\",\"model\":\"%s\",\"params\":%d,\"active_params\":%d,\"steps\":%d,"
                        + "\"tokens_per_s\":%.0f,\"val_loss\":%.4f,\"routing\":\"%s\"}%n", name, m.parameterCount(), active,
                steps, steps * (double) BATCH * SEQ / secs, loss / valBatches, c.moe().isSparse() ? m.moeStats() : "dense");
    }
}
