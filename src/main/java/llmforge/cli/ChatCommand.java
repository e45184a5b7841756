package llmforge.cli;

import llmforge.generate.Generation;
import llmforge.generate.GenerationConfig;
import llmforge.generate.Generator;
import llmforge.tokenizer.ChatMessage;
import llmforge.tokenizer.ChatTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code llmforge chat}: a conversation on the terminal. Each stdin line is a user turn; the assistant's answer
 * streams back. The whole history is the prompt (oldest turns dropped when it outgrows the context);
 * {@code /reset} forgets it, {@code /exit} or end of input quits.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat with a model directory: type a message per line; /reset clears the history, /exit quits.")
public final class ChatCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (config.json, model.safetensors, tokenizer.json).")
    Path modelDir;
    @Option(names = "--system", description = "A system message opening the conversation.")
    String system;
    @Mixin SamplingOptions sampling;

    @Override public Integer call() throws Exception {
        LoadedModel m = LoadedModel.load(modelDir);
        GenerationConfig config = sampling.config(m.eosIds());
        ChatTemplate template = new ChatTemplate(m.tokenizer());
        Generator generator = Generator.cached(m.model(), m.tokenizer());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<ChatMessage> history = new ArrayList<>();
        int context = m.model().config().maxSeqLen();
        System.err.println("chatting with " + modelDir + " (" + context + "-token context); /reset clears, /exit quits");
        long turn = 0;
        for (String line; (line = prompt(in)) != null; ) {
            String text = line.strip();
            if (text.isEmpty()) continue;
            if (text.equals("/exit")) break;
            if (text.equals("/reset")) {
                history.clear();
                System.err.println("(history cleared)");
                continue;
            }
            history.add(new ChatMessage("user", text));
            int[] ids = fit(template, history, config.maxNewTokens(), context);
            if (ids == null) {
                history.removeLast();
                System.err.println("(that message is too long for the model's " + context + "-token context with --max-tokens "
                        + config.maxNewTokens() + ")");
                continue;
            }
            Generation g = generator.generate(List.of(ids), config, turn++, (row, piece) -> out.print(piece)).get(0);
            out.println();
            history.add(new ChatMessage("assistant", g.text()));
        }
        return 0;
    }

    private static String prompt(BufferedReader in) throws java.io.IOException {
        System.err.print("> ");
        System.err.flush();
        return in.readLine();
    }

    // the rendered conversation (with the system message), dropping the oldest exchanges until it fits; null if it never does
    private int[] fit(ChatTemplate template, List<ChatMessage> history, int maxNew, int context) {
        while (true) {
            List<ChatMessage> msgs = new ArrayList<>();
            if (system != null) msgs.add(new ChatMessage("system", system));
            msgs.addAll(history);
            int[] ids = template.render(msgs, true).ids();
            if (ids.length + maxNew - 1 <= context) return ids;
            if (history.size() <= 1) return null;
            history.remove(0);                                  // oldest user turn
            if (!history.isEmpty() && history.get(0).role().equals("assistant")) history.remove(0);
        }
    }
}
