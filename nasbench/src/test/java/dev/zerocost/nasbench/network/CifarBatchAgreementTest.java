package dev.zerocost.nasbench.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.nasbench.data.Batches;
import dev.zerocost.nasbench.data.CifarBinary;
import dev.zerocost.nasbench.data.ImageBatch;
import dev.zerocost.nasbench.data.Normalization;
import dev.zerocost.nasbench.space.Arch;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Both full-size networks (C = 16, N = 5) on a REAL CIFAR-10 batch (the first 16 training images
 * in {@code ../shared/data/images/}), train mode: loss and every parameter's gradient norm against
 * the official code under PyTorch 1.13 ({@code fixtures/cifar_batch.json}, written by
 * {@code tools/reference/make_cifar_fixtures.py}; the fixture stores no images), in float64 and
 * in float32.
 */
class CifarBatchAgreementTest {

    /** Float64 on both sides: the same computation, so only summation order differs. */
    static final double F64_RTOL = 1e-9;

    @TestFactory
    Stream<DynamicTest> fullSizeNetworksAgreeWithPyTorchOnRealImages() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/cifar_batch.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        String only = System.getProperty("cifar.only", "");
        for (JsonNode rec : root.get("cases")) {
            String name = rec.get("name").asText();
            if (!name.contains(only)) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(name + " float32", () -> checkFloat32(rec)));
            tests.add(DynamicTest.dynamicTest(name + " float64", () -> checkFloat64(rec)));
        }
        return tests.stream();
    }

    /** Loss and every gradient norm in float64 equal PyTorch's float64 run to 1e-9 relative. */
    private static void checkFloat64(JsonNode rec) throws Exception {
        String name = rec.get("name").asText() + " float64";
        Run run = run(rec, DType.FLOAT64);
        double want = rec.get("loss_f64").asDouble();
        assertEquals(want, run.loss, F64_RTOL * want, name + ": loss");
        JsonNode norms = rec.get("grad_norms_f64");
        double largest = largest(norms);
        double worst = 0;
        for (var e : run.norms.entrySet()) {
            JsonNode w = norms.get(e.getKey());
            assertTrue(w != null, name + ": PyTorch has no parameter " + e.getKey());
            if (w.isNull()) {
                assertEquals(0.0, e.getValue(), 0.0, name + ": " + e.getKey() + " does not run, its gradient must be 0");
                continue;
            }
            // zero in exact arithmetic (a bias before a batch norm) is rounding noise: compare absolutely
            double err = Math.abs(e.getValue() - w.asDouble()) / Math.max(w.asDouble(), 1e-6 * largest);
            worst = Math.max(worst, err);
            assertTrue(err <= F64_RTOL, name + ": gradient norm of " + e.getKey() + " is " + e.getValue()
                    + ", PyTorch " + w.asDouble() + " (rel err " + err + ")");
        }
        assertEquals(norms.size(), run.norms.size(), name + ": parameter count");
        System.out.printf("%s: loss %.12g (PyTorch %.12g), worst grad-norm rel err %.2e%n", name, run.loss, want, worst);
    }

    /**
     * Float32 bound on gradient norms, relative to the float64 truth. 1e-4 (the float64-style
     * bound) cannot hold in float32 for these full-size train-mode-BN networks, for any
     * implementation: PyTorch's own float32 norms are up to 0.85% (nb201_all_conv3x3), 0.39%
     * (zc_all_conv3x3) and 0.20% (zc_best) from its float64 ones (worst over all parameters). The cause, measured with
     * {@code CifarLayerProbe}: float32 activation errors grow through 17 cells, and single ReLU
     * inputs within an ulp of zero flip sign, which moves gradients by up to about 1% (measured, ours with
     * the float32-accumulating convolution forward: 0.69% nb201_all_conv3x3, 0.74% zc_all_conv3x3, 0.18% zc_best,
     * 0.078% nb201_mixed; with a float64-accumulating forward it was 0.62%, 0.51%, 0.15%, 0.057%). Which elements flip is rounding luck, so the bound is the measured
     * conditioning of the problem (1%), not PyTorch's particular rounding. Exact agreement of the
     * computation is what {@link #checkFloat64} asserts at 1e-9.
     */
    static final double F32_VS_TRUTH = 1e-2;

    /**
     * Float32, the proxies' precision: the loss within 1e-5 of PyTorch float32, and every gradient
     * norm within {@link #F32_VS_TRUTH} of the float64 truth; prints how PyTorch float32 compares.
     */
    private static void checkFloat32(JsonNode rec) throws Exception {
        String name = rec.get("name").asText() + " float32";
        Run run = run(rec, DType.FLOAT32);
        double want = rec.get("loss").asDouble();
        assertEquals(want, run.loss, NetworkFixtures.LOSS_RTOL * want, name + ": loss");
        JsonNode norms32 = rec.get("grad_norms");
        JsonNode norms64 = rec.get("grad_norms_f64");
        double noise = NetworkFixtures.ZERO_GRAD_FLOOR * largest(norms64);
        double worstVsTorch = 0;
        double worstVsTruth = 0;
        double torchVsTruth = 0;
        for (var e : run.norms.entrySet()) {
            String p = e.getKey();
            double got = e.getValue();
            JsonNode w64 = norms64.get(p);
            assertTrue(w64 != null, name + ": PyTorch has no parameter " + p);
            if (w64.isNull()) {
                assertEquals(0.0, got, 0.0, name + ": " + p + " does not run, its gradient must be 0");
            } else if (w64.asDouble() < noise) {
                assertTrue(got < 10 * noise, name + ": gradient of " + p + " should be zero up to rounding, got " + got);
            } else {
                double torch = norms32.get(p).asDouble();
                double truth = w64.asDouble();
                double ours = Math.abs(got - truth) / truth;
                worstVsTorch = Math.max(worstVsTorch, Math.abs(got - torch) / torch);
                worstVsTruth = Math.max(worstVsTruth, ours);
                torchVsTruth = Math.max(torchVsTruth, Math.abs(torch - truth) / truth);
                assertTrue(ours <= F32_VS_TRUTH, name + ": gradient norm of " + p + " is " + got + ", float64 truth "
                        + truth + " (rel err " + ours + "), PyTorch float32 " + torch);
            }
        }
        System.out.printf("%s: loss %.9g (PyTorch %.9g); worst grad-norm rel err vs float64 truth: ours %.2e, "
                + "PyTorch float32 %.2e; ours vs PyTorch float32 %.2e%n", name, run.loss, want, worstVsTruth,
                torchVsTruth, worstVsTorch);
    }

    private record Run(double loss, Map<String, Double> norms) {
    }

    private static Run run(JsonNode rec, DType dtype) throws Exception {
        String name = rec.get("name").asText();
        Path file = Path.of(System.getProperty("zerocost.shared", "../shared"), "data", "images", rec.get("file").asText());
        if (!Files.isRegularFile(file)) {
            String reason = "shared data file " + file.toAbsolutePath() + " is absent (set -Dzerocost.shared=DIR); skipping";
            System.out.println("SKIPPED: " + reason);
            assumeTrue(false, reason);
        }
        int b = rec.get("batch").asInt();
        ImageBatch batch = Normalization.valueOf(rec.get("normalization").asText())
                .apply(Batches.sequential(CifarBinary.read(file, CifarBinary.Layout.ONE_LABEL, 10), b, 0));
        for (int i = 0; i < b; i++) {
            assertEquals(rec.get("labels").get(i).asLong(), batch.labels()[i], name + ": label " + i);
        }
        CellNetwork net = Networks.build(rec.get("kind").asText(), Arch.parse(rec.get("arch").asText()),
                rec.get("C").asInt(), rec.get("N").asInt(), rec.get("classes").asInt(), true, rec.get("seed").asLong());
        net.to(dtype);
        net.train(true);
        Tensor input = Tensor.of(new NdArray(DType.FLOAT32, batch.shape(), batch.images())).to(dtype);
        Tensor loss = Functional.crossEntropy(net.call(input), Tensor.ofLongs(batch.labels(), b));
        LinkedHashMap<String, Tensor> params = net.namedParameters();
        List<Tensor> grads = Autograd.grad(loss, new ArrayList<>(params.values()), false);
        Map<String, Double> norms = new LinkedHashMap<>();
        int i = 0;
        for (String p : params.keySet()) {
            norms.put(p, norm(grads.get(i++)));
        }
        return new Run(loss.item(), norms);
    }

    private static double largest(JsonNode norms) {
        double largest = 0;
        for (JsonNode e : norms) {
            largest = Math.max(largest, e.isNull() ? 0 : e.asDouble());
        }
        return largest;
    }

    private static double norm(Tensor t) {
        Tensor d = t.to(DType.FLOAT64);
        return Math.sqrt(d.mul(d).sum().item());
    }
}
