package llmforge.generate;

import llmforge.model.Decoder;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SamplerTest {
    static float[] logitsOf(double... probs) {
        float[] l = new float[probs.length];
        for (int i = 0; i < l.length; i++) l[i] = (float) Math.log(probs[i]);
        return l;
    }

    static double[] dist(SamplingConfig c, float[] logits, BitSet context) {
        return new Sampler(c).distribution(logits, context).clone();
    }

    static void assertDist(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-6, "token " + i);
    }

    @Test void topKKeepsExactlyTheKLargest() {
        float[] l = {1, 5, 3, 4, 2};
        double e5 = Math.exp(5), e4 = Math.exp(4);
        assertDist(new double[] {0, e5 / (e5 + e4), 0, e4 / (e5 + e4), 0}, dist(new SamplingConfig(1, 2, 1, 1), l, new BitSet()));
        double[] one = dist(new SamplingConfig(1, 1, 1, 1), l, new BitSet());
        assertDist(new double[] {0, 1, 0, 0, 0}, one);
        // k >= vocabulary: no filter
        double[] all = dist(new SamplingConfig(1, 5, 1, 1), l, new BitSet());
        for (double p : all) assertFalse(p == 0);
    }

    @Test void topPKeepsTheSmallestMostProbableSetReachingP() {
        float[] l = logitsOf(0.1, 0.5, 0.05, 0.3, 0.05);
        assertDist(new double[] {0, 1, 0, 0, 0}, dist(new SamplingConfig(1, 0, 0.4, 1), l, new BitSet()));
        assertDist(new double[] {0, 0.5 / 0.8, 0, 0.3 / 0.8, 0}, dist(new SamplingConfig(1, 0, 0.75, 1), l, new BitSet()));
        assertDist(new double[] {0.1 / 0.9, 0.5 / 0.9, 0, 0.3 / 0.9, 0}, dist(new SamplingConfig(1, 0, 0.85, 1), l, new BitSet()));
        // top-k first, then top-p on what is left: k=2 leaves {1: 5/8, 3: 3/8}; p=0.6 keeps only token 1
        assertDist(new double[] {0, 1, 0, 0, 0}, dist(new SamplingConfig(1, 2, 0.6, 1), l, new BitSet()));
    }

    @Test void temperatureScalesLogitsBeforeSoftmax() {
        float[] l = {0, 1, 2};
        double[] p = dist(new SamplingConfig(2, 0, 1, 1), l, new BitSet());
        double z = 1 + Math.exp(0.5) + Math.exp(1);
        assertDist(new double[] {1 / z, Math.exp(0.5) / z, Math.exp(1) / z}, p);
    }

    @Test void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
        float[] l = {2, -2, 1, 0.5f};
        BitSet seen = new BitSet();
        seen.set(0);
        seen.set(1);
        double[] z = {1, -4, 1, 0.5};   // HF: 2 / 2, -2 * 2, unseen unchanged
        double sum = 0;
        for (double x : z) sum += Math.exp(x);
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) expected[i] = Math.exp(z[i]) / sum;
        assertDist(expected, dist(new SamplingConfig(1, 0, 1, 2), l, seen));
        // greedy sees the penalty too: token 0 drops from 2 to 1, tying token 2; the lower id wins
        float[] g = {3, 0, 2};
        BitSet s0 = new BitSet();
        s0.set(0);
        assertEquals(2, new Sampler(new SamplingConfig(0, 0, 1, 2)).sample(g, s0, new SplittableRandom(1)).token());
        assertEquals(0, new Sampler(new SamplingConfig(0, 0, 1, 1.4)).sample(g, s0, new SplittableRandom(1)).token());
    }

    @Test void temperatureZeroIsGreedyWithRawLogProb() {
        SplittableRandom r = new SplittableRandom(9);
        float[] l = new float[50];
        for (int i = 0; i < l.length; i++) l[i] = (float) r.nextGaussian();
        int best = 0;
        for (int i = 1; i < l.length; i++) if (l[i] > l[best]) best = i;
        double lse = 0;
        for (float x : l) lse += Math.exp(x);
        Sampler.Sample s = new Sampler(SamplingConfig.GREEDY).sample(l, new BitSet(), new SplittableRandom(3));
        assertEquals(best, s.token());
        assertEquals(0, s.logProb());
        assertEquals(l[best] - Math.log(lse), s.rawLogProb(), 1e-9);
    }

    @Test void drawsFollowTheProcessedDistributionAndReportItsLogProb() {
        float[] l = logitsOf(0.1, 0.5, 0.05, 0.3, 0.05);
        SamplingConfig c = new SamplingConfig(1, 0, 0.85, 1);
        Sampler sampler = new Sampler(c);
        SplittableRandom rng = new SplittableRandom(11);
        int[] counts = new int[5];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            Sampler.Sample s = sampler.sample(l, new BitSet(), rng);
            counts[s.token()]++;
            double expected = new double[] {0.1 / 0.9, 0.5 / 0.9, 0, 0.3 / 0.9, 0}[s.token()];
            assertEquals(Math.log(expected), s.logProb(), 1e-6);
            assertEquals(Math.log(new double[] {0.1, 0.5, 0.05, 0.3, 0.05}[s.token()]), s.rawLogProb(), 1e-6);
        }
        assertEquals(0, counts[2] + counts[4], "filtered tokens are never drawn");
        assertEquals(0.1 / 0.9, counts[0] / (double) n, 0.01);
        assertEquals(0.5 / 0.9, counts[1] / (double) n, 0.01);
    }

    @Test void seededGenerationIsDeterministicAndARowDoesNotDependOnItsNeighbours() {
        Decoder m = TinyModels.model("llama", KvCacheTest.VOCAB, 3);
        List<int[]> p = KvCacheTest.prompts(8, 6, 3);
        GenerationConfig cfg = new GenerationConfig(15, new SamplingConfig(1.2, 20, 0.95, 1.1), 42, new int[0], List.of());
        Generator g = Generator.cached(m, null);
        List<Generation> a = g.generate(p, cfg), b = g.generate(p, cfg);
        for (int r = 0; r < 2; r++) {
            assertArrayEquals(a.get(r).tokens(), b.get(r).tokens());
            assertArrayEquals(a.get(r).logProbs(), b.get(r).logProbs());
        }
        // row 1 generated alone, numbered as row 1, draws the same tokens
        Generation alone = g.generate(List.of(p.get(1)), cfg, 1, null).get(0);
        assertArrayEquals(a.get(1).tokens(), alone.tokens());
        List<Generation> other = g.generate(p, new GenerationConfig(15, cfg.sampling(), 43, new int[0], List.of()));
        assertFalse(java.util.Arrays.equals(a.get(0).tokens(), other.get(0).tokens()), "another seed, other samples");
    }

    @Test void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(-1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(1, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(1, 0, 1, 0));
        Decoder m = TinyModels.model("gpt2", KvCacheTest.VOCAB, 3);
        var cfg = new GenerationConfig(40, SamplingConfig.GREEDY, 0, new int[0], List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generator.cached(m, null).generate(List.of(new int[10]), cfg));
        assertEquals("a prompt of 10 tokens plus 40 new tokens exceeds the model's context of 48 tokens", e.getMessage());
    }
}
