package llmforge.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the llmforge command line in-process with the given stdin, capturing stdout and the one-line errors. */
public record CliRun(int code, String out, String err) {
    public static CliRun run(String stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
