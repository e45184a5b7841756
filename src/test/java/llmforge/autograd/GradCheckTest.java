package llmforge.autograd;

import llmforge.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The harness itself must catch a wrong backward, or every gradient check built on it proves nothing. */
class GradCheckTest {
    /** y = x^2 with a backward that is off by a factor (2.1 x instead of 2 x). */
    static Tensor badSquare(Tensor x) {
        Tensor y = Tensor.empty(x.shape());
        for (long i = 0; i < x.size(); i++) y.set(i, x.get(i) * x.get(i));
        Tape.record(y, () -> {
            Tensor g = Grads.of(x);
            for (long i = 0; i < x.size(); i++) g.set(i, g.get(i) + 2.1f * x.get(i) * y.grad().get(i));
        }, x);
        return y;
    }

    @Test
    void detectsAWrongGradient() {
        assertThrows(AssertionFailedError.class, () -> GradCheck.of("bad square", t -> badSquare(t[0]), x -> {
            double[] o = x[0].clone();
            for (int i = 0; i < o.length; i++) o[i] *= o[i];
            return o;
        }).run(GradCheck.input(1, -1, 1, 10)));
    }

    @Test
    void detectsAWrongForward() {
        assertThrows(AssertionFailedError.class, () -> GradCheck.of("bad forward", t -> Arithmetic.add(t[0], t[0]),
                x -> x[0].clone()).run(GradCheck.input(1, -1, 1, 4)));
    }
}
