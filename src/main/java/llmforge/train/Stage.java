package llmforge.train;

import llmforge.autograd.Parameter;
import llmforge.io.UserException;
import llmforge.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One training stage (pretraining, SFT, reward model, DPO, PPO ...) as the shared {@link Trainer} sees it: the
 * batches it draws and the loss it computes; steps, accumulation, evaluation, checkpoints and guards are the
 * trainer's. A stage's data draws must be a pure function of its data position, so that a resumed run (which
 * {@link #seekData seeks} to the saved position) sees exactly the batches the uninterrupted run would have.
 *
 * @param <B> one micro-batch
 */
public interface Stage<B> {
    /** The parameters the optimiser updates. */
    List<Parameter> parameters();

    /** Draws the next training micro-batch and advances the data position by one. */
    B nextBatch();

    /** Tokens of {@code batch} that carry loss: the step's divisor is their sum over its micro-batches. */
    long countedTokens(B batch);

    /** What {@link #countedTokens} counts, for the progress bar's rate ("tok", "pairs", ...). */
    default String countedUnit() { return "tok"; }

    /**
     * The SUM of the batch's per-token losses divided by {@code divisor} (the counted tokens of the whole step),
     * as a scalar recorded on the current tape. Extra per-step numbers go to {@code metrics}.
     */
    Tensor loss(B batch, float divisor, Metrics metrics);

    /** The fixed batches every evaluation measures (the same each time); empty: no evaluation. */
    List<B> validationBatches();

    /** Micro-batches drawn so far (what a checkpoint saves). */
    long dataPosition();

    /** Continues drawing as if {@code position} micro-batches had been drawn already. */
    void seekData(long position);

    /** Training mode (dropout on) or evaluation mode, and the seed of this step's dropout masks. */
    void mode(boolean training, long dropoutSeed);

    /** Writes the model as a HuggingFace directory (weights, config, tokenizer files when known). */
    void saveModel(Path dir) throws IOException;

    /** Loads weights saved by {@link #saveModel}, checking every name and shape against this stage's model. */
    void loadModel(Path dir) throws IOException;

    /**
     * Activation recomputation in the trained model's transformer blocks ({@code train.recompute_activations}); a
     * stage whose model cannot recompute refuses it.
     */
    default void recomputeActivations(boolean on) {
        if (on) throw new UserException("train.recompute_activations: this stage's model does not recompute activations (decoder stages do)");
    }

    /** Sample generations shown at each evaluation (prompt → text); none by default. */
    default List<Sample> samples() { return List.of(); }

    /** One sample generation for the run report. */
    record Sample(String prompt, String completion) {}
}
