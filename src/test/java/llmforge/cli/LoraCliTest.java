package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.Approx;
import llmforge.autograd.Grad;
import llmforge.io.SafetensorsFile;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.model.PeftAdapterDirectory;
import llmforge.model.RewardModel;
import llmforge.nn.Lora;
import llmforge.nn.SequenceLayout;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonWriter;
import llmforge.train.PrefFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --lora} / {@code lora:} on sft, dpo, reward train and ppo: adapters trained and saved, the base untouched. */
class LoraCliTest {
    @TempDir static Path dir;
    static Path base;
    static final ObjectMapper JSON = new ObjectMapper();
    static final int[] IDS = new SplittableRandom(4).ints(20, 5, 250).toArray();

    @BeforeAll static void setUp() throws Exception {
        Tokenizer tok = PrefFixtures.tokenizer();
        base = dir.resolve("base");
        HfModelDirectory.save(PrefFixtures.decoder("gpt2", tok.vocabSize(), 2), base, 0, 0);
        TokenizerJsonWriter.write(tok, base.resolve("tokenizer.json"));
        StringBuilder sft = new StringBuilder(), pairs = new StringBuilder(), rankings = new StringBuilder(), prompts = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            String q = "{\"role\":\"user\",\"content\":\"what is " + i + " plus 3?\"}";
            String meta = "{\"family\":\"add\",\"expected\":[\"" + (i + 3) + "\"]}";
            String good = "the answer is " + (i + 3) + ".", bad = "the answer is " + (i + 4) + ".";
            sft.append("{\"messages\":[").append(q).append(",{\"role\":\"assistant\",\"content\":\"").append(good).append("\"}]}\n");
            pairs.append("{\"prompt\":[").append(q).append("],\"chosen\":\"").append(good).append("\",\"rejected\":\"").append(bad)
                    .append("\",\"meta\":").append(meta).append("}\n");
            rankings.append("{\"prompt\":[").append(q).append("],\"responses\":[\"").append(bad).append("\",\"").append(good)
                    .append("\"],\"ranking\":[1,0],\"meta\":").append(meta).append("}\n");
            if (i < 2) prompts.append("{\"prompt\":[").append(q).append("],\"meta\":").append(meta).append("}\n");
        }
        Files.writeString(dir.resolve("sft.jsonl"), sft);
        Files.writeString(dir.resolve("pairs.jsonl"), pairs);
        Files.writeString(dir.resolve("rankings.jsonl"), rankings);
        Files.writeString(dir.resolve("prompts.jsonl"), prompts);
    }

    static float[] logits(Decoder m) {
        try (var g = Grad.off()) { return m.logits(IDS, SequenceLayout.plain(1, IDS.length)).toFloatArray(); }
    }

    /** The base model with the adapter directory's adapters attached (dropout off). */
    static float[] adaptedLogits(Path adapter) throws Exception {
        Decoder m = HfModelDirectory.load(base);
        PeftAdapterDirectory.load(m, adapter).train(false);
        return logits(m);
    }

    static Path sftConfig(String name, int steps, String lora) throws Exception {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, "model: " + base + "\ndata: " + dir.resolve("sft.jsonl") + "\noutput: " + dir.resolve(name)
                + "\nbatch_size: 2\n" + lora + "train: {steps: " + steps + ", warmup_steps: 0, decay: constant, lr: 0.01, "
                + "eval_every: 0, checkpoint_every: 2, keep_checkpoints: 4, seed: 5}\n");
        return cfg;
    }

    static CliRun run(String... args) { return CliRun.run("", args); }

    @Test void sftTrainsOnlyTheAdapterResumesExactlyAndMergesIntoTheAdaptedModel() throws Exception {
        String lora = "lora: {rank: 4, alpha: 8, dropout: 0.1, target_modules: 'c_attn|c_fc'}\n";
        CliRun whole = run("sft", "--config", sftConfig("sft-whole", 4, lora).toString());
        assertEquals(0, whole.code(), whole.err());
        Path ckpt = dir.resolve("sft-whole/checkpoints/step-000004");
        assertTrue(Files.isRegularFile(ckpt.resolve("adapter_config.json")) && Files.isRegularFile(ckpt.resolve("tokenizer.json")));
        assertFalse(Files.exists(ckpt.resolve("model.safetensors")), "a LoRA checkpoint holds the adapter, not the full weights");
        SafetensorsFile opt = SafetensorsFile.open(ckpt.resolve("optimizer.safetensors"));
        assertEquals(2 * 8, opt.entries().size(), "exp_avg and exp_avg_sq of A and B on c_attn and c_fc of 2 layers");
        assertTrue(opt.entries().keySet().stream().allMatch(n -> n.contains(".lora_")), opt.entries().keySet().toString());
        JsonNode cfg = JSON.readTree(ckpt.resolve("adapter_config.json").toFile());
        assertEquals(base.toAbsolutePath().normalize().toString(), cfg.path("base_model_name_or_path").asText());
        assertTrue(cfg.path("fan_in_fan_out").asBoolean(), "GPT-2 stores these layers as Conv1D");

        // 2 steps, then 2 more from the checkpoint: the same adapter bits (dropout masks included)
        assertEquals(0, run("sft", "--config", sftConfig("sft-split", 2, lora).toString()).code());
        CliRun resumed = run("sft", "--resume", "--config", sftConfig("sft-split", 4, lora).toString());
        assertEquals(0, resumed.code(), resumed.err());
        SafetensorsFile a = SafetensorsFile.open(ckpt.resolve("adapter_model.safetensors"));
        SafetensorsFile b = SafetensorsFile.open(dir.resolve("sft-split/checkpoints/step-000004/adapter_model.safetensors"));
        for (String t : a.entries().keySet()) Approx.assertBitsEqual(t, a.tensor(t).toFloatArray(), b.tensor(t).toFloatArray());

        float[] adapted = adaptedLogits(ckpt);
        assertFalse(java.util.Arrays.equals(adapted, logits(HfModelDirectory.load(base))), "training changed nothing");
        Path merged = dir.resolve("sft-merged");
        CliRun m = run("lora", "merge", "--adapter", ckpt.toString(), "--output", merged.toString());   // base from the adapter
        assertEquals(0, m.code(), m.err());
        Approx.assertClose("merged vs base + adapter", adapted, logits(HfModelDirectory.load(merged)), 1e-4, 1e-4);
        assertTrue(Files.isRegularFile(merged.resolve("tokenizer.json")));
    }

    @Test void theSwitchTakesTheDefaults() throws Exception {
        CliRun r = run("sft", "--lora", "--config", sftConfig("sft-switch", 1, "").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode cfg = JSON.readTree(dir.resolve("sft-switch/checkpoints/step-000001/adapter_config.json").toFile());
        assertEquals(8, cfg.path("r").asInt());
        assertEquals("[\"c_attn\",\"c_proj\",\"c_fc\"]", cfg.path("target_modules").toString());
        Path bad = sftConfig("sft-bad", 1, "lora: {rank: 0}\n");
        CliRun e = run("sft", "--config", bad.toString());
        assertTrue(e.code() != 0 && e.err().contains("lora") && e.err().contains("rank"), e.err());
        Path none = sftConfig("sft-none", 1, "lora: {target_modules: 'q_proj'}\n");
        e = run("sft", "--config", none.toString());
        assertTrue(e.code() != 0 && e.err().contains("match no Linear"), e.err());
    }

    @Test void dpoUsesTheFrozenBaseAsReferenceAndWritesAdapterAndMergedModel() throws Exception {
        Path cfg = dir.resolve("dpo.yaml"), out = dir.resolve("dpo");
        Files.writeString(cfg, "model: " + base + "\ndata: " + dir.resolve("pairs.jsonl") + "\neval_prompts: " + dir.resolve("prompts.jsonl")
                + "\noutput: " + out + "\nreference: on_the_fly\nbatch_size: 2\neval_fraction: 0.2\nmax_new_tokens: 4\n"
                + "lora: {rank: 4, dropout: 0}\ntrain: {steps: 3, warmup_steps: 0, lr: 0.01, eval_every: 0, checkpoint_every: 0, seed: 5}\n");
        CliRun r = run("dpo", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode first = JSON.readTree(Files.readAllLines(out.resolve("metrics.jsonl")).getFirst());
        assertEquals(0.0, first.path("rewards/chosen").asDouble(), "fresh adapters: the policy equals its frozen base, the reference");
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/step-000003/adapter_model.safetensors")));
        Approx.assertClose("model/ vs base + adapter/", adaptedLogits(out.resolve("adapter")), logits(HfModelDirectory.load(out.resolve("model"))),
                1e-4, 1e-4);
        assertTrue(JSON.readTree(out.resolve("dpo_eval.json").toFile()).path("after").path("kl_to_reference").asDouble() > 0);
    }

    @Test void rewardTrainsAdaptersAndTheHeadAndWritesAMergedRewardModel() throws Exception {
        Path cfg = dir.resolve("reward.yaml"), out = dir.resolve("reward");
        Files.writeString(cfg, "model: " + base + "\ndata: " + dir.resolve("rankings.jsonl") + "\noutput: " + out
                + "\neval_fraction: 0.25\nbatch_size: 2\nlora: {rank: 2, target_modules: c_attn}\n"
                + "train: {steps: 3, warmup_steps: 0, lr: 0.01, eval_every: 0, checkpoint_every: 0, seed: 5}\n");
        CliRun r = run("reward", "train", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        Path adapter = out.resolve("adapter");
        JsonNode ac = JSON.readTree(adapter.resolve("adapter_config.json").toFile());
        assertEquals("SEQ_CLS", ac.path("task_type").asText());
        assertEquals("[\"score\"]", ac.path("modules_to_save").toString());
        SafetensorsFile opt = SafetensorsFile.open(out.resolve("checkpoints/step-000003/optimizer.safetensors"));
        assertEquals(2 * (4 + 1), opt.entries().size(), "A and B of c_attn in 2 layers, and the score head");

        RewardModel rm = new RewardModel(HfModelDirectory.load(base), 0);
        Lora lora = Lora.attach(rm, PeftAdapterDirectory.readConfig(adapter), 0);
        PeftAdapterDirectory.loadWeights(lora, List.of(rm.head()), adapter);
        lora.train(false);
        List<int[]> seqs = List.of(IDS, java.util.Arrays.copyOf(IDS, 9));
        Approx.assertClose("merged reward model vs base + adapter + head", rm.score(seqs), RewardModel.load(out.resolve("model")).score(seqs),
                1e-4, 1e-4);
        CliRun merge = run("lora", "merge", "--adapter", adapter.toString(), "--output", dir.resolve("rm-merged").toString());
        assertTrue(merge.code() != 0 && merge.err().contains("modules_to_save"), merge.err());
    }

    @Test void ppoTrainsAdaptersAndTheValueHeadAndResumesExactly() throws Exception {
        String common = "model: {preset: tiny, d_model: 32, n_layers: 2, n_heads: 4, max_seq_len: 16}\n"
                + "toy: {vocab_size: 16, token: 5, prompt_length: 4, prompt_count: 16}\nprompts_per_iteration: 8\nmax_new_tokens: 6\n"
                + "ppo_epochs: 1\nmini_batch: 4\nlora: {rank: 2, dropout: 0.2}\n";
        Path whole = dir.resolve("ppo-whole.yaml"), split = dir.resolve("ppo-split.yaml");
        Files.writeString(whole, common + "output: " + dir.resolve("ppo-whole") + "\ntrain: {steps: 3, lr: 0.01, warmup_steps: 0, decay: constant, eval_every: 0, checkpoint_every: 1, seed: 7}\n");
        assertEquals(0, run("ppo", "--config", whole.toString()).code());
        Files.writeString(split, common + "output: " + dir.resolve("ppo-split") + "\ntrain: {steps: 2, lr: 0.01, warmup_steps: 0, decay: constant, eval_every: 0, checkpoint_every: 1, seed: 7}\n");
        assertEquals(0, run("ppo", "--config", split.toString()).code());
        Files.writeString(split, common + "output: " + dir.resolve("ppo-split") + "\ntrain: {steps: 3, lr: 0.01, warmup_steps: 0, decay: constant, eval_every: 0, checkpoint_every: 1, seed: 7}\n");
        CliRun r = run("ppo", "--resume", "--config", split.toString());
        assertEquals(0, r.code(), r.err());
        Path ckpt = dir.resolve("ppo-whole/checkpoints/step-000003");
        assertFalse(Files.exists(ckpt.resolve("model.safetensors")));
        SafetensorsFile opt = SafetensorsFile.open(ckpt.resolve("optimizer.safetensors"));
        assertTrue(opt.entries().keySet().stream().allMatch(n -> n.contains(".lora_") || n.startsWith("v_head.")), opt.entries().keySet().toString());
        SafetensorsFile a = SafetensorsFile.open(ckpt.resolve("adapter_model.safetensors"));
        SafetensorsFile b = SafetensorsFile.open(dir.resolve("ppo-split/checkpoints/step-000003/adapter_model.safetensors"));
        for (String t : a.entries().keySet()) Approx.assertBitsEqual(t, a.tensor(t).toFloatArray(), b.tensor(t).toFloatArray());
        String first = Files.readAllLines(dir.resolve("ppo-whole/metrics.jsonl")).getFirst();
        assertEquals(0.0, JSON.readTree(first).path("kl").asDouble(), 1e-5, "fresh adapters: the policy samples as its reference scores");
    }

    @Test void benchCountsGradientsAndOptimiserStateOfTheAdaptersOnly() throws Exception {
        CliRun r = run("bench", "lora", "--preset", "tiny", "--batch", "1", "--seq", "8", "--steps", "1", "--warmup", "0");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String l : r.out().lines().toList()) lines.add(JSON.readTree(l));
        JsonNode full = lines.get(0), lora = lines.get(1);
        assertEquals("full", full.path("mode").asText());
        assertEquals(full.path("weights_mb").asDouble(), full.path("grads_mb").asDouble(), 1e-9, "every weight has a gradient");
        assertEquals(2 * full.path("grads_mb").asDouble(), full.path("optimizer_mb").asDouble(), 1e-9);
        double adapters = lora.path("trainable_params").asDouble() * 4 / 1048576;
        assertEquals(adapters, lora.path("grads_mb").asDouble(), 0.006, "the frozen base holds no gradient");
        assertEquals(2 * adapters, lora.path("optimizer_mb").asDouble(), 0.006);
        assertTrue(lines.get(2).path("lora_vs_full_grads_and_optimizer").asDouble() < 0.1, lines.get(2).toString());
    }
}
