package dev.zerocost.nasbench.scoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocost.engine.backend.MemoryScope;
import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ProxyRunner;
import java.util.List;
import java.util.Map;

/**
 * Scores one arch of a sweep and returns its results line:
 * {@code {"index":I,"arch":"|...|","scores":{..},"errors":{..},"seconds":{..},"backend":..,"dataset":..}}.
 * Non-finite scores become null with an {@code errors} entry. A failure while building the network
 * is recorded too (every proxy null, the reason in {@code errors} and {@code error}); this method
 * never throws for a bad arch, so a sweep goes on.
 */
public final class ArchScorer {
    /** The network settings of a sweep: kind, channels C, cells per stage N, classes and init seed. */
    public record NetworkSpec(String kind, int channels, int cells, int classes, long seed) {
    }

    private final NetworkSpec spec;
    private final List<Proxy> proxies;
    private final SweepData data;
    private final String backend;

    public ArchScorer(NetworkSpec spec, List<Proxy> proxies, SweepData data, String backend) {
        this.spec = spec;
        this.proxies = List.copyOf(proxies);
        this.data = data;
        this.backend = backend;
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
        try (MemoryScope scope = MemoryScope.open()) {
            ScoredCellNetwork net = ScoredCellNetwork.build(spec.kind(), arch, spec.channels(), spec.cells(),
                    spec.classes(), spec.seed(), data.imageSize());
            for (Map.Entry<String, ProxyRunner.Timed> e : ProxyRunner.run(net, data.batches(), proxies).entrySet()) {
                ProxyResult r = e.getValue().result();
                if (r.ok() && Double.isFinite(r.score())) {
                    scores.put(e.getKey(), r.score());
                } else {
                    scores.putNull(e.getKey());
                    errors.put(e.getKey(), r.error() != null ? r.error() : "score is " + r.score());
                }
                seconds.put(e.getKey(), e.getValue().seconds());
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
        rec.put("backend", backend);
        rec.put("dataset", data.dataset());
        return rec;
    }

    /** Whether a results line records any failure. */
    public static boolean failed(ObjectNode record) {
        return record.has("error") || record.path("errors").size() > 0;
    }
}
