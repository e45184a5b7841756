package llmforge.autograd;

import llmforge.tensor.MemoryScope;
import llmforge.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One step's record of operations for reverse-mode differentiation, and the memory scope of its temporary
 * tensors: every activation and intermediate gradient made while the tape is open goes back to the pool when
 * it closes. Ops call {@link #record}; {@link #backward} replays their backward halves in reverse order.
 *
 * <pre>try (Tape tape = Tape.open()) { Tensor loss = model.loss(batch); tape.backward(loss); } // then step</pre>
 */
public final class Tape implements AutoCloseable {
    private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();

    private final Tape parent;
    private final MemoryScope memory;
    private final List<Node> nodes = new ArrayList<>();
    private boolean closed;

    /** One recorded op: its output, the code that pushes the output's gradient into its inputs' gradients, its inputs. */
    private record Node(Tensor output, Runnable backward, Tensor[] inputs) {}

    private Tape(Tape parent) {
        this.parent = parent;
        this.memory = MemoryScope.open();
    }

    public static Tape open() {
        Tape t = new Tape(CURRENT.get());
        CURRENT.set(t);
        return t;
    }

    /**
     * Called by every op after its forward: if gradients are on and any input wants one, marks the output as
     * wanting one and remembers how to propagate it. Outside a tape nothing is recorded (inference).
     */
    public static void record(Tensor output, Runnable backward, Tensor... inputs) {
        Tape t = CURRENT.get();
        if (t == null || !Grad.enabled()) return;
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad()) {
                output.requiresGrad(true);
                t.nodes.add(new Node(output, backward, inputs));
                return;
            }
        }
    }

    /** Whether ops on this thread are being recorded now (a tape is open and gradients are on). */
    public static boolean recording() { return CURRENT.get() != null && Grad.enabled(); }

    /** Whether an op's backward should bother with this input. */
    public static boolean wants(Tensor t) { return t != null && t.requiresGrad(); }

    /** Back-propagates from a scalar loss (seed 1), accumulating into every reachable tensor's gradient. */
    public void backward(Tensor loss) {
        if (loss.size() != 1) throw new IllegalArgumentException("backward needs a scalar loss, got " + loss);
        backward(loss, Tensor.scalar(1f).view(loss.shape()));
    }

    /** Back-propagates a given upstream gradient (same shape as {@code output}). */
    public void backward(Tensor output, Tensor seed) {
        backward(output, seed, List.of(), t -> {});
    }

    /**
     * {@link #backward(Tensor)} that also calls {@code ready.accept(t)} for each watched tensor (parameter values)
     * as soon as no op left to replay can add to its gradient: the op that first read it in the forward has run
     * (or it was never read). Data-parallel training starts reducing those gradients while backward goes on.
     */
    public void backward(Tensor loss, List<Tensor> watched, Consumer<Tensor> ready) {
        if (loss.size() != 1) throw new IllegalArgumentException("backward needs a scalar loss, got " + loss);
        backward(loss, Tensor.scalar(1f).view(loss.shape()), watched, ready);
    }

    private void backward(Tensor output, Tensor seed, List<Tensor> watched, Consumer<Tensor> ready) {
        if (closed) throw new IllegalStateException("backward on a closed tape");
        if (!output.requiresGrad()) {
            throw new IllegalStateException("nothing to differentiate: " + output + " depends on no tensor that "
                    + "requires a gradient (or it was computed with gradients off)");
        }
        Map<Integer, List<Tensor>> finalAfter = lastWriters(watched);
        Grads.accumulate(output, seed);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.output().grad() != null) n.backward().run();
            List<Tensor> done = finalAfter.get(i);
            if (done != null) done.forEach(ready);
        }
        List<Tensor> unused = finalAfter.get(-1);
        if (unused != null) unused.forEach(ready);
        nodes.clear();
    }

    /** Index of the earliest node reading each watched tensor (replayed last), or -1 if none reads it. */
    private Map<Integer, List<Tensor>> lastWriters(List<Tensor> watched) {
        if (watched.isEmpty()) return Map.of();
        Map<Tensor, Integer> first = new IdentityHashMap<>();
        for (Tensor t : watched) first.put(t, -1);
        for (int i = 0; i < nodes.size(); i++) {
            for (Tensor in : nodes.get(i).inputs()) {
                if (in != null && first.get(in) != null && first.get(in) < 0) first.put(in, i);
            }
        }
        Map<Integer, List<Tensor>> byNode = new HashMap<>();
        for (Tensor t : watched) byNode.computeIfAbsent(first.get(t), k -> new ArrayList<>()).add(t);
        return byNode;
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        nodes.clear();
        memory.close();
        CURRENT.set(parent);
    }
}
