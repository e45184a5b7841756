package llmforge.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** The named numbers of one step (or one evaluation), in the order they were logged. */
public final class Metrics {
    private final Map<String, Double> values = new LinkedHashMap<>();

    public void log(String name, double value) { values.put(name, value); }

    /** Adds to a value (micro-batches of one step contribute to the same number). */
    public void add(String name, double value) { values.merge(name, value, Double::sum); }

    public Double get(String name) { return values.get(name); }

    public Map<String, Double> values() { return java.util.Collections.unmodifiableMap(values); }
}
