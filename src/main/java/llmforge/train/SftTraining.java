package llmforge.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import llmforge.align.AlignmentJsonl;
import llmforge.io.UserException;
import llmforge.data.ShardReader;
import llmforge.dist.DataParallel;
import llmforge.io.AtomicFiles;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.ChatTemplate;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A whole SFT run from its config (the API behind {@code llmforge sft}): the starting model and its tokenizer, the
 * conversations, the stage, the shared loop, the base-vs-SFT alignment evaluation at each evaluation step, and
 * the run report.
 */
public final class SftTraining {
    private static final ObjectMapper SNAKE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private SftTraining() {}

    /** One alignment evaluation of the fine-tuned model, with the base model's for comparison. */
    public record Comparison(long step, AlignmentEval.Result base, AlignmentEval.Result sft) {}

    /** What a run produced, for the caller to print. */
    public record Outcome(Trainer.Result result, Path output, Path report, Path metrics, List<Comparison> comparisons,
                          int conversations, int droppedTooLong) {}

    public static Outcome run(SftConfig cfg, boolean resume, PrintStream console) throws IOException {
        Path modelDir = Path.of(cfg.model()), out = Path.of(cfg.output());
        Path tokFile = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) throw new UserException("model: " + modelDir + " holds no tokenizer.json");
        Decoder model = HfModelDirectory.load(modelDir);
        Tokenizer tok = TokenizerJsonReader.read(tokFile);
        if (tok.tokenId(SpecialToken.IM_START) < 0 || tok.tokenId(SpecialToken.IM_END) < 0) {
            throw new UserException(tokFile + ": the tokenizer has no " + SpecialToken.IM_START + " / " + SpecialToken.IM_END
                    + " tokens, which the chat template needs");
        }
        ChatTemplate template = new ChatTemplate(tok);
        int eot = template.endOfTurnId(), pad = padId(tok, eot);
        int seq = cfg.seqLen() != null ? cfg.seqLen() : model.config().maxSeqLen();
        if (seq > model.config().maxSeqLen()) throw new UserException("seq_len " + seq + " exceeds the model's max_seq_len " + model.config().maxSeqLen());

        List<SftExample> train = new ArrayList<>(), val = new ArrayList<>();
        int dropped = tokenise(AlignmentJsonl.readSft(Path.of(cfg.data())), template, seq, train);
        if (train.isEmpty()) throw new UserException(cfg.data() + ": no conversation fits seq_len " + seq);
        if (cfg.evalData() != null) tokenise(AlignmentJsonl.readSft(Path.of(cfg.evalData())), template, seq, val);

        ShardReader textTrain = null, textVal = null;
        try {
            if (cfg.pretrainData() != null) {
                textTrain = ShardReader.open(Path.of(cfg.pretrainData()), "train");
                textVal = ShardReader.open(Path.of(cfg.pretrainData()), "val");
                if (textTrain.vocabSize() > model.config().vocabSize()) throw new UserException("pretrain_data: shards of vocabulary "
                        + textTrain.vocabSize() + " do not fit the model's " + model.config().vocabSize());
            }
            List<Comparison> comparisons = new ArrayList<>();
            AlignmentEval eval = alignmentEval(cfg, textVal);
            AlignmentEval.Result base = null;
            if (eval != null) {
                console.println("evaluating the base model on " + cfg.evalPrompts() + " ...");
                base = eval.evaluate("base", HfModelDirectory.load(modelDir), tok);
            }
            AlignmentEval.Result baseResult = base;
            List<AlignmentEval.Result> sftResults = new ArrayList<>();
            SftStage.Evaluator evaluator = eval == null ? null : m -> {
                AlignmentEval.Result r = eval.evaluate("sft", m, tok);
                sftResults.add(r);
                console.print("\n" + AlignmentTable.text(List.of(baseResult, r)));
                return r.answers().stream().limit(6).map(a -> new Stage.Sample(a.prompt().prompt().getLast().content() + " → ",
                        a.text() + (a.endedTurn() ? " ⟨end of turn⟩" : " ⟨no end of turn⟩"))).toList();
            };
            List<Path> copy = new ArrayList<>(List.of(tokFile));
            if (Files.isRegularFile(modelDir.resolve("tokenizer_config.json"))) copy.add(modelDir.resolve("tokenizer_config.json"));
            int bos = tok.tokenId(SpecialToken.END_OF_TEXT) >= 0 ? tok.tokenId(SpecialToken.END_OF_TEXT) : eot;
            SftStage stage = new SftStage(model, train, val, new SftBatcher(seq, pad, cfg.packing()),
                    new SftStage.Options(cfg.batchSize(), cfg.pretrainMix(), cfg.train().seed(), bos, eot), textTrain, copy, evaluator);
            Stage<TokenBatch> trained = stage;
            if (cfg.lora() != null) {
                LoraTuning lora = LoraTuning.attach(cfg.lora(), model, List.of(), "CAUSAL_LM", modelDir.toAbsolutePath().normalize().toString(),
                        model.config().isGpt2(), cfg.train().seed(), copy);
                trained = new LoraStage<>(stage, lora);
                console.println(lora.describe() + "; checkpoints hold the adapter (llmforge lora merge makes a full model)");
            }
            Trainer<TokenBatch> trainer = new Trainer<>(trained, cfg.train(), out, SNAKE.valueToTree(cfg), console);
            console.printf(Locale.ROOT, "model: %s from %s, %.2f M parameters; %d training conversations (%d longer than %d tokens dropped), %d held out%n",
                    model.config(), modelDir, model.parameterCount() / 1e6, train.size(), dropped, seq, val.size());
            Trainer.Result r;
            Path report = out.resolve("report.html");
            try (StopSignal stop = StopSignal.install()) {
                r = trainer.run(resume || cfg.resume(), stop);
                List<Trainer.Evaluation> evals = trainer.evaluations();
                for (int i = 0; i < sftResults.size() && i < evals.size(); i++) comparisons.add(new Comparison(evals.get(i).step(), base, sftResults.get(i)));
                if (!comparisons.isEmpty()) {
                    writeJson(out.resolve("alignment.json"), comparisons);
                    writeAnswers(out.resolve("eval_answers.jsonl"), comparisons.getLast());
                }
                // rank 0 alone ran the alignment evaluations (the samples), so the others have nothing more to write
                if (DataParallel.world().isRoot()) RunReport.write(report, new RunReport.Content("SFT " + out.getFileName(), model.config().toString(),
                        model.parameterCount(), r, trainer.metrics(), evals, Double.NaN), html(comparisons));
            }
            return new Outcome(r, out, report, trainer.metrics().file(), comparisons, train.size(), dropped);
        } finally {
            if (textTrain != null) textTrain.close();
            if (textVal != null) textVal.close();
        }
    }

    // a padding id that is not the end-of-turn id: padding carries no loss, but the end of a turn must be learnt
    private static int padId(Tokenizer tok, int endOfTurn) {
        int pad = tok.tokenId(SpecialToken.PAD);
        if (pad < 0) pad = tok.tokenId(SpecialToken.END_OF_TEXT);
        if (pad < 0 || pad == endOfTurn) pad = endOfTurn == 0 ? 1 : 0;
        return pad;
    }

    private static int tokenise(List<AlignmentJsonl.Sft> records, ChatTemplate template, int seq, List<SftExample> into) {
        int dropped = 0;
        for (AlignmentJsonl.Sft s : records) {
            SftExample e = SftExample.of(template, s.messages());
            if (e.inputLength() > seq) dropped++;
            else into.add(e);
        }
        return dropped;
    }

    private static AlignmentEval alignmentEval(SftConfig cfg, ShardReader textVal) {
        if (cfg.evalPrompts() == null) return null;
        List<AlignmentJsonl.Prompt> prompts = AlignmentJsonl.readPrompts(Path.of(cfg.evalPrompts()));
        if (cfg.evalPromptLimit() != null && prompts.size() > cfg.evalPromptLimit()) prompts = prompts.subList(0, cfg.evalPromptLimit());
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).meta() == null) throw new UserException(cfg.evalPrompts() + ": prompt " + (i + 1) + " has no 'meta' to judge its answer by");
        }
        return new AlignmentEval(prompts, textVal, new AlignmentEval.Settings(cfg.evalMaxNewTokens(), cfg.evalBatchSize(), cfg.evalTextTokens()));
    }

    private static String html(List<Comparison> cs) {
        if (cs.isEmpty()) return "";
        StringBuilder h = new StringBuilder("<h2>Alignment evaluation (held-out prompts, greedy, gold judge)</h2>");
        for (int i = cs.size() - 1; i >= 0; i--) {
            Comparison c = cs.get(i);
            h.append("<h3>step ").append(c.step()).append(i == cs.size() - 1 ? " (final)" : "").append("</h3>")
                    .append(AlignmentTable.html(List.of(c.base(), c.sft())));
        }
        return h.toString();
    }

    /** The last evaluation's answers of both models with their gold scores, one JSON object a line, to read. */
    private static void writeAnswers(Path file, Comparison c) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (AlignmentEval.Result r : List.of(c.base(), c.sft())) {
            for (AlignmentEval.Answer a : r.answers()) {
                ObjectNode o = SNAKE.createObjectNode().put("model", r.model()).put("step", c.step());
                o.set("prompt", SNAKE.valueToTree(a.prompt().prompt()));
                o.put("response", a.text()).put("ended_turn", a.endedTurn());
                o.set("score", SNAKE.valueToTree(a.score()));
                sb.append(SNAKE.writeValueAsString(o)).append('\n');
            }
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static void writeJson(Path file, List<Comparison> cs) throws IOException {
        ObjectNode o = SNAKE.createObjectNode();
        var arr = o.putArray("evaluations");
        for (Comparison c : cs) {
            ObjectNode e = arr.addObject().put("step", c.step());
            e.set("models", AlignmentTable.json(List.of(c.base(), c.sft())));
        }
        AtomicFiles.writeString(file, SNAKE.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }
}
