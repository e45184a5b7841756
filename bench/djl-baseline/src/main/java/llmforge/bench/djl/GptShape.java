package llmforge.bench.djl;

/**
 * The size of a GPT-2-style model (pre-LayerNorm, learned positions, tied embeddings, MLP 4 × d_model): the
 * training benchmark's model and, for generation, any of llmforge's GPT-2 presets.
 */
record GptShape(int vocab, int context, int dModel, int layers, int heads) {
    /** The training benchmark's model (llmforge preset {@code bench}). */
    static final GptShape BENCH = new GptShape(4096, 256, 256, 4, 4);
    /** GPT-2 small, 124 M parameters (llmforge preset {@code gpt2}). */
    static final GptShape GPT2 = new GptShape(50257, 1024, 768, 12, 12);

    GptShape {
        if (vocab < 1 || context < 1 || dModel < 1 || layers < 1 || heads < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException("bad model shape: vocab " + vocab + ", context " + context + ", d_model "
                    + dModel + ", layers " + layers + ", heads " + heads + " (d_model must divide by heads)");
        }
    }

    int headDim() { return dModel / heads; }
}
