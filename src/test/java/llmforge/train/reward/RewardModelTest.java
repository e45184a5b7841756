package llmforge.train.reward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.Approx;
import llmforge.autograd.Tape;
import llmforge.io.UserException;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.model.RewardModel;
import llmforge.model.RewardStats;
import llmforge.nn.Init;
import llmforge.train.PrefFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class RewardModelTest {
    static final int VOCAB = 50;

    /** A reward model whose head is large enough that rewards differ clearly between sequences. */
    public static RewardModel model(String arch) {
        RewardModel m = new RewardModel(PrefFixtures.decoder(arch, VOCAB, 3), 3);
        Init.normal(m.head(), 5, 0.5);
        return m;
    }

    static final int[] A = {5, 9, 11, 2, 7}, B = {4, 8, 3}, C = {12, 13, 14, 15, 16, 17, 18};

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void leftAndRightPaddingScoreLikeAlone(String arch) {
        RewardModel m = model(arch);
        float[] alone = {m.score(List.of(A))[0], m.score(List.of(B))[0], m.score(List.of(C))[0]};
        float[] batched = m.score(List.of(A, B, C));    // right padding inside
        Approx.assertClose("right-padded", alone, batched, 1e-5, 1e-6);
        int t = 7;
        int[] ids = new int[3 * t];
        boolean[] valid = new boolean[3 * t];
        Arrays.fill(ids, 1);
        int[][] rows = {A, B, C};
        for (int r = 0; r < 3; r++) {                     // left padding
            System.arraycopy(rows[r], 0, ids, r * t + t - rows[r].length, rows[r].length);
            Arrays.fill(valid, r * t + t - rows[r].length, r * t + t, true);
        }
        Approx.assertClose("left-padded", alone, m.scorePadded(ids, 3, t, valid), 1e-5, 1e-6);
        int[] other = ids.clone();
        other[0] = 40;                                    // a padding token's id changes nothing
        Approx.assertClose("pad id", alone, m.scorePadded(other, 3, t, valid), 1e-5, 1e-6);
    }

    @Test void theRewardIsReadAtTheLastRealToken() {
        RewardModel m = model("gpt2");
        float base = m.score(List.of(A))[0];
        int[] lastChanged = A.clone();
        lastChanged[A.length - 1] = 30;
        assertNotEquals(base, m.score(List.of(lastChanged))[0], 1e-4f);
        // the same sequence with an extra trailing token scores differently: the position read moves with the length
        int[] longer = Arrays.copyOf(A, A.length + 1);
        longer[A.length] = 21;
        assertNotEquals(base, m.score(List.of(longer))[0], 1e-4f);
        // the training path (rewards on a tape) agrees with scoring
        try (Tape tape = Tape.open()) {
            m.train(false);
            var pb = llmforge.train.PaddedBatch.rightPadded(List.of(B, A), 1);
            float[] r = m.rewards(pb.ids(), pb.layout(), pb.lastIndices()).toFloatArray();
            Approx.assertClose("tape", m.score(List.of(B, A)), r, 1e-5, 1e-6);
        }
    }

    @Test void freshHeadStartsNearZero() {
        RewardModel m = new RewardModel(PrefFixtures.decoder("gpt2", VOCAB, 3), 3);
        for (float r : m.score(List.of(A, B, C))) assertTrue(Math.abs(r) < 0.01, "reward " + r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void saveLoadRoundTrip(String arch, @TempDir Path dir) throws Exception {
        RewardModel m = model(arch);
        m.stats(new RewardStats(0.25, 1.5, 12));
        m.save(dir, 0, 3, 1);
        RewardModel back = RewardModel.load(dir);
        Approx.assertBitsEqual("scores", m.score(List.of(A, B, C)), back.score(List.of(A, B, C)));
        assertEquals(new RewardStats(0.25, 1.5, 12), back.stats());
        JsonNode cfg = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals(arch.equals("gpt2") ? "GPT2ForSequenceClassification" : "LlamaForSequenceClassification",
                cfg.path("architectures").get(0).asText());
        assertEquals(1, cfg.path("num_labels").asInt());
        assertEquals(1, cfg.path("pad_token_id").asInt());
        assertEquals(0.5, back.stats().normalize(1.0), 1e-12);
    }

    @Test void aPlainDecoderIsNotARewardModel(@TempDir Path dir) throws Exception {
        Decoder d = PrefFixtures.decoder("gpt2", VOCAB, 1);
        HfModelDirectory.save(d, dir, 0, 0);
        UserException e = assertThrows(UserException.class, () -> RewardModel.load(dir));
        assertTrue(e.getMessage().contains("score.weight"), e.getMessage());
    }

    @Test void statsAreMeanAndSampleStd() {
        RewardStats s = RewardStats.of(new float[] {1, 2, 3, 4});
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-6);
        assertEquals(4, s.count());
    }
}
