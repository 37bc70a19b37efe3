package dev.zerocost.engine.autograd;

import static dev.zerocost.engine.autograd.GradientChecks.checkGradients;
import static dev.zerocost.engine.autograd.GradientChecks.checkHessianVectorProduct;
import static dev.zerocost.engine.autograd.GradientChecks.constant;
import static dev.zerocost.engine.autograd.GradientChecks.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.ops.Matmul;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * First-order gradients of every differentiable op, and Hessian-vector products of the ops that
 * second-order proxies (GraSP) differentiate twice, against central finite differences in float64
 * ({@link GradientChecks} gives the step and the tolerance). Inputs are random with fixed seeds,
 * drawn away from the kinks of relu, abs, max and max pooling.
 */
class GradCheckTest {

    /** One function of a few random float64 inputs: shapes and the interval the inputs are drawn from. */
    record Op(String name, double low, double high, int[][] shapes, Function<List<Tensor>, Tensor> f) {
        @Override
        public String toString() {
            return name;
        }

        List<Tensor> inputs(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Tensor> in = new ArrayList<>();
            for (int[] s : shapes) {
                in.add(leaf(random, low, high, s));
            }
            return in;
        }
    }

    private static Op op(String name, double low, double high, Function<List<Tensor>, Tensor> f, int[]... shapes) {
        return new Op(name, low, high, shapes, f);
    }

    private static int[] s(int... shape) {
        return shape;
    }

    private static void check(Op op) {
        checkGradients(op.name(), op.f(), op.inputs(op.name().hashCode()), op.name().hashCode() * 31L);
    }

    // ---- elementwise --------------------------------------------------------------------------------

    static Stream<Op> elementwise() {
        return Stream.of(
                op("add, same shape", -1, 1, t -> t.get(0).add(t.get(1)), s(2, 3), s(2, 3)),
                op("add, [2,3,4] + [3,1]", -1, 1, t -> t.get(0).add(t.get(1)), s(2, 3, 4), s(3, 1)),
                op("sub, [2,1,4] - [3,4]", -1, 1, t -> t.get(0).sub(t.get(1)), s(2, 1, 4), s(3, 4)),
                op("mul, [4,1] * [1,5]", -1, 1, t -> t.get(0).mul(t.get(1)), s(4, 1), s(1, 5)),
                op("mul, [2,3] * scalar tensor []", -1, 1, t -> t.get(0).mul(t.get(1)), s(2, 3), s()),
                op("div, [2,3,4] / [4]", 0.5, 2, t -> t.get(0).div(t.get(1)), s(2, 3, 4), s(4)),
                op("maximum, [3,4] and [4]", -1, 1, t -> t.get(0).maximum(t.get(1)), s(3, 4), s(4)),
                op("minimum, [3,1] and [1,4]", -1, 1, t -> t.get(0).minimum(t.get(1)), s(3, 1), s(1, 4)),
                op("add scalar", -1, 1, t -> t.get(0).add(0.75), s(2, 5)),
                op("sub scalar", -1, 1, t -> t.get(0).sub(0.75), s(2, 5)),
                op("mul scalar", -1, 1, t -> t.get(0).mul(-1.5), s(2, 5)),
                op("div scalar", -1, 1, t -> t.get(0).div(3.0), s(2, 5)),
                op("pow 2", -1, 1, t -> t.get(0).pow(2), s(2, 5)),
                op("pow 3", -1, 1, t -> t.get(0).pow(3), s(2, 5)),
                op("pow -0.5", 0.5, 2, t -> t.get(0).pow(-0.5), s(2, 5)),
                op("neg", -1, 1, t -> t.get(0).neg(), s(2, 5)),
                op("abs", -1, 1, t -> t.get(0).abs(), s(2, 5)),
                op("exp", -2, 2, t -> t.get(0).exp(), s(2, 5)),
                op("log", 0.5, 2, t -> t.get(0).log(), s(2, 5)),
                op("sqrt", 0.5, 2, t -> t.get(0).sqrt(), s(2, 5)),
                op("relu", -1, 1, t -> t.get(0).relu(), s(3, 7)),
                op("where, condition [3,1] broadcast", -1, 1,
                        t -> Tensor.where(Tensor.of(new double[] {1, 0, 1}, 3, 1), t.get(0), t.get(1)), s(3, 4), s(4)),
                op("to float64 of float64 (identity)", -1, 1, t -> t.get(0).to(dev.zerocost.engine.DType.FLOAT64), s(4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void elementwiseGradientsMatchFiniteDifferences(Op op) {
        check(op);
    }

    // ---- reductions -----------------------------------------------------------------------------------

    static Stream<Op> reductions() {
        return Stream.of(
                op("sum of all", -1, 1, t -> t.get(0).sum(), s(2, 3, 4)),
                op("sum over axes 0 and 2", -1, 1, t -> t.get(0).sum(false, 0, 2), s(2, 3, 4)),
                op("sum over axis -1 keeping dims", -1, 1, t -> t.get(0).sum(true, -1), s(2, 3, 4)),
                op("mean of all", -1, 1, t -> t.get(0).mean(), s(2, 3, 4)),
                op("mean over axes 0, 2, 3 keeping dims", -1, 1, t -> t.get(0).mean(true, 0, 2, 3), s(2, 3, 2, 2)),
                op("max over axis 1", -1, 1, t -> t.get(0).max(false, 1), s(2, 5, 3)),
                op("max over axes 0 and 2 keeping dims", -1, 1, t -> t.get(0).max(true, 0, 2), s(2, 3, 4)),
                op("max of all", -1, 1, t -> t.get(0).max(false), s(3, 4)),
                op("biased variance over axis 1", -1, 1, t -> t.get(0).var(false, false, 1), s(3, 5)),
                op("unbiased variance over axes 0 and 2, keeping dims", -1, 1, t -> t.get(0).var(true, true, 0, 2), s(3, 2, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductions")
    void reductionGradientsMatchFiniteDifferences(Op op) {
        check(op);
    }

    @Test
    void maxSplitsTheGradientEvenlyAmongTies() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 2, -1, -1}, 2, 3).requiresGrad(true);
        Tensor g = Autograd.grad(x.max(false, 1), List.of(x), false).get(0);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 0, 0}, g.toDoubleArray());
    }

    @Test
    void maximumSplitsTheGradientEvenlyBetweenEqualOperands() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {2, 2, 1}, 3).requiresGrad(true);
        List<Tensor> g = Autograd.grad(a.maximum(b).sum(), List.of(a, b), false);
        assertArrayEquals(new double[] {0, 0.5, 1}, g.get(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 0.5, 0}, g.get(1).toDoubleArray());
    }

    // ---- movement -------------------------------------------------------------------------------------

    static Stream<Op> movement() {
        return Stream.of(
                op("reshape [2,3,4] to [4,-1]", -1, 1, t -> t.get(0).reshape(4, -1), s(2, 3, 4)),
                op("flatten from axis 1", -1, 1, t -> t.get(0).flatten(1), s(2, 3, 2, 2)),
                op("permute (2, 0, 1)", -1, 1, t -> t.get(0).permute(2, 0, 1), s(2, 3, 4)),
                op("permute with negative axes (-1, -3, -2)", -1, 1, t -> t.get(0).permute(-1, -3, -2), s(2, 3, 4)),
                op("transpose of the last two axes", -1, 1, t -> t.get(0).transpose(), s(2, 3, 4)),
                op("slice rows [1, 3)", -1, 1, t -> t.get(0).slice(1, 3), s(4, 3)),
                op("slice rows [0, 1)", -1, 1, t -> t.get(0).slice(0, 1), s(3, 2, 2)),
                op("cat of three parts, one used twice", -1, 1,
                        t -> Tensor.cat(List.of(t.get(0), t.get(1), t.get(0))), s(2, 3), s(1, 3)),
                op("expand [3,1] to [2,3,4]", -1, 1, t -> t.get(0).expand(2, 3, 4), s(3, 1)),
                op("expand [] to [2,2]", -1, 1, t -> t.get(0).expand(2, 2), s()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("movement")
    void movementGradientsMatchFiniteDifferences(Op op) {
        check(op);
    }

    // ---- matmul -----------------------------------------------------------------------------------------

    static Stream<Op> matmuls() {
        List<Op> ops = new ArrayList<>();
        int m = 3;
        int k = 4;
        int n = 2;
        for (boolean batched : new boolean[] {false, true}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int[] a = ta ? s(k, m) : s(m, k);
                    int[] b = tb ? s(n, k) : s(k, n);
                    if (batched) {
                        a = s(2, a[0], a[1]);
                        b = s(2, b[0], b[1]);
                    }
                    String name = String.format("%s matmul, transA %s, transB %s", batched ? "batched" : "2-d", ta, tb);
                    ops.add(op(name, -1, 1, t -> Matmul.apply(t.get(0), t.get(1), ta, tb), a, b));
                }
            }
        }
        return ops.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matmuls")
    void matmulGradientsMatchFiniteDifferencesForEveryTransposeFlag(Op op) {
        check(op);
    }

    // ---- neural-network ops -----------------------------------------------------------------------------

    static Stream<Op> networkOps() {
        SplittableRandom r = new SplittableRandom(7);
        Tensor runningMean = constant(r, -0.5, 0.5, 3);
        Tensor runningVar = constant(r, 0.5, 1.5, 3);
        long[] labels = {2, 0, 4, 1};
        return Stream.of(
                op("conv2d 3x3, stride 1, padding 1", -1, 1,
                        t -> Functional.conv2d(t.get(0), t.get(1), null, 1, 1), s(2, 3, 5, 5), s(4, 3, 3, 3)),
                op("conv2d 3x3, stride 2, padding 1, odd size 7x6, bias", -1, 1,
                        t -> Functional.conv2d(t.get(0), t.get(1), t.get(2), 2, 1), s(2, 2, 7, 6), s(3, 2, 3, 3), s(3)),
                op("conv2d 3x3, stride 2, no padding", -1, 1,
                        t -> Functional.conv2d(t.get(0), t.get(1), null, 2, 0), s(1, 2, 5, 5), s(2, 2, 3, 3)),
                op("conv2d 1x1, bias", -1, 1,
                        t -> Functional.conv2d(t.get(0), t.get(1), t.get(2), 1, 0), s(2, 3, 3, 3), s(4, 3, 1, 1), s(4)),
                op("batch norm, train, affine", -1, 1,
                        t -> Functional.batchNorm2d(t.get(0), null, null, t.get(1), t.get(2), true, 0.1, 1e-5).output(),
                        s(3, 3, 2, 3), s(3), s(3)),
                op("batch norm, train, affine off, running stats updated", -1, 1,
                        t -> Functional.batchNorm2d(t.get(0), Tensor.zeros(dev.zerocost.engine.DType.FLOAT64, 3),
                                Tensor.ones(dev.zerocost.engine.DType.FLOAT64, 3), null, null, true, 0.1, 1e-5).output(),
                        s(2, 3, 3, 3)),
                op("batch norm, eval, affine", -1, 1,
                        t -> Functional.batchNorm2d(t.get(0), runningMean, runningVar, t.get(1), t.get(2), false, 0.1, 1e-5).output(),
                        s(2, 3, 2, 2), s(3), s(3)),
                op("batch norm, eval, affine off", -1, 1,
                        t -> Functional.batchNorm2d(t.get(0), runningMean, runningVar, null, null, false, 0.1, 1e-5).output(),
                        s(2, 3, 2, 2)),
                op("relu", -1, 1, t -> Functional.relu(t.get(0)), s(2, 2, 3, 3)),
                op("avg pool 3/1/1, padding counted", -1, 1,
                        t -> Functional.avgPool2d(t.get(0), 3, 1, 1, true), s(2, 2, 4, 5)),
                op("avg pool 3/1/1, padding not counted", -1, 1,
                        t -> Functional.avgPool2d(t.get(0), 3, 1, 1, false), s(2, 2, 4, 5)),
                op("avg pool 3/2/1, padding not counted", -1, 1,
                        t -> Functional.avgPool2d(t.get(0), 3, 2, 1, false), s(1, 2, 7, 7)),
                op("avg pool 2/2/0", -1, 1, t -> Functional.avgPool2d(t.get(0), 2, 2, 0, true), s(2, 2, 4, 6)),
                op("max pool 3/2/1", -1, 1, t -> Functional.maxPool2d(t.get(0), 3, 2, 1), s(2, 2, 7, 7)),
                op("max pool 2/2/0", -1, 1, t -> Functional.maxPool2d(t.get(0), 2, 2, 0), s(2, 2, 4, 4)),
                op("max pool 3/1/1 (overlapping windows)", -1, 1, t -> Functional.maxPool2d(t.get(0), 3, 1, 1), s(1, 2, 4, 4)),
                op("adaptive avg pool to 1x1", -1, 1, t -> Functional.adaptiveAvgPool2d(t.get(0), 1, 1), s(2, 3, 3, 3)),
                op("adaptive avg pool to 2x2", -1, 1, t -> Functional.adaptiveAvgPool2d(t.get(0), 2, 2), s(2, 2, 4, 4)),
                op("linear with bias", -1, 1, t -> Functional.linear(t.get(0), t.get(1), t.get(2)), s(3, 5), s(4, 5), s(4)),
                op("linear without bias", -1, 1, t -> Functional.linear(t.get(0), t.get(1), null), s(3, 5), s(4, 5)),
                op("log softmax over axis 1", -3, 3, t -> Functional.logSoftmax(t.get(0), 1), s(3, 5)),
                op("log softmax over axis 0", -3, 3, t -> Functional.logSoftmax(t.get(0), 0), s(3, 5)),
                op("cross entropy", -3, 3, t -> Functional.crossEntropy(t.get(0), Tensor.ofLongs(labels, 4)), s(4, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networkOps")
    void networkOpGradientsMatchFiniteDifferences(Op op) {
        check(op);
    }

    // ---- second order -----------------------------------------------------------------------------------

    /** sum(w * y * y): a loss whose Hessian passes through the op's backward-of-backward. */
    private static Tensor squaredLoss(Tensor y, long seed) {
        Tensor w = constant(new SplittableRandom(seed), -1, 1, y.shape());
        return y.mul(y).mul(w).sum();
    }

    private static void hvp(String what, Function<List<Tensor>, Tensor> loss, long seed, int[]... shapes) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> params = new ArrayList<>();
        for (int[] shape : shapes) {
            params.add(leaf(r, -1, 1, shape));
        }
        checkHessianVectorProduct(what, loss, params, seed + 1);
    }

    @Test
    void conv2dHessianVectorProductsMatchFiniteDifferences() {
        hvp("conv2d, stride 1", t -> squaredLoss(Functional.conv2d(t.get(0), t.get(1), t.get(2), 1, 1), 11),
                11, s(2, 2, 5, 5), s(3, 2, 3, 3), s(3));
        hvp("conv2d, stride 2", t -> squaredLoss(Functional.conv2d(t.get(0), t.get(1), null, 2, 1), 12),
                12, s(1, 2, 6, 5), s(2, 2, 3, 3));
    }

    @Test
    void conv2dWithALinearLossStillHasCrossTermsBetweenInputAndWeight() {
        hvp("sum(w * conv2d(x, weight))", t -> Functional.conv2d(t.get(0), t.get(1), null, 1, 1)
                .mul(constant(new SplittableRandom(13), -1, 1, 2, 3, 4, 4)).sum(), 13, s(2, 2, 4, 4), s(3, 2, 3, 3));
    }

    @ParameterizedTest(name = "training {0}")
    @ValueSource(booleans = {true, false})
    void batchNormHessianVectorProductsMatchFiniteDifferences(boolean training) {
        SplittableRandom r = new SplittableRandom(21);
        Tensor runningMean = constant(r, -0.5, 0.5, 3);
        Tensor runningVar = constant(r, 0.5, 1.5, 3);
        hvp("batch norm, training " + training,
                t -> squaredLoss(Functional.batchNorm2d(t.get(0), runningMean, runningVar, t.get(1), t.get(2), training,
                        0.1, 1e-5).output(), 22), 23, s(3, 3, 2, 3), s(3), s(3));
        if (training) {
            hvp("batch norm, training, linear loss", t -> Functional.batchNorm2d(t.get(0), null, null, t.get(1), t.get(2),
                    true, 0.1, 1e-5).output().mul(constant(new SplittableRandom(24), -1, 1, 3, 3, 2, 3)).sum(),
                    25, s(3, 3, 2, 3), s(3), s(3));
        }
    }

    /**
     * With the graph on, batch norm's input and weight gradients are nodes valued by the fused
     * backward (their derivatives come from elsewhere): the same values as without the graph, bit
     * for bit; the bias gradient is a generic sum there, within a few float64 roundings.
     */
    @Test
    void batchNormGradientsWithTheGraphOnEqualThoseWithout() {
        SplittableRandom r = new SplittableRandom(26);
        List<Tensor> params = List.of(leaf(r, -1, 1, s(3, 4, 3, 5)), leaf(r, -1, 1, s(4)), leaf(r, -1, 1, s(4)));
        Function<List<Tensor>, Tensor> loss = t -> squaredLoss(Functional.batchNorm2d(t.get(0), null, null, t.get(1), t.get(2),
                true, 0.1, 1e-5).output(), 27);
        List<Tensor> plain = Autograd.grad(loss.apply(params), params, false);
        List<Tensor> graph = Autograd.grad(loss.apply(params), params, true);
        for (int i = 0; i < params.size(); i++) {
            double[] a = plain.get(i).toDoubleArray();
            double[] b = graph.get(i).toDoubleArray();
            double scale = 0;
            for (double v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, "gradient " + i + " is not all zero");
            for (int k = 0; k < a.length; k++) {
                assertEquals(a[k], b[k], i < 2 ? 0.0 : 1e-15 * scale, "gradient " + i + ", element " + k);
            }
        }
    }

    @Test
    void aThirdDerivativeThroughTrainModeBatchNormIsRefusedByName() {
        SplittableRandom r = new SplittableRandom(28);
        Tensor x = leaf(r, -1, 1, s(2, 3, 2, 2));
        Tensor loss = squaredLoss(Functional.batchNorm2d(x, null, null, null, null, true, 0.1, 1e-5).output(), 29);
        Tensor g = Autograd.grad(loss, List.of(x), true).get(0);
        Tensor v = constant(r, -1, 1, 2, 3, 2, 2);
        UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> Autograd.grad(g.mul(v).sum(), List.of(x), true));
        assertTrue(e.getMessage().contains("batch_norm"), e.getMessage());
    }

    @ParameterizedTest(name = "count padding {0}")
    @ValueSource(booleans = {true, false})
    void avgPoolHessianVectorProductsMatchFiniteDifferences(boolean countIncludePad) {
        hvp("avg pool 3/1/1", t -> squaredLoss(Functional.avgPool2d(t.get(0), 3, 1, 1, countIncludePad), 31), 32, s(2, 2, 5, 4));
        hvp("avg pool 3/2/1", t -> squaredLoss(Functional.avgPool2d(t.get(0), 3, 2, 1, countIncludePad), 33), 34, s(1, 2, 7, 7));
    }

    @Test
    void maxPoolHessianVectorProductsMatchFiniteDifferences() {
        hvp("max pool 3/2/1", t -> squaredLoss(Functional.maxPool2d(t.get(0), 3, 2, 1), 41), 42, s(2, 2, 7, 7));
        hvp("max pool 2/2/0", t -> squaredLoss(Functional.maxPool2d(t.get(0), 2, 2, 0), 43), 44, s(2, 2, 4, 4));
    }

    @Test
    void adaptivePoolHessianVectorProductsMatchFiniteDifferences() {
        hvp("adaptive avg pool 1x1", t -> squaredLoss(Functional.adaptiveAvgPool2d(t.get(0), 1, 1), 45), 46, s(2, 3, 3, 3));
    }

    @Test
    void linearHessianVectorProductsMatchFiniteDifferences() {
        hvp("linear", t -> squaredLoss(Functional.linear(t.get(0), t.get(1), t.get(2)), 51), 52, s(3, 5), s(4, 5), s(4));
    }

    @Test
    void crossEntropyHessianVectorProductsMatchFiniteDifferences() {
        Tensor labels = Tensor.ofLongs(new long[] {2, 0, 4, 1}, 4);
        hvp("cross entropy of logits", t -> Functional.crossEntropy(t.get(0), labels), 61, s(4, 5));
        hvp("cross entropy of linear", t -> Functional.crossEntropy(Functional.linear(t.get(0), t.get(1), t.get(2)), labels),
                62, s(4, 6), s(5, 6), s(5));
    }

    @Test
    void logSoftmaxAndMaxHessianVectorProductsMatchFiniteDifferences() {
        hvp("log softmax", t -> squaredLoss(Functional.logSoftmax(t.get(0), 1), 63), 64, s(3, 4));
        hvp("max over axis 1", t -> squaredLoss(t.get(0).max(false, 1), 65), 66, s(3, 4));
        hvp("division and sqrt", t -> t.get(0).div(t.get(1).mul(t.get(1)).add(1.0).sqrt()).sum(), 67, s(5), s(5));
    }

    /** conv -> BN (train) -> relu -> avg pool -> linear -> cross entropy, second order in every parameter and the input. */
    @Test
    void aTinyNetworkHasHessianVectorProductsThatMatchFiniteDifferences() {
        Tensor labels = Tensor.ofLongs(new long[] {1, 3}, 2);
        Function<List<Tensor>, Tensor> loss = t -> {
            Tensor h = Functional.conv2d(t.get(0), t.get(1), null, 1, 1);
            h = Functional.batchNorm2d(h, null, null, t.get(2), t.get(3), true, 0.1, 1e-5).output();
            h = Functional.avgPool2d(Functional.relu(h), 2, 2, 0, true);
            Tensor logits = Functional.linear(h.flatten(1), t.get(4), t.get(5));
            return Functional.crossEntropy(logits, labels);
        };
        hvp("conv -> BN -> relu -> pool -> linear -> CE", loss, 71,
                s(2, 2, 4, 4), s(3, 2, 3, 3), s(3), s(3), s(4, 12), s(4));
        checkGradients("conv -> BN -> relu -> pool -> linear -> CE, first order", loss,
                Arrays.asList(leaf(new SplittableRandom(72), -1, 1, 2, 2, 4, 4), leaf(new SplittableRandom(73), -1, 1, 3, 2, 3, 3),
                        leaf(new SplittableRandom(74), 0.5, 1.5, 3), leaf(new SplittableRandom(75), -1, 1, 3),
                        leaf(new SplittableRandom(76), -1, 1, 4, 12), leaf(new SplittableRandom(77), -1, 1, 4)), 78);
    }
}
