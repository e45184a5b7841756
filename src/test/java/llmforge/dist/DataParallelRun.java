package llmforge.dist;

import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.SafetensorsFile;
import llmforge.io.SafetensorsWriter;
import llmforge.kernels.Parallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.SequenceLayout;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import llmforge.optim.OptimizerState;
import llmforge.tensor.Tensor;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A minimal data-parallel training run of a tiny Decoder, launched by {@link DataParallelTest} under mpirun
 * (or directly, as the single-process reference): global batch 4 sequences of 16 tokens, micro-batch 2, so one rank
 * runs two micro-batches per step and two ranks run one each. Every rank writes its final weights as raw floats and,
 * with {@code ckpt=PATH}, a checkpoint (weights, AdamW moments, data position) after every step.
 *
 * <p>Arguments {@code key=value}: steps, out, ckpt, resume (=PATH of a checkpoint), halt-after (=k: rank 1 dies
 * right after the checkpoint of step k is written, as a crash would), mode ({@code accumulate}: sum micro-batch
 * gradients in the parameters' grad buffers as a trainer does; {@code separate}: keep each micro-batch's gradient
 * apart and add them once at the end, which is the exact reduction order of two ranks; {@code overlap}: reduce
 * buckets during the last backward through {@link GradientSync}), recompute (=true: activation recomputation).
 */
public final class DataParallelRun {
    static final int GLOBAL_BATCH = 4, MICRO = 2, SEQ = 16;
    static final DecoderConfig CONFIG = new DecoderConfig("llama", 64, 32, 32, 2, 4, 2, 88, false, 0f, 1e-5f, 10000, 1);

    public static void main(String[] argv) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : argv) a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        Parallel.setThreads(Integer.parseInt(a.getOrDefault("threads", "1")));
        try (DataParallel dp = DataParallel.world()) {
            run(dp, a);
        }
    }

    /** Runs the training; returns the first step it ran (after a resume, the checkpoint's). */
    static long run(DataParallel dp, Map<String, String> a) throws IOException {
        int steps = Integer.parseInt(a.get("steps"));
        boolean separate = a.getOrDefault("mode", "accumulate").equals("separate");
        int haltAfter = Integer.parseInt(a.getOrDefault("halt-after", "-1"));
        boolean overlap = a.getOrDefault("mode", "accumulate").equals("overlap");
        Decoder model = new Decoder(CONFIG, 42L + dp.rank()); // ranks start different: the broadcast must fix that
        model.recomputeActivations(Boolean.parseBoolean(a.getOrDefault("recompute", "false")));
        GradientSync sync = dp.gradientSync(model.parameters());
        AdamW opt = AdamW.create(model.parameters(), AdamWConfig.DEFAULT);
        BatchSharding sharding = new BatchSharding(GLOBAL_BATCH, MICRO, dp.size());
        long firstStep = 0;
        if (a.containsKey("resume")) firstStep = resume(Path.of(a.get("resume")), model, opt, sharding);
        dp.broadcastParameters(model.parameters());
        for (long step = firstStep; step < steps; step++) {
            float[][] separateGrads = separate ? new float[model.parameters().size()][] : null;
            long tokens = dp.allReduceSum((long) sharding.microSteps() * MICRO * SEQ);
            for (int m = 0; m < sharding.microSteps(); m++) {
                int[][] batch = batch(sharding.firstSequence(step, m, dp.rank()));
                try (Tape tape = Tape.open()) {
                    var loss = model.loss(batch[0], batch[1], SequenceLayout.plain(MICRO, SEQ), tokens);
                    if (overlap && m == sharding.microSteps() - 1) tape.backward(loss, sync.watched(), sync::ready);
                    else tape.backward(loss);
                }
                if (separate) {
                    for (int i = 0; i < separateGrads.length; i++) {
                        Parameter p = model.parameters().get(i);
                        float[] g = p.grad().toFloatArray();
                        if (separateGrads[i] == null) separateGrads[i] = g;
                        else for (int j = 0; j < g.length; j++) separateGrads[i][j] += g[j];
                        p.zeroGrad();
                    }
                }
            }
            if (separate) {
                for (int i = 0; i < separateGrads.length; i++) model.parameters().get(i).grad().copyFrom(Tensor.of(separateGrads[i], model.parameters().get(i).shape()));
            }
            if (overlap) sync.finish();
            else dp.allReduceGradients(model.parameters());
            opt.step(3e-3);
            opt.zeroGrad();
            if (dp.isRoot() && a.containsKey("ckpt")) checkpoint(Path.of(a.get("ckpt")), model, opt, sharding.sequencesBefore(step + 1));
            if (step == haltAfter) {
                dp.barrier(); // the checkpoint of this step is on disk
                if (dp.rank() == 1) Runtime.getRuntime().halt(3);
            }
        }
        // every rank writes its weights (rank r > 0 to OUT.rank<r>): data parallelism must keep them identical
        String out = a.get("out") + (dp.isRoot() ? "" : ".rank" + dp.rank());
        try (DataOutputStream w = new DataOutputStream(Files.newOutputStream(Path.of(out)))) {
            for (Parameter p : model.parameters()) for (float f : p.value().toFloatArray()) w.writeFloat(f);
        }
        return firstStep;
    }

    /** Sequences [first, first + MICRO) of a synthetic stream: sequence i is a pure function of i. */
    static int[][] batch(long first) {
        int[] in = new int[MICRO * SEQ], tg = new int[MICRO * SEQ];
        for (int r = 0; r < MICRO; r++) {
            SplittableRandom rng = new SplittableRandom(1000 + first + r);
            int[] seq = new int[SEQ + 1];
            seq[0] = rng.nextInt(CONFIG.vocabSize());
            // a learnable rule (next = 3·prev + 1 mod V, sometimes noise) so the loss falls
            for (int t = 1; t <= SEQ; t++) seq[t] = rng.nextInt(8) == 0 ? rng.nextInt(CONFIG.vocabSize()) : (3 * seq[t - 1] + 1) % CONFIG.vocabSize();
            System.arraycopy(seq, 0, in, r * SEQ, SEQ);
            System.arraycopy(seq, 1, tg, r * SEQ, SEQ);
        }
        return new int[][] {in, tg};
    }

    private static void checkpoint(Path path, Decoder model, AdamW opt, long sequences) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) tensors.put(p.name(), p.value());
        OptimizerState s = opt.state();
        for (var e : s.tensors().entrySet()) tensors.put("optim." + e.getKey(), e.getValue());
        SafetensorsWriter.write(path, tensors, Map.of("optimizer_step", String.valueOf(s.step()),
                "sequences_consumed", String.valueOf(sequences)));
    }

    private static long resume(Path path, Decoder model, AdamW opt, BatchSharding sharding) throws IOException {
        SafetensorsFile f = SafetensorsFile.open(path);
        for (Parameter p : model.parameters()) p.value().copyFrom(f.tensor(p.name()));
        Map<String, Tensor> moments = new LinkedHashMap<>();
        for (String k : opt.state().tensors().keySet()) moments.put(k, f.tensor("optim." + k));
        opt.load(new OptimizerState(Long.parseLong(f.metadata().get("optimizer_step")), moments));
        return sharding.stepAt(Long.parseLong(f.metadata().get("sequences_consumed")));
    }
}
