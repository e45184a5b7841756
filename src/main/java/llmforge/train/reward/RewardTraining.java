package llmforge.train.reward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
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

    public record Outcome(Trainer.Result result, Path model, Path report, RewardEvaluation.Result heldOut, RewardStats stats) {}

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
        RankingData data = RankingData.load(Path.of(cfg.data()), enc, decoder.config().maxSeqLen(), cfg.evalFraction());
        List<RankingGroup> train = cfg.maxTrain() > 0 && data.train().size() > cfg.maxTrain()
                ? data.train().subList(0, cfg.maxTrain()) : data.train();
        if (train.isEmpty()) throw new UserException(cfg.data() + ": no training prompt fits the model's max_seq_len " + decoder.config().maxSeqLen());
        console.printf(Locale.ROOT, "reward model on %s: %d training prompts, %d held out, %d left out (longer than %d tokens)%n",
                init, train.size(), data.heldOut().size(), data.tooLong(), decoder.config().maxSeqLen());
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
        RewardEvaluation.Result held;
        RewardStats stats;
        Path report = out.resolve("report.html"), final_ = out.resolve("model");
        try (StopSignal stop = StopSignal.install()) {
            r = trainer.run(resume || cfg.resume(), stop);
            held = RewardEvaluation.evaluate(model, data.heldOut());
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
                RunReport.write(report, new RunReport.Content("Reward model " + out.getFileName(), decoder.config().toString(),
                        model.parameterCount(), r, trainer.metrics(), trainer.evaluations(), Double.NaN), RewardReport.html(held, stats, trainer.metrics()));
            }
        }
        return new Outcome(r, final_, report, held, stats);
    }
}
