package llmforge.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.autograd.Tape;
import llmforge.io.SafetensorsFile;
import llmforge.kernels.Parallel;
import llmforge.nn.MoeConfig;
import llmforge.nn.MoeStats;
import llmforge.nn.SequenceLayout;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoeDecoderTest {
    static final DecoderConfig MIXTRAL = DecoderTrainingTest.small("llama").withMoe(new MoeConfig(4, 2, 1.5, 0.01, 0.001));

    @AfterEach
    void restore() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    @Test
    void denseConfigsStayDense() {
        assertEquals(MoeConfig.DENSE, DecoderConfig.preset("tiny-llama").moe());
        assertEquals(MoeConfig.DENSE, new DecoderConfig("gpt2", 8, 8, 8, 1, 2, 2, 16, true, 0f, 1e-5f, 10000, 1).moe());
    }

    @Test
    void savesAndLoadsAsMixtral(@TempDir Path dir) throws Exception {
        Decoder m = new Decoder(MIXTRAL, 3);
        HfModelDirectory.save(m, dir, 0, 0);
        var cfg = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals("mixtral", cfg.get("model_type").asText());
        assertEquals(4, cfg.get("num_local_experts").asInt());
        assertEquals(2, cfg.get("num_experts_per_tok").asInt());
        SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"));
        assertTrue(st.has("model.layers.1.block_sparse_moe.gate.weight"));
        assertArrayEquals(new int[] {88, 32}, st.entries().get("model.layers.0.block_sparse_moe.experts.3.w1.weight").shape());
        assertArrayEquals(new int[] {32, 88}, st.entries().get("model.layers.0.block_sparse_moe.experts.3.w2.weight").shape());
        assertEquals(MIXTRAL, HfModelDirectory.readConfig(dir));
        Decoder back = HfModelDirectory.load(dir);
        int[] ids = new SplittableRandom(2).ints(20, 0, 64).toArray();
        try (var g = Grad.off()) {
            Approx.assertBitsEqual("reloaded", m.logits(ids, SequenceLayout.plain(2, 10)).toFloatArray(),
                    back.logits(ids, SequenceLayout.plain(2, 10)).toFloatArray());
        }
    }

    @Test
    void trainsReportsStatsAndIsThreadInvariant() {
        float[] losses = DecoderTrainingTest.train(MIXTRAL, 40)[0];
        assertTrue(losses[1] < 0.5 * losses[0], "loss " + losses[0] + " -> " + losses[1]);
        Parallel.setThreads(1);
        float[][] one = DecoderTrainingTest.train(MIXTRAL, 10);
        Parallel.setThreads(2);
        float[][] two = DecoderTrainingTest.train(MIXTRAL, 10);
        Approx.assertBitsEqual("losses", one[0], two[0]);
        Approx.assertBitsEqual("weights", one[1], two[1]);

        Decoder m = new Decoder(MIXTRAL.withMoe(new MoeConfig(4, 2, 0.5, 0.01, 0.001)), 1);
        int[] ids = new SplittableRandom(4).ints(32, 0, 64).toArray();
        try (Tape t = Tape.open()) { m.loss(ids, ids, SequenceLayout.plain(2, 16), 32); }
        MoeStats s = m.moeStats();
        assertEquals(2L * 32 * 2, s.totalSlots());            // 2 layers x 32 tokens x top-2
        assertTrue(s.droppedShare() >= 0.5 - 1e-9, "capacity 0.5 keeps at most half: " + s);
        assertEquals(1 - s.droppedShare(), Arrays.stream(s.expertLoad()).sum(), 1e-12);
    }
}
