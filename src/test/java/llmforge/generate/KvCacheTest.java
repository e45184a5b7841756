package llmforge.generate;

import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.autograd.Ops;
import llmforge.model.Decoder;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.MemoryScope;
import llmforge.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCacheTest {
    static final int VOCAB = 61;

    static List<int[]> prompts(long seed, int... lengths) {
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int n : lengths) out.add(r.ints(n, 0, VOCAB).toArray());
        return out;
    }

    /** Last-position logits of one unpadded sequence through the training forward (no cache, no padding). */
    static float[] reference(Decoder m, int[] seq) {
        try (var g = Grad.off(); var scope = MemoryScope.open()) {
            Tensor h = m.hidden(seq, SequenceLayout.plain(1, seq.length));
            return m.logits(Ops.slice(h, 1, seq.length - 1, seq.length)).toFloatArray();
        }
    }

    /** Runs a logits source over left-padded prompts and forced continuations, checking every step per row. */
    static void checkAgainstReference(Decoder m, LogitsSource source, List<int[]> prompts, int[][] forced) {
        int batch = prompts.size(), longest = 0;
        for (int[] p : prompts) longest = Math.max(longest, p.length);
        int[] padded = new int[batch * longest];
        Arrays.fill(padded, 7);   // filler tokens must not matter
        for (int b = 0; b < batch; b++) {
            int[] p = prompts.get(b);
            System.arraycopy(p, 0, padded, b * longest + longest - p.length, p.length);
        }
        float[][] logits = source.prefill(padded, longest);
        for (int step = 0; ; step++) {
            for (int b = 0; b < batch; b++) {
                int[] seq = Arrays.copyOf(prompts.get(b), prompts.get(b).length + step);
                System.arraycopy(forced[b], 0, seq, prompts.get(b).length, step);
                Approx.assertClose("row " + b + " step " + step, reference(m, seq), logits[b], 1e-4, 1e-4);
            }
            if (step == forced[0].length) break;
            int[] next = new int[batch];
            for (int b = 0; b < batch; b++) next[b] = forced[b][step];
            logits = source.step(next);
        }
    }

    static int[] padding(List<int[]> prompts) {
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        return prompts.stream().mapToInt(p -> longest - p.length).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void cachedLogitsEqualFullRecomputeOfEachUnpaddedRow(String arch) {
        Decoder m = TinyModels.model(arch, VOCAB, 5);
        List<int[]> prompts = prompts(1, 5, 11, 1, 8);
        SplittableRandom r = new SplittableRandom(2);
        int[][] forced = new int[prompts.size()][];
        for (int b = 0; b < forced.length; b++) forced[b] = r.ints(6, 0, VOCAB).toArray();
        checkAgainstReference(m, new CachedLogits(m, prompts.size(), 11 + 6, padding(prompts)), prompts, forced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void recomputingBaselineAlsoMatchesTheUnpaddedRows(String arch) {
        Decoder m = TinyModels.model(arch, VOCAB, 6);
        List<int[]> prompts = prompts(3, 4, 9, 2);
        int[][] forced = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        checkAgainstReference(m, new RecomputedLogits(m, prompts.size(), padding(prompts)), prompts, forced);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void cachedGreedyGenerationEqualsRecomputedGreedyGeneration(String arch) {
        Decoder m = TinyModels.model(arch, VOCAB, 7);
        List<int[]> prompts = prompts(4, 3, 12, 7);
        GenerationConfig cfg = new GenerationConfig(20, SamplingConfig.GREEDY, 0, new int[0], List.of());
        List<Generation> fast = Generator.cached(m, null).generate(prompts, cfg);
        List<Generation> slow = Generator.recomputing(m, null).generate(prompts, cfg);
        for (int b = 0; b < prompts.size(); b++) {
            assertEquals(20, fast.get(b).tokens().length);
            assertArrayEquals(slow.get(b).tokens(), fast.get(b).tokens(), "row " + b);
            Approx.assertClose("raw log-probs row " + b, slow.get(b).rawLogProbs(), fast.get(b).rawLogProbs(), 1e-4, 1e-4);
            // and each row alone, unpadded, gives the same tokens as inside the batch
            Generation alone = Generator.cached(m, null).generate(List.of(prompts.get(b)), cfg).get(0);
            assertArrayEquals(alone.tokens(), fast.get(b).tokens(), "row " + b + " alone");
        }
        long distinct = Arrays.stream(fast.get(1).tokens()).distinct().count();
        assertTrue(distinct > 1, "the test model should not be degenerate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void stepsReturnTheirMemoryToThePool(String arch) {
        Decoder m = TinyModels.model(arch, VOCAB, 8);
        GenerationConfig cfg = new GenerationConfig(10, SamplingConfig.PLAIN, 1, new int[0], List.of());
        Generator g = Generator.cached(m, null);
        g.generate(prompts(5, 4, 6), cfg);
        long pooled = MemoryScope.pooledBytes();
        g.generate(prompts(5, 4, 6), cfg);
        assertEquals(pooled, MemoryScope.pooledBytes(), "a second identical run must reuse the same pooled buffers");
    }
}
