package llmforge.train.reward;

import llmforge.Approx;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.SafetensorsFile;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PairwiseLossTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/reward.safetensors");

    @Test void rankingsExpandToAllPairsInRankOrder() {
        List<int[]> p = RankingGroup.pairs(List.of(2, 0, 3, 1));
        int[][] expected = {{2, 0}, {2, 3}, {2, 1}, {0, 3}, {0, 1}, {3, 1}};
        assertEquals(expected.length, p.size());
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], p.get(i));
        assertEquals(1, RankingGroup.pairs(List.of(1, 0)).size());
        assertEquals(10, RankingGroup.pairs(List.of(0, 1, 2, 3, 4)).size());
    }

    /** Loss and gradient (w.r.t. the rewards) against PyTorch, plain and with margin + centring. */
    @ParameterizedTest
    @CsvSource({"plain, 0, 0", "margin, 0.3, 0.05"})
    void matchesPyTorch(String name, float margin, float centring) throws Exception {
        SafetensorsFile f = SafetensorsFile.open(GOLDEN);
        float[] r = f.tensor("rewards").toFloatArray();
        int[] flat = f.ints("pairs");
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < flat.length; i += 2) pairs.add(new int[] {flat[i], flat[i + 1]});
        Parameter rewards = new Parameter("r", r.length);
        rewards.value().copyFrom(Tensor.of(r, r.length));
        rewards.zeroGrad();
        float loss;
        try (Tape tape = Tape.open()) {
            Tensor l = PairwiseLoss.loss(rewards.value(), pairs, f.tensor("weights").toFloatArray(), margin, centring);
            tape.backward(l);
            loss = l.item();
        }
        Approx.assertClose(name + " loss", f.tensor(name + ".loss").toFloatArray(), new float[] {loss}, 1e-4, 1e-6);
        Approx.assertClose(name + " grad", f.tensor(name + ".grad").toFloatArray(), rewards.grad().toFloatArray(), 1e-4, 1e-6);
    }
}
