package llmforge.train.dpo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import llmforge.Approx;
import llmforge.autograd.Parameter;
import llmforge.model.Decoder;
import llmforge.train.StopSignal;
import llmforge.train.Trainer;
import llmforge.train.TrainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 4 DPO steps straight vs 2 steps, then a fresh stage resumed from the checkpoint for 2 more: same data, same
 * weights, bit for bit.
 */
class DpoResumeTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    static TrainerConfig cfg(int steps) {
        return new TrainerConfig(steps, 1, 1e-3, 0, "constant", null, 0.0, null, null, 1.0, 0, 2, 2, 3L, null, null, null, null);
    }

    static DpoStage stage() {
        Decoder ref = DpoStageTest.reference();
        return DpoStageTest.stage(DpoStageTest.policy(), ReferenceLogProbs.precomputed(ref, DpoStageTest.pairs(), 4, DpoStageTest.PAD), 2);
    }

    @Test void resumedRunMatchesTheStraightRun(@TempDir Path tmp) throws Exception {
        DpoStage straight = stage();
        new Trainer<>(straight, cfg(4), tmp.resolve("a"), JsonNodeFactory.instance.objectNode(), QUIET).run(false, StopSignal.manual());
        DpoStage first = stage();
        new Trainer<>(first, cfg(2), tmp.resolve("b"), JsonNodeFactory.instance.objectNode(), QUIET).run(false, StopSignal.manual());
        DpoStage resumed = stage();
        new Trainer<>(resumed, cfg(4), tmp.resolve("b"), JsonNodeFactory.instance.objectNode(), QUIET).run(true, StopSignal.manual());
        assertEquals(straight.dataPosition(), resumed.dataPosition());
        for (int i = 0; i < straight.parameters().size(); i++) {
            Parameter a = straight.parameters().get(i), b = resumed.parameters().get(i);
            Approx.assertBitsEqual(a.name(), a.value().toFloatArray(), b.value().toFloatArray());
        }
    }
}
