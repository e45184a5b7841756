package llmforge.train.ppo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import llmforge.align.AlignmentJsonl;
import llmforge.io.UserException;
import llmforge.model.RewardModel;
import llmforge.data.ShardReader;
import llmforge.model.Decoder;
import llmforge.model.DecoderConfig;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.ChatTemplate;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;
import llmforge.train.CheckpointFiles;
import llmforge.train.LoraTuning;
import llmforge.train.StopSignal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A whole RL run from its config (the API behind {@code llmforge ppo}): models, prompts, rewards, loop, report. */
public final class RlTraining {
    private static final ObjectMapper SNAKE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private RlTraining() {}

    /** What a run produced. */
    public record Outcome(PpoTrainer.Result result, Path output, Path report, Path metrics, double finalBeta) {}

    public static Outcome run(PpoConfig cfg, boolean resume, PrintStream console) throws IOException {
        Path out = Path.of(cfg.output());
        ShardReader ptx = null, val = null;
        try {
            if (cfg.pretrainData() != null) {
                ptx = ShardReader.open(Path.of(cfg.pretrainData()), "train");
                val = ShardReader.open(Path.of(cfg.pretrainData()), "val");
            }
            PpoSetup setup = cfg.toy() != null && cfg.prompts() == null ? toySetup(cfg, ptx, val) : alignmentSetup(cfg, ptx, val);
            PpoTrainer trainer = new PpoTrainer(cfg, setup, out, SNAKE.valueToTree(cfg), console);
            if (setup.lora() != null) console.println(setup.lora().describe() + "; the frozen base is the reference");
            console.printf("%s: policy %s, %d train / %d eval prompts, %d rollouts per iteration, value model %s%n", cfg.algorithm(),
                    setup.policy().config(), setup.trainPrompts().size(), setup.evalPrompts().size(), cfg.rolloutSize(),
                    setup.value() == null ? "none" : setup.value().shared() ? "head on the policy trunk" : "own trunk");
            Path report = out.resolve("report.html");
            PpoTrainer.Result r;
            try (StopSignal stop = StopSignal.install()) {
                r = trainer.run(resume || cfg.resume(), stop);
                RlReport.write(report, cfg, r, trainer.metrics());
            }
            return new Outcome(r, out, report, trainer.metrics().file(), trainer.beta());
        } finally {
            if (ptx != null) ptx.close();
            if (val != null) val.close();
        }
    }

    /** The policy and one iteration's prompts, for {@code llmforge bench rollout}. */
    public record Bench(Decoder policy, List<RlPrompt> prompts, int[] eosIds) {}

    public static Bench benchSetup(PpoConfig cfg) {
        try {
            PpoSetup s = cfg.toy() != null && cfg.prompts() == null ? toySetup(cfg, null, null) : alignmentSetup(cfg, null, null);
            List<RlPrompt> p = new ArrayList<>();
            for (int i = 0; p.size() < cfg.rolloutSize(); i++) p.add(s.trainPrompts().get(i % s.trainPrompts().size()));
            return new Bench(s.policy(), p, s.eosIds());
        } catch (IOException e) {
            throw new UserException("cannot set up the rollout benchmark: " + e.getMessage());
        }
    }

    /** Random token prompts, reward = count of the toy token; the known reward is its own gold. */
    static PpoSetup toySetup(PpoConfig cfg, ShardReader ptx, ShardReader val) {
        PpoConfig.ToyTask toy = cfg.toy();
        DecoderConfig mc = resolve(cfg, toy.vocabSize());
        long seed = cfg.train().seed();
        Decoder policy = new Decoder(mc, seed);
        LoraTuning lora = lora(cfg, policy, "toy", List.of());
        Decoder reference = lora != null ? policy : new Decoder(mc, seed);
        ValueModel value = valueModel(cfg, mc, () -> new Decoder(mc, seed), seed);
        RewardFunction reward = new TokenCountReward(toy.token());
        int[] eos = toy.eos() == null ? new int[0] : new int[] {toy.eos()};
        int e = toy.eos() == null ? 0 : toy.eos();
        return new PpoSetup(policy, reference, value, reward, reward, null, toyPrompts(toy, seed, toy.promptCount()),
                toyPrompts(toy, ~seed, Math.min(cfg.evalLimit(), 32)), eos, ptx, val, null, e, e, lora);
    }

    static List<RlPrompt> toyPrompts(PpoConfig.ToyTask toy, long seed, int count) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x70C0FFEEL);
        List<RlPrompt> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] ids = new int[toy.promptLength()];
            for (int k = 0; k < ids.length; k++) ids[k] = r.nextInt(toy.vocabSize());
            out.add(RlPrompt.ofIds(ids));
        }
        return out;
    }

    /** The SFT checkpoint as policy, reference and (own) value trunk; alignment prompts; gold-judge yardstick. */
    static PpoSetup alignmentSetup(PpoConfig cfg, ShardReader ptx, ShardReader val) throws IOException {
        if (cfg.policy() == null) throw new UserException("'prompts' (alignment data) needs 'policy': the SFT checkpoint directory");
        Path dir = Path.of(cfg.policy());
        if (!Files.isDirectory(dir)) throw new UserException("policy: " + dir + " is not a model directory");
        Path tokFile = cfg.tokenizer() != null ? Path.of(cfg.tokenizer()) : dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) throw new UserException("tokenizer: " + tokFile + " does not exist (set 'tokenizer')");
        Tokenizer tok = TokenizerJsonReader.read(tokFile);
        ChatTemplate template = new ChatTemplate(tok);
        Decoder policy = HfModelDirectory.load(dir);
        LoraTuning lora = lora(cfg, policy, dir.toAbsolutePath().normalize().toString(), CheckpointFiles.tokenizer(tokFile));
        Decoder reference = lora != null ? policy : HfModelDirectory.load(dir);
        long seed = cfg.train().seed();
        ValueModel value = valueModel(cfg, policy.config(), () -> load(dir), seed);
        GoldJudgeReward judge = new GoldJudgeReward(tok, template.endOfTurnId());
        RewardFunction reward = switch (cfg.reward().type()) {
            case "gold" -> judge;
            case "model" -> learned(cfg.reward().path(), cfg.frozenBf16());
            default -> throw new UserException("reward type 'toy' needs the toy task, not alignment prompts");
        };
        int limit = policy.config().maxSeqLen() - cfg.maxNewTokens() + 1;
        List<RlPrompt> train = prompts(Path.of(cfg.prompts()), template, limit, Integer.MAX_VALUE);
        List<RlPrompt> eval = cfg.evalPrompts() == null ? List.of() : prompts(Path.of(cfg.evalPrompts()), template, limit, cfg.evalLimit());
        if (train.isEmpty()) throw new UserException(cfg.prompts() + ": no prompt fits the context with max_new_tokens " + cfg.maxNewTokens());
        int eot = template.endOfTurnId();
        return new PpoSetup(policy, reference, value, reward, judge, judge, train, eval, new int[] {eot}, ptx, val, tokFile, eot, eot, lora);
    }

    private static List<RlPrompt> prompts(Path file, ChatTemplate template, int maxLength, int limit) {
        List<RlPrompt> out = new ArrayList<>();
        for (AlignmentJsonl.Prompt p : AlignmentJsonl.readPrompts(file)) {
            int[] ids = template.render(p.prompt(), true).ids();
            if (ids.length <= maxLength && out.size() < limit) out.add(new RlPrompt(ids, p.prompt(), p.meta()));
        }
        return out;
    }

    private static Decoder load(Path dir) {
        try {
            return HfModelDirectory.load(dir);
        } catch (IOException e) {
            throw new UserException("policy: cannot load " + dir + ": " + e.getMessage());
        }
    }

    /** Adapters on the policy when the config asks for LoRA (the frozen base is then the reference), else null. */
    private static LoraTuning lora(PpoConfig cfg, Decoder policy, String base, List<Path> tokenizerFiles) {
        if (cfg.lora() == null) return null;
        return LoraTuning.attach(cfg.lora(), policy, List.of(), "CAUSAL_LM", base, policy.config().isGpt2(), cfg.train().seed(), tokenizerFiles);
    }

    private static ValueModel valueModel(PpoConfig cfg, DecoderConfig mc, java.util.function.Supplier<Decoder> trunk, long seed) {
        if (cfg.algorithmKind() != PpoConfig.Algorithm.PPO) return null;
        return new ValueModel(mc.dModel(), cfg.valueTrunk().equals("own") ? trunk.get() : null, seed);
    }

    private static DecoderConfig resolve(PpoConfig cfg, int vocab) {
        try {
            return cfg.model().resolve(vocab);
        } catch (IllegalArgumentException e) {
            throw new UserException("model: " + e.getMessage());
        }
    }

    /** The reward model directory named by the config, frozen (its trunk's linear layers in bf16 when asked). */
    private static RewardFunction learned(String path, boolean bf16) {
        if (path == null) throw new UserException("reward type 'model' needs 'path': a reward model directory (llmforge reward train)");
        try {
            RewardModel rm = RewardModel.load(Path.of(path));
            if (bf16) rm.decoder().freezeAsBf16();
            else for (var p : rm.decoder().parameters()) p.trainable(false);
            rm.head().trainable(false);
            rm.train(false);
            return new LearnedReward(rm);
        } catch (java.io.IOException e) {
            throw new UserException("reward: cannot load " + path + ": " + e.getMessage());
        }
    }
}
