package llmforge.train.ppo;

import llmforge.autograd.Ops;
import llmforge.model.Decoder;
import llmforge.nn.Init;
import llmforge.nn.Linear;
import llmforge.nn.Module;
import llmforge.tensor.Tensor;

/**
 * PPO's critic: a scalar head V(s) on a trunk's hidden states. The trunk is the policy's own (shared: one forward
 * serves both, value gradients shape the policy's features too) or a separate copy of the SFT model (own: more
 * memory, no interference between the two losses).
 */
public final class ValueModel extends Module {
    private final Decoder trunk;   // null: the policy's hidden states are passed in
    private final Linear head;

    public ValueModel(int dModel, Decoder ownTrunk, long seed) {
        this.trunk = ownTrunk == null ? null : child(ownTrunk);
        this.head = child(new Linear("v_head", dModel, 1, true));
        Init.normal(head.weight(), seed, 0.02);
        Init.constant(head.bias(), 0f);
    }

    public boolean shared() { return trunk == null; }

    /** Activation recomputation in its own trunk (a shared trunk is the policy's, set there). */
    public void recomputeActivations(boolean on) {
        if (trunk != null) trunk.recomputeActivations(on);
    }

    /** V at each response position, (B·width): from the policy's response hidden states when shared. */
    public Tensor values(Sequences s, Tensor policyResponseHidden) {
        Tensor h = trunk == null ? policyResponseHidden : s.responseHidden(trunk);
        return Ops.reshape(head.forward(h), s.batch() * s.width());
    }
}
