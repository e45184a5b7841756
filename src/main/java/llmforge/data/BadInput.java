package llmforge.data;

import java.util.ArrayList;
import java.util.List;

import llmforge.io.UserException;

/**
 * What to do with input that cannot be read (a missing or corrupt file, a bad JSON line): fail at once naming the
 * place, or skip it and count it so the report shows every loss. Thread-safe.
 */
public final class BadInput {
    public enum Policy { SKIP, FAIL }

    private static final int EXAMPLES = 10;

    private final Policy policy;
    private long count;
    private final List<String> examples = new ArrayList<>();

    public BadInput(Policy policy) { this.policy = policy; }

    public static Policy parsePolicy(String s) {
        return switch (s) {
            case "skip" -> Policy.SKIP;
            case "fail" -> Policy.FAIL;
            default -> throw new UserException("on_bad_input must be 'skip' or 'fail', not '" + s + "'");
        };
    }

    /** @param where file, or file:line; @param what what was wrong and what was expected */
    public synchronized void report(String where, String what) {
        String message = where + ": " + what;
        if (policy == Policy.FAIL)
            throw new UserException(message + " (set on_bad_input: skip, or --on-bad-input skip, to skip and count such input)");
        count++;
        if (examples.size() < EXAMPLES) examples.add(message);
        System.err.println("llmforge: skipped " + message);
    }

    public synchronized long count() { return count; }

    public synchronized List<String> examples() { return List.copyOf(examples); }
}
