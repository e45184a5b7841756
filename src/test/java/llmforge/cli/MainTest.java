package llmforge.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command tree builds (no duplicate names after merges) and every command answers --help. */
class MainTest {
    @Test
    void everyCommandAnswersHelp() {
        CommandLine root = Main.commandLine();
        check(root, "llmforge");
        assertTrue(root.getSubcommands().keySet().containsAll(java.util.List.of("tokenizer", "data", "pretrain", "eval",
                "demo", "generate", "chat", "judge", "reward", "dpo", "ppo", "bench", "fill-mask", "lora", "pipeline")),
                root.getSubcommands().keySet().toString());
    }

    private static void check(CommandLine cmd, String path) {
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        if (!cmd.getCommandSpec().name().equals("help")) {
            assertEquals(0, cmd.execute("--help"), path + " --help");
            assertTrue(out.toString().contains("Usage:"), path + " printed no usage");
        }
        for (var e : cmd.getSubcommands().entrySet()) check(e.getValue(), path + " " + e.getKey());
    }
}
