package llmforge.cli;

import llmforge.io.UserException;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code llmforge tokenizer decode}: the text of each line of space-separated ids on stdin. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Read lines of space-separated token ids on stdin, print the text of each.")
public final class TokenizerDecodeCommand implements Callable<Integer> {
    @Option(names = "--tokenizer", required = true, description = "The tokenizer.json to use.")
    Path tokenizer;

    @Override public Integer call() throws Exception {
        Tokenizer t = TokenizerJsonReader.read(tokenizer);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            String[] parts = line.isBlank() ? new String[0] : line.trim().split("\\s+");
            int[] ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    ids[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new UserException("stdin line " + lineNo + ": '" + parts[i] + "' is not a token id");
                }
                if (ids[i] < 0 || ids[i] >= t.vocabSize()) {
                    throw new UserException("stdin line " + lineNo + ": id " + ids[i] + " is outside the vocabulary (0.."
                            + (t.vocabSize() - 1) + ")");
                }
            }
            out.println(t.decode(ids));
        }
        out.flush();
        return 0;
    }
}
