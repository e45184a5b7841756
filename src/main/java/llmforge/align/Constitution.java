package llmforge.align;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import llmforge.data.ConfigLoader;

/**
 * A written constitution: numbered rules in priority order, each a sentence a person reads and the name of the
 * check that applies it ({@link RuleCheck}). The ranking judge knows nothing else: reorder the rules and the
 * rankings change.
 */
public record Constitution(String name, List<Rule> rules) {
    /** @param check one of {@link RuleCheck}'s names, e.g. {@code refuses_harmful} */
    public record Rule(Integer id, String principle, String text, String check) {
        public Rule {
            if (id == null) throw new IllegalArgumentException("every rule needs an 'id' (its number)");
            if (text == null || text.isBlank()) throw new IllegalArgumentException("rule " + id + " needs a 'text'");
            if (principle == null || principle.isBlank()) throw new IllegalArgumentException("rule " + id + " needs a 'principle'");
            RuleCheck.byName(check); // fails naming the valid checks
        }

        public RuleCheck ruleCheck() { return RuleCheck.byName(check); }
    }

    public Constitution {
        name = name == null ? "constitution" : name;
        if (rules == null || rules.isEmpty()) throw new IllegalArgumentException("'rules' must list at least one rule");
        rules = List.copyOf(rules);
        var ids = new HashSet<Integer>();
        for (Rule r : rules) if (!ids.add(r.id())) throw new IllegalArgumentException("rule id " + r.id() + " appears twice");
    }

    public static Constitution load(Path file) { return ConfigLoader.load(file, Constitution.class); }
}
