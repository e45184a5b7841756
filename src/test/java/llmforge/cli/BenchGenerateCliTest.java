package llmforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.kernels.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench generate} on tiny models: the JSON lines per system and batch, the ratio lines, and how a baseline
 * that cannot run is left out. The DJL baseline itself (libtorch) is never started by the tests.
 */
class BenchGenerateCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void restore() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    @Test void cachedAndRecomputeLinesPerBatchWithTheirRatio() throws Exception {
        CliRun r = CliRun.run("", "bench", "generate", "--preset", "tiny", "--batch", "1,3", "--prompt-tokens", "5",
                "--new-tokens", "6", "--warmup", "0", "--threads", "1", "--baselines", "recompute");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = lines(r.out());
        assertEquals(6, lines.size(), r.out());
        for (int i = 0; i < 2; i++) {
            int batch = i == 0 ? 1 : 3;
            JsonNode cached = lines.get(3 * i), recompute = lines.get(3 * i + 1), ratios = lines.get(3 * i + 2);
            assertEquals("llmforge", cached.get("system").asText());
            assertEquals("llmforge-recompute", recompute.get("system").asText());
            for (JsonNode row : List.of(cached, recompute)) {
                assertEquals("tiny", row.get("preset").asText());
                assertEquals(batch, row.get("batch").asInt());
                assertEquals(5, row.get("prompt_tokens").asInt());
                assertEquals(6, row.get("new_tokens").asInt());
                assertEquals(1, row.get("threads").asInt());
                assertTrue(row.get("tokens_per_s").asDouble() > 0, row.toString());
                assertTrue(row.get("prefill_ms").asDouble() > 0, row.toString());
                assertTrue(row.get("decode_ms_per_step").asDouble() > 0, row.toString());
            }
            assertEquals(batch, ratios.get("batch").asInt());
            double expected = cached.get("tokens_per_s").asDouble() / recompute.get("tokens_per_s").asDouble();
            assertEquals(expected, ratios.get("kv_cache_vs_recompute").asDouble(), 1e-3 + 1e-2 * expected);
            assertFalse(ratios.has("llmforge_vs_djl"));
        }
    }

    @Test void aBaselineThatCannotRunIsLeftOutAndTheRunStillReports(@TempDir Path emptyHome) throws Exception {
        // tiny-llama: the DJL program builds only GPT-2 blocks, so it is not started at all
        CliRun r = CliRun.run("", "bench", "generate", "--preset", "tiny-llama", "--batch", "2", "--prompt-tokens", "3",
                "--new-tokens", "2", "--warmup", "0", "--threads", "1", "--baselines", "djl");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = lines(r.out());
        assertEquals(1, lines.size(), r.out());
        assertEquals("llmforge", lines.get(0).get("system").asText());

        // an install without bench/djl-baseline/run.sh
        String home = System.getProperty("llmforge.home");
        System.setProperty("llmforge.home", emptyHome.toString());
        try {
            r = CliRun.run("", "bench", "generate", "--preset", "tiny", "--batch", "1", "--prompt-tokens", "3",
                    "--new-tokens", "2", "--warmup", "0", "--threads", "1");
        } finally {
            if (home == null) System.clearProperty("llmforge.home");
            else System.setProperty("llmforge.home", home);
        }
        assertEquals(0, r.code(), r.err());
        lines = lines(r.out());
        assertEquals(1, lines.size(), r.out());
        assertEquals("llmforge", lines.get(0).get("system").asText());
    }

    @Test void badArgumentsAreOneLineErrors() {
        CliRun r = CliRun.run("", "bench", "generate", "--preset", "tiny", "--baselines", "torch");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--baselines: unknown 'torch' (valid: djl, djl-mkl-any-cpu, recompute, none)"), r.err());
        r = CliRun.run("", "bench", "generate", "--preset", "tiny", "--prompt-tokens", "100", "--new-tokens", "30");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("exceed the tiny context of 128"), r.err());
        r = CliRun.run("", "bench", "generate", "--preset", "huge");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown preset 'huge'"), r.err());
        r = CliRun.run("", "bench", "generate", "--preset", "tiny", "--batch", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--batch sizes must be >= 1, got 0"), r.err());
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.strip().split("\n")) lines.add(JSON.readTree(l));
        return lines;
    }
}
