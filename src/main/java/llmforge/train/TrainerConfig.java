package llmforge.train;

import llmforge.optim.AdamWConfig;
import llmforge.optim.LrSchedule;
import llmforge.optim.WeightDecayRule;

import java.util.Locale;

/**
 * The shared loop's settings (every stage's config embeds them as its {@code train:} section).
 *
 * @param steps            optimiser steps of the whole run
 * @param microBatches     micro-batches accumulated per step
 * @param lr               peak learning rate; warmup over {@code warmupSteps}, then {@code decay} to {@code lr * minLrRatio}
 * @param gradClip         global gradient-norm limit (0: no clipping)
 * @param evalEvery        steps between evaluations (0: only at the end)
 * @param checkpointEvery  steps between checkpoints (0: only at the end)
 * @param keepCheckpoints  how many of the newest checkpoints to keep
 * @param spikeFactor      a step loss above this multiple of the running mean is reported as a spike
 * @param rollbackOnSpike  on a spike, reload the last checkpoint and continue with the LR times {@code rollbackLrFactor}
 * @param maxRollbacks     rollbacks allowed per run (a persistent problem then stops the run instead of looping)
 * @param recomputeActivations keep only each transformer block's input in the forward pass and recompute the rest
 *                         in backward: activation memory of one block instead of all, ~1/3 more compute, same gradients
 */
public record TrainerConfig(Integer steps, Integer microBatches, Double lr, Integer warmupSteps, String decay,
                            Double minLrRatio, Double weightDecay, Double beta1, Double beta2, Double gradClip,
                            Integer evalEvery, Integer checkpointEvery, Integer keepCheckpoints, Long seed,
                            Double spikeFactor, Boolean rollbackOnSpike, Double rollbackLrFactor, Integer maxRollbacks,
                            Boolean recomputeActivations) {
    /** The settings from before activation recomputation existed (off). */
    public TrainerConfig(Integer steps, Integer microBatches, Double lr, Integer warmupSteps, String decay, Double minLrRatio,
                         Double weightDecay, Double beta1, Double beta2, Double gradClip, Integer evalEvery, Integer checkpointEvery,
                         Integer keepCheckpoints, Long seed, Double spikeFactor, Boolean rollbackOnSpike, Double rollbackLrFactor,
                         Integer maxRollbacks) {
        this(steps, microBatches, lr, warmupSteps, decay, minLrRatio, weightDecay, beta1, beta2, gradClip, evalEvery, checkpointEvery,
                keepCheckpoints, seed, spikeFactor, rollbackOnSpike, rollbackLrFactor, maxRollbacks, null);
    }

    public TrainerConfig {
        steps = steps == null ? 1000 : steps;
        microBatches = microBatches == null ? 1 : microBatches;
        lr = lr == null ? 1e-3 : lr;
        warmupSteps = warmupSteps == null ? Math.min(100, steps / 10) : warmupSteps;
        decay = decay == null ? "cosine" : decay.toLowerCase(Locale.ROOT);
        minLrRatio = minLrRatio == null ? 0.1 : minLrRatio;
        weightDecay = weightDecay == null ? 0.1 : weightDecay;
        beta1 = beta1 == null ? 0.9 : beta1;
        beta2 = beta2 == null ? 0.95 : beta2;
        gradClip = gradClip == null ? 1.0 : gradClip;
        evalEvery = evalEvery == null ? 100 : evalEvery;
        checkpointEvery = checkpointEvery == null ? 500 : checkpointEvery;
        keepCheckpoints = keepCheckpoints == null ? 3 : keepCheckpoints;
        seed = seed == null ? 1337L : seed;
        spikeFactor = spikeFactor == null ? 2.0 : spikeFactor;
        rollbackOnSpike = rollbackOnSpike != null && rollbackOnSpike;
        rollbackLrFactor = rollbackLrFactor == null ? 0.5 : rollbackLrFactor;
        maxRollbacks = maxRollbacks == null ? 3 : maxRollbacks;
        recomputeActivations = recomputeActivations != null && recomputeActivations;
        if (steps < 1) throw new IllegalArgumentException("'steps' must be at least 1");
        if (microBatches < 1) throw new IllegalArgumentException("'micro_batches' must be at least 1");
        if (!(lr > 0)) throw new IllegalArgumentException("'lr' must be positive");
        if (warmupSteps < 0 || warmupSteps >= steps) throw new IllegalArgumentException("'warmup_steps' must be in [0, steps)");
        if (!decay.equals("cosine") && !decay.equals("linear") && !decay.equals("constant"))
            throw new IllegalArgumentException("'decay' must be cosine, linear or constant, not '" + decay + "'");
        if (gradClip < 0) throw new IllegalArgumentException("'grad_clip' must be >= 0");
        if (evalEvery < 0 || checkpointEvery < 0) throw new IllegalArgumentException("'eval_every' and 'checkpoint_every' must be >= 0");
        if (keepCheckpoints < 1) throw new IllegalArgumentException("'keep_checkpoints' must be at least 1");
        if (!(spikeFactor > 1)) throw new IllegalArgumentException("'spike_factor' must be greater than 1");
        if (!(rollbackLrFactor > 0 && rollbackLrFactor <= 1)) throw new IllegalArgumentException("'rollback_lr_factor' must be in (0, 1]");
    }

    public static TrainerConfig defaults() {
        return new TrainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    public LrSchedule schedule() {
        return new LrSchedule(LrSchedule.Decay.valueOf(decay.toUpperCase(Locale.ROOT)), lr, warmupSteps, steps, minLrRatio);
    }

    public AdamWConfig adamW() { return new AdamWConfig(beta1, beta2, 1e-8, weightDecay, WeightDecayRule.DEFAULT); }
}
