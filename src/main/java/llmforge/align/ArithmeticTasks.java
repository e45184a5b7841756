package llmforge.align;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Arithmetic and list tasks whose answers a program checks: add, subtract, sort numbers, count list items, reverse
 * a word. Numbers are drawn fresh; the split of a numeric item is decided by its hash ({@link SplitPlan}).
 */
final class ArithmeticTasks {
    static final List<String> FAMILIES = List.of("add", "subtract", "sort", "count", "reverse");

    private ArithmeticTasks() {}

    /** Length budget of an answer: its own length plus a little slack, so only padding is penalised. */
    static int budget(String answer) {
        int n = TextMatch.length(answer);
        return n + Math.max(4, n / 4);
    }

    /** @param words the split's own words (count lists and reversed words come from them) */
    static Draft draft(String family, String lang, Random rng, List<String> words) {
        boolean zh = lang.equals("zh");
        return switch (family) {
            case "add", "subtract" -> {
                boolean add = family.equals("add");
                long a = 1 + rng.nextInt(99), b = 1 + rng.nextInt(99);
                if (!add && a < b) { long t = a; a = b; b = t; }
                // an answer equal to an operand would read as the question repeated back
                if (!add && (a == b || a == 2 * b)) a++;
                long r = add ? a + b : a - b;
                long bad = r + (rng.nextBoolean() ? 1 : -1) * (1 + rng.nextInt(9));
                if (bad == a || bad == b) bad = r + 10;
                String op = add ? "+" : "-", zop = add ? "加" : "减";
                String q = zh ? WordTasks.pick(rng, "计算 %d " + zop + " %d。", "%d " + zop + " %d 等于多少？").formatted(a, b)
                        : WordTasks.pick(rng, "What is %d " + op + " %d?", (add ? "Add %d and %d." : "Subtract %2$d from %1$d.")).formatted(a, b);
                String style = zh ? "%d " + zop + " %d 等于 %d。" : "%d " + op + " %d = %d.";
                yield make(family, lang, family + ":" + a + op + b, List.of(Long.toString(r)), q,
                        style.formatted(a, b, r), Long.toString(r), style.formatted(a, b, bad), Long.toString(bad));
            }
            case "sort" -> {
                int n = 3 + rng.nextInt(4);
                List<Integer> xs = new ArrayList<>();
                while (xs.size() < n) {
                    int x = 1 + rng.nextInt(99);
                    if (!xs.contains(x)) xs.add(x);
                }
                List<Integer> sorted = new ArrayList<>(xs);
                Collections.sort(sorted);
                if (xs.equals(sorted)) Collections.swap(xs, 0, n - 1);
                List<Integer> bad = new ArrayList<>(sorted);
                Collections.swap(bad, 0, 1 + rng.nextInt(n - 1));
                if (bad.equals(xs)) Collections.swap(bad, n - 2, n - 1);
                String q = zh ? "把这些数从小到大排序：%s。" : WordTasks.pick(rng, "Sort these numbers from smallest to largest: %s.", "Put these numbers in increasing order: %s.");
                String s = join(sorted);
                yield make(family, lang, "sort:" + join(xs), List.of(s), q.formatted(join(xs)), s, s, join(bad), join(bad));
            }
            case "count" -> {
                int n = 2 + rng.nextInt(6);
                List<String> list = new ArrayList<>();
                for (int i = 0; i < n; i++) list.add(words.get(rng.nextInt(words.size())));
                int bad = n + (rng.nextBoolean() || n == 2 ? 1 : -1);
                String q = zh ? "这个列表里有几个词：%s？" : WordTasks.pick(rng, "How many words are in this list: %s?", "Count the items in this list: %s.");
                String style = zh ? "有 %d 个词。" : "There are %d words.";
                yield make(family, lang, "count:" + String.join(",", list), List.of(Integer.toString(n)),
                        q.formatted(String.join(", ", list)), style.formatted(n), Integer.toString(n), style.formatted(bad), Integer.toString(bad));
            }
            case "reverse" -> {
                String w = words.get(rng.nextInt(words.size()));
                String r = new StringBuilder(w).reverse().toString();
                if (!w.chars().allMatch(Character::isLetter) || w.length() < 3 || r.equals(w)) yield null;
                String bad = r.substring(1) + r.charAt(0);
                String q = zh ? "把单词“%s”倒过来写。" : WordTasks.pick(rng, "Reverse the word \"%s\".", "Spell \"%s\" backwards.");
                String style = zh ? "“%s”倒过来是“%s”。" : "\"%s\" reversed is \"%s\".";
                yield make(family, lang, "word:" + w, List.of(r), q.formatted(w), style.formatted(w, r), r, style.formatted(w, bad), bad);
            }
            default -> throw new IllegalArgumentException(family);
        };
    }

    private static Draft make(String family, String lang, String item, List<String> expected, String q,
                              String answer, String bare, String wrong, String wrongBare) {
        TaskMeta m = new TaskMeta(family, lang, item, expected, List.of(), FormatSpec.FREE, budget(answer));
        return new Draft(q, m, answer, bare, wrong, wrongBare, null);
    }

    private static String join(List<Integer> xs) { return xs.stream().map(String::valueOf).collect(Collectors.joining(", ")); }
}
