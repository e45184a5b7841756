package llmforge.align;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;

/** Continue a line of a classical Chinese poem (data/demo/chinese): the answer is the poem's next clause. */
final class PoemTasks {
    /** A poem's title and its consecutive clause pairs within a line ("兰叶春葳蕤，" → "桂华秋皎洁。"). */
    record Poem(String key, List<String[]> pairs) {}

    private final List<Poem> poems = new ArrayList<>();
    private final List<String> allClauses = new ArrayList<>();

    PoemTasks(Path file) {
        for (JsonNode o : SourceFiles.readJsonl(file)) {
            String[] lines = o.path("text").asText().split("\n");
            if (lines.length < 3) continue;
            List<String[]> pairs = new ArrayList<>();
            for (int i = 2; i < lines.length; i++) {
                List<String> clauses = clauses(lines[i]);
                allClauses.addAll(clauses);
                for (int c = 0; c + 1 < clauses.size(); c++) pairs.add(new String[] {clauses.get(c), clauses.get(c + 1)});
            }
            if (!pairs.isEmpty()) poems.add(new Poem("poem:" + lines[0].strip() + "/" + lines[1].strip(), pairs));
        }
    }

    List<Poem> poems() { return poems; }

    /** Splits after each clause-ending mark; keeps clauses of at least three characters. */
    static List<String> clauses(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            cur.append(c);
            if ("，。？！；、".indexOf(c) >= 0) {
                if (cur.length() >= 4) out.add(cur.toString().strip());
                cur.setLength(0);
            }
        }
        return out;
    }

    Draft draft(Poem p, Random rng) {
        String[] pair = p.pairs().get(rng.nextInt(p.pairs().size()));
        String first = pair[0], next = pair[1];
        String bad;
        do bad = allClauses.get(rng.nextInt(allClauses.size())); while (TextMatch.normalize(bad).equals(TextMatch.normalize(next)));
        String q = WordTasks.pick(rng, "请接下一句：%s", "“%s”的下一句是什么？", "续写这句诗：%s").formatted(first);
        String answer = "下一句是：" + next;
        TaskMeta m = new TaskMeta("poem", "zh", p.key(), List.of(strip(next)), List.of(), FormatSpec.FREE, ArithmeticTasks.budget(answer));
        return new Draft(q, m, answer, strip(next), "下一句是：" + bad, strip(bad), null);
    }

    private static String strip(String clause) { return clause.replaceAll("[，。？！；、]", ""); }
}
