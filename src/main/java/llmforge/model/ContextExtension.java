package llmforge.model;

import java.util.Locale;

/**
 * Stretching a rotary-position (LLaMA-flavour) model's context window by a factor f, without new parameters.
 * {@link Method#LINEAR linear} (position interpolation) divides every position by f, so the longer window maps onto
 * the angles the model was trained on; {@link Method#NTK NTK-aware} raises the RoPE base to base·f^(d/(d−2)), which
 * leaves the fastest-turning pairs (local order) almost as trained and slows the slow ones by about f. Both stay
 * plain HF LLaMA configs: linear as {@code rope_scaling: {type: linear}}, NTK as a larger {@code rope_theta}.
 * A GPT-2 model's learned position table has no rows past its length, so it cannot be stretched this way.
 */
public final class ContextExtension {
    public enum Method {
        LINEAR, NTK;

        public static Method parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("method must be linear or ntk, not '" + s + "'");
            }
        }
    }

    private ContextExtension() {}

    /** The config of {@code c} with a window {@code factor} times longer, stretched by {@code method}. */
    public static DecoderConfig extend(DecoderConfig c, double factor, Method method) {
        requireRope(c);
        if (!(factor > 1)) throw new IllegalArgumentException("the extension factor must be greater than 1, got " + factor);
        int window = Math.toIntExact(Math.round(c.maxSeqLen() * factor));
        double d = c.headDim();
        return switch (method) {
            case LINEAR -> with(c, window, c.ropeTheta(), c.ropeScaling() * factor);
            case NTK -> with(c, window, c.ropeTheta() * Math.pow(factor, d / (d - 2)), c.ropeScaling());
        };
    }

    /**
     * The same model run on windows of {@code window} positions with its rotary angles unchanged: positions past
     * the trained length extrapolate (what an unextended model does when given a longer input).
     */
    public static DecoderConfig withWindow(DecoderConfig c, int window) {
        if (window == c.maxSeqLen()) return c;
        requireRope(c);
        return with(c, window, c.ropeTheta(), c.ropeScaling());
    }

    private static void requireRope(DecoderConfig c) {
        if (c.isGpt2()) {
            throw new IllegalArgumentException("a gpt2 model has learned positions for " + c.maxSeqLen()
                    + " tokens and nothing beyond them to stretch; context extension needs rotary positions (llama)");
        }
    }

    private static DecoderConfig with(DecoderConfig c, int window, double theta, double scaling) {
        return new DecoderConfig(c.architecture(), c.vocabSize(), window, c.dModel(), c.nLayers(), c.nHeads(), c.nKvHeads(),
                c.dFf(), c.tiedEmbeddings(), c.dropout(), c.normEps(), theta, scaling, c.moe());
    }
}
