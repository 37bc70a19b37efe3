package dev.zerocost.engine;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds backends with {@link ServiceLoader} and holds the one new tensors are created on.
 * The CPU backend is always present; a backend whose driver is missing is listed with its
 * reason and skipped, never a crash.
 */
public final class Backends {
    private static final Map<String, Backend> CREATED = new LinkedHashMap<>();
    private static volatile Backend current;

    private Backends() {
    }

    /** Every provider on the class path, most preferred first. */
    public static synchronized List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(list::add);
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return list;
    }

    /** Name -> reason for each provider that cannot be used here. */
    public static Map<String, String> skipped() {
        Map<String, String> out = new LinkedHashMap<>();
        for (BackendProvider p : providers()) {
            p.unavailableReason().ifPresent(r -> out.put(p.name(), r));
        }
        return out;
    }

    /**
     * The backend of that name, or for "auto" the most preferred available one (CUDA, then an
     * OpenCL GPU, then CPU). An explicit choice that is unavailable is an error that says why.
     */
    public static synchronized Backend select(String name) {
        Backend done = CREATED.get(name);
        if (done != null) {
            return done;
        }
        // a provider is probed only when it is the one asked for (or, for auto, the next in line):
        // probing loads native libraries, and some (pocl's LLVM) replace the JVM's signal handlers
        List<String> known = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (BackendProvider p : providers()) {
            known.add(p.name());
            if ("auto".equals(name)) {
                if (p.autoSelectable()) {
                    Optional<String> why = p.unavailableReason();
                    if (why.isEmpty()) {
                        return CREATED.computeIfAbsent(p.name(), n -> p.create());
                    }
                    reasons.add(p.name() + ": " + why.get());
                }
            } else if (p.name().equals(name)) {
                Optional<String> why = p.unavailableReason();
                if (why.isPresent()) {
                    throw new IllegalStateException("backend '" + name + "' is not available: " + why.get()
                            + (name.startsWith("cpu") ? "." : ". Use --backend cpu, or install the driver."));
                }
                return CREATED.computeIfAbsent(name, n -> p.create());
            }
        }
        if ("auto".equals(name)) {
            throw new IllegalStateException("no backend is available; known: " + known + "; " + String.join("; ", reasons));
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + known + " or auto");
    }

    /** The backend new tensors go to: system property zerocost.backend (default "cpu") unless changed. */
    public static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                if (current == null) {
                    current = select(System.getProperty("zerocost.backend", "cpu"));
                }
                b = current;
            }
        }
        return b;
    }

    /** Makes this backend the one new tensors are created on; returns the previous one. */
    public static Backend use(Backend backend) {
        Backend previous = current();
        current = backend;
        return previous;
    }
}
