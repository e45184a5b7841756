package llmforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.io.AtomicFiles;
import llmforge.io.UserException;
import llmforge.model.RewardModel;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.train.AnswerEncoder;
import llmforge.train.reward.RewardScoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code llmforge reward score --model DIR --input FILE.jsonl [--output FILE]}. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score answers with a reward model: {prompt, response} lines get \"reward\"; ranking files get \"rewards\" "
                + "and pair files \"reward_chosen\"/\"reward_rejected\", and the pairwise accuracy is printed as JSON.")
public final class RewardScoreCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "reward model directory (llmforge reward train's output/model)")
    Path model;

    @Option(names = "--input", required = true, description = "JSONL: {prompt, response}, rankings {prompt, responses, ranking} or pairs {prompt, chosen, rejected}")
    Path input;

    @Option(names = "--output", description = "scored JSONL (default: INPUT with .scored.jsonl)")
    Path output;

    @Option(names = "--tokenizer", description = "tokenizer.json (default: the one in the model directory)")
    Path tokenizer;

    @Override public Integer call() throws Exception {
        Path tok = tokenizer != null ? tokenizer : model.resolve("tokenizer.json");
        if (!Files.isRegularFile(tok)) throw new UserException("tokenizer: " + tok + " does not exist (pass --tokenizer)");
        RewardModel rm = RewardModel.load(model);
        RewardScoring.Scored s = RewardScoring.score(rm, new AnswerEncoder(TokenizerJsonReader.read(tok)), input);
        Path out = output != null ? output : input.resolveSibling(input.getFileName().toString().replaceFirst("\\.jsonl$", "") + ".scored.jsonl");
        ObjectMapper json = new ObjectMapper();
        AtomicFiles.write(out, w -> {
            for (ObjectNode n : s.lines()) {
                w.write(json.writeValueAsString(n).getBytes(StandardCharsets.UTF_8));
                w.write('\n');
            }
        });
        spec.commandLine().getOut().println(json.writeValueAsString(s.summary(out)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
