import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the demo corpus in data/demo/ from three Debian packages (no network): WordNet 3.0 (wordnet-base) as
 * plain-sentence "reference" text plus a structured facts file, the Jargon File (jargon-text) as "tech", and the Tang
 * 300 / Song 100 poems (fortunes-zh) as "chinese"; then a "dirty" file of ads, boilerplate, lorem ipsum, mojibake,
 * PII and duplicates that the data chain must clean up. Deterministic: the same packages give the same files.
 * Run through data/build-demo-corpus.sh (single-file Java program, JDK 25).
 */
public class BuildDemoCorpus {
    static final Path WN = Path.of("/usr/share/wordnet");
    static final Path OUT = Path.of("data/demo");
    static final SplittableRandom RND = new SplittableRandom(2024);

    record Synset(String pos, List<String> words, List<String[]> ptrs, String gloss, List<String> examples) {}

    record Fact(String lemma, String pos, String gloss, List<String> synonyms, List<String> antonyms,
                List<String> hypernyms, List<String> examples, String gloss2) {}

    public static void main(String[] args) throws IOException {
        Files.createDirectories(OUT);
        List<Fact> facts = wordnetFacts();
        List<String> reference = new ArrayList<>();
        try (Writer f = gz(OUT.resolve("wordnet-facts.jsonl.gz")); Writer r = gz(OUT.resolve("reference/wordnet.jsonl.gz"))) {
            for (Fact x : facts) {
                f.write("{\"lemma\":" + q(x.lemma()) + ",\"pos\":" + q(x.pos()) + ",\"gloss\":" + q(x.gloss())
                        + ",\"synonyms\":" + arr(x.synonyms()) + ",\"antonyms\":" + arr(x.antonyms())
                        + ",\"hypernyms\":" + arr(x.hypernyms()) + ",\"examples\":" + arr(x.examples()) + "}\n");
                String text = sentences(x);
                reference.add(text);
                r.write("{\"text\":" + q(text) + ",\"lemma\":" + q(x.lemma()) + ",\"pos\":" + q(x.pos()) + "}\n");
            }
        }
        List<String> jargon = jargon();
        try (Writer w = gz(OUT.resolve("tech/jargon.jsonl.gz"))) {
            for (String e : jargon) w.write("{\"text\":" + q(e) + "}\n");
        }
        List<String> poems = new ArrayList<>();
        try (Writer w = gz(OUT.resolve("chinese/poems.jsonl.gz"))) {
            for (String coll : List.of("tang300", "song100"))
                for (String p : poems(coll)) { poems.add(p); w.write("{\"text\":" + q(p) + ",\"collection\":" + q(coll) + "}\n"); }
        }
        List<String> dirty = dirty(reference, jargon, poems);
        try (Writer w = gz(OUT.resolve("dirty/noise.jsonl.gz"))) {
            for (String d : dirty) w.write(d + "\n");
        }
        System.out.printf("reference %d docs, tech %d, chinese %d, dirty %d%n", facts.size(), jargon.size(), poems.size(), dirty.size());
    }

    // ---------------------------------------------------------------- WordNet

    static List<Fact> wordnetFacts() throws IOException {
        Map<String, Integer> freq = new HashMap<>();   // "lemma/pos" -> tagged occurrences in SemCor
        for (String line : Files.readAllLines(WN.resolve("cntlist.rev"))) {
            String[] p = line.split(" ");
            String lemma = p[0].substring(0, p[0].indexOf('%'));
            char t = p[0].charAt(p[0].indexOf('%') + 1);
            String pos = switch (t) { case '1' -> "n"; case '2' -> "v"; case '4' -> "r"; default -> "a"; };
            freq.merge(lemma + "/" + pos, Integer.parseInt(p[2]), Integer::sum);
        }
        Map<String, Integer> quota = Map.of("n", 2600, "v", 700, "a", 900, "r", 150);
        List<Fact> out = new ArrayList<>();
        for (String pos : List.of("n", "v", "a", "r")) {
            String file = switch (pos) { case "n" -> "noun"; case "v" -> "verb"; case "a" -> "adj"; default -> "adv"; };
            Map<Long, Synset> synsets = readData(WN.resolve("data." + file));
            List<String[]> index = new ArrayList<>();
            for (String line : Files.readAllLines(WN.resolve("index." + file))) {
                if (line.startsWith(" ")) continue;
                String[] p = line.trim().split(" ");
                if (!p[0].matches("[a-z]{3,}")) continue;
                index.add(p);
            }
            index.sort((x, y) -> Integer.compare(freq.getOrDefault(y[0] + "/" + pos, 0), freq.getOrDefault(x[0] + "/" + pos, 0)));
            int taken = 0;
            for (String[] p : index) {
                if (taken >= quota.get(pos)) break;
                int synsetCnt = Integer.parseInt(p[2]), pCnt = Integer.parseInt(p[3]);
                int first = 4 + pCnt + 2;
                Synset s = synsets.get(Long.parseLong(p[first]));
                Synset s2 = synsetCnt > 1 ? synsets.get(Long.parseLong(p[first + 1])) : null;
                Fact f = fact(p[0], pos, s, s2, synsets);
                boolean useful = pos.equals("a") || pos.equals("r") ? !f.antonyms().isEmpty() : !f.hypernyms().isEmpty();
                if (!useful) continue;
                out.add(f);
                taken++;
            }
        }
        out.sort((x, y) -> x.lemma().equals(y.lemma()) ? x.pos().compareTo(y.pos()) : x.lemma().compareTo(y.lemma()));
        return out;
    }

    static Map<Long, Synset> readData(Path file) throws IOException {
        Map<Long, Synset> m = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(" ")) continue;
            int bar = line.indexOf(" | ");
            String[] p = line.substring(0, bar).split(" ");
            int wCnt = Integer.parseInt(p[3], 16);
            List<String> words = new ArrayList<>();
            for (int i = 0; i < wCnt; i++) words.add(p[4 + 2 * i].replaceAll("\\(.*\\)$", "").replace('_', ' '));
            int k = 4 + 2 * wCnt;
            int pCnt = Integer.parseInt(p[k]);
            List<String[]> ptrs = new ArrayList<>();
            for (int i = 0; i < pCnt; i++) ptrs.add(new String[] {p[k + 1 + 4 * i], p[k + 2 + 4 * i], p[k + 3 + 4 * i], p[k + 4 + 4 * i]});
            String[] parts = line.substring(bar + 3).trim().split(";\\s*(?=\")");
            List<String> ex = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String e = parts[i].trim().replaceAll("^\"|\"[;,.]?$", "").replaceAll("\"\\s*-\\s*.*$", "").trim();
                if (!e.isEmpty() && !e.contains("\"")) ex.add(e);
            }
            m.put(Long.parseLong(p[0]), new Synset(p[2], words, ptrs, parts[0].trim(), ex));
        }
        return m;
    }

    static Fact fact(String lemma, String pos, Synset s, Synset s2, Map<Long, Synset> sameFile) throws IOException {
        int me = -1;
        for (int i = 0; i < s.words().size(); i++) if (s.words().get(i).equalsIgnoreCase(lemma)) me = i + 1;
        List<String> syn = new ArrayList<>(), ant = new ArrayList<>(), hyp = new ArrayList<>();
        for (String w : s.words()) if (!w.equalsIgnoreCase(lemma) && syn.size() < 4 && !syn.contains(w)) syn.add(w);
        for (String[] ptr : s.ptrs()) {
            int src = Integer.parseInt(ptr[3].substring(0, 2), 16), tgt = Integer.parseInt(ptr[3].substring(2), 16);
            Synset target = ptr[2].equals(pos) || (pos.equals("a") && ptr[2].equals("s")) ? sameFile.get(Long.parseLong(ptr[1])) : null;
            if (target == null) continue;
            if (ptr[0].equals("!") && src == me && tgt > 0) ant.add(target.words().get(tgt - 1));
            if ((ptr[0].equals("@") || ptr[0].equals("@i")) && hyp.size() < 2) hyp.add(target.words().get(0));
        }
        // a satellite adjective's opposite is that of its head ("similar to") adjective, as in WordNet's indirect antonymy
        if (ant.isEmpty() && s.pos().equals("s"))
            for (String[] ptr : s.ptrs())
                if (ptr[0].equals("&")) {
                    Synset head = sameFile.get(Long.parseLong(ptr[1]));
                    for (String[] hp : head.ptrs())
                        if (hp[0].equals("!") && ant.isEmpty()) {
                            int tgt = Integer.parseInt(hp[3].substring(2), 16);
                            ant.add(sameFile.get(Long.parseLong(hp[1])).words().get(Math.max(0, tgt - 1)));
                        }
                }
        List<String> ex = s.examples().stream().limit(2).toList();
        return new Fact(lemma, pos, s.gloss(), syn, ant, hyp, ex, s2 == null ? null : s2.gloss());
    }

    static String sentences(Fact f) {
        String w = f.lemma(), W = cap(w);
        int v = Math.floorMod(w.hashCode() + f.pos().hashCode(), 2);
        StringBuilder sb = new StringBuilder();
        String posName = switch (f.pos()) { case "n" -> "a noun"; case "v" -> "a verb"; case "a" -> "an adjective"; default -> "an adverb"; };
        sb.append("The word \"").append(w).append("\" is ").append(posName).append(". ");
        if (f.pos().equals("v")) sb.append("To ").append(w).append(" means to ").append(f.gloss()).append(". ");
        else sb.append(W).append(" means ").append(f.gloss()).append(". ");
        for (String h : f.hypernyms()) {
            if (f.pos().equals("n")) sb.append(article(W.equals(w) ? w : w)).append(' ').append(w).append(" is a kind of ").append(h).append(". ");
            else sb.append("To ").append(w).append(" is a way to ").append(h).append(". ");
            break;
        }
        if (!f.synonyms().isEmpty()) {
            if (f.synonyms().size() == 1) sb.append(v == 0 ? "Another word for " + w + " is " : "A synonym of " + w + " is ").append(f.synonyms().get(0)).append(". ");
            else sb.append("Its synonyms are ").append(list(f.synonyms())).append(". ");
        }
        if (!f.antonyms().isEmpty())
            sb.append("The opposite of ").append(w).append(" is ").append(list(f.antonyms())).append(". ");
        for (int i = 0; i < f.examples().size(); i++)
            sb.append(i > 0 ? "Another example: \"" : v == 0 ? "For example: \"" : "You can say: \"").append(f.examples().get(i)).append("\". ");
        if (f.gloss2() != null) sb.append(W).append(" can also mean ").append(f.gloss2()).append('.');
        return cap(sb.toString().trim());
    }

    static String article(String w) { return "aeiou".indexOf(w.charAt(0)) >= 0 ? "An" : "A"; }

    static String list(List<String> xs) {
        if (xs.size() == 1) return xs.get(0);
        return String.join(", ", xs.subList(0, xs.size() - 1)) + " and " + xs.get(xs.size() - 1);
    }

    static String cap(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    // ---------------------------------------------------------------- Jargon File

    static final Pattern HEAD = Pattern.compile("^   :([^:]+):(.*)$");

    static List<String> jargon() throws IOException {
        List<String> lines;
        try (var in = new GZIPInputStream(Files.newInputStream(Path.of("/usr/share/doc/jargon-text/jargon.txt.gz")))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> entries = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : lines) {
            if (line.startsWith("Appendix A.")) break;
            Matcher m = HEAD.matcher(line);
            if (m.matches()) {
                if (cur != null) entries.add(tidy(cur.toString()));
                cur = new StringBuilder(m.group(1)).append(m.group(2).isBlank() ? "" : " (" + m.group(2).trim() + ")").append(":\n");
            } else if (cur != null) {
                cur.append(line.strip()).append('\n');
            }
        }
        if (cur != null) entries.add(tidy(cur.toString()));
        return entries.stream().filter(e -> e.length() > 80).toList();
    }

    /** Unwraps the fixed-width paragraphs and drops the {cross-reference} braces. */
    static String tidy(String s) {
        return s.replaceAll("\\{([^}]*)\\}", "$1").replaceAll("(?<!\n)\n(?!\n)", " ").replaceAll("\n{3,}", "\n\n")
                .replaceAll(" +", " ").replace(": \n", ":\n").trim();
    }

    // ---------------------------------------------------------------- Chinese poems

    static List<String> poems(String collection) throws IOException {
        String all = Files.readString(Path.of("/usr/share/games/fortunes/" + collection)).replaceAll("\u001b\\[[0-9;]*m", "");
        List<String> out = new ArrayList<>();
        for (String p : all.split("\n%\n")) if (!p.isBlank()) out.add(p.strip());
        return out;
    }

    // ---------------------------------------------------------------- dirty documents

    static List<String> dirty(List<String> reference, List<String> jargon, List<String> poems) {
        List<String> out = new ArrayList<>();
        String[] products = {"phone case", "running shoes", "coffee maker", "garden hose", "smart watch", "desk lamp"};
        for (int i = 0; i < 12; i++) {
            String p = products[i % products.length];
            out.add(doc("BUY NOW! Our best " + p + " is on sale today only. Limited time offer!\nClick here to get 50% off the "
                    + p + ". Free shipping on all orders.\nAdd to cart before the offer ends. Subscribe to our newsletter "
                    + "for more deals.\nAct now, special offer number " + (1000 + i) + ".", "tech", "ad"));
        }
        for (int i = 0; i < 8; i++)
            out.add(doc("We use cookies to improve your experience on our website. By continuing to browse you accept our "
                    + "cookie policy.\nPrivacy Policy | Terms of Use | All rights reserved " + (2010 + i) + ".\nPlease enable "
                    + "JavaScript to view this page. Follow us on social media and sign up now.", "reference", "boilerplate"));
        String lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et "
                + "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip.";
        for (int i = 0; i < 6; i++) out.add(doc(lorem + " Section " + i + ".", i % 2 == 0 ? "reference" : "tech", "lorem"));
        Charset cp1252 = Charset.forName("windows-1252");
        for (int i = 0; i < 10; i++) {   // UTF-8 bytes decoded as Windows-1252: "it’s" -> "itâ€™s"
            String src = jargon.get(37 * i + 11).replace("'", "\u2019").replace("\"", "\u201C") + " That\u2019s all, caf\u00E9 owners.";
            out.add(doc(new String(src.getBytes(StandardCharsets.UTF_8), cp1252), "tech", "mojibake"));
        }
        for (int i = 0; i < 10; i++) {
            String contact = switch (i % 3) {
                case 0 -> " For questions write to jrandom" + i + "@example.com or call (555) 010-" + (1000 + i) + ".";
                case 1 -> " The mirror is at 192.0.2." + (10 + i) + ", maintained by ops" + i + "@example.net.";
                default -> " Phone the author at +1 555 0100 " + (2000 + i) + " after six.";
            };
            out.add(doc(jargon.get(53 * i + 7) + contact, "tech", "pii"));
        }
        for (int i = 0; i < 40; i++) {   // exact copies, some with different case or spacing
            String r = reference.get(97 * i + 5);
            out.add(doc(i % 3 == 0 ? r.toUpperCase(java.util.Locale.ROOT) : i % 3 == 1 ? r.replace(" ", "  ") : r, "reference", "exact-duplicate"));
        }
        for (int i = 0; i < 20; i++) out.add(doc(jargon.get(71 * i + 3), "tech", "exact-duplicate"));
        for (int i = 0; i < 30; i++) {   // near copies: a word changed and a tag added
            String j = jargon.stream().skip(61L * i + 29).filter(e -> e.length() > 600).findFirst().orElseThrow();
            out.add(doc(j.replaceFirst(" the ", " this ").replaceFirst(" of ", " for ") + " (reposted)", "tech", "near-duplicate"));
        }
        for (int i = 0; i < 8; i++) {
            String p = poems.get(29 * i + 4);
            int cut = p.lastIndexOf('\u3002', p.length() - 2);
            out.add(doc(p.substring(0, Math.max(cut, p.length() / 2)) + "\u3002\n\u8f6c\u8f7d", "chinese", "near-duplicate"));
        }
        for (int i = 0; i < 6; i++)
            out.add(doc(("Great deals on cheap watches, visit now!\n").repeat(12), "tech", "repetition"));
        for (int i = 0; i < 5; i++)
            out.add(doc("Best links for hackers: http://spam.example/a" + i + " http://spam.example/b https://spam.example/c "
                    + "www.spam.example/d and http://spam.example/e for the win today", "tech", "urls"));
        for (int i = 0; i < 4; i++)
            out.add(doc("Home | About | Contact", "reference", "too-short"));
        for (int i = 0; i < 4; i++)
            out.add(doc("\u5927\u4fc3\u9500 SALE!!! $$$ 50% OFF >>> www.shop.example <<< ### *** %%% @@@ !!! ??? +++ === ~~~ ^^^ "
                    + "&&& ((( ))) [[[ ]]] {{{ }}} ||| \u4e70", "chinese", "symbols"));
        for (int i = 0; i < 4; i++)
            out.add(doc("\u0001\u0002\u0003 binary junk \u0000\u0000\u0000\u0007\u0007\u0007\u0008\u0008\u001b\u001b\u001b" .repeat(3)
                    + " that came from a broken converter and was never meant to be text at all", "tech", "non-printable"));
        for (int i = 0; i < 3; i++)
            out.add(doc("\u042d\u0442\u043e \u0442\u0435\u043a\u0441\u0442 \u043d\u0430 \u0434\u0440\u0443\u0433\u043e\u043c "
                    + "\u044f\u0437\u044b\u043a\u0435, \u043a\u043e\u0442\u043e\u0440\u044b\u0439 \u043d\u0435 \u0432\u0445\u043e\u0434\u0438\u0442 "
                    + "\u0432 \u043d\u0430\u0448 \u043a\u043e\u0440\u043f\u0443\u0441 \u0438 \u0434\u043e\u043b\u0436\u0435\u043d \u0431\u044b\u0442\u044c "
                    + "\u0443\u0434\u0430\u043b\u0451\u043d \u0444\u0438\u043b\u044c\u0442\u0440\u043e\u043c \u043f\u043e \u0430\u043b\u0444\u0430\u0432\u0438\u0442\u0443 "
                    + "\u043d\u043e\u043c\u0435\u0440 " + i + ".", "reference", "other-script"));
        return out;
    }

    static String doc(String text, String domain, String kind) {
        return "{\"text\":" + q(text) + ",\"domain\":" + q(domain) + ",\"kind\":" + q(kind) + "}";
    }

    // ---------------------------------------------------------------- output

    static Writer gz(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        OutputStream o = new GZIPOutputStream(Files.newOutputStream(p), 1 << 16) {{ def.setLevel(9); }};
        return new OutputStreamWriter(o, StandardCharsets.UTF_8);
    }

    static String arr(List<String> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) sb.append(i == 0 ? "" : ",").append(q(xs.get(i)));
        return sb.append(']').toString();
    }

    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
