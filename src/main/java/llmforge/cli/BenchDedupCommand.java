package llmforge.cli;

import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;

import llmforge.data.DedupConfig;
import llmforge.data.DuplicateFinder;
import llmforge.data.SyntheticCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmforge bench dedup}: exact + MinHash LSH dedup throughput on synthetic ~1 KB documents. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
        description = "Time exact + near-duplicate detection on synthetic documents; prints a JSON line.")
public final class BenchDedupCommand implements Callable<Integer> {
    @Option(names = "--docs", defaultValue = "100000") int docs;
    @Option(names = "--words", defaultValue = "170", description = "words per document (~6 bytes each; default ~1 KB)") int words;
    @Option(names = "--threads", defaultValue = "2") int threads;
    @Option(names = "--seed", defaultValue = "7") long seed;

    @Override public Integer call() {
        SyntheticCorpus.Corpus c = new SyntheticCorpus(seed).generate(docs, 0.1, words, 0.3);
        long bytes = c.texts().stream().mapToLong(String::length).sum();
        Iterator<String> it = c.texts().iterator();
        long cpu0 = cpuNanos(), t0 = System.nanoTime();
        DuplicateFinder.Verdicts v = new DuplicateFinder(DedupConfig.defaults(), threads)
                .find(() -> it.hasNext() ? it.next() : null, () -> {});
        double secs = (System.nanoTime() - t0) / 1e9, cpu = (cpuNanos() - cpu0) / 1e9;
        System.out.println(String.format(Locale.ROOT,
                "{\"bench\":\"dedup\",\"docs\":%d,\"mean_doc_bytes\":%d,\"threads\":%d,\"seconds\":%.2f,\"cpu_seconds\":%.2f,\"docs_per_s\":%.0f,"
                        + "\"mb_per_s\":%.2f,\"planted_copies\":%d,\"exact_removed\":%d,\"near_removed\":%d}",
                docs, bytes / Math.max(1, docs), threads, secs, cpu, docs / secs, bytes / 1e6 / secs, c.planted().size(),
                v.exactRemoved(), v.nearRemoved()));
        return 0;
    }

    /** CPU time of the whole process: on a shared machine wall time alone overstates the cost. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
