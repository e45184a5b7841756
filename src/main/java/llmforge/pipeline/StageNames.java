package llmforge.pipeline;

import java.util.List;

/** The stages a pipeline file configures, in the order they run, and the evaluation and report stages added to them. */
final class StageNames {
    static final String TOKENIZER = "tokenizer", DATA = "data", PRETRAIN = "pretrain", SYNTH = "synth", SFT = "sft",
            REWARD = "reward", PPO = "ppo", DPO = "dpo", REPORT = "report";
    static final List<String> CONFIGURABLE = List.of(TOKENIZER, DATA, PRETRAIN, SYNTH, SFT, REWARD, PPO, DPO);
    /** The stages whose output is a chat model, with the name each has in the comparison. */
    static final List<String> MODELS = List.of(PRETRAIN, SFT, PPO, DPO);

    private StageNames() {}

    static String evalOf(String model) { return "eval-" + label(model); }

    /** base, sft, ppo, dpo: how the report names a stage's model. */
    static String label(String model) { return model.equals(PRETRAIN) ? "base" : model; }
}
