package llmforge.autograd;

import llmforge.kernels.LayerNormReference;
import llmforge.kernels.RmsNormReference;
import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test void layerNormGradients() {
        GradCheck.of("layerNorm", in -> Normalization.layerNorm(in[0], in[1], in[2], 1e-5f),
                        x -> LayerNormReference.forward(x[0], x[1], x[2], 6, 17, 1e-5))
                .run(GradCheck.input(1, -2, 3, 2, 3, 17), GradCheck.input(2, 0.5, 1.5, 17), GradCheck.input(3, -1, 1, 17));
    }

    @Test void rmsNormGradients() {
        GradCheck.of("rmsNorm", in -> Normalization.rmsNorm(in[0], in[1], 1e-6f),
                        x -> RmsNormReference.forward(x[0], x[1], 5, 19, 1e-6))
                .run(GradCheck.input(1, -2, 3, 5, 19), GradCheck.input(2, 0.5, 1.5, 19));
    }

    @Test void parameterGradientsAccumulateAcrossCalls() {
        Tensor x = GradCheck.input(1, -2, 2, 3, 8);
        Parameter w = new Parameter("w", 8);
        w.value().fill(1f);
        float[] once;
        try (Tape t = Tape.open()) {
            Tensor y = Normalization.rmsNorm(x, w.value(), 1e-6f);
            t.backward(y, Tensor.of(new float[24], 3, 8).fill(1f));
            once = w.grad().toFloatArray();
            Tensor y2 = Normalization.rmsNorm(x, w.value(), 1e-6f);
            t.backward(y2, Tensor.of(new float[24], 3, 8).fill(1f));
        }
        float[] twice = w.grad().toFloatArray();
        for (int i = 0; i < 8; i++) org.junit.jupiter.api.Assertions.assertEquals(2 * once[i], twice[i], 1e-5);
    }

    @Test void sameBitsForOneAndTwoThreads() {
        Tensor x = GradCheck.input(4, -2, 2, 300, 257), w = GradCheck.input(5, 0.5, 1.5, 257), b = GradCheck.input(6, -1, 1, 257);
        ThreadInvariance.check("layerNorm", in -> Normalization.layerNorm(in[0], in[1], in[2], 1e-5f), x, w, b);
        ThreadInvariance.check("rmsNorm", in -> Normalization.rmsNorm(in[0], in[1], 1e-5f), x, w);
    }
}
