package llmforge.cli;

import llmforge.autograd.Tape;
import llmforge.dist.BatchSharding;
import llmforge.dist.DataParallel;
import llmforge.io.UserException;
import llmforge.kernels.Parallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.SequenceLayout;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * {@code llmforge bench dp-train}: training steps of the benchmark GPT (global batch 8 × 256) split over the MPI
 * ranks it runs on. Compare {@code mpirun -np 2 llmforge bench dp-train --threads 1} with
 * {@code llmforge bench dp-train --threads 2} for the scaling efficiency of data parallelism on one machine.
 */
@Command(name = "dp-train", mixinStandardHelpOptions = true,
        description = "Data-parallel training-step throughput of the benchmark GPT (run plain or under mpirun -np N).")
final class BenchDataParallelCommand implements Runnable {
    @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "1", description = "Kernel threads per rank (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--micro-batch", defaultValue = "0", description = "Sequences per micro-batch (default: 8 / ranks).")
    int microBatch;

    @Option(names = "--overlap", description = "Reduce gradient buckets during backward instead of after it.")
    boolean overlap;

    @Override public void run() {
        if (steps < 1 || warmup < 0 || threads < 1) throw new UserException("--steps and --threads must be >= 1, --warmup >= 0");
        Parallel.setThreads(threads);
        int global = BenchTrainCommand.BATCH, seq = BenchTrainCommand.SEQ;
        try (DataParallel dp = DataParallel.world()) {
            int micro = microBatch > 0 ? microBatch : Math.max(1, global / dp.size());
            BatchSharding sharding;
            try {
                sharding = new BatchSharding(global, micro, dp.size());
            } catch (IllegalArgumentException e) {
                throw new UserException("bench dp-train: " + e.getMessage());
            }
            DecoderConfig c = DecoderConfig.preset("bench");
            Decoder model = new Decoder(c, 1337);
            model.train(false);
            dp.broadcastParameters(model.parameters());
            AdamW opt = AdamW.create(model.parameters(), AdamWConfig.DEFAULT);
            var sync = dp.gradientSync(model.parameters());
            int[] tokens = BenchTrainCommand.syntheticTokens(1337, global * (seq + 1), c.vocabSize());
            long timed = 0, reduceNs = 0;
            float loss = Float.NaN;
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                long count = dp.allReduceSum((long) sharding.microSteps() * micro * seq);
                float local = 0;
                for (int m = 0; m < sharding.microSteps(); m++) {
                    int first = (int) (sharding.firstSequence(0, m, dp.rank())); // the same global batch every step
                    int[] in = new int[micro * seq], tg = new int[micro * seq];
                    for (int b = 0; b < micro; b++) {
                        System.arraycopy(tokens, (first + b) * (seq + 1), in, b * seq, seq);
                        System.arraycopy(tokens, (first + b) * (seq + 1) + 1, tg, b * seq, seq);
                    }
                    try (Tape tape = Tape.open()) {
                        var l = model.loss(in, tg, SequenceLayout.plain(micro, seq), count);
                        if (overlap && m == sharding.microSteps() - 1) tape.backward(l, sync.watched(), sync::ready);
                        else tape.backward(l);
                        local += l.item();
                    }
                }
                long r0 = System.nanoTime();
                if (overlap) sync.finish(); // what is left of the reduction after backward
                else dp.allReduceGradients(model.parameters());
                long r1 = System.nanoTime();
                loss = (float) dp.allReduceSum((double) local);
                opt.step(3e-4);
                opt.zeroGrad();
                if (s >= warmup) {
                    timed += System.nanoTime() - t0;
                    reduceNs += r1 - r0;
                }
                if (dp.isRoot()) System.err.printf(Locale.ROOT, "dp-train step %d loss %.4f %.1f ms%n", s, loss, (System.nanoTime() - t0) / 1e6);
            }
            double secs = timed / 1e9 / steps;
            if (dp.isRoot()) {
                System.out.printf(Locale.ROOT, "{\"bench\": \"dp-train\", \"ranks\": %d, \"threads_per_rank\": %d, \"micro_batch\": %d, \"overlap\": %b, "
                                + "\"ms_per_step\": %.1f, \"exposed_allreduce_ms_per_step\": %.1f, \"tokens_per_s\": %.1f, \"last_loss\": %.4f}%n",
                        dp.size(), threads, micro, overlap, secs * 1e3, reduceNs / 1e6 / steps, global * seq / secs, loss);
            }
        }
    }
}
