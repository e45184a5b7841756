package llmforge.train.dpo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import llmforge.align.AlignmentJsonl;
import llmforge.io.UserException;
import llmforge.data.ShardReader;
import llmforge.dist.DataParallel;
import llmforge.io.AtomicFiles;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.autograd.Parameter;
import llmforge.train.AnswerEncoder;
import llmforge.train.CheckpointFiles;
import llmforge.train.LoraStage;
import llmforge.train.LoraTuning;
import llmforge.train.PromptSplit;
import llmforge.train.RunReport;
import llmforge.train.Stage;
import llmforge.train.StopSignal;
import llmforge.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A whole DPO run from its config (the API behind {@code llmforge dpo}): data, reference, loop, before/after evaluation. */
public final class DpoTraining {
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private DpoTraining() {}

    public record Outcome(Trainer.Result result, Path model, Path report, PolicyEvaluation.Result before,
                          PolicyEvaluation.Result after, int trainPairs, int heldOutPairs) {}

    public static Outcome run(DpoConfig cfg, boolean resume, PrintStream console) throws IOException {
        Path init = Path.of(cfg.model()), out = Path.of(cfg.output());
        Path tokFile = cfg.tokenizer() != null ? Path.of(cfg.tokenizer()) : init.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) throw new UserException("tokenizer: " + tokFile + " does not exist (set 'tokenizer' in the config)");
        Tokenizer tok = TokenizerJsonReader.read(tokFile);
        AnswerEncoder enc = new AnswerEncoder(tok);
        Decoder policy = HfModelDirectory.load(init);
        int maxLen = policy.config().maxSeqLen(), pad = enc.padId(), eos = enc.endOfTurnId();
        // the on-policy pairs come first, so that max_pairs keeps them
        List<AlignmentJsonl.Pair> source = new ArrayList<>();
        if (cfg.usesAiFeedback()) {
            var f = cfg.aiFeedback();
            console.printf(Locale.ROOT, "AI feedback: sampling %d answers per prompt of %s, ranked by %s ...%n", f.samples(), f.prompts(), f.constitution());
            var built = AiFeedbackPairs.build(policy, enc, f, cfg.train().seed());
            console.printf(Locale.ROOT, "AI feedback: %d pairs from %d prompts (%d gave none: their answers were equal under the constitution, or none ended)%n",
                    built.pairs().size(), built.prompts(), built.undecided());
            source.addAll(built.pairs());
        }
        if (cfg.usesData()) source.addAll(AlignmentJsonl.readPairs(Path.of(cfg.data())));
        List<PreferencePair> train = new ArrayList<>(), held = new ArrayList<>();
        int tooLong = 0, index = 0;
        for (AlignmentJsonl.Pair p : source) {
            int[] prompt = enc.prompt(p.prompt());
            var c = enc.encode(prompt, p.chosen());
            var r = enc.encode(prompt, p.rejected());
            if (c.ids().length > maxLen || r.ids().length > maxLen) {
                tooLong++;
                continue;
            }
            boolean isHeld = cfg.evalFraction() > 0 && PromptSplit.heldOut(p.prompt(), cfg.evalFraction());
            // max_pairs caps the held-out pairs too (at a fifth of it): the reference pass covers both
            if (cfg.maxPairs() > 0 && (isHeld ? held.size() >= Math.max(1, cfg.maxPairs() / 5) : train.size() >= cfg.maxPairs())) continue;
            (isHeld ? held : train).add(new PreferencePair(index++, c.ids(), c.answerStart(), r.ids(), r.answerStart(), p));
        }
        if (train.isEmpty()) throw new UserException((cfg.usesData() ? cfg.data() : "ai_feedback") + ": no training pair fits the model's max_seq_len " + maxLen);
        console.printf(Locale.ROOT, "DPO (%s, beta %.3g) from %s: %d training pairs, %d held out, %d left out (longer than %d tokens)%n",
                cfg.loss(), cfg.beta(), init, train.size(), held.size(), tooLong, maxLen);

        PolicyEvaluation eval = evaluation(cfg, enc);
        PolicyEvaluation.Result before = null;
        if (eval != null && !(resume || cfg.resume())) {
            console.println("evaluating the starting model ...");
            before = eval.evaluate(policy, policy);
        }
        ReferenceLogProbs ref = null;
        if (cfg.reference().equals("precomputed")) {
            List<PreferencePair> all = new ArrayList<>(train);
            all.addAll(held);
            ref = ReferenceLogProbs.precomputed(policy, all, cfg.batchSize(), pad);   // the policy is still the reference here
        }
        LoraTuning lora = null;
        if (cfg.lora() != null) {
            lora = LoraTuning.attach(cfg.lora(), policy, List.of(), "CAUSAL_LM", init.toAbsolutePath().normalize().toString(),
                    policy.config().isGpt2(), cfg.train().seed(), CheckpointFiles.tokenizer(tokFile));
            console.println(lora.describe());
        }
        if (ref == null && lora != null) {
            ref = ReferenceLogProbs.frozenBase(policy, lora.lora(), pad);
        } else if (ref == null) {
            Decoder reference = frozen(init);
            if (cfg.frozenBf16()) reference.freezeAsBf16();
            ref = ReferenceLogProbs.onTheFly(reference, pad);
        }
        DpoStage stage = new DpoStage(policy, train, held, ref, cfg.settings(), cfg.batchSize(), cfg.train().seed(), pad, eos, tokFile);
        Stage<PreferenceBatch> trained = lora == null ? stage : new LoraStage<>(stage, lora);
        Trainer<PreferenceBatch> trainer = new Trainer<>(trained, cfg.train(), out, JSON.valueToTree(cfg), console);
        Trainer.Result r;
        PolicyEvaluation.Result after = null;
        Path report = out.resolve("report.html"), final_ = out.resolve("model");
        try (StopSignal stop = StopSignal.install()) {
            r = trainer.run(resume || cfg.resume(), stop);
            boolean root = DataParallel.world().isRoot();
            if (lora != null) {
                if (root) lora.save(out.resolve("adapter"));
                lora.lora().merge(policy);   // model/ is then a plain model, usable as it is
            }
            if (root) stage.saveModel(final_);
            if (eval != null) {
                console.println("evaluating the tuned model ...");
                after = eval.evaluate(policy, HfModelDirectory.load(init));   // the reference comes back only now
            }
            var results = JSON.createObjectNode();
            results.set("before", JSON.valueToTree(before));
            results.set("after", JSON.valueToTree(after));
            if (root) {
                AtomicFiles.writeString(out.resolve("dpo_eval.json"), JSON.writeValueAsString(results));
                RunReport.write(report, new RunReport.Content("DPO " + out.getFileName(), policy.config().toString(),
                        policy.parameterCount(), r, trainer.metrics(), trainer.evaluations(), Double.NaN), DpoReport.html(cfg, before, after));
            }
        }
        return new Outcome(r, final_, report, before, after, train.size(), held.size());
    }

    private static Decoder frozen(Path dir) throws IOException {
        Decoder d = HfModelDirectory.load(dir);
        for (Parameter p : d.parameters()) p.trainable(false);
        return d;
    }

    private static PolicyEvaluation evaluation(DpoConfig cfg, AnswerEncoder enc) {
        if (cfg.evalPrompts() == null) return null;
        List<AlignmentJsonl.Prompt> prompts = AlignmentJsonl.readPrompts(Path.of(cfg.evalPrompts()));
        if (cfg.evalSamples() > 0 && prompts.size() > cfg.evalSamples()) prompts = prompts.subList(0, cfg.evalSamples());
        int[] text = null;
        if (cfg.pretrainData() != null) {
            try (ShardReader val = ShardReader.open(Path.of(cfg.pretrainData()), "val")) {
                int n = (int) Math.min(cfg.perplexityTokens(), val.tokens());
                text = new int[n];
                val.read(0, text, 0, n);
            }
        }
        return new PolicyEvaluation(enc, prompts, cfg.maxNewTokens(), cfg.train().seed(), text);
    }
}
