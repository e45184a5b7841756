package llmforge.align;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SynthAgreementTest {
    @Test
    void constitutionRanksEveryGeneratedPromptInTheIntendedGradeOrder() {
        var cfg = new AlignmentConfig(7L, null, null, null, null, Map.of("sft", 0, "rm", 600, "rl", 0, "eval", 0), null, 0.2, 0.1);
        var synth = new AlignmentSynth(cfg);
        Random rng = new Random(1);
        List<String> bad = new ArrayList<>();
        int n = 0;
        for (var g : synth.split("rm")) {
            n++;
            var rp = synth.rank(g, rng);
            if (!rp.agreesWithGrades() && bad.size() < 15)
                bad.add(g.example().meta().family() + "/" + g.example().meta().format().kind() + " " + g.example().prompt() + "\n   " + rp.responses() + "\n   " + rp.ranking());
        }
        assertEquals(List.of(), bad, "of " + n);
    }
}
