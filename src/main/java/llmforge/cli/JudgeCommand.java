package llmforge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import llmforge.align.AlignmentJsonl;
import llmforge.align.GoldJudge;
import llmforge.align.GoldSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmforge judge}: the gold judge's scores for answers to prompts that carry their task metadata. */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = "Score answers with the gold judge (correctness, format, refusal, length); prints JSON per task and overall.")
public final class JudgeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--input", required = true,
            description = "JSONL: {\"prompt\" or \"messages\": [...], \"meta\": {...}, \"response\": \"...\"} per line") Path input;

    @Override public Integer call() {
        List<GoldSummary.Scored> scored = new ArrayList<>();
        for (AlignmentJsonl.Answered a : AlignmentJsonl.readAnswered(input))
            scored.add(new GoldSummary.Scored(a.meta(), GoldJudge.score(a.prompt(), a.response(), a.meta())));
        spec.commandLine().getOut().println(GoldSummary.of(scored).toPrettyString());
        return 0;
    }
}
