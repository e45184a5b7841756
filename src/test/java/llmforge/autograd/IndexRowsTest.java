package llmforge.autograd;

import org.junit.jupiter.api.Test;

class IndexRowsTest {
    @Test
    void gatherAndScatterAddGradients() {
        int[] idx = {3, 0, 3, 1, 4, 3};
        GradCheck.of("gather", in -> IndexRows.gather(in[0], idx), x -> {
            double[] y = new double[idx.length * 7];
            for (int j = 0; j < idx.length; j++) System.arraycopy(x[0], idx[j] * 7, y, j * 7, 7);
            return y;
        }).run(GradCheck.input(1, -1, 1, 5, 7));
        GradCheck.of("scatterAdd", in -> IndexRows.scatterAdd(in[0], idx, 6), x -> {
            double[] y = new double[6 * 17];
            for (int j = 0; j < idx.length; j++) for (int c = 0; c < 17; c++) y[idx[j] * 17 + c] += x[0][j * 17 + c];
            return y;
        }).run(GradCheck.input(2, -1, 1, idx.length, 17));
    }
}
