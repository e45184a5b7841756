package llmforge.cli;

import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.UserException;
import llmforge.kernels.Parallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.MemoryScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * {@code llmforge bench memory}: activation memory of one training step of a preset model (batch 8 × 256 for
 * bench) with and without activation recomputation, and the weight memory of its matrices in float32 vs bf16.
 * Step memory is the buffer pool's high-water mark: emptied before the step, it ends holding every buffer the
 * step needed at once.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Step memory with/without activation recomputation; weight memory float32 vs bf16 (JSON lines).")
final class BenchMemoryCommand implements Runnable {
    @Option(names = "--preset", defaultValue = "bench", description = "Model preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "256", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--threads", defaultValue = "2", description = "Kernel threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override public void run() {
        DecoderConfig c;
        try {
            c = DecoderConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new UserException("--preset: " + e.getMessage());
        }
        if (batch < 1 || seq < 1 || seq > c.maxSeqLen()) throw new UserException("--batch must be >= 1 and --seq in 1.." + c.maxSeqLen());
        Parallel.setThreads(threads);
        Decoder model = new Decoder(c, 1337);
        model.train(false);
        int[] tokens = BenchTrainCommand.syntheticTokens(1337, batch * seq + 1, c.vocabSize());
        int[] in = java.util.Arrays.copyOfRange(tokens, 0, batch * seq), tg = java.util.Arrays.copyOfRange(tokens, 1, batch * seq + 1);
        for (boolean recompute : new boolean[] {false, true}) {
            model.recomputeActivations(recompute);
            step(model, in, tg); // warm-up
            MemoryScope.clearPool();
            long t0 = System.nanoTime();
            step(model, in, tg);
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "{\"bench\": \"memory\", \"preset\": \"%s\", \"batch\": %d, \"seq\": %d, \"recompute\": %b, "
                    + "\"step_mb\": %.1f, \"ms_per_step\": %.1f}%n", preset, batch, seq, recompute, MemoryScope.pooledBytes() / 1048576.0, ms);
            for (Parameter p : model.parameters()) p.zeroGrad();
        }
        long matrixFloats = 0;
        for (Parameter p : model.parameters()) if (p.shape().length == 2) matrixFloats += p.size();
        System.out.printf(Locale.ROOT, "{\"bench\": \"memory\", \"preset\": \"%s\", \"weight_matrices_fp32_mb\": %.1f, "
                + "\"weight_matrices_bf16_mb\": %.1f}%n", preset, matrixFloats * 4 / 1048576.0, matrixFloats * 2 / 1048576.0);
    }

    private void step(Decoder model, int[] in, int[] tg) {
        try (Tape tape = Tape.open()) {
            tape.backward(model.loss(in, tg, SequenceLayout.plain(batch, seq), in.length));
        }
    }
}
