package llmforge.bench.djl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --flag value} arguments against a fixed list of flags; bad input is an IllegalArgumentException. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();

    /** Parses {@code args}, accepting only the given flags. */
    Args(String[] args, String... flags) {
        List<String> valid = List.of(flags);
        for (int i = 0; i < args.length; i += 2) {
            if (!valid.contains(args[i])) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'; valid: " + String.join(", ", valid));
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
            values.put(args[i], args[i + 1]);
        }
    }

    /** The integer value of {@code flag}, at least {@code min}, or {@code fallback} when absent. */
    int count(String flag, int min, int fallback) {
        String value = values.get(flag);
        return value == null ? fallback : parse(flag, value, min);
    }

    /** A comma-separated list of integers of at least {@code min}, or {@code fallback} when absent. */
    List<Integer> counts(String flag, int min, List<Integer> fallback) {
        String value = values.get(flag);
        if (value == null) return fallback;
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) out.add(parse(flag, part.strip(), min));
        return out;
    }

    private static int parse(String flag, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " expects an integer >= " + min + ", got '" + value + "'");
    }
}
