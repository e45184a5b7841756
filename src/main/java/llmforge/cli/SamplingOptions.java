package llmforge.cli;

import llmforge.generate.GenerationConfig;
import llmforge.generate.SamplingConfig;
import llmforge.io.UserException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The sampling flags shared by {@code generate} and {@code chat}. */
final class SamplingOptions {
    @Option(names = "--max-tokens", defaultValue = "128", description = "Most new tokens per answer (default ${DEFAULT-VALUE}).")
    int maxTokens;
    @Option(names = "--temperature", defaultValue = "0.8", description = "Softmax temperature; 0 = greedy (default ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--top-k", defaultValue = "0", description = "Keep only the k most likely tokens; 0 = off (default ${DEFAULT-VALUE}).")
    int topK;
    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling mass; 1 = off (default ${DEFAULT-VALUE}).")
    double topP;
    @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "HF repetition penalty; 1 = off (default ${DEFAULT-VALUE}).")
    double repetitionPenalty;
    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--stop", description = "Stop when the answer contains this text (repeatable).")
    List<String> stops = new ArrayList<>();

    GenerationConfig config(int[] eosIds) {
        try {
            return new GenerationConfig(maxTokens, new SamplingConfig(temperature, topK, topP, repetitionPenalty), seed,
                    eosIds, stops);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
