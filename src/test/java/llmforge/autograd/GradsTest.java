package llmforge.autograd;

import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class GradsTest {
    /** A leaf made outside any step keeps its gradient across tapes and accumulates, like a parameter's. */
    @Test
    void persistentLeafGradientsSurviveTheTapeAndAccumulate() {
        Tensor x = Tensor.persistent(3).copyFrom(new float[] {1, 2, 3}).requiresGrad(true);
        for (int step = 0; step < 2; step++) {
            try (Tape tape = Tape.open()) {
                tape.backward(Ops.sum(Arithmetic.mul(x, x)));
            }
        }
        assertArrayEquals(new float[] {4, 8, 12}, x.grad().toFloatArray()); // 2 steps of d(x^2)/dx = 2x
    }
}
