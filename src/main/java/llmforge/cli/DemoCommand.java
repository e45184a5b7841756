package llmforge.cli;

import llmforge.io.FileTrees;
import llmforge.data.ConfigLoader;
import llmforge.data.DataConfig;
import llmforge.data.DataPipeline;
import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerConfig;
import llmforge.tokenizer.TokenizerJsonWriter;
import llmforge.tokenizer.TrainingCorpus;
import llmforge.tokenizer.TrainingProgress;
import llmforge.align.AlignmentConfig;
import llmforge.align.AlignmentSynth;
import llmforge.train.PretrainConfig;
import llmforge.train.SftConfig;
import llmforge.train.SftTraining;
import llmforge.train.Pretraining;
import llmforge.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code llmforge demo}: the whole pipeline on the embedded corpus, as a list of named steps (tokenizer, data,
 * pretraining, summary) that later stages (SFT, reward model, PPO, DPO) extend by adding steps.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a tokenizer, prepare shards, pretrain a small model on the embedded demo corpus, synthesise alignment data and fine-tune it (SFT).")
public final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", defaultValue = "runs/demo", description = "folder for everything the demo makes (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--quick", description = "a ~1 minute variant (fewer steps; the model learns less)")
    boolean quick;

    /** One step of the demo; each reads and extends the shared state. */
    interface Step {
        String name();
        void run(State s) throws Exception;
    }

    /** What the steps hand each other. */
    static final class State {
        Path home, out, tokenizer, shards;
        Pretraining.Outcome pretraining;
        Path alignment;
        SftTraining.Outcome sft;
    }

    private static Step step(String name, ThrowingAction a) {
        return new Step() {
            public String name() { return name; }
            public void run(State s) throws Exception { a.run(s); }
        };
    }

    @FunctionalInterface interface ThrowingAction { void run(State s) throws Exception; }

    List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add(step("tokenizer: byte-level BPE, 4096 tokens, on the demo corpus", this::trainTokenizer));
        steps.add(step("data: clean, dedup, mix, pack into shards", this::prepareData));
        steps.add(step("pretrain: next-token training of the small decoder", this::pretrain));
        steps.add(step("alignment data: SFT conversations and held-out eval prompts with verifiable answers", this::synthesise));
        steps.add(step("sft: fine-tune the pretrained model on chat conversations; base vs SFT on held-out prompts", this::sft));
        return steps;
    }

    @Override public Integer call() throws Exception {
        State s = new State();
        s.home = Path.of(System.getProperty("llmforge.home", "."));
        s.out = output;
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        List<Step> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            long t = System.nanoTime();
            out.printf(Locale.ROOT, "== step %d/%d: %s%n", i + 1, steps.size(), steps.get(i).name());
            out.flush();
            steps.get(i).run(s);
            out.printf(Locale.ROOT, "   (%.1f s)%n", (System.nanoTime() - t) / 1e9);
        }
        summary(out, s, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private void trainTokenizer(State s) throws Exception {
        Path demo = s.home.resolve("data/demo");
        s.tokenizer = s.out.resolve("tokenizer/tokenizer.json");
        TrainingCorpus corpus = TrainingCorpus.of(List.of(demo.resolve("reference"), demo.resolve("tech"), demo.resolve("chinese")));
        Tokenizer t = BpeTrainer.train(corpus, new BpeTrainer.Options(4096, 2, PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS),
                TrainingProgress.bars());
        TokenizerJsonWriter.write(t, s.tokenizer);
        TokenizerConfig.write(t, s.tokenizer.resolveSibling("tokenizer_config.json"));
    }

    private void prepareData(State s) throws Exception {
        DataConfig base = ConfigLoader.load(s.home.resolve("examples/data.yaml"), DataConfig.class);
        List<llmforge.data.SourceConfig> sources = new ArrayList<>();
        for (var src : base.sources()) sources.add(new llmforge.data.SourceConfig(s.home.resolve(src.path()).toString(), src.domain(), src.format(),
                src.textField(), src.domainField(), src.split()));
        DataConfig cfg = new DataConfig(sources, s.out.resolve("data").toString(), s.tokenizer.toString(), base.seed(),
                base.threads(), base.onBadInput(), base.pii(), base.filters(), base.dedup(), base.mix(), base.maxEpochs(),
                base.totalTokens(), base.valFraction(), base.shardTokens());
        DataPipeline p = new DataPipeline(cfg);
        p.run();
        s.shards = p.shardDir();
    }

    private void pretrain(State s) throws Exception {
        PretrainConfig base = ConfigLoader.load(s.home.resolve("examples/pretrain.yaml"), PretrainConfig.class);
        TrainerConfig t = base.train();
        if (quick) {
            int steps = Math.max(40, t.steps() / 6);
            t = new TrainerConfig(steps, t.microBatches(), t.lr(), Math.min(t.warmupSteps(), steps / 10), t.decay(), t.minLrRatio(),
                    t.weightDecay(), t.beta1(), t.beta2(), t.gradClip(), steps / 2, steps, t.keepCheckpoints(), t.seed(),
                    t.spikeFactor(), t.rollbackOnSpike(), t.rollbackLrFactor(), t.maxRollbacks());
        }
        Path run = s.out.resolve("pretrain");
        FileTrees.delete(run);   // the demo starts its pretraining afresh each time
        PretrainConfig cfg = new PretrainConfig(s.shards.toString(), s.tokenizer.toString(), run.toString(), base.model(),
                base.batchSize(), base.seqLen(), base.documentMasks(), base.evalTokens(), base.samplePrompts(),
                base.sampleTokens(), base.sampleTemperature(), false, t);
        s.pretraining = Pretraining.run(cfg, false, System.err);
    }

    private void synthesise(State s) throws Exception {
        AlignmentConfig base = ConfigLoader.load(s.home.resolve("examples/alignment.yaml"), AlignmentConfig.class);
        java.util.Map<String, Integer> sizes = new java.util.LinkedHashMap<>(base.sizes());
        if (quick) sizes.replaceAll((split, n) -> split.equals("sft") ? n : Math.min(n, 100));
        AlignmentConfig cfg = new AlignmentConfig(base.seed(), base.languages(), s.home.resolve(base.constitution()).toString(),
                s.home.resolve(base.wordnet()).toString(), s.home.resolve(base.poems()).toString(), sizes, base.tasks(),
                base.systemPromptRate(), base.multiTurnRate());
        s.alignment = s.out.resolve("align");
        new AlignmentSynth(cfg).run(s.alignment);
    }

    private void sft(State s) throws Exception {
        SftConfig base = ConfigLoader.load(s.home.resolve("examples/sft.yaml"), SftConfig.class);
        TrainerConfig t = base.train();
        int prompts = base.evalPromptLimit() == null ? 80 : base.evalPromptLimit();
        if (quick) {
            int steps = Math.max(10, t.steps() / 8);
            t = new TrainerConfig(steps, t.microBatches(), t.lr(), Math.min(t.warmupSteps(), steps / 10), t.decay(), t.minLrRatio(),
                    t.weightDecay(), t.beta1(), t.beta2(), t.gradClip(), steps, steps, t.keepCheckpoints(), t.seed(),
                    t.spikeFactor(), t.rollbackOnSpike(), t.rollbackLrFactor(), t.maxRollbacks());
            prompts = Math.min(prompts, 32);
        }
        Path run = s.out.resolve("sft");
        FileTrees.delete(run);
        Path start = s.pretraining.result().lastCheckpoint().orElseThrow(() -> new UserException("pretraining left no checkpoint"));
        SftConfig cfg = new SftConfig(start.toString(), s.alignment.resolve("sft_train.jsonl").toString(),
                s.alignment.resolve("sft_eval.jsonl").toString(), s.alignment.resolve("prompts_eval.jsonl").toString(),
                s.shards.toString(), base.pretrainMix(), run.toString(), base.batchSize(), base.seqLen(), base.packing(), prompts,
                base.evalMaxNewTokens(), base.evalBatchSize(), base.evalTextTokens(), false, t);
        s.sft = SftTraining.run(cfg, false, System.err);
    }

    private static void summary(PrintWriter out, State s, double seconds) {
        Pretraining.Outcome o = s.pretraining;
        out.printf(Locale.ROOT, "%n== demo finished in %.0f s%n", seconds);
        PretrainCommand.print(out, o);
        o.result().lastEvaluation().ifPresent(e -> {
            out.printf(Locale.ROOT, "val loss %.3f vs unigram entropy %.3f nats/token: %.0f%% of the context-free bound%n",
                    e.valLoss(), o.unigramEntropy(), 100 * e.valLoss() / o.unigramEntropy());
            for (var sample : e.samples()) out.println("sample: " + sample.prompt() + sample.completion());
        });
        if (s.sft != null) {
            out.println("\n== SFT");
            SftCommand.print(out, s.sft);
        }
        out.flush();
    }
}
