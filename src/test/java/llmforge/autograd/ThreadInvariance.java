package llmforge.autograd;

import llmforge.Approx;
import llmforge.kernels.Parallel;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs an op's forward and backward with 1 and with 2 worker threads and asserts bit-identical results. */
public final class ThreadInvariance {
    private ThreadInvariance() {}

    public static void check(String name, Function<Tensor[], Tensor> op, Tensor... inputs) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<float[]> one = run(op, inputs);
            Parallel.setThreads(2);
            List<float[]> two = run(op, inputs);
            for (int i = 0; i < one.size(); i++) {
                Approx.assertBitsEqual(name + (i == 0 ? " forward" : " gradient of input " + (i - 1)), one.get(i), two.get(i));
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static List<float[]> run(Function<Tensor[], Tensor> op, Tensor[] inputs) {
        List<float[]> out = new ArrayList<>();
        for (Tensor in : inputs) if (in.requiresGrad()) in.setGrad(null);
        try (Tape tape = Tape.open()) {
            Tensor y = op.apply(inputs);
            float[] f = y.toFloatArray();
            out.add(f);
            tape.backward(y, Tensor.of(Approx.random(11, f.length, -1, 1), y.shape()));
            for (Tensor in : inputs) if (in.requiresGrad()) out.add(in.grad().toFloatArray());
        }
        return out;
    }
}
