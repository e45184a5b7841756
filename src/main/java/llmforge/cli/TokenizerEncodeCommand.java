package llmforge.cli;

import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code llmforge tokenizer encode}: one line of space-separated ids per line of stdin. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Read text lines on stdin, print one line of space-separated token ids per input line.")
public final class TokenizerEncodeCommand implements Callable<Integer> {
    private static final int BATCH = 4096;

    @Option(names = "--tokenizer", required = true, description = "The tokenizer.json to use.")
    Path tokenizer;

    @Option(names = "--special", description = "Turn special-token text such as <|im_end|> into its id.")
    boolean special;

    @Override public Integer call() throws Exception {
        Tokenizer t = TokenizerJsonReader.read(tokenizer);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        List<String> batch = new ArrayList<>(BATCH);
        for (String line; (line = in.readLine()) != null; ) {
            batch.add(line);
            if (batch.size() == BATCH) { print(t, batch, out); batch.clear(); }
        }
        print(t, batch, out);
        out.flush();
        return 0;
    }

    private void print(Tokenizer t, List<String> lines, PrintStream out) {
        StringBuilder sb = new StringBuilder();
        for (int[] ids : t.encodeBatch(lines, special)) {
            sb.setLength(0);
            for (int i = 0; i < ids.length; i++) (i > 0 ? sb.append(' ') : sb).append(ids[i]);
            out.println(sb);
        }
    }
}
