package llmforge.train.reward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import llmforge.align.AlignmentJsonl;
import llmforge.dist.DataParallel;
import llmforge.io.UserException;
import llmforge.io.AtomicFiles;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.model.RewardModel;
import llmforge.model.RewardStats;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.train.AnswerEncoder;
import llmforge.train.CheckpointFiles;
import llmforge.train.LoraStage;
import llmforge.train.LoraTuning;
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

/** A whole reward-model run from its config (the API behind {@code llmforge reward train}). */
public final class RewardTraining {
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);
    /** Training prompts whose answers make up the reference set of the normalisation statistics. */
    private static final int STATS_PROMPTS = 256;

    private RewardTraining() {}

    /**
     * @param ownRankings rankings of the model's own answers trained on (AI feedback; 0 without)
     * @param ownHeldOut  accuracy on the rankings of its own answers to the held-out prompts (null without AI feedback)
     */
    public record Outcome(Trainer.Result result, Path model, Path report, RewardEvaluation.Result heldOut, RewardStats stats,
                          int ownRankings, RewardEvaluation.Result ownHeldOut) {}

    public static Outcome run(RewardConfig cfg, boolean resume, PrintStream console) throws IOException {
        Path init = Path.of(cfg.model()), out = Path.of(cfg.output());
        Path tokFile = cfg.tokenizer() != null ? Path.of(cfg.tokenizer()) : init.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) throw new UserException("tokenizer: " + tokFile + " does not exist (set 'tokenizer' in the config)");
        Tokenizer tok = TokenizerJsonReader.read(tokFile);
        Decoder decoder = HfModelDirectory.load(init);
        if (tok.vocabSize() > decoder.config().vocabSize()) {
            throw new UserException("tokenizer " + tokFile + " has " + tok.vocabSize() + " tokens, more than the model's vocabulary of "
                    + decoder.config().vocabSize());
        }
        AnswerEncoder enc = new AnswerEncoder(tok);
        int maxLen = decoder.config().maxSeqLen();
        List<AlignmentJsonl.Ranked> given = AlignmentJsonl.readRankings(Path.of(cfg.data()));
        RankingData data = RankingData.of(given, enc, maxLen, cfg.evalFraction());
        List<RankingGroup> all = new ArrayList<>(), ownHeld = new ArrayList<>();
        int ownRankings = 0;
        if (cfg.usesAiFeedback()) {
            var f = cfg.aiFeedback();
            console.printf(Locale.ROOT, "AI feedback: sampling %d answers per prompt of %s, ranked by %s ...%n", f.samples(), cfg.data(), f.constitution());
            List<AlignmentJsonl.Prompt> prompts = given.stream().map(g -> new AlignmentJsonl.Prompt(g.prompt(), g.meta(), null)).toList();
            // the held-out prompts' rankings are evaluated on, never trained on
            RankingData own = RankingData.of(AiFeedbackRankings.build(decoder, enc, prompts, f, cfg.train().seed()), enc, maxLen, cfg.evalFraction());
            console.printf(Locale.ROOT, "AI feedback: %d rankings of the model's own answers, %d held out%n", own.train().size(), own.heldOut().size());
            all.addAll(own.train());
            ownHeld.addAll(own.heldOut());
            ownRankings = own.train().size();
        }
        if (cfg.usesData()) all.addAll(data.train());
        List<RankingGroup> train = cfg.maxTrain() > 0 && all.size() > cfg.maxTrain() ? all.subList(0, cfg.maxTrain()) : all;
        if (train.isEmpty()) throw new UserException(cfg.data() + ": no training ranking fits the model's max_seq_len " + maxLen
                + (cfg.usesAiFeedback() ? " (or the model's own answers were all equal under the constitution)" : ""));
        console.printf(Locale.ROOT, "reward model on %s: %d training prompts, %d held out, %d left out (longer than %d tokens)%n",
                init, train.size(), data.heldOut().size(), data.tooLong(), maxLen);
        long seed = cfg.train().seed();
        RewardModel model = new RewardModel(decoder, seed);
        int pad = enc.padId(), eos = enc.endOfTurnId();
        RewardStage stage = new RewardStage(model, train, data.heldOut(), cfg.batchSize(), cfg.margin().floatValue(),
                cfg.centring().floatValue(), seed, pad, eos, tokFile);
        LoraTuning lora = null;
        if (cfg.lora() != null) {
            // the new score head is trained in full beside the adapters (PEFT's modules_to_save)
            lora = LoraTuning.attach(cfg.lora(), model, List.of(model.head()), "SEQ_CLS", init.toAbsolutePath().normalize().toString(),
                    decoder.config().isGpt2(), seed, CheckpointFiles.tokenizer(tokFile));
            console.println(lora.describe());
        }
        Stage<RankingBatch> trained = lora == null ? stage : new LoraStage<>(stage, lora);
        Trainer<RankingBatch> trainer = new Trainer<>(trained, cfg.train(), out, JSON.valueToTree(cfg), console);
        Trainer.Result r;
        RewardEvaluation.Result held, ownResult;
        RewardStats stats;
        Path report = out.resolve("report.html"), final_ = out.resolve("model");
        try (StopSignal stop = StopSignal.install()) {
            r = trainer.run(resume || cfg.resume(), stop);
            held = RewardEvaluation.evaluate(model, data.heldOut());
            ownResult = ownHeld.isEmpty() ? null : RewardEvaluation.evaluate(model, ownHeld);
            List<int[]> reference = new ArrayList<>();
            for (RankingGroup g : train.subList(0, Math.min(STATS_PROMPTS, train.size()))) reference.addAll(g.sequences());
            stats = RewardStats.of(model.score(reference));
            model.stats(stats);
            boolean root = DataParallel.world().isRoot();
            if (lora != null) {
                if (root) lora.save(out.resolve("adapter"));
                lora.lora().merge(model);   // model/ is then a plain reward model, as PPO and reward score read it
            }
            if (root) {
                stage.saveModel(final_);
                AtomicFiles.writeString(out.resolve("reward_eval.json"), JSON.writeValueAsString(held));
                if (ownResult != null) AtomicFiles.writeString(out.resolve("reward_eval_own_answers.json"), JSON.writeValueAsString(ownResult));
                RunReport.write(report, new RunReport.Content("Reward model " + out.getFileName(), decoder.config().toString(),
                        model.parameterCount(), r, trainer.metrics(), trainer.evaluations(), Double.NaN), RewardReport.html(held, stats, trainer.metrics()));
            }
        }
        return new Outcome(r, final_, report, held, stats, ownRankings, ownResult);
    }
}
