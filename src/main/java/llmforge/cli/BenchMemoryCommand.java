package llmforge.cli;

import llmforge.autograd.Grad;
import llmforge.autograd.Tape;
import llmforge.io.UserException;
import llmforge.kernels.Parallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.SequenceLayout;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import llmforge.tensor.MemoryScope;
import llmforge.train.PeakMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * {@code llmforge bench memory}: the memory options on a preset model, one option per process so that the peak
 * resident memory (VmHWM) belongs to it alone. Training ({@code --recompute} or not): AdamW steps on batch × seq
 * tokens; the step buffers are the pool's high-water mark (emptied before the step, it ends holding every buffer the
 * step needed at once). Frozen ({@code --frozen fp32|bf16}): no-grad forwards of a reference / reward model.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Peak resident memory and time of a training step (--recompute or not) or of a frozen model's forward "
                + "(--frozen fp32|bf16); run once per option (JSON lines).")
final class BenchMemoryCommand implements Runnable {
    @Option(names = "--preset", defaultValue = "bench", description = "Model preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "256", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--steps", defaultValue = "2", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed steps first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "Kernel threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--recompute", description = "Training with activation recomputation per block.")
    boolean recompute;

    @Option(names = "--frozen", description = "Instead of training, forwards of a frozen model with fp32 or bf16 weights.")
    String frozen;

    @Override public void run() {
        DecoderConfig c;
        try {
            c = DecoderConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new UserException("--preset: " + e.getMessage());
        }
        if (batch < 1 || seq < 1 || seq > c.maxSeqLen()) throw new UserException("--batch must be >= 1 and --seq in 1.." + c.maxSeqLen());
        if (steps < 1 || warmup < 0) throw new UserException("--steps must be >= 1 and --warmup >= 0");
        if (frozen != null && !frozen.equals("fp32") && !frozen.equals("bf16")) throw new UserException("--frozen must be fp32 or bf16, not '" + frozen + "'");
        if (frozen != null && recompute) throw new UserException("--recompute is a training option; a frozen model does not back-propagate");
        Parallel.setThreads(threads);
        long before = PeakMemory.bytes();
        Decoder model = new Decoder(c, 1337);
        model.train(false);
        model.recomputeActivations(recompute);
        if ("bf16".equals(frozen)) model.freezeAsBf16();
        AdamW opt = frozen == null ? AdamW.create(model.parameters(), AdamWConfig.DEFAULT) : null;
        int[] tokens = BenchTrainCommand.syntheticTokens(1337, batch * seq + 1, c.vocabSize());
        int[] in = java.util.Arrays.copyOfRange(tokens, 0, batch * seq), tg = java.util.Arrays.copyOfRange(tokens, 1, batch * seq + 1);
        for (int s = 0; s < warmup; s++) step(model, opt, in, tg);
        MemoryScope.clearPool();
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) step(model, opt, in, tg);
        double ms = (System.nanoTime() - t0) / 1e6 / steps;
        String option = frozen != null ? "frozen_" + frozen : recompute ? "recompute" : "none";
        System.out.printf(Locale.ROOT, "{\"bench\": \"memory\", \"preset\": \"%s\", \"batch\": %d, \"seq\": %d, \"option\": \"%s\", "
                        + "\"ms_per_%s\": %.1f, \"step_buffers_mb\": %.1f, \"peak_rss_mb\": %.1f, \"rss_before_model_mb\": %.1f}%n",
                preset, batch, seq, option, frozen == null ? "step" : "forward", ms, MemoryScope.pooledBytes() / 1048576.0,
                PeakMemory.bytes() / 1048576.0, before / 1048576.0);
    }

    /** A training step (forward, backward, AdamW) or, with no optimiser, a no-grad forward. */
    private void step(Decoder model, AdamW opt, int[] in, int[] tg) {
        SequenceLayout layout = SequenceLayout.plain(batch, seq);
        if (opt == null) {
            try (Grad.Scope g = Grad.off(); MemoryScope scope = MemoryScope.open()) {
                model.loss(in, tg, layout, in.length).item();
            }
            return;
        }
        try (Tape tape = Tape.open()) {
            tape.backward(model.loss(in, tg, layout, in.length));
        }
        opt.step(1e-4);
        opt.zeroGrad();
    }
}
