package llmforge.cli;

import llmforge.tokenizer.BpeTrainer;
import llmforge.tokenizer.ByteLevelBpeTokenizer;
import llmforge.tokenizer.Gpt2Files;
import llmforge.tokenizer.PreTokenizer;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.TrainingCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code llmforge tokenizer bench}: times BPE training and encoding, and encodes the same text with GPT-2's
 * vocabulary both here and with jtokkit (the baseline, loaded from its jar), printing one JSON line per number.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark tokenizer training and encoding; JSON lines on stdout.")
public final class BenchTokenizerCommand implements Callable<Integer> {
    @Option(names = "--input", arity = "1..*", description = "Corpus files or folders (default: synthetic text).")
    List<Path> inputs;

    @Option(names = "--size-mb", defaultValue = "10", description = "Synthetic text size when no --input. Default: ${DEFAULT-VALUE}.")
    double sizeMb;

    @Option(names = "--vocab-size", defaultValue = "16000", description = "Vocabulary to train. Default: ${DEFAULT-VALUE}.")
    int vocabSize;

    @Option(names = "--gpt2", description = "Folder with GPT-2's encoder.json(.gz) and vocab.bpe(.gz) "
            + "(default: src/test/resources/gpt2 of the llmforge checkout).")
    Path gpt2Dir;

    @Option(names = "--jtokkit-jar", description = "jtokkit jar for the baseline (default: the one in ~/.m2).")
    Path jtokkitJar;

    @Override public Integer call() throws Exception {
        String text = corpusText();
        double mb = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
        List<String> docs = new ArrayList<>(Arrays.asList(text.split("(?<=\n\n)")));
        String source = inputs == null ? "synthetic (SyntheticText, seed 1)" : inputs.toString();
        int threads = Runtime.getRuntime().availableProcessors();
        emit("\"what\":\"corpus\",\"source\":\"%s\",\"mb\":%.2f,\"documents\":%d,\"threads\":%d",
                source.replace("\"", "'"), mb, docs.size(), threads);

        long t0 = System.nanoTime();
        ByteLevelBpeTokenizer trained = BpeTrainer.train(docs, new BpeTrainer.Options(vocabSize, 2,
                PreTokenizer.named("gpt2"), SpecialToken.BPE_DEFAULTS));
        double trainS = (System.nanoTime() - t0) / 1e9;
        emit("\"what\":\"train_bpe\",\"vocab_size\":%d,\"seconds\":%.2f,\"mb_per_s\":%.2f", trained.vocabSize(), trainS, mb / trainS);

        measure("trained_" + vocabSize, "llmforge", mb, docs, d -> trained.encode(d));
        ByteLevelBpeTokenizer gpt2 = loadGpt2();
        if (gpt2 != null) {
            measure("gpt2", "llmforge", mb, docs, d -> gpt2.encode(d));
            Function<String, int[]> jtokkit = loadJtokkit();
            if (jtokkit != null) {
                measure("gpt2", "jtokkit", mb, docs, jtokkit);
                long differ = docs.parallelStream().filter(d -> !Arrays.equals(gpt2.encode(d), jtokkit.apply(d))).count();
                emit("\"what\":\"parity\",\"tokenizer\":\"gpt2\",\"documents\":%d,\"documents_with_different_ids\":%d", docs.size(), differ);
            }
        }
        return 0;
    }

    private void measure(String tokenizer, String impl, double mb, List<String> docs, Function<String, int[]> encode) {
        for (String d : docs.subList(0, Math.min(docs.size(), 2000))) encode.apply(d); // warm up the JIT
        long t0 = System.nanoTime();
        long tokens = 0;
        for (String d : docs) tokens += encode.apply(d).length;
        double single = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        long tokensPar = docs.parallelStream().mapToLong(d -> encode.apply(d).length).sum();
        double par = (System.nanoTime() - t0) / 1e9;
        if (tokensPar != tokens) throw new IllegalStateException("parallel encoding gave a different token count");
        emit("\"what\":\"encode\",\"tokenizer\":\"%s\",\"impl\":\"%s\",\"tokens\":%d,\"mb_per_s_1_thread\":%.2f,\"mb_per_s_all_threads\":%.2f",
                tokenizer, impl, tokens, mb / single, mb / par);
    }

    private String corpusText() {
        if (inputs == null) return SyntheticText.generate((long) (sizeMb * 1e6), 1);
        StringBuilder sb = new StringBuilder();
        TrainingCorpus.of(inputs).forEachDocument(d -> sb.append(d).append("\n\n"), n -> {});
        return sb.toString();
    }

    private ByteLevelBpeTokenizer loadGpt2() {
        Path dir = gpt2Dir != null ? gpt2Dir : Path.of(System.getProperty("llmforge.home", "."), "src/test/resources/gpt2");
        Path enc = pick(dir, "encoder.json"), bpe = pick(dir, "vocab.bpe");
        if (enc == null || bpe == null) {
            emit("\"what\":\"skipped\",\"reason\":\"no GPT-2 encoder.json/vocab.bpe in %s\"", dir);
            return null;
        }
        return Gpt2Files.load(enc, bpe);
    }

    private static Path pick(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) if (Files.isRegularFile(p)) return p;
        return null;
    }

    /** jtokkit's r50k_base (GPT-2) {@code encodeOrdinary}, loaded by reflection: it is only a test dependency. */
    private Function<String, int[]> loadJtokkit() throws Exception {
        Path jar = jtokkitJar != null ? jtokkitJar : Path.of(System.getProperty("user.home"),
                ".m2/repository/com/knuddels/jtokkit/1.1.0/jtokkit-1.1.0.jar");
        if (!Files.isRegularFile(jar)) {
            emit("\"what\":\"skipped\",\"reason\":\"jtokkit jar not found at %s (run the tests once, or pass --jtokkit-jar)\"", jar);
            return null;
        }
        ClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
        Object registry = cl.loadClass("com.knuddels.jtokkit.Encodings").getMethod("newDefaultEncodingRegistry").invoke(null);
        Class<?> typeClass = cl.loadClass("com.knuddels.jtokkit.api.EncodingType");
        Object r50k = typeClass.getField("R50K_BASE").get(null);
        Object encoding = cl.loadClass("com.knuddels.jtokkit.api.EncodingRegistry").getMethod("getEncoding", typeClass)
                .invoke(registry, r50k);
        Method encode = cl.loadClass("com.knuddels.jtokkit.api.Encoding").getMethod("encodeOrdinary", String.class);
        Method toArray = cl.loadClass("com.knuddels.jtokkit.api.IntArrayList").getMethod("toArray");
        return d -> {
            try {
                return (int[]) toArray.invoke(encode.invoke(encoding, d));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static void emit(String fields, Object... args) {
        System.out.println("{\"bench\":\"tokenizer\"," + String.format(Locale.ROOT, fields, args) + "}");
        System.out.flush();
    }
}
