package dev.zerocost.nasbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ProxyRegistry;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ProxyRunner;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every proxy against the official implementations (tools/reference/make_proxy_fixtures.py:
 * zero-cost-nas, NASLib, ZiCo run under PyTorch 1.13) on both networks and nine archs. Weights and
 * inputs are rebuilt from the recorded seeds, so the fixture holds no tensors.
 */
class ProxyParityTest {
    /** float32 proxies: 1e-4 relative; synflow and nwot (float64 / exact counts): 1e-9. */
    private static final Map<String, Double> TOLERANCE = Map.of(
            "grad_norm", 1e-4, "snip", 1e-4, "grasp", 1e-4, "fisher", 1e-4, "jacob_cov", 1e-4,
            "plain", 1e-4, "synflow", 1e-9, "l2_norm", 1e-4, "nwot", 1e-9);

    /** Proxies added later (Map.of takes at most ten pairs), same rule: float32 proxies 1e-4 relative. */
    private static final Map<String, Double> MORE_TOLERANCE = Map.of("epe_nas", 1e-4, "ntk", 1e-4);

    static Batch batch(long seed, int n, int classes, float low, float high) {
        TorchGenerator g = TorchGenerator.manualSeed(seed);
        float[] x = new float[n * 3 * 32 * 32];
        g.randInRange(x, low, high);
        long[] y = new long[n];
        g.randIntBelow(y, classes);
        return new Batch(Tensor.of(x, n, 3, 32, 32), Tensor.ofLongs(y, n));
    }

    @TestFactory
    Stream<DynamicTest> everyProxyMatchesTheOfficialCodeOnEveryRecord() throws Exception {
        return recordTests(TOLERANCE);
    }

    @TestFactory
    Stream<DynamicTest> laterProxiesMatchTheOfficialCodeOnEveryRecord() throws Exception {
        return recordTests(MORE_TOLERANCE);
    }

    private Stream<DynamicTest> recordTests(Map<String, Double> tolerances) throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/proxies.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : root.get("records")) {
            String label = rec.get("network").asText() + " " + rec.get("arch_name").asText();
            tests.add(DynamicTest.dynamicTest(label, () -> check(rec, tolerances)));
        }
        return tests.stream();
    }

    private static void check(JsonNode rec, Map<String, Double> tolerances) {
        Arch arch = Arch.parse(rec.get("arch").asText());
        ScoredCellNetwork net = ScoredCellNetwork.build(rec.get("network").asText(), arch, rec.get("C").asInt(),
                rec.get("N").asInt(), rec.get("num_classes").asInt(), rec.get("init_seed").asLong(), 32);
        JsonNode in = rec.get("input");
        Batch b = batch(in.get("seed").asLong(), rec.get("batch").asInt(), rec.get("num_classes").asInt(),
                (float) in.get("low").asDouble(), (float) in.get("high").asDouble());
        long[] labels = b.labels().toLongArray();
        for (int i = 0; i < labels.length; i++) {
            assertEquals(in.get("labels").get(i).asLong(), labels[i], "label " + i + " rebuilt from the seed");
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Double> e : tolerances.entrySet()) {
            JsonNode ref = rec.get("proxies").get(e.getKey());
            ProxyResult ours = ProxyRunner.runOne(net, List.of(b), ProxyRegistry.get(e.getKey())).result();
            String verdict = compare(ref, ours, e.getValue());
            if (verdict != null) {
                failures.add(e.getKey() + ": " + verdict);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static String compare(JsonNode ref, ProxyResult ours, double tol) {
        if (ref.has("inf")) {
            return ours.score() == Double.NEGATIVE_INFINITY || (Double.isNaN(ours.score()) && !ours.ok()) ? null
                    : "reference is " + ref.get("inf").asText() + ", ours " + ours.score();
        }
        if (ref.get("score").isNull()) {
            return Double.isNaN(ours.score()) ? null : "reference is NaN, ours " + ours.score();
        }
        double expected = ref.get("score").asDouble();
        double got = ours.score();
        double err = Math.abs(got - expected) / Math.max(Math.abs(expected), 1e-12);
        if (expected == 0 ? got != 0 && Math.abs(got) > 1e-12 : err > tol) {
            return "expected " + expected + ", got " + got + " (relative error " + err + ", error " + ours.error() + ")";
        }
        return null;
    }
}
