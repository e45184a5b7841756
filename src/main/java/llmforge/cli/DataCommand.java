package llmforge.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import llmforge.data.ConfigLoader;
import llmforge.data.DataConfig;
import llmforge.data.DataPipeline;
import llmforge.data.DedupConfig;
import llmforge.data.JsonlDeduplicator;
import llmforge.io.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmforge data}: prepare training shards from raw text, or deduplicate a JSONL file. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Clean, deduplicate, mix and pack training data.",
        subcommands = {DataCommand.Prepare.class, DataCommand.Dedup.class, DataSynthCommand.class})
public final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }

    @Command(name = "prepare", mixinStandardHelpOptions = true,
            description = "Run the whole chain (clean, dedup, mix, pack, report); finished steps are not redone.")
    static final class Prepare implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--config", required = true, description = "data config (YAML or JSON)") Path config;

        @Override public Integer call() throws IOException {
            DataConfig cfg = ConfigLoader.load(config, DataConfig.class);
            DataPipeline p = new DataPipeline(cfg);
            ObjectNode r = p.run();
            var out = spec.commandLine().getOut();
            out.printf("clean: %d -> %d docs; dedup: %d -> %d docs (%d exact, %d near); train %d tokens, val %d tokens%n",
                    r.path("clean").path("docs_in").asLong(), r.path("clean").path("docs_out").asLong(),
                    r.path("dedup").path("docs_in").asLong(), r.path("dedup").path("docs_out").asLong(),
                    r.path("dedup").path("exact_removed").asLong(), r.path("dedup").path("near_removed").asLong(),
                    r.path("pack").path("train").path("tokens").asLong(), r.path("pack").path("val").path("tokens").asLong());
            out.println("shards: " + p.shardDir() + "\nreport: " + p.outputDir().resolve("report.html"));
            return 0;
        }
    }

    @Command(name = "dedup", mixinStandardHelpOptions = true,
            description = "Drop exact and near duplicates from a JSONL file, keeping every field of the documents kept.")
    static final class Dedup implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--input", required = true) Path input;
        @Option(names = "--output", required = true) Path output;
        @Option(names = "--threshold", defaultValue = "0.8", description = "Jaccard similarity at or above which two documents are duplicates (default ${DEFAULT-VALUE})")
        double threshold;
        @Option(names = "--text-field", defaultValue = "text") String textField;
        @Option(names = "--on-bad-input", defaultValue = "fail", description = "skip or fail (default ${DEFAULT-VALUE})") String onBadInput;
        @Option(names = "--threads", defaultValue = "2") int threads;

        @Override public Integer call() throws IOException {
            DedupConfig cfg;
            try {
                cfg = DedupConfig.defaults().withThreshold(threshold);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            var r = new JsonlDeduplicator(cfg, textField, llmforge.data.BadInput.parsePolicy(onBadInput), threads).run(input, output);
            spec.commandLine().getOut().println(r);
            return 0;
        }
    }
}
