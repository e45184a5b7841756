package llmforge.nn;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * LoRA hyper-parameters: rank r, alpha (the update is scaled by alpha / r), dropout on the adapter's input, and
 * the target modules as a regular expression matched against a Linear's last name part (c_attn) or its full
 * name (transformer.h.0.attn.c_attn), e.g. {@code q_proj|v_proj|c_attn}.
 */
public record LoraConfig(int rank, double alpha, double dropout, String targetModules) {
    public LoraConfig {
        if (rank < 1) throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        try {
            Pattern.compile(targetModules);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("target modules '" + targetModules + "' is not a valid pattern: " + e.getDescription());
        }
    }

    public double scale() { return alpha / rank; }

    public boolean targets(String moduleName) {
        Pattern p = Pattern.compile(targetModules);
        String last = moduleName.substring(moduleName.lastIndexOf('.') + 1);
        return p.matcher(last).matches() || p.matcher(moduleName).matches();
    }
}
