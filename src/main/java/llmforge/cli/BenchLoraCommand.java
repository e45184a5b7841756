package llmforge.cli;

import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.UserException;
import llmforge.kernels.Parallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.Lora;
import llmforge.nn.LoraConfig;
import llmforge.nn.SequenceLayout;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import llmforge.optim.GradientClipping;
import llmforge.optim.Gradients;
import llmforge.tensor.MemoryScope;
import llmforge.tensor.Tensor;
import llmforge.train.LoraSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code llmforge bench lora}: one fine-tuning step of the same model with every weight trained vs LoRA adapters on
 * a frozen base, side by side. Memory is counted, not sampled: the bytes of the weights, of the gradient buffers
 * that exist after the step, of AdamW's moments, and the step's activation high-water mark (the buffer pool,
 * emptied before the step); the JVM's RSS cannot tell the two runs apart.
 */
@Command(name = "lora", mixinStandardHelpOptions = true,
        description = "Memory (weights, gradients, optimiser state, activations) and step time of LoRA vs full fine-tuning (JSON lines).")
final class BenchLoraCommand implements Runnable {
    @Option(names = "--preset", defaultValue = "small", description = "Model preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "128", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--rank", defaultValue = "8", description = "LoRA rank; alpha is twice it (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--steps", defaultValue = "3", description = "Timed steps per mode, the modes alternating (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps per mode first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "Kernel threads (default: ${DEFAULT-VALUE}).")
    int threads;

    /** One mode: the model, what it trains, its optimiser, and every parameter it holds (base and adapters). */
    private record Setup(String mode, Decoder model, List<Parameter> trained, List<Parameter> all, AdamW opt) {}

    /** One mode's numbers. */
    private record Result(String mode, long trainable, long weightBytes, long gradBytes, long optimizerBytes, long activationBytes, double ms) {
        long total() { return weightBytes + gradBytes + optimizerBytes + activationBytes; }
    }

    @Override public void run() {
        DecoderConfig c;
        try {
            c = DecoderConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new UserException("--preset: " + e.getMessage());
        }
        if (batch < 1 || seq < 1 || seq > c.maxSeqLen()) throw new UserException("--batch must be >= 1 and --seq in 1.." + c.maxSeqLen());
        if (rank < 1 || steps < 1 || warmup < 0 || threads < 1) throw new UserException("--rank, --steps and --threads must be >= 1, --warmup >= 0");
        Parallel.setThreads(threads);
        int[] tokens = BenchTrainCommand.syntheticTokens(1337, batch * seq + 1, c.vocabSize());
        int[] in = Arrays.copyOfRange(tokens, 0, batch * seq), tg = Arrays.copyOfRange(tokens, 1, batch * seq + 1);
        List<Setup> setups = List.of(setup("full", c, false), setup("lora", c, true));
        for (int i = 0; i < warmup; i++) for (Setup s : setups) step(s, in, tg);
        long[] activations = new long[setups.size()];
        for (int k = 0; k < setups.size(); k++) {
            MemoryScope.clearPool();   // the pool then ends holding every buffer one step needed at once
            step(setups.get(k), in, tg);
            activations[k] = MemoryScope.pooledBytes();
        }
        double[] ms = new double[setups.size()];
        for (int i = 0; i < steps; i++) {
            for (int k = 0; k < setups.size(); k++) {   // alternating, so both modes see the same machine
                long t0 = System.nanoTime();
                step(setups.get(k), in, tg);
                ms[k] += (System.nanoTime() - t0) / 1e6 / steps;
            }
        }
        List<Result> results = new ArrayList<>();
        for (int k = 0; k < setups.size(); k++) results.add(result(setups.get(k), activations[k], ms[k]));
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "{\"bench\": \"lora\", \"mode\": \"%s\", \"preset\": \"%s\", \"batch\": %d, \"seq\": %d, \"rank\": %d, "
                            + "\"trainable_params\": %d, \"weights_mb\": %.2f, \"grads_mb\": %.2f, \"optimizer_mb\": %.2f, \"activations_mb\": %.2f, "
                            + "\"total_mb\": %.2f, \"ms_per_step\": %.1f}%n", r.mode(), preset, batch, seq, rank, r.trainable(), mb(r.weightBytes()),
                    mb(r.gradBytes()), mb(r.optimizerBytes()), mb(r.activationBytes()), mb(r.total()), r.ms());
        }
        Result full = results.get(0), lora = results.get(1);
        System.out.printf(Locale.ROOT, "{\"bench\": \"lora\", \"lora_vs_full_memory\": %.3f, \"lora_vs_full_grads_and_optimizer\": %.4f, "
                        + "\"lora_vs_full_step_time\": %.3f}%n", (double) lora.total() / full.total(),
                (double) (lora.gradBytes() + lora.optimizerBytes()) / (full.gradBytes() + full.optimizerBytes()), lora.ms() / full.ms());
    }

    private Setup setup(String mode, DecoderConfig c, boolean adapters) {
        Decoder model = new Decoder(c, 1337);
        model.train(false);
        List<Parameter> all = new ArrayList<>(model.parameters()), trained = model.parameters();
        if (adapters) {
            Lora lora = Lora.attach(model, new LoraConfig(rank, 2.0 * rank, 0, LoraSpec.DEFAULT_TARGETS), 1337);
            trained = lora.parameters();
            all.addAll(trained);
        }
        return new Setup(mode, model, trained, all, AdamW.create(trained, AdamWConfig.DEFAULT));
    }

    private static Result result(Setup s, long activationBytes, double ms) {
        long weights = 0, optimizer = 0, count = 0;
        for (Parameter p : s.all()) weights += p.size() * Float.BYTES;
        for (Parameter p : s.trained()) count += p.size();
        for (Tensor t : s.opt().state().tensors().values()) optimizer += t.size() * Float.BYTES;
        return new Result(s.mode(), count, weights, Gradients.bufferBytes(s.all()), optimizer, activationBytes, ms);
    }

    private void step(Setup s, int[] in, int[] tg) {
        try (Tape tape = Tape.open()) {
            tape.backward(s.model().loss(in, tg, SequenceLayout.plain(batch, seq), in.length));
        }
        GradientClipping.clipGlobalNorm(s.trained(), 1.0);
        s.opt().step(1e-4);
        s.opt().zeroGrad();
    }

    private static double mb(long bytes) { return bytes / 1048576.0; }
}
