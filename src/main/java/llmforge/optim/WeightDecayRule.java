package llmforge.optim;

import llmforge.autograd.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which parameters get weight decay. A parameter is NOT decayed when its rank is below {@code minRank} (biases,
 * norm gains: decaying them only fights the model's scale) or when its lower-cased name contains one of
 * {@code noDecayNameParts} (norms and embeddings by their HuggingFace names: {@code ln_1}, {@code ln_f},
 * {@code input_layernorm}, {@code wte}, {@code wpe}, {@code embed_tokens}, {@code *.bias}). Everything else —
 * the matrices of attention, MLP and the (untied) LM head — is decayed.
 */
public record WeightDecayRule(int minRank, List<String> noDecayNameParts) {
    public static final WeightDecayRule DEFAULT =
            new WeightDecayRule(2, List.of("norm", "ln_", "bias", "wte", "wpe", "embed"));

    /** Decays every parameter (PyTorch's behaviour when all parameters are in one group). */
    public static final WeightDecayRule ALL = new WeightDecayRule(0, List.of());

    public WeightDecayRule {
        if (minRank < 0) throw new IllegalArgumentException("minRank must be >= 0, got " + minRank);
        noDecayNameParts = noDecayNameParts.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean decays(Parameter p) {
        if (p.shape().length < minRank) return false;
        String name = p.name().toLowerCase(Locale.ROOT);
        for (String part : noDecayNameParts) if (name.contains(part)) return false;
        return true;
    }

    /**
     * Splits the trainable parameters into a "decay" group (with {@code weightDecay}) and a "no_decay" group
     * (decay 0), both at lr scale 1, in the given order; empty groups are left out, frozen parameters too.
     */
    public List<ParamGroup> split(List<Parameter> params, double weightDecay) {
        List<Parameter> decay = new ArrayList<>(), noDecay = new ArrayList<>();
        for (Parameter p : params) {
            if (p.trainable()) (decays(p) ? decay : noDecay).add(p);
        }
        List<ParamGroup> groups = new ArrayList<>();
        if (!decay.isEmpty()) groups.add(new ParamGroup("decay", decay, 1, weightDecay));
        if (!noDecay.isEmpty()) groups.add(new ParamGroup("no_decay", noDecay, 1, 0));
        return groups;
    }
}
