package dev.zerocost.nasbench.scoring;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocost.engine.backend.MemoryScope;
import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ProxyRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scores one arch of a sweep and returns its results line:
 * {@code {"index":I,"arch":"|...|","scores":{..},"errors":{..},"seconds":{..},"backend":..,"dataset":..}}.
 * Non-finite scores become null with an {@code errors} entry. A failure while building the network
 * is recorded too (every proxy null, the reason in {@code errors} and {@code error}); this method
 * never throws for a bad arch, so a sweep goes on.
 *
 * <p>With {@code repeat} R &gt; 1 every proxy runs R times (each on a fresh copy of the network, as
 * always): {@code scores} are the first run's, {@code seconds} the median wall time of the R runs and
 * {@code seconds_all} (proxy -&gt; the R times, in run order) keeps the spread, JIT warm-up included.
 * A later run whose score differs from the first is reported to {@code warnings}, not recorded.
 */
public final class ArchScorer {
    /** The network settings of a sweep: kind, channels C, cells per stage N, classes and init seed. */
    public record NetworkSpec(String kind, int channels, int cells, int classes, long seed) {
    }

    private final NetworkSpec spec;
    private final List<Proxy> proxies;
    private final SweepData data;
    private final String backend;
    private final int repeat;
    private final boolean sharePasses;
    private final Consumer<String> warnings;

    public ArchScorer(NetworkSpec spec, List<Proxy> proxies, SweepData data, String backend) {
        this(spec, proxies, data, backend, 1, true, w -> { });
    }

    /**
     * @param sharePasses whether proxies of one arch share their loss-gradient passes
     *                    ({@link dev.zerocost.proxies.SharedGradients}); off times each proxy standalone
     */
    public ArchScorer(NetworkSpec spec, List<Proxy> proxies, SweepData data, String backend, int repeat,
                      boolean sharePasses, Consumer<String> warnings) {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat " + repeat + ": must be at least 1");
        }
        this.spec = spec;
        this.proxies = List.copyOf(proxies);
        this.data = data;
        this.backend = backend;
        this.repeat = repeat;
        this.sharePasses = sharePasses;
        this.warnings = warnings;
    }

    /** The results line of the arch with this official index. */
    public ObjectNode score(int index) {
        Arch arch = Nb201Index.arch(index);
        ObjectNode rec = ResultsFile.JSON.createObjectNode();
        rec.put("index", index);
        rec.put("arch", arch.toString());
        ObjectNode scores = rec.putObject("scores");
        ObjectNode errors = rec.putObject("errors");
        ObjectNode seconds = rec.putObject("seconds");
        Map<String, List<Double>> times = new LinkedHashMap<>();
        try (MemoryScope scope = MemoryScope.open()) {
            ScoredCellNetwork net = ScoredCellNetwork.build(spec.kind(), arch, spec.channels(), spec.cells(),
                    spec.classes(), spec.seed(), data.imageSize());
            Map<String, ProxyResult> first = new LinkedHashMap<>();
            for (int run = 1; run <= repeat; run++) {
                for (Map.Entry<String, ProxyRunner.Timed> e : ProxyRunner.run(net, data.batches(), proxies, sharePasses).entrySet()) {
                    String name = e.getKey();
                    ProxyResult r = e.getValue().result();
                    times.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getValue().seconds());
                    if (run == 1) {
                        first.put(name, r);
                        record(scores, errors, name, r);
                    } else if (!same(first.get(name), r)) {
                        warnings.accept("arch " + index + " " + arch + ": " + name + " gave " + describe(r)
                                + " in run " + run + " of " + repeat + " but " + describe(first.get(name))
                                + " in run 1; the first is recorded");
                    }
                }
            }
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            String reason = "arch failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            for (Proxy p : proxies) {
                if (!scores.has(p.name())) {
                    scores.putNull(p.name());
                    errors.put(p.name(), reason);
                }
            }
            rec.put("error", reason);
        }
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            seconds.put(e.getKey(), median(e.getValue()));
        }
        if (repeat > 1) {
            ObjectNode all = rec.putObject("seconds_all");
            for (Map.Entry<String, List<Double>> e : times.entrySet()) {
                ArrayNode a = all.putArray(e.getKey());
                e.getValue().forEach(a::add);
            }
        }
        rec.put("backend", backend);
        rec.put("dataset", data.dataset());
        return rec;
    }

    private static void record(ObjectNode scores, ObjectNode errors, String name, ProxyResult r) {
        if (r.ok() && Double.isFinite(r.score())) {
            scores.put(name, r.score());
        } else if (r.ok() && Double.isInfinite(r.score())) {
            scores.put(name, r.score() > 0 ? "Infinity" : "-Infinity"); // JSON has no infinity; eval reads these
        } else {
            scores.putNull(name);
            errors.put(name, r.error() != null ? r.error() : "score is " + r.score());
        }
    }

    /** Same outcome: both failed, or both gave bit-identical scores. */
    private static boolean same(ProxyResult a, ProxyResult b) {
        return a.ok() == b.ok() && (!a.ok() || Double.doubleToLongBits(a.score()) == Double.doubleToLongBits(b.score()));
    }

    private static String describe(ProxyResult r) {
        return r.ok() ? Double.toString(r.score()) : "an error (" + r.error() + ")";
    }

    /** The median; the mean of the middle two for an even count. */
    public static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Whether a results line records any failure. */
    public static boolean failed(ObjectNode record) {
        return record.has("error") || record.path("errors").size() > 0;
    }
}
