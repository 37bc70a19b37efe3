package dev.zerocost.nasbench.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.persample.GradientStatistics;
import dev.zerocost.engine.persample.PerSampleGradients;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ProxyRegistry;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ProxyRunner;
import dev.zerocost.proxies.ScoredNetwork;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every proxy against the official implementations (tools/reference/make_proxy_fixtures.py:
 * zero-cost-nas, NASLib, ZiCo run under PyTorch 1.13) on both networks and nine archs. Weights and
 * inputs are rebuilt from the recorded seeds, so the fixture holds no tensors.
 */
class ProxyParityTest {
    /**
     * float32 proxies: 1e-4 relative (measured worst: epe_nas 6.8e-6, ntk 2.7e-5, whose reference
     * takes eigenvalues in float32); synflow and nwot (float64 / exact counts): 1e-9.
     */
    static final Map<String, Double> TOLERANCE = Map.ofEntries(
            Map.entry("grad_norm", 1e-4), Map.entry("snip", 1e-4), Map.entry("grasp", 1e-4),
            Map.entry("fisher", 1e-4), Map.entry("jacob_cov", 1e-4), Map.entry("plain", 1e-4),
            Map.entry("synflow", 1e-9), Map.entry("l2_norm", 1e-4), Map.entry("nwot", 1e-9),
            Map.entry("epe_nas", 1e-4), Map.entry("ntk", 1e-4));

    /**
     * zico: 1e-4 relative on the gradients, carried through each layer term by its condition
     * number (see {@link ZicoConditioning}): |ours - official| <= 1e-4 |official| + 1e-4 (1 + kappa)
     * per layer. A flat 1e-4 on the score cannot hold: with two batches an element where g1 and g2
     * nearly agree dominates its layer, and float32 rounding decides its |g1 - g2|. Measured on
     * this fixture: 8 of 18 scores miss 1e-4 relative, worst zc zero_fed_convs (73.2986 official,
     * 72.3169 ours, 72.3398 in float64: reduction2.conv_a, one element of ratio 4e4 with
     * |g1 - g2| / |g1| = 5e-5; kappa 2.6e4); worst |diff| / (1 + kappa) over all layers 6.4e-5.
     */
    private static final double ZICO_GRADIENT_TOLERANCE = 1e-4;

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
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : records()) {
            tests.add(DynamicTest.dynamicTest(label(rec), () -> check(rec)));
        }
        return tests.stream();
    }

    static void check(JsonNode rec) {
        ScoredNetwork net = network(rec);
        List<Batch> batches = List.of(batch(rec, "input"));
        checkLabels(rec.get("input"), batches.get(0));
        if (maskDecidedByRounding(rec, net, batches)) {
            net = float64(net);
            batches = float64(batches);
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Double> e : TOLERANCE.entrySet()) {
            JsonNode ref = rec.get("proxies").get(e.getKey());
            ProxyResult ours = ProxyRunner.runOne(net, batches, ProxyRegistry.get(e.getKey())).result();
            String verdict = compare(ref, ours, e.getValue());
            if (verdict != null) {
                failures.add(e.getKey() + ": " + verdict);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * Whether float32 rounding decides one of the network's ReLU masks on these batches
     * ({@link ReluSigns}; anything more than rounding fails). Then the float32 scores cannot be
     * held to the tolerances on this record, and the record's proxies are compared through the
     * float64 copy of the same network, whose masks are exact; the 17 other records keep holding
     * the float32 scores themselves. Printed, so the choice is visible in the test log.
     */
    private static boolean maskDecidedByRounding(JsonNode rec, ScoredNetwork net, List<Batch> batches) {
        List<String> decided = ReluSigns.roundingDecided(net, batches, label(rec));
        if (!decided.isEmpty()) {
            System.out.println(label(rec) + ": float32 rounding decides " + decided.size()
                    + " ReLU mask bit(s), so its proxies are compared through the float64 network:\n  "
                    + String.join("\n  ", decided));
        }
        return !decided.isEmpty();
    }

    /** A float64 copy of the network. */
    static ScoredNetwork float64(ScoredNetwork net) {
        ScoredNetwork wide = net.duplicate();
        wide.module().to(DType.FLOAT64);
        return wide;
    }

    /** The batches with float64 inputs. */
    static List<Batch> float64(List<Batch> batches) {
        List<Batch> out = new ArrayList<>();
        for (Batch b : batches) {
            out.add(new Batch(b.input().to(DType.FLOAT64), b.labels()));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> zicoMatchesTheOfficialCodeLayerByLayerWithinItsConditioning() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : records()) {
            tests.add(DynamicTest.dynamicTest(label(rec), () -> checkZico(rec)));
        }
        return tests.stream();
    }

    private static void checkZico(JsonNode rec) {
        ScoredCellNetwork net = network(rec);
        List<Batch> batches = List.of(batch(rec, "input"), batch(rec, "zico_second_batch"));
        checkLabels(rec.get("zico_second_batch"), batches.get(1));
        JsonNode ref = rec.get("proxies").get("zico");
        Map<String, Double> kappa = ZicoConditioning.kappa(net, batches);
        boolean wide = maskDecidedByRounding(rec, net, batches);
        ProxyResult ours = ProxyRunner.runOne(wide ? float64(net) : net, wide ? float64(batches) : batches,
                ProxyRegistry.get("zico")).result();
        assertTrue(ours.ok(), ours.error());
        List<String> layers = new ArrayList<>(ours.perLayer().keySet());
        assertEquals(rec.get("layers").size(), layers.size(), "scored layers");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String layer = layers.get(i);
            assertEquals(rec.get("layers").get(i).asText(), layer, "layer " + i);
            double expected = ref.get("per_layer").get(i).asDouble();
            double got = ours.perLayer().get(layer);
            if (expected == 0.0 || got == 0.0) {
                if (expected != got) { // a skipped layer (every std 0) must be skipped on both sides
                    failures.add(layer + ": official " + expected + ", ours " + got);
                }
                continue;
            }
            double allowed = ZICO_GRADIENT_TOLERANCE * (Math.abs(expected) + 1 + kappa.get(layer));
            if (Math.abs(got - expected) > allowed) {
                failures.add(layer + ": official " + expected + ", ours " + got + ", kappa " + kappa.get(layer));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        double sum = 0;
        for (int i = 0; i < layers.size(); i++) {
            sum += ref.get("per_layer").get(i).asDouble();
        }
        assertEquals(ref.get("score").asDouble(), sum, 1e-9 * Math.max(1, Math.abs(sum)), "official per-layer values add up");
    }

    /**
     * zico_persample on every fixture arch: finite; its streamed float32 statistics equal the
     * materialised float64 ones of the same per-sample gradients; and it skips exactly the layers
     * the official zico skips (layers that never ran or only see zero inputs, whose per-sample
     * gradients are all zero), so all-none archs score 0 as the official code does.
     */
    @TestFactory
    Stream<DynamicTest> zicoPerSampleIsFiniteStreamsExactlyAndSkipsWhatTheOfficialZicoSkips() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : records()) {
            tests.add(DynamicTest.dynamicTest(label(rec), () -> checkZicoPerSample(rec)));
        }
        return tests.stream();
    }

    private static void checkZicoPerSample(JsonNode rec) {
        ScoredCellNetwork net = network(rec);
        Batch b = batch(rec, "input");
        ProxyResult ours = ProxyRunner.runOne(net, List.of(b), ProxyRegistry.get("zico_persample")).result();
        assertTrue(ours.ok(), ours.error());
        ScoredNetwork copy = net.duplicate();
        copy.module().train(true);
        GradientStatistics kept = GradientStatistics.materialising();
        PerSampleGradients.of(copy.module()).includeBiases(false)
                .run(b.input(), logits -> Functional.crossEntropy(logits, b.labels()), kept);
        JsonNode official = rec.get("proxies").get("zico").get("per_layer");
        int i = 0;
        boolean allSkipped = true;
        for (Map.Entry<String, Double> e : ours.perLayer().entrySet()) {
            OptionalDouble term = kept.zicoLayerTerm(e.getKey() + ".weight");
            assertEquals(official.get(i++).asDouble() == 0.0, term.isEmpty(), e.getKey() + " skipped as by the official zico");
            double expected = term.orElse(0.0);
            assertEquals(expected, e.getValue(), 1e-6 * Math.max(1, Math.abs(expected)), e.getKey());
            allSkipped &= term.isEmpty();
        }
        assertEquals(allSkipped, rec.get("arch_name").asText().equals("all_none"), "only all_none skips every layer");
        if (allSkipped) {
            assertEquals(0.0, ours.score(), "every layer skipped: 0, as compute_zico.py returns");
        }
    }

    static List<JsonNode> records() throws java.io.IOException {
        try (InputStream in = ProxyParityTest.class.getResourceAsStream("/fixtures/proxies.json")) {
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(in).get("records").forEach(out::add);
            return out;
        }
    }

    static String label(JsonNode rec) {
        return rec.get("network").asText() + " " + rec.get("arch_name").asText();
    }

    static ScoredCellNetwork network(JsonNode rec) {
        return ScoredCellNetwork.build(rec.get("network").asText(), Arch.parse(rec.get("arch").asText()),
                rec.get("C").asInt(), rec.get("N").asInt(), rec.get("num_classes").asInt(), rec.get("init_seed").asLong(), 32);
    }

    static Batch batch(JsonNode rec, String which) {
        JsonNode in = rec.get(which);
        return batch(in.get("seed").asLong(), rec.get("batch").asInt(), rec.get("num_classes").asInt(),
                (float) in.get("low").asDouble(), (float) in.get("high").asDouble());
    }

    private static void checkLabels(JsonNode in, Batch b) {
        long[] labels = b.labels().toLongArray();
        for (int i = 0; i < labels.length; i++) {
            assertEquals(in.get("labels").get(i).asLong(), labels[i], "label " + i + " rebuilt from seed " + in.get("seed"));
        }
    }

    private static String compare(JsonNode ref, ProxyResult ours, double tol) {
        if (ref.has("inf")) {
            double want = ref.get("inf").asText().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return ours.ok() && ours.score() == want ? null : "reference is " + ref.get("inf").asText() + ", ours "
                    + ours.score() + (ours.ok() ? "" : " (" + ours.error() + ")");
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
