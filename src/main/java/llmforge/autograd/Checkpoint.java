package llmforge.autograd;

import llmforge.tensor.MemoryScope;
import llmforge.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

/**
 * Activation recomputation: {@code Checkpoint.apply(f, x, weights)} runs {@code f(x)} without recording, so none of
 * its intermediate tensors outlive the call (only {@code x} and the result stay), and records ONE node whose
 * backward re-runs {@code f(x)} under a nested tape and back-propagates the upstream gradient through it. Trades
 * one extra forward of {@code f} for its activations. {@code f} must be deterministic (dropout seeded per site, as
 * the Decoder's is): then the gradients are bit-identical to the unrecomputed path.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /**
     * @param weights the tensors {@code f} reads besides {@code x} that may want gradients (a block's parameter
     *                values): the node is recorded if {@code x} or any of them requires a gradient
     */
    public static Tensor apply(Function<Tensor, Tensor> f, Tensor x, List<Tensor> weights) {
        if (!Tape.recording()) return f.apply(x);
        Tensor out;
        try (Grad.Scope off = Grad.off(); MemoryScope inner = MemoryScope.open()) {
            out = f.apply(x);
            inner.handToParent(out.storage()); // the result outlives this call; f's temporaries do not
        }
        Tensor[] inputs = new Tensor[weights.size() + 1];
        inputs[0] = x;
        for (int i = 0; i < weights.size(); i++) inputs[i + 1] = weights.get(i);
        Tensor result = out;
        Tape.record(result, () -> {
            // the inputs' gradients must live in the outer step's scope, not in the nested tape's, which closes below
            for (Tensor in : inputs) if (Tape.wants(in)) Grads.of(in);
            try (Tape nested = Tape.open(); Grad.Scope on = Grad.on()) {
                Tensor again = f.apply(x);
                nested.backward(again, result.grad());
            }
        }, inputs);
        return result;
    }
}
