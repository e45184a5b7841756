package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.autograd.Parameter;
import llmforge.autograd.Tape;
import llmforge.io.UserException;
import llmforge.kernels.FmaPeak;
import llmforge.kernels.Parallel;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.nn.SequenceLayout;
import llmforge.optim.AdamW;
import llmforge.optim.AdamWConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code llmforge bench train}: training steps per second of the benchmark GPT (vocab 4096, d 256, 4 layers,
 * 4 heads, batch 8 × 256) in llmforge and, in the same run, in libtorch 2.7.1 (DJL) and Debian's PyTorch 1.13
 * running the identical model, batch and optimiser (see bench/README.md).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training-step throughput of the benchmark GPT vs libtorch baselines (JSON lines).")
final class BenchTrainCommand implements Runnable {
    static final int BATCH = 8, SEQ = 256;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per system (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for every system (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "1337", description = "Seed of the batch and weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--baselines", defaultValue = "djl,djl-mkl-any-cpu,torch", split = ",",
            description = "Baselines to run beside llmforge: djl, djl-mkl-any-cpu (libtorch with MKL's vendor check "
                    + "answered 'Intel', so AMD CPUs get its AVX2/AVX-512 kernels; needs cc), torch, none "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> baselines;

    @Override public void run() {
        if (steps < 1 || warmup < 0 || threads < 1) throw new UserException("--steps and --threads must be >= 1, --warmup >= 0");
        Parallel.setThreads(threads);
        double peak = FmaPeak.gflops(5, 10_000_000);
        Map<String, JsonNode> results = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        try {
            JsonNode ours = json.readTree(runLlmforge(peak));
            System.out.println(ours);
            results.put("llmforge", ours);
            for (String b : baselines) {
                if (b.equals("none")) continue;
                String line = runBaseline(b);
                if (line == null) continue;
                JsonNode r = withPeak((com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(line), peak);
                System.out.println(r);
                results.put(b, r);
            }
        } catch (IOException e) {
            throw new UserException("bench train: " + e.getMessage(), e);
        }
        StringBuilder ratios = new StringBuilder("{\"bench\": \"train\", \"peak_gflops\": ")
                .append(String.format(Locale.ROOT, "%.1f", peak));
        double ourTps = results.get("llmforge").get("tokens_per_s").asDouble();
        for (var e : results.entrySet()) {
            if (e.getKey().equals("llmforge")) continue;
            ratios.append(String.format(Locale.ROOT, ", \"llmforge_vs_%s\": %.3f", e.getKey(),
                    ourTps / e.getValue().get("tokens_per_s").asDouble()));
        }
        System.out.println(ratios.append('}'));
    }

    private static JsonNode withPeak(com.fasterxml.jackson.databind.node.ObjectNode r, double peak) {
        r.put("peak_pct", Math.round(1000 * r.get("gflops").asDouble() / peak) / 10.0);
        return r;
    }

    /** The same fixed batch the baselines draw: a 64-bit LCG, token = (state >>> 33) % vocab. */
    static int[] syntheticTokens(long seed, int count, int vocab) {
        int[] out = new int[count];
        long state = seed;
        for (int i = 0; i < count; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            out[i] = (int) Long.remainderUnsigned(state >>> 33, vocab);
        }
        return out;
    }

    private String runLlmforge(double peak) {
        DecoderConfig c = DecoderConfig.preset("bench");
        Decoder model = new Decoder(c, seed);
        model.train(false); // no dropout in the benchmark model, as in the baselines
        AdamW opt = AdamW.create(model.parameters(), AdamWConfig.DEFAULT);
        int[] tokens = syntheticTokens(seed, BATCH * (SEQ + 1), c.vocabSize());
        int[] in = new int[BATCH * SEQ], tg = new int[BATCH * SEQ];
        for (int b = 0; b < BATCH; b++) {
            System.arraycopy(tokens, b * (SEQ + 1), in, b * SEQ, SEQ);
            System.arraycopy(tokens, b * (SEQ + 1) + 1, tg, b * SEQ, SEQ);
        }
        SequenceLayout layout = SequenceLayout.plain(BATCH, SEQ);
        float first = Float.NaN, last = Float.NaN;
        long timed = 0;
        for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            try (Tape tape = Tape.open()) {
                var loss = model.loss(in, tg, layout, BATCH * SEQ);
                tape.backward(loss);
                last = loss.item();
            }
            opt.step(3e-4);
            opt.zeroGrad();
            long dt = System.nanoTime() - t0;
            if (s == 0) first = last;
            if (s >= warmup) timed += dt;
            System.err.printf(Locale.ROOT, "llmforge step %d loss %.4f %.1f ms%n", s, last, dt / 1e6);
        }
        double secs = timed / 1e9 / steps;
        long n = 0;
        for (Parameter p : model.parameters()) if (!p.name().equals("transformer.wpe.weight")) n += p.size();
        long tok = (long) BATCH * SEQ;
        double flops = 6.0 * n * tok + 12.0 * c.nLayers() * c.dModel() * SEQ * tok;
        return String.format(Locale.ROOT, "{\"system\": \"llmforge\", \"ms_per_step\": %.1f, \"tokens_per_s\": %.1f, "
                        + "\"gflops\": %.1f, \"peak_pct\": %.1f, \"rss_mb\": %d, \"first_loss\": %.4f, \"last_loss\": %.4f}",
                secs * 1e3, tok / secs, flops / secs / 1e9, 100 * flops / secs / 1e9 / peak, peakRssMb(), first, last);
    }

    /** Peak resident set of this process (VmHWM), or -1 where /proc is absent. */
    static long peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux: report -1 rather than fail the benchmark
        }
        return -1;
    }

    /** Runs one baseline as a child process; its stdout is one JSON line. Null (with a reason) if unavailable. */
    private String runBaseline(String name) throws IOException {
        Path home = Path.of(System.getProperty("llmforge.home", "."));
        List<String> cmd;
        switch (name) {
            case "djl" -> cmd = BaselineProcess.djlCommand("bench train");
            case "djl-mkl-any-cpu" -> {
                cmd = BaselineProcess.djlCommand("bench train");
                if (cmd != null) cmd.add("--mkl-any-cpu");
            }
            case "torch" -> {
                if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
                    System.err.println("bench train: /usr/bin/python3 not found; skipping the PyTorch 1.13 baseline");
                    return null;
                }
                cmd = new ArrayList<>(List.of("/usr/bin/python3", home.resolve("bench/torch_baseline.py").toString()));
            }
            default -> throw new UserException("--baselines: unknown '" + name + "' (valid: djl, djl-mkl-any-cpu, torch, none)");
        }
        if (cmd == null) return null;
        cmd.addAll(List.of("--steps", String.valueOf(steps), "--warmup", String.valueOf(warmup), "--seed", String.valueOf(seed)));
        return BaselineProcess.lastLine("bench train", name, cmd);
    }
}
