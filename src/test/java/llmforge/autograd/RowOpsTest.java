package llmforge.autograd;

import llmforge.kernels.DropoutReference;
import llmforge.kernels.EmbeddingReference;
import llmforge.kernels.ReductionsReference;
import llmforge.kernels.RopeReference;
import llmforge.kernels.RopeTable;
import llmforge.kernels.SoftmaxReference;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RowOpsTest {
    @Test void softmaxAndLogSoftmax() {
        GradCheck.of("softmax", in -> SoftmaxFunctions.softmax(in[0]), x -> SoftmaxReference.forward(false, x[0], 6, 11))
                .run(GradCheck.input(1, -3, 3, 2, 3, 11));
        GradCheck.of("logSoftmax", in -> SoftmaxFunctions.logSoftmax(in[0]), x -> SoftmaxReference.forward(true, x[0], 6, 11))
                .run(GradCheck.input(2, -3, 3, 2, 3, 11));
    }

    @Test void embeddingWithRepeatedIds() {
        int[] ids = {3, 1, 3, 0, 4, 3};
        GradCheck.of("embedding", in -> EmbeddingLookup.lookup(in[0], ids, 2, 3), x -> EmbeddingReference.forward(x[0], 7, ids))
                .run(GradCheck.input(3, -1, 1, 5, 7));
        Tensor table = GradCheck.input(3, -1, 1, 5, 7);
        assertArrayEquals(new int[] {2, 3, 7}, EmbeddingLookup.lookup(table, ids, 2, 3).shape());
    }

    @Test void reductions() {
        GradCheck.of("sum", in -> Reduce.sum(in[0]), x -> new double[] {ReductionsReference.sumAll(x[0])})
                .run(GradCheck.input(4, -1, 1, 3, 5));
        GradCheck.of("mean", in -> Reduce.mean(in[0]), x -> new double[] {ReductionsReference.sumAll(x[0]) / 15})
                .run(GradCheck.input(5, -1, 1, 3, 5));
        GradCheck.of("sumLast", in -> Reduce.sumLast(in[0], false), x -> ReductionsReference.sumRows(x[0], 6, 5, 1))
                .run(GradCheck.input(6, -1, 1, 2, 3, 5));
        GradCheck.of("meanLast keepdim", in -> Reduce.meanLast(in[0], true), x -> ReductionsReference.sumRows(x[0], 6, 5, 0.2))
                .run(GradCheck.input(7, -1, 1, 2, 3, 5));
        Tensor x = GradCheck.input(7, -1, 1, 2, 3, 5);
        assertArrayEquals(new int[] {2, 3, 1}, Reduce.meanLast(x, true).shape());
        assertArrayEquals(new int[] {2, 3}, Reduce.sumLast(x, false).shape());
        assertArrayEquals(new int[] {}, Reduce.sum(x).shape());
    }

    @Test void ropeWithScalingBothLayouts() {
        int[] pos = {0, 1, 2, 5, 0, 1, 2, 3};  // second sequence restarts at 0 (packed)
        RopeTable table = RopeTable.of(8, 500, 2.0, 3.0, 8);
        GradCheck.of("rope BTHD", in -> RotaryEmbedding.apply(in[0], pos, table, false),
                        x -> RopeReference.forward(x[0], 2, 4, 3, 8, false, pos, 500, 2.0, 3.0))
                .run(GradCheck.input(8, -1, 1, 2, 4, 3, 8));
        GradCheck.of("rope BHTD", in -> RotaryEmbedding.apply(in[0], pos, table, true),
                        x -> RopeReference.forward(x[0], 2, 4, 3, 8, true, pos, 500, 2.0, 3.0))
                .run(GradCheck.input(9, -1, 1, 2, 3, 4, 8));
    }

    @Test void dropoutWithFixedSeed() {
        GradCheck.of("dropout", in -> InvertedDropout.apply(in[0], 0.4f, 1234, true), x -> DropoutReference.forward(x[0], 0.4, 1234))
                .run(GradCheck.input(10, -1, 1, 7, 9));
        Tensor x = GradCheck.input(10, -1, 1, 7, 9);
        assertSame(x, InvertedDropout.apply(x, 0f, 1, true));
        assertSame(x, InvertedDropout.apply(x, 0.5f, 1, false));
    }

    @Test void sameBitsForOneAndTwoThreads() {
        Tensor x = GradCheck.input(11, -3, 3, 300, 257);
        ThreadInvariance.check("softmax", in -> SoftmaxFunctions.softmax(in[0]), x);
        ThreadInvariance.check("logSoftmax", in -> SoftmaxFunctions.logSoftmax(in[0]), x);
        ThreadInvariance.check("sum", in -> Reduce.sum(in[0]), x);
        ThreadInvariance.check("meanLast", in -> Reduce.meanLast(in[0], false), x);
        ThreadInvariance.check("dropout", in -> InvertedDropout.apply(in[0], 0.1f, 7, true), x);
        int[] ids = new int[2000];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 31) % 50;
        Tensor table = GradCheck.input(12, -1, 1, 50, 300);
        ThreadInvariance.check("embedding", in -> EmbeddingLookup.lookup(in[0], ids, 2000), table);
        int[] pos = new int[4 * 64];
        for (int i = 0; i < pos.length; i++) pos[i] = i % 64;
        Tensor q = GradCheck.input(13, -1, 1, 4, 64, 8, 64);
        ThreadInvariance.check("rope", in -> RotaryEmbedding.apply(in[0], pos, RopeTable.of(64, 10000, 1, 1, 64), false), q);
    }
}
