package llmforge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.align.AlignmentConfig;
import llmforge.align.AlignmentSynth;
import llmforge.data.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmforge data synth}: generate SFT, ranking, DPO, RL and eval data with verifiable answers. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate alignment data (SFT, rankings by a written constitution, DPO pairs, RL and eval prompts).")
public final class DataSynthCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--config", required = true, description = "alignment config (YAML or JSON), e.g. examples/alignment.yaml") Path config;
    @Option(names = "--output", required = true, description = "folder for the JSONL files, summary.json and report.html") Path output;

    @Override public Integer call() throws IOException {
        AlignmentConfig cfg = ConfigLoader.load(config, AlignmentConfig.class);
        ObjectNode s = new AlignmentSynth(cfg).run(output);
        var out = spec.commandLine().getOut();
        out.println(s.path("examples").toString());
        out.printf("%d ranking prompts (%d match the intended grades), %d DPO pairs%nfiles: %s%nreport: %s%n",
                s.path("ranking_prompts").asInt(), s.path("rankings_matching_generation_grades").asInt(),
                s.path("dpo_pairs").asInt(), output, output.resolve("report.html"));
        return 0;
    }
}
