package llmforge.train;

import llmforge.autograd.Parameter;
import llmforge.io.UserException;
import llmforge.model.PeftAdapterDirectory;
import llmforge.nn.Lora;
import llmforge.nn.Module;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What LoRA adds to a fine-tuning run: adapters on the model's targeted Linears with the base frozen (no gradient
 * buffers, no optimiser state), the parameters that are trained (the adapters plus any {@code modulesToSave}, e.g. a
 * reward model's new head) and the checkpoint format (the PEFT adapter directory and the tokenizer files instead of
 * the full weights).
 */
public final class LoraTuning {
    private final Lora lora;
    private final List<Parameter> modulesToSave;
    private final String taskType, baseModel;
    private final boolean fanInFanOut;
    private final List<Path> filesToCopy;
    private final long baseParameters;

    private LoraTuning(Lora lora, List<Parameter> modulesToSave, String taskType, String baseModel, boolean fanInFanOut,
                       List<Path> filesToCopy, long baseParameters) {
        this.lora = lora;
        this.modulesToSave = List.copyOf(modulesToSave);
        this.taskType = taskType;
        this.baseModel = baseModel;
        this.fanInFanOut = fanInFanOut;
        this.filesToCopy = List.copyOf(filesToCopy);
        this.baseParameters = baseParameters;
    }

    /**
     * Attaches fresh adapters to {@code model} and freezes everything else except {@code modulesToSave}.
     *
     * @param taskType    PEFT's task type written to adapter_config.json (CAUSAL_LM, SEQ_CLS)
     * @param baseModel   the base model directory, recorded so that {@code lora merge} finds it
     * @param fanInFanOut whether the base stores these Linears transposed in its HF files (GPT-2's Conv1D)
     * @param filesToCopy tokenizer files that travel with every checkpoint
     */
    public static LoraTuning attach(LoraSpec spec, Module model, List<Parameter> modulesToSave, String taskType,
                                    String baseModel, boolean fanInFanOut, long seed, List<Path> filesToCopy) {
        Lora lora;
        try {
            lora = Lora.attach(model, spec.config(), seed);
        } catch (IllegalArgumentException e) {
            throw new UserException("lora: " + e.getMessage());
        }
        for (Parameter p : modulesToSave) p.trainable(true);
        return new LoraTuning(lora, modulesToSave, taskType, baseModel, fanInFanOut, filesToCopy, model.parameterCount());
    }

    public Lora lora() { return lora; }

    /** The trained parameters: every adapter's A and B, then the modules trained in full. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(lora.parameters());
        ps.addAll(modulesToSave);
        return ps;
    }

    /** Adapter dropout on or off, seeded for this micro-batch. */
    public void mode(boolean training, long dropoutSeed) {
        lora.train(training);
        lora.dropoutSeed(dropoutSeed);
    }

    /** Writes the adapter directory (PEFT layout) and the tokenizer files. */
    public void save(Path dir) throws IOException {
        PeftAdapterDirectory.save(lora, modulesToSave, dir, baseModel, taskType, fanInFanOut);
        CheckpointFiles.copy(filesToCopy, dir);
    }

    /** Loads adapter weights saved by {@link #save} into the attached adapters. */
    public void load(Path dir) throws IOException { PeftAdapterDirectory.loadWeights(lora, modulesToSave, dir); }

    /** One line for the console: rank, modules and the trained share of the weights. */
    public String describe() {
        long trained = 0;
        for (Parameter p : parameters()) trained += p.size();
        return String.format(Locale.ROOT, "LoRA r=%d alpha=%.3g on %d modules: %,d trained parameters (%.2f %% of the %,d base weights)",
                lora.config().rank(), lora.config().alpha(), lora.modules().size(), trained, 100.0 * trained / baseParameters, baseParameters);
    }
}
