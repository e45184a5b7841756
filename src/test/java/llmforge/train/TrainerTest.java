package llmforge.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.io.UserException;
import llmforge.model.Decoder;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    @TempDir Path tmp;

    private Trainer<TokenBatch> trainer(Stage<TokenBatch> stage, TrainerConfig cfg, Path out) {
        return new Trainer<>(stage, cfg, out, JsonNodeFactory.instance.objectNode(), TinyRun.QUIET);
    }

    @Test
    void interruptedAndResumedRunIsBitIdenticalToAnUninterruptedOne() throws IOException {
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        TrainerConfig cfg = TinyRun.config(20, 2, 0);

        PretrainStage straight = TinyRun.stage(shards, 1, 2, 11);
        Trainer.Result whole = trainer(straight, cfg, tmp.resolve("a")).run(false, StopSignal.manual());
        assertEquals(20, whole.step());

        // the same run, interrupted (as by Ctrl-C) before step 11: it must save a checkpoint at step 10
        StopSignal stop = StopSignal.manual();
        PretrainStage first = TinyRun.stage(shards, 1, 2, 11);
        Stage<TokenBatch> interrupting = new DelegatingStage<>(first) {
            @Override public TokenBatch nextBatch() {
                if (inner.dataPosition() == 2 * 10 - 1) stop.request();   // during step 10's last micro-batch
                return inner.nextBatch();
            }
        };
        Trainer.Result part = trainer(interrupting, cfg, tmp.resolve("b")).run(false, stop);
        assertTrue(part.interrupted());
        assertEquals(10, part.step());
        assertEquals("step-000010", part.lastCheckpoint().orElseThrow().getFileName().toString());

        // resumed into a model initialised differently, so nothing but the checkpoint can make it match
        PretrainStage resumed = TinyRun.stage(shards, 999, 2, 11);
        Trainer<TokenBatch> second = trainer(resumed, cfg, tmp.resolve("b"));
        Trainer.Result rest = second.run(true, StopSignal.manual());
        assertEquals(20, rest.step());
        assertEquals(straight.dataPosition(), resumed.dataPosition());

        // bit-identical: the kernels give the same bits at every JIT tier (JitTierInvarianceTest)
        List<float[]> a = TinyRun.weights(straight.parameters()), b = TinyRun.weights(resumed.parameters());
        for (int i = 0; i < a.size(); i++) {
            llmforge.Approx.assertBitsEqual("parameter " + straight.parameters().get(i).name(), a.get(i), b.get(i));
        }
        List<Double> la = seriesOf(tmp.resolve("a")), lb = seriesOf(tmp.resolve("b"));
        assertEquals(20, lb.size());
        assertEquals(la, lb, "per-step losses");
    }

    @Test
    void resumeIsBitIdenticalInAJitStableJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ResumeCheck.class.getName(),
                tmp.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("IDENTICAL"), out);
    }

    private static List<Double> seriesOf(Path run) throws IOException {
        MetricsLog m = new MetricsLog(run.resolve("metrics.jsonl"));
        m.reload(Long.MAX_VALUE);
        return m.series("train", "loss").stream().map(p -> p[1]).toList();
    }

    @Test
    void nonFiniteLossSkipsTheUpdateAndIsCounted() throws IOException {
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        PretrainStage inner = TinyRun.stage(shards, 1, 2, 11);
        Stage<TokenBatch> poisoned = new DelegatingStage<>(inner) {
            @Override public Tensor loss(TokenBatch b, float divisor, Metrics m) {
                Tensor l = inner.loss(b, divisor, m);
                return inner.dataPosition() == 3 ? Ops.scale(l, Float.NaN) : l;   // step 3 only
            }
        };
        Trainer<TokenBatch> t = trainer(poisoned, TinyRun.config(3, 1, 0), tmp.resolve("run"));
        Trainer.Result r = t.run(false, StopSignal.manual());
        assertEquals(1, r.skippedSteps());
        assertEquals(3, r.step());
        assertTrue(t.metrics().records().stream().anyMatch(n -> n.path("event").asText().equals("skipped_nonfinite")
                && n.path("step").asLong() == 3));
        for (Parameter p : inner.parameters()) {
            for (float v : p.value().toFloatArray()) assertTrue(Float.isFinite(v), p.name() + " got a non-finite weight");
        }
        // the skipped step left the weights as step 2 made them: the same run stopped after 2 steps has them too
        PretrainStage twoSteps = TinyRun.stage(shards, 1, 2, 11);
        TrainerConfig two = TinyRun.config(3, 1, 0);
        StopSignal stop = StopSignal.manual();
        Stage<TokenBatch> stopper = new DelegatingStage<>(twoSteps) {
            @Override public TokenBatch nextBatch() {
                if (inner.dataPosition() == 1) stop.request();
                return inner.nextBatch();
            }
        };
        trainer(stopper, two, tmp.resolve("two")).run(false, stop);
        List<float[]> a = TinyRun.weights(inner.parameters()), b = TinyRun.weights(twoSteps.parameters());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(b.get(i), a.get(i));
    }

    /** A stage over a fixed list of batches (the accumulation test controls exactly which tokens each step sees). */
    private static Stage<TokenBatch> fixed(Decoder model, List<TokenBatch> batches) {
        return new Stage<>() {
            long pos;
            @Override public List<Parameter> parameters() { return model.parameters(); }
            @Override public TokenBatch nextBatch() { return batches.get((int) (pos++ % batches.size())); }
            @Override public long countedTokens(TokenBatch b) { return b.countedTokens(); }
            @Override public Tensor loss(TokenBatch b, float d, Metrics m) { return model.loss(b.inputs(), b.targets(), b.layout(), d); }
            @Override public List<TokenBatch> validationBatches() { return List.of(); }
            @Override public long dataPosition() { return pos; }
            @Override public void seekData(long p) { pos = p; }
            @Override public void mode(boolean training, long seed) { model.train(training); model.dropoutSeed(seed); }
            @Override public void recomputeActivations(boolean on) { model.recomputeActivations(on); }
            @Override public void saveModel(Path dir) {}
            @Override public void loadModel(Path dir) {}
        };
    }

    @Test
    void twoMicroBatchesGiveTheGradientOfOneBatchOfTheSameTokens() throws IOException {
        var c = TinyRun.model();
        var noDropout = new llmforge.model.DecoderConfig(c.architecture(), c.vocabSize(), c.maxSeqLen(), c.dModel(), c.nLayers(),
                c.nHeads(), c.nKvHeads(), c.dFf(), c.tiedEmbeddings(), 0f, c.normEps(), c.ropeTheta(), c.ropeScaling());
        int t = 8;
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int[][] in = new int[2][t], tg = new int[2][t];
        for (int row = 0; row < 2; row++) {
            for (int i = 0; i < t; i++) {
                in[row][i] = r.nextInt(TinyRun.VOCAB);
                tg[row][i] = row == 0 && i < 5 ? TokenBatch.IGNORE : r.nextInt(TinyRun.VOCAB);   // uneven counted tokens
            }
        }
        List<TokenBatch> rows = new ArrayList<>();
        for (int row = 0; row < 2; row++) rows.add(new TokenBatch(in[row], tg[row], SequenceLayout.plain(1, t), TokenBatch.countTargets(tg[row])));
        int[] inBoth = new int[2 * t], tgBoth = new int[2 * t];
        for (int row = 0; row < 2; row++) {
            System.arraycopy(in[row], 0, inBoth, row * t, t);
            System.arraycopy(tg[row], 0, tgBoth, row * t, t);
        }
        TokenBatch both = new TokenBatch(inBoth, tgBoth, SequenceLayout.plain(2, t), TokenBatch.countTargets(tgBoth));

        // grad_clip 0 and 1 step: the gradients left on the parameters are exactly the step's gradients
        TrainerConfig cfg = new TrainerConfig(1, 2, 1e-3, 0, "constant", 1.0, 0.0, 0.9, 0.95, 0.0, 0, 0, 1, 1L, 3.0, false, 0.5, 0);
        TrainerConfig one = new TrainerConfig(1, 1, 1e-3, 0, "constant", 1.0, 0.0, 0.9, 0.95, 0.0, 0, 0, 1, 1L, 3.0, false, 0.5, 0);
        Decoder split = new Decoder(noDropout, 3), whole = new Decoder(noDropout, 3);
        trainer(fixed(split, rows), cfg, tmp.resolve("split")).run(false, StopSignal.manual());
        trainer(fixed(whole, List.of(both)), one, tmp.resolve("whole")).run(false, StopSignal.manual());
        List<float[]> a = TinyRun.grads(split.parameters()), b = TinyRun.grads(whole.parameters());
        double maxGrad = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int k = 0; k < a.get(i).length; k++) {
                assertEquals(b.get(i)[k], a.get(i)[k], 1e-6, split.parameters().get(i).name() + "[" + k + "]");
                maxGrad = Math.max(maxGrad, Math.abs(b.get(i)[k]));
            }
        }
        assertTrue(maxGrad > 1e-3, "gradients should not be trivially zero, max " + maxGrad);
        List<float[]> wa = TinyRun.weights(split.parameters()), wb = TinyRun.weights(whole.parameters());
        for (int i = 0; i < wa.size(); i++) assertArrayEquals(wb.get(i), wa.get(i), 1e-6f);
    }

    @Test
    void freshRunRefusesToOverwriteAnExistingRun() throws IOException {
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        trainer(TinyRun.stage(shards, 1, 2, 11), TinyRun.config(3, 1, 0), tmp.resolve("run")).run(false, StopSignal.manual());
        UserException e = assertThrows(UserException.class, () ->
                trainer(TinyRun.stage(shards, 1, 2, 11), TinyRun.config(3, 1, 0), tmp.resolve("run")).run(false, StopSignal.manual()));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        UserException none = assertThrows(UserException.class, () ->
                trainer(TinyRun.stage(shards, 1, 2, 11), TinyRun.config(3, 1, 0), tmp.resolve("empty")).run(true, StopSignal.manual()));
        assertTrue(none.getMessage().contains("nothing to resume"), none.getMessage());
    }

    @Test
    void validationLossFallsBelowTheUnigramEntropy() throws IOException {
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        PretrainStage s = TinyRun.stage(shards, 1, 4, 11);
        Trainer<TokenBatch> t = trainer(s, new TrainerConfig(60, 1, 1e-2, 5, "cosine", 0.1, 0.0, 0.9, 0.95, 1.0, 30, 0, 1,
                11L, 3.0, false, 0.5, 3), tmp.resolve("run"));
        Trainer.Result r = t.run(false, StopSignal.manual());
        double entropy;
        try (var val = llmforge.data.ShardReader.open(shards, "val")) {
            entropy = UnigramEntropy.of(val);
        }
        double loss = r.lastEvaluation().orElseThrow().valLoss();
        assertTrue(loss < 0.7 * entropy, "val loss " + loss + " vs unigram entropy " + entropy);
    }
}
