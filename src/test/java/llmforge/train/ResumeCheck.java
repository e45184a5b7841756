package llmforge.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs 20 steps straight and 10 + (interrupt, resume) 10 in one JVM and prints whether the weights and data
 * positions are bit-identical. {@link TrainerTest} runs it in a child JVM without the C2 compiler: the engine's
 * Vector API kernels (lanewise EXP, lane reductions) round differently once C2 intrinsifies them, so within one
 * ordinary JVM the same computation can change its last bit when C2 kicks in mid-run, resume or not.
 */
public final class ResumeCheck {
    private ResumeCheck() {}

    public static void main(String[] args) throws Exception {
        Path tmp = Path.of(args[0]);
        Path shards = TinyRun.shards(tmp.resolve("shards"));
        TrainerConfig cfg = TinyRun.config(20, 2, 0);
        PretrainStage straight = TinyRun.stage(shards, 1, 2, 11);
        new Trainer<>(straight, cfg, tmp.resolve("a"), JsonNodeFactory.instance.objectNode(), TinyRun.QUIET).run(false, StopSignal.manual());

        StopSignal stop = StopSignal.manual();
        PretrainStage first = TinyRun.stage(shards, 1, 2, 11);
        Stage<TokenBatch> interrupting = new DelegatingStage<>(first) {
            @Override public TokenBatch nextBatch() {
                if (inner.dataPosition() == 2 * 10 - 1) stop.request();
                return inner.nextBatch();
            }
        };
        Trainer.Result part = new Trainer<>(interrupting, cfg, tmp.resolve("b"), JsonNodeFactory.instance.objectNode(), TinyRun.QUIET).run(false, stop);
        PretrainStage resumed = TinyRun.stage(shards, 999, 2, 11);
        Trainer.Result rest = new Trainer<>(resumed, cfg, tmp.resolve("b"), JsonNodeFactory.instance.objectNode(), TinyRun.QUIET).run(true, StopSignal.manual());
        if (part.step() != 10 || rest.step() != 20 || straight.dataPosition() != resumed.dataPosition()) {
            System.out.println("DIFFERENT steps " + part.step() + "+" + rest.step() + ", data " + straight.dataPosition() + " vs " + resumed.dataPosition());
            return;
        }
        List<float[]> a = TinyRun.weights(straight.parameters()), b = TinyRun.weights(resumed.parameters());
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                System.out.println("DIFFERENT " + straight.parameters().get(i).name());
                return;
            }
        }
        System.out.println("IDENTICAL " + a.size() + " parameters, data position " + resumed.dataPosition());
    }
}
