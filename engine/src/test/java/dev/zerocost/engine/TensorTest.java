package dev.zerocost.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.io.NdArray;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Tensor creation, facts, shape and dtype rules, reductions, movement, casts, comparisons and where. */
class TensorTest {

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
        }
    }

    private static Tensor range(int... shape) {
        long n = Shapes.size(shape);
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.of(v, shape);
    }

    // ---- creation -----------------------------------------------------------------------------------

    @Test
    void zerosOnesAndFullHaveTheirShapeDtypeAndValue() {
        Tensor z = Tensor.zeros(DType.FLOAT64, 2, 3);
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertEquals(DType.FLOAT64, z.dtype());
        assertEquals(6, z.size());
        assertEquals(2, z.rank());
        assertArrayEquals(new double[6], z.toDoubleArray());

        Tensor o = Tensor.ones(4);
        assertEquals(DType.FLOAT32, o.dtype(), "float32 is the default dtype");
        assertArrayEquals(new float[] {1, 1, 1, 1}, o.toFloatArray());

        Tensor f = Tensor.full(2.5, DType.FLOAT32, 2, 1, 2);
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, f.toFloatArray());
        assertEquals(1, f.dim(1));
        assertEquals(2, f.dim(-1));

        Tensor s = Tensor.scalar(-3.0, DType.FLOAT64);
        assertEquals(0, s.rank());
        assertEquals(-3.0, s.item());
    }

    @Test
    void ofKeepsTheDataAndShapeOfEveryDtype() {
        assertArrayEquals(new float[] {1.5f, -2f}, Tensor.of(new float[] {1.5f, -2f}, 2).toFloatArray());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4}, 2, 2).toDoubleArray());
        Tensor labels = Tensor.ofLongs(new long[] {3, 0, 7}, 3);
        assertEquals(DType.INT64, labels.dtype());
        assertArrayEquals(new long[] {3, 0, 7}, labels.toLongArray());
        NdArray back = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).toNdArray();
        assertArrayEquals(new int[] {3, 2}, back.shape());
        assertEquals(DType.FLOAT64, back.dtype());
    }

    @Test
    void ofRejectsDataThatDoesNotFillTheShape() {
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2)), "3", "[2, 2]", "4");
    }

    @Test
    void arangeCountsFromZeroInTheAskedDtype() {
        Tensor a = Tensor.arange(4, DType.FLOAT32);
        assertEquals(DType.FLOAT32, a.dtype());
        assertArrayEquals(new float[] {0, 1, 2, 3}, a.toFloatArray());
        assertArrayEquals(new long[] {0, 1, 2}, Tensor.arange(3, DType.INT64).toLongArray());
        assertEquals(0, Tensor.arange(0, DType.FLOAT64).size());
    }

    @Test
    void onlyFloatingLeavesCanRequireGradients() {
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.ofLongs(new long[] {1}, 1).requiresGrad(true)), "int64");
        Tensor x = Tensor.ones(DType.FLOAT64, 2).requiresGrad(true);
        Tensor y = x.mul(2.0);
        assertFalse(y.isLeaf());
        assertMentions(message(IllegalStateException.class, () -> y.requiresGrad(true)), "leaf");
        Tensor d = y.detach();
        assertTrue(d.isLeaf());
        assertFalse(d.requiresGrad());
        assertArrayEquals(new double[] {2, 2}, d.toDoubleArray());
    }

    // ---- shape and dtype errors ------------------------------------------------------------------------

    @Test
    void elementwiseOpsOnIncompatibleShapesNameBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4);
        assertMentions(message(IllegalArgumentException.class, () -> a.add(b)), "[2, 3]", "[4]");
        assertMentions(message(IllegalArgumentException.class, () -> a.mul(Tensor.zeros(3, 3))), "[2, 3]", "[3, 3]");
    }

    @Test
    void mixedDtypesNameBothDtypesAndShapesAndSayHowToFixIt() {
        String m = message(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT32, 2).sub(Tensor.zeros(DType.FLOAT64, 1, 2)));
        assertMentions(m, "float32", "float64", "[2]", "[1, 2]", ".to(");
    }

    @Test
    void matmulConvolutionAndLinearNameBothShapesWhenTheyDisagree() {
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5))), "[2, 3]", "[4, 5]");
        assertMentions(message(IllegalArgumentException.class,
                () -> Functional.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 2, 3, 3), null, 1, 1)), "[1, 3, 5, 5]", "[4, 2, 3, 3]");
        assertMentions(message(IllegalArgumentException.class,
                () -> Functional.linear(Tensor.zeros(2, 6), Tensor.zeros(3, 5), null)), "[2, 6]", "[3, 5]");
        assertMentions(message(IllegalArgumentException.class,
                () -> Functional.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 3, 3, 3), Tensor.zeros(3), 1, 1)), "[4]", "[3]");
    }

    @Test
    void reshapeNamesBothShapesAndAllowsOneInferredAxis() {
        assertArrayEquals(new int[] {3, 4}, range(2, 6).reshape(3, -1).shape());
        assertMentions(message(IllegalArgumentException.class, () -> range(2, 6).reshape(5, 2)), "[2, 6]", "[5, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> range(2, 6).reshape(-1, -1)), "only one axis");
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, range(2, 3).reshape(6).toDoubleArray());
        assertArrayEquals(new int[] {2, 12}, range(2, 3, 2, 2).flatten(1).shape());
    }

    @Test
    void movementErrorsNameTheShapes() {
        assertMentions(message(IllegalArgumentException.class, () -> range(2, 3).expand(2, 4)), "[2, 3]", "[2, 4]");
        assertMentions(message(IllegalArgumentException.class, () -> range(2, 3).permute(0)), "[2, 3]");
        assertMentions(message(IllegalArgumentException.class, () -> range(2, 3).permute(1, 1)), "repeats");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.cat(List.of(range(2, 3), range(2, 4)))), "[2, 3]", "[2, 4]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.cat(List.of(range(2), Tensor.scalar(1, DType.FLOAT64)))),
                "0-d", "[1]");
        assertMentions(message(IllegalArgumentException.class, () -> range(2, 3).sum(false, 2)), "axis 2", "[2, 3]");
    }

    // ---- broadcasting -------------------------------------------------------------------------------

    @Test
    void broadcastingStretchesSizeOneAxesAndPrependsMissingOnes() {
        Tensor col = Tensor.of(new double[] {10, 20, 30}, 3, 1);
        Tensor row = Tensor.of(new double[] {1, 2, 3, 4}, 1, 4);
        Tensor sum = col.add(row);
        assertArrayEquals(new int[] {3, 4}, sum.shape());
        assertArrayEquals(new double[] {11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34}, sum.toDoubleArray());

        Tensor lower = Tensor.of(new double[] {1, 2}, 2).mul(range(3, 1, 2)); // [2] against [3, 1, 2]
        assertArrayEquals(new int[] {3, 1, 2}, lower.shape());
        assertArrayEquals(new double[] {0, 2, 2, 6, 4, 10}, lower.toDoubleArray());

        Tensor withScalar = range(2, 2).sub(Tensor.scalar(1, DType.FLOAT64));
        assertArrayEquals(new double[] {-1, 0, 1, 2}, withScalar.toDoubleArray());

        Tensor both = range(2, 1, 3).div(Tensor.of(new double[] {1, 2}, 2, 1)); // -> [2, 2, 3]
        assertArrayEquals(new int[] {2, 2, 3}, both.shape());
        assertArrayEquals(new double[] {0, 1, 2, 0, 0.5, 1, 3, 4, 5, 1.5, 2, 2.5}, both.toDoubleArray());
    }

    @Test
    void broadcastGradientsAreSummedBackToEachInputShape() {
        Tensor a = Tensor.ones(DType.FLOAT64, 3, 1).requiresGrad(true);
        Tensor b = Tensor.ones(DType.FLOAT64, 4).requiresGrad(true);
        List<Tensor> g = Autograd.grad(a.add(b).sum(), List.of(a, b), false);
        assertArrayEquals(new int[] {3, 1}, g.get(0).shape());
        assertArrayEquals(new double[] {4, 4, 4}, g.get(0).toDoubleArray());
        assertArrayEquals(new double[] {3, 3, 3, 3}, g.get(1).toDoubleArray());
    }

    // ---- elementwise values ------------------------------------------------------------------------------

    @Test
    void unaryOpsComputeTheirMathematicalMeaning() {
        Tensor x = Tensor.of(new double[] {-2, -0.5, 0, 1.5}, 4);
        assertArrayEquals(new double[] {2, 0.5, 0, 1.5}, x.abs().toDoubleArray());
        assertArrayEquals(new double[] {2, 0.5, -0.0, -1.5}, x.neg().toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0, 1.5}, x.relu().toDoubleArray());
        assertArrayEquals(new double[] {-1, -1, 0, 1}, x.sign().toDoubleArray());
        assertArrayEquals(new double[] {4, 0.25, 0, 2.25}, x.pow(2).toDoubleArray());
        assertArrayEquals(new double[] {-1, 0.5, 1, 2.5}, x.add(1).toDoubleArray());
        assertArrayEquals(new double[] {-3, -1.5, -1, 0.5}, x.sub(1).toDoubleArray());
        assertArrayEquals(new double[] {-1, -0.25, 0, 0.75}, x.div(2).toDoubleArray());
        Tensor p = Tensor.of(new double[] {1, 4, Math.E}, 3);
        assertArrayEquals(new double[] {0, Math.log(4), 1}, p.log().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1, 2, Math.sqrt(Math.E)}, p.sqrt().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {Math.E, Math.exp(4), Math.exp(Math.E)}, p.exp().toDoubleArray(), 1e-12);
    }

    @Test
    void float32ScalarOpsRoundTheScalarToFloat32FirstAsPyTorchDoes() {
        Tensor x = Tensor.of(new float[] {1f, 3f}, 2);
        assertArrayEquals(new float[] {1f + 0.1f, 3f + 0.1f}, x.add(0.1).toFloatArray());
        assertArrayEquals(new float[] {1f * 0.1f, 3f * 0.1f}, x.mul(0.1).toFloatArray());
    }

    @Test
    void nanPropagatesThroughMaximumAndIsFoundByIsNan() {
        Tensor a = Tensor.of(new double[] {Double.NaN, 1, 2}, 3);
        Tensor b = Tensor.of(new double[] {0, Double.NaN, 1}, 3);
        double[] m = a.maximum(b).toDoubleArray();
        assertTrue(Double.isNaN(m[0]) && Double.isNaN(m[1]));
        assertEquals(2, m[2]);
        assertArrayEquals(new double[] {1, 0, 0}, a.isNan().toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 0}, a.minimum(Tensor.of(new double[] {0, 0, 1}, 3)).isNan().toDoubleArray());
        assertTrue(Double.isNaN(a.sum().item()), "a sum with a NaN is NaN");
        assertTrue(Double.isNaN(a.max(false).item()), "a max with a NaN is NaN, as torch.amax");
    }

    // ---- reductions -------------------------------------------------------------------------------------

    @Test
    void sumsOverChosenAxesKeepOrDropThem() {
        Tensor x = range(2, 3, 4);
        assertEquals(276, x.sum().item());
        assertEquals(0, x.sum().rank());

        Tensor s02 = x.sum(false, 0, 2);
        assertArrayEquals(new int[] {3}, s02.shape());
        assertArrayEquals(new double[] {60, 92, 124}, s02.toDoubleArray());

        Tensor kept = x.sum(true, 0, 2);
        assertArrayEquals(new int[] {1, 3, 1}, kept.shape());
        assertArrayEquals(s02.toDoubleArray(), kept.toDoubleArray());

        Tensor last = x.sum(true, -1);
        assertArrayEquals(new int[] {2, 3, 1}, last.shape());
        assertArrayEquals(new double[] {6, 22, 38, 54, 70, 86}, last.toDoubleArray());
    }

    @Test
    void meansAndMaximaOverChosenAxes() {
        Tensor x = range(2, 3, 4);
        assertEquals(11.5, x.mean().item());
        assertArrayEquals(new double[] {7.5, 11.5, 15.5}, x.mean(false, 0, 2).toDoubleArray());
        assertArrayEquals(new int[] {2, 1, 1}, x.mean(true, 1, 2).shape());

        Tensor m = x.max(false, 1);
        assertArrayEquals(new int[] {2, 4}, m.shape());
        assertArrayEquals(new double[] {8, 9, 10, 11, 20, 21, 22, 23}, m.toDoubleArray());
        assertArrayEquals(new int[] {1, 3, 1}, x.max(true, 0, 2).shape());
        assertEquals(23, x.max(false).item());
        assertEquals(-1, Tensor.of(new double[] {-3, -1, -2}, 3).max(false).item(), "max of negatives is not 0");
    }

    @Test
    void varianceIsBiasedOrUnbiasedOnRequest() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 2, 2, 2, 6}, 2, 4);
        assertArrayEquals(new double[] {1.25, 3}, x.var(false, false, 1).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {5.0 / 3, 4}, x.var(false, true, 1).toDoubleArray(), 1e-15);
        Tensor kept = x.var(true, true, 0);
        assertArrayEquals(new int[] {1, 4}, kept.shape());
        assertArrayEquals(new double[] {0.5, 0, 0.5, 2}, kept.toDoubleArray(), 1e-15);
    }

    // ---- movement ---------------------------------------------------------------------------------------

    @Test
    void permuteAndTransposeReorderTheData() {
        Tensor x = range(2, 3);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, x.transpose().toDoubleArray());
        Tensor p = range(2, 3, 4).permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertArrayEquals(new double[] {0, 4, 8, 12, 16, 20}, p.slice(0, 1).toDoubleArray());
    }

    @Test
    void slicingTakesRowsOfTheFirstAxis() {
        Tensor x = range(4, 2);
        Tensor s = x.slice(1, 3);
        assertArrayEquals(new int[] {2, 2}, s.shape());
        assertArrayEquals(new double[] {2, 3, 4, 5}, s.toDoubleArray());
        assertEquals(0, x.slice(2, 2).size());
    }

    @Test
    void slicingOutOfRangeNamesTheRangeAndTheShape() {
        Tensor x = range(4, 2);
        assertMentions(message(IllegalArgumentException.class, () -> x.slice(3, 1)), "[3, 1)", "[4, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> x.slice(0, 5)), "[0, 5)", "[4, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> x.slice(-1, 2)), "[-1, 2)", "[4, 2]");
        assertMentions(message(IllegalArgumentException.class, () -> Tensor.scalar(1, DType.FLOAT64).slice(0, 1)), "[]");
    }

    @Test
    void catJoinsAlongTheFirstAxisAndExpandCopies() {
        Tensor c = Tensor.cat(List.of(range(1, 2), range(2, 2).add(10)));
        assertArrayEquals(new int[] {3, 2}, c.shape());
        assertArrayEquals(new double[] {0, 1, 10, 11, 12, 13}, c.toDoubleArray());
        Tensor e = Tensor.of(new double[] {1, 2}, 2, 1).expand(2, 2, 3);
        assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2}, e.toDoubleArray());
    }

    @Test
    void emptyTensorsFlowThroughOpsAndSumToZero() {
        Tensor e = Tensor.zeros(DType.FLOAT64, 0, 3);
        assertEquals(0, e.size());
        assertArrayEquals(new int[] {0, 3}, e.add(1.0).shape());
        assertArrayEquals(new int[] {0, 3}, e.mul(Tensor.ones(DType.FLOAT64, 3)).shape());
        assertEquals(0, e.sum().item());
        assertArrayEquals(new double[] {0, 0, 0}, e.sum(false, 0).toDoubleArray());
        assertArrayEquals(new int[] {3, 0}, e.reshape(3, -1).shape());
        assertArrayEquals(new int[] {3, 0}, e.transpose().shape());
        Tensor c = Tensor.cat(List.of(e, Tensor.ones(DType.FLOAT64, 2, 3)));
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, c.toDoubleArray());
    }

    @Test
    void anInferredAxisOfAnEmptyTensorIsAmbiguousAndRefused() {
        Tensor e = Tensor.zeros(DType.FLOAT64, 0, 3);
        assertMentions(message(IllegalArgumentException.class, () -> e.reshape(0, -1)), "[0, 3]", "[0, -1]");
    }

    @Test
    void negativeSizesOtherThanOneInferredAxisAreRefused() {
        assertMentions(message(IllegalArgumentException.class, () -> range(2, 3).reshape(-2, -3)), "[2, 3]", "[-2, -3]", ">= 0");
    }

    // ---- item and casts --------------------------------------------------------------------------------

    @Test
    void itemReadsOneElementAndOtherwiseNamesTheShape() {
        assertEquals(4.5, Tensor.full(4.5, DType.FLOAT32, 1, 1).item());
        assertEquals(7, Tensor.ofLongs(new long[] {7}, 1).item());
        assertMentions(message(IllegalStateException.class, () -> Tensor.zeros(2, 3).item()), "one-element", "[2, 3]");
    }

    @Test
    void castsRoundTripAndRoundOrTruncateAsDocumented() {
        float[] f = {0.1f, -3.75f, 1e-30f, 16777217f};
        Tensor x = Tensor.of(f, 4);
        assertSame(x, x.to(DType.FLOAT32), "a cast to the same dtype is the tensor itself");
        Tensor back = x.to(DType.FLOAT64).to(DType.FLOAT32);
        assertArrayEquals(f, back.toFloatArray(), "float32 -> float64 -> float32 is exact");
        assertEquals((double) 0.1f, x.to(DType.FLOAT64).toDoubleArray()[0]);

        Tensor d = Tensor.of(new double[] {0.1, 1.0 + 1e-12}, 2).to(DType.FLOAT32);
        assertArrayEquals(new float[] {0.1f, 1f}, d.toFloatArray(), "float64 -> float32 rounds to nearest");

        Tensor i = Tensor.of(new double[] {-1.7, 2.9, 3.0}, 3).to(DType.INT64);
        assertArrayEquals(new long[] {-1, 2, 3}, i.toLongArray(), "float -> int64 truncates toward zero");
        assertArrayEquals(new double[] {-1, 2, 3}, i.to(DType.FLOAT64).toDoubleArray());
    }

    @Test
    void gradientsThroughACastComeBackInTheSourceDtype() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.to(DType.FLOAT64).mul(Tensor.of(new double[] {0.1, 3}, 2)).sum();
        Tensor g = Autograd.grad(y, List.of(x), false).get(0);
        assertEquals(DType.FLOAT32, g.dtype());
        assertArrayEquals(new float[] {0.1f, 3f}, g.toFloatArray());
    }

    // ---- comparisons and where -------------------------------------------------------------------------

    @Test
    void comparisonsGiveOnesAndZerosWithBroadcastingAndNoGradient() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor b = Tensor.scalar(2, DType.FLOAT64);
        assertArrayEquals(new double[] {0, 0, 1}, a.gt(b).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 1}, a.ge(b).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 0}, a.lt(b).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 0}, a.le(b).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 0}, a.eq(b).toDoubleArray());
        assertFalse(a.gt(b).requiresGrad(), "comparisons are not differentiable");
        Tensor grid = Tensor.of(new double[] {1, 2}, 2, 1).lt(Tensor.of(new double[] {0, 1.5, 3}, 3));
        assertArrayEquals(new int[] {2, 3}, grid.shape());
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 1}, grid.toDoubleArray());
    }

    @Test
    void whereSelectsWithBroadcastingAndRoutesGradientsToTheChosenSide() {
        Tensor cond = Tensor.of(new double[] {1, 0}, 2, 1);
        Tensor a = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor b = Tensor.scalar(-1, DType.FLOAT64).requiresGrad(true);
        Tensor w = Tensor.where(cond, a, b);
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertArrayEquals(new double[] {1, 2, 3, -1, -1, -1}, w.toDoubleArray());
        List<Tensor> g = Autograd.grad(w.sum(), List.of(a, b), false);
        assertArrayEquals(new double[] {1, 1, 1}, g.get(0).toDoubleArray());
        assertEquals(3, g.get(1).item());
    }

    @Test
    void describesItselfWithDtypeShapeAndGradientFunction() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        assertMentions(x.toString(), "float64", "[2, 3]", "requires_grad");
        assertMentions(x.mul(2.0).toString(), "grad_fn=mul_scalar");
        assertNull(x.grad());
    }
}
