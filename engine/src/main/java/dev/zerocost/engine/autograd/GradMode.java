package dev.zerocost.engine.autograd;

/** Whether ops record the graph on this thread; {@code try (var g = GradMode.noGrad()) {...}} turns it off. */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** A scope that records no graph; restores the previous mode on close. */
    public static Scope noGrad() {
        return set(false);
    }

    /** A scope that records the graph (used inside backward when createGraph is true). */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean previous = ENABLED.get();
        ENABLED.set(enabled);
        return () -> ENABLED.set(previous);
    }

    /** Restores the previous mode. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
