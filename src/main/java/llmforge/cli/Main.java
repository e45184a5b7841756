package llmforge.cli;

import llmforge.dist.DataParallel;
import llmforge.io.UserException;
import llmforge.kernels.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;

/** The {@code llmforge} command: one subcommand per job. */
@Command(name = "llmforge", mixinStandardHelpOptions = true, version = "llmforge " + llmforge.pipeline.CodeVersion.RELEASE,
        description = "Train, fine-tune and align language models in pure Java.",
        subcommands = {
                CommandLine.HelpCommand.class,
                TokenizerCommand.class,
                DataCommand.class,
                BenchCommand.class,
                PpoCommand.class,
                JudgeCommand.class,
                GenerateCommand.class,
                ChatCommand.class,
                PretrainCommand.class,
                EvalCommand.class,
                DemoCommand.class,
                RewardCommand.class,
                DpoCommand.class,
                FillMaskCommand.class,
                ClassifierCommand.class,
                LoraCommand.class,
                SftCommand.class,
                PipelineCommand.class,
                ExtendContextCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Under mpirun or srun every rank runs the same command; rank 0 alone prints (and, in the training loops,
     * writes), the other ranks report only their errors. A rank that fails exits without finalising MPI, which
     * makes the launcher stop the whole job instead of leaving the other ranks waiting in a collective.
     */
    public static void main(String[] args) {
        DataParallel dp;
        try {
            dp = DataParallel.world();
        } catch (IllegalStateException e) {
            System.err.println("llmforge: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (dp.distributed()) shareCores();
        PrintStream err = System.err;
        if (!dp.isRoot()) {   // before the command line exists: its output writers wrap System.out and System.err
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        }
        CommandLine cl = commandLine();
        if (!dp.isRoot()) cl.setErr(rankErrors(err, dp.rank()));
        int code = cl.execute(args);
        if (code == 0) dp.close();
        System.exit(code);
    }

    /**
     * Ranks on one machine split its cores between their kernel pools (unless LLMFORGE_THREADS says otherwise): a
     * launcher that binds each rank to its cores already shows it only those, one that does not (--bind-to none)
     * would otherwise give every rank a thread per core.
     */
    private static void shareCores() {
        if (System.getenv("LLMFORGE_THREADS") != null || System.getProperty("llmforge.threads") != null) return;
        Parallel.setThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / DataParallel.localRanks()));
    }

    /** A non-root rank's output would repeat rank 0's: only its errors get through, marked with the rank. */
    private static PrintWriter rankErrors(PrintStream err, int rank) {
        return new PrintWriter(err, true) {
            @Override public void println(String line) { super.println("[rank " + rank + "] " + line); }
        };
    }

    /** The configured command line; user mistakes ({@link UserException}) print one line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserException) {
                cmd.getErr().println("llmforge: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }
}
