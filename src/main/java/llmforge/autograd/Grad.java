package llmforge.autograd;

/** Switches gradient recording on or off for the current thread: inference, reference models, rollouts. */
public final class Grad {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);

    private Grad() {}

    public static boolean enabled() { return ENABLED.get(); }

    /** {@code try (var g = Grad.off()) { ... }}: nothing inside is recorded for backward. */
    public static Scope off() { return set(false); }

    /** Turns recording back on inside an outer {@link #off()} scope. */
    public static Scope on() { return set(true); }

    private static Scope set(boolean value) {
        boolean previous = ENABLED.get();
        ENABLED.set(value);
        return () -> ENABLED.set(previous);
    }

    /** Restores the previous setting on close. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }
}
