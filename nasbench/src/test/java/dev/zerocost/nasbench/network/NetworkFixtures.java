package dev.zerocost.nasbench.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.nasbench.space.Arch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: {@code fixtures/networks.json} from {@code tools/reference/make_network_fixtures.py}
 * (the official xautodl and zero-cost-nas code under PyTorch 1.13), and the checks both network
 * tests run against it.
 */
final class NetworkFixtures {
    /** Relative tolerance of the loss (float32 forward, different summation order). */
    static final double LOSS_RTOL = 1e-5;
    /** Relative tolerance of per-parameter gradient norms. */
    static final double GRAD_RTOL = 1e-4;
    /** Gradient norms below this fraction of a case's largest are zero up to rounding. */
    static final double ZERO_GRAD_FLOOR = 1e-6;

    private static JsonNode root;

    private NetworkFixtures() {
    }

    static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = NetworkFixtures.class.getResourceAsStream("/fixtures/networks.json")) {
                if (in == null) {
                    throw new IllegalStateException("fixtures/networks.json is missing from the test resources; "
                            + "regenerate it with tools/reference/make_network_fixtures.py");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static List<JsonNode> fullSize(String kind) {
        List<JsonNode> out = new ArrayList<>();
        root().get("full_size").forEach(n -> {
            if (n.get("kind").asText().equals(kind)) {
                out.add(n);
            }
        });
        return out;
    }

    static List<JsonNode> cases(String kind) {
        List<JsonNode> out = new ArrayList<>();
        root().get("cases").forEach(n -> {
            if (n.get("kind").asText().equals(kind)) {
                out.add(n);
            }
        });
        return out;
    }

    static JsonNode caseNamed(String name) {
        for (JsonNode n : root().get("cases")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no fixture case " + name);
    }

    /** The network a fixture record describes, weights zero. */
    static CellNetwork build(JsonNode rec) {
        return Networks.build(rec.get("kind").asText(), Arch.parse(rec.get("arch").asText()), rec.get("C").asInt(),
                rec.get("N").asInt(), rec.get("classes").asInt(), rec.get("use_bn").asBoolean());
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** Keys and shapes of the state dict equal the fixture's, in order. */
    static void assertKeysAndShapes(JsonNode expectedKeys, Map<String, Tensor> state, String what) {
        List<String> expected = new ArrayList<>();
        expectedKeys.forEach(k -> expected.add(k.get(0).asText()));
        assertEquals(expected, new ArrayList<>(state.keySet()), what + ": state_dict keys");
        Iterator<JsonNode> it = expectedKeys.iterator();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            JsonNode k = it.next();
            assertArrayEquals(ints(k.get(1)), e.getValue().shape(), what + ": shape of " + e.getKey());
        }
    }

    /** The exactly rounded sum of the values (what Python's math.fsum gives). */
    static double exactSum(double[] values) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : values) {
            s = s.add(new BigDecimal(v));
        }
        return s.doubleValue();
    }

    static double[] values(Tensor t) {
        if (t.dtype() == DType.INT64) {
            long[] l = t.toLongArray();
            double[] d = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                d[i] = l[i];
            }
            return d;
        }
        return t.to(DType.FLOAT64).toDoubleArray();
    }

    /** Init is bit-identical: dtype, exact sum and abs-sum, and the first 16 bit patterns where recorded. */
    static void assertInitMatches(JsonNode rec, CellNetwork net) {
        String name = rec.get("name").asText();
        Map<String, Tensor> state = net.stateDict();
        JsonNode entries = rec.get("state");
        assertKeysAndShapes(entries, state, name);
        for (JsonNode e : entries) {
            String key = e.get(0).asText();
            Tensor t = state.get(key);
            assertEquals(e.get(2).asText(), t.dtype() == DType.INT64 ? "int64" : "float32", name + ": dtype of " + key);
            double[] v = values(t);
            assertEquals(e.get(3).asDouble(), exactSum(v), 0.0, name + ": sum of " + key);
            double[] abs = v.clone();
            for (int i = 0; i < abs.length; i++) {
                abs[i] = Math.abs(abs[i]);
            }
            assertEquals(e.get(4).asDouble(), exactSum(abs), 0.0, name + ": abs-sum of " + key);
            if (e.size() > 5) {
                JsonNode first = e.get(5);
                if (t.dtype() == DType.INT64) {
                    long[] l = t.toLongArray();
                    for (int i = 0; i < first.size(); i++) {
                        assertEquals(first.get(i).asLong(), l[i], name + ": " + key + "[" + i + "]");
                    }
                } else {
                    float[] f = t.toFloatArray();
                    for (int i = 0; i < first.size(); i++) {
                        assertEquals(first.get(i).asLong(), Integer.toUnsignedLong(Float.floatToRawIntBits(f[i])),
                                name + ": bit pattern of " + key + "[" + i + "]");
                    }
                }
            }
        }
    }

    /** What one train-mode forward/backward of a fixture case measured. */
    record Measured(double loss, double[] logits, Map<String, Double> gradNorms, Map<String, Tensor> stateAfter,
                    double worstGradError) {
    }

    /**
     * Rebuilds the case's input batch and labels from its seed, runs forward (train mode), mean
     * cross-entropy and backward, and checks them against the fixture.
     */
    static Measured assertForwardBackwardMatches(JsonNode rec, CellNetwork net) {
        String name = rec.get("name").asText();
        int b = rec.get("batch").asInt();
        int h = rec.get("height").asInt();
        TorchGenerator g = TorchGenerator.manualSeed(rec.get("input_seed").asLong());
        float[] x = new float[b * 3 * h * h];
        g.randInRange(x, rec.get("low").asDouble(), rec.get("high").asDouble());
        long[] labels = new long[b];
        g.randIntBelow(labels, rec.get("classes").asInt());
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        assertEquals(rec.get("input_sum").asDouble(), exactSum(xd), 0.0, name + ": input batch sum");
        for (int i = 0; i < b; i++) {
            assertEquals(rec.get("labels").get(i).asLong(), labels[i], name + ": label " + i);
        }
        net.train(true);
        Tensor input = Tensor.of(new NdArray(DType.FLOAT32, new int[] {b, 3, h, h}, x));
        Tensor logits = net.call(input);
        Tensor loss = Functional.crossEntropy(logits, Tensor.ofLongs(labels, b));
        LinkedHashMap<String, Tensor> params = net.namedParameters();
        List<Tensor> grads = Autograd.grad(loss, new ArrayList<>(params.values()), false);

        double l = loss.item();
        double expectedLoss = rec.get("loss").asDouble();
        assertEquals(expectedLoss, l, LOSS_RTOL * Math.abs(expectedLoss), name + ": loss");
        double[] lg = values(logits);
        JsonNode expectedLogits = rec.get("logits");
        assertEquals(expectedLogits.size(), lg.length, name + ": logits size");
        double scale = 0;
        for (JsonNode v : expectedLogits) {
            scale = Math.max(scale, Math.abs(v.asDouble()));
        }
        for (int i = 0; i < lg.length; i++) {
            assertEquals(expectedLogits.get(i).asDouble(), lg[i], 1e-5 * scale, name + ": logit " + i);
        }
        assertEquals(rec.get("logits_sum").asDouble(), exactSum(lg), 1e-5 * scale * lg.length, name + ": logits sum");

        JsonNode expectedNorms = rec.get("grad_norms");
        List<String> expectedNames = new ArrayList<>();
        expectedNorms.fieldNames().forEachRemaining(expectedNames::add);
        assertEquals(expectedNames, new ArrayList<>(params.keySet()), name + ": parameter names");
        double largest = 0;
        for (JsonNode e : expectedNorms) {
            largest = Math.max(largest, e.isNull() ? 0 : e.asDouble());
        }
        // Gradients that are zero in exact arithmetic (a bias or BN shift followed by a batch norm
        // that removes it) come out as rounding noise in both engines: compare them absolutely.
        double noise = ZERO_GRAD_FLOOR * largest;
        Map<String, Double> norms = new LinkedHashMap<>();
        double worst = 0;
        int i = 0;
        for (String p : params.keySet()) {
            double[] gv = values(grads.get(i++));
            double s = 0;
            for (double v : gv) {
                s += v * v;
            }
            double norm = Math.sqrt(s);
            norms.put(p, norm);
            JsonNode e = expectedNorms.get(p);
            if (e.isNull()) {
                assertEquals(0.0, norm, 0.0, name + ": " + p + " takes no part in the forward pass, its gradient must be 0");
            } else if (e.asDouble() < noise) {
                assertTrue(norm < 10 * noise, name + ": gradient of " + p + " should be zero up to rounding (PyTorch "
                        + e.asDouble() + ", largest norm " + largest + "), got " + norm);
            } else {
                double want = e.asDouble();
                double err = Math.abs(norm - want) / want;
                worst = Math.max(worst, err);
                assertTrue(err <= GRAD_RTOL,
                        name + ": gradient norm of " + p + " is " + norm + ", PyTorch " + want + " (rel err " + err + ")");
            }
        }
        Map<String, Tensor> after = net.stateDict();
        rec.get("buffers_after").fields().forEachRemaining(e -> {
            double want = e.getValue().asDouble();
            double got = exactSum(values(after.get(e.getKey())));
            assertEquals(want, got, 1e-5 * Math.max(1, Math.abs(want)), name + ": " + e.getKey() + " after the forward");
        });
        return new Measured(l, lg, norms, after, worst);
    }
}
