package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;
import llmforge.model.Decoder;
import llmforge.model.HfModelDirectory;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.Tokenizer;
import llmforge.tokenizer.TokenizerJsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A model directory ready to generate: the decoder (eval mode), its tokenizer.json and the ids that end an
 * answer (eos_token_id of generation_config.json or config.json, plus {@code <|im_end|>} when the vocabulary has
 * it, so chat-tuned models stop after their turn).
 */
record LoadedModel(Decoder model, Tokenizer tokenizer, int[] eosIds) {
    static LoadedModel load(Path dir) {
        if (!Files.isDirectory(dir)) throw new UserException(dir + ": no such model directory");
        Path tokFile = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokFile)) {
            throw new UserException(dir + ": no tokenizer.json (copy the tokenizer the model was trained with into the directory)");
        }
        Decoder model;
        try {
            model = HfModelDirectory.load(dir);
        } catch (IOException e) {
            throw new UserException(dir + ": cannot read the model: " + e.getMessage());
        }
        model.train(false);
        Tokenizer tok = TokenizerJsonReader.read(tokFile);
        if (tok.vocabSize() > model.config().vocabSize()) {
            throw new UserException(tokFile + ": " + tok.vocabSize() + " tokens, but the model's vocab_size is only "
                    + model.config().vocabSize());
        }
        IntStream eos = IntStream.concat(eosIds(dir.resolve("generation_config.json")), eosIds(dir.resolve("config.json")));
        int imEnd = tok.tokenId(SpecialToken.IM_END);
        if (imEnd >= 0) eos = IntStream.concat(eos, IntStream.of(imEnd));
        return new LoadedModel(model, tok, eos.distinct().toArray());
    }

    // eos_token_id as a number or a list of numbers; absent file or key: none
    private static IntStream eosIds(Path file) {
        if (!Files.isRegularFile(file)) return IntStream.empty();
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(file.toFile()).path("eos_token_id");
        } catch (IOException e) {
            throw new UserException(file + ": not valid JSON: " + e.getMessage());
        }
        if (n.isIntegralNumber()) return IntStream.of(n.asInt());
        if (n.isArray()) {
            int[] ids = new int[n.size()];
            for (int i = 0; i < ids.length; i++) {
                if (!n.get(i).isIntegralNumber()) throw new UserException(file + ": eos_token_id must hold integers, got " + n);
                ids[i] = n.get(i).asInt();
            }
            return Arrays.stream(ids);
        }
        if (!n.isMissingNode() && !n.isNull()) throw new UserException(file + ": eos_token_id must be an integer or a list, got " + n);
        return IntStream.empty();
    }
}
