package dev.zerocost.engine.autograd;

import static dev.zerocost.engine.autograd.GradientChecks.assertClose;
import static dev.zerocost.engine.autograd.GradientChecks.constant;
import static dev.zerocost.engine.autograd.GradientChecks.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The graph walker (DESIGN.md examples 4 and 5): fan-out accumulation, walking only the nodes
 * between outputs and inputs, detached versus differentiable results, and backward()'s
 * accumulation into leaves.
 */
class FanOutTest {

    /** NB-201's node 0 feeds three edges whose results are summed: relu -> conv 3x3, avg pool 3/1/1, identity. */
    private static Tensor nodeZero(Tensor x, Tensor weight) {
        Tensor conv = Functional.conv2d(Functional.relu(x), weight, null, 1, 1);
        Tensor pool = Functional.avgPool2d(x, 3, 1, 1, false);
        return conv.add(pool).add(x);
    }

    @Test
    void aTensorFeedingThreeBranchesGetsTheSumOfTheBranchGradients() {
        SplittableRandom r = new SplittableRandom(1);
        Tensor x = leaf(r, -1, 1, 2, 3, 5, 5);
        Tensor weight = constant(r, -0.3, 0.3, 3, 3, 3, 3);
        Tensor seed = constant(r, -1, 1, 2, 3, 5, 5);

        Tensor together = Autograd.grad(List.of(nodeZero(x, weight)), List.of(x), List.of(seed), false).get(0);

        Tensor viaConv = Autograd.grad(List.of(Functional.conv2d(Functional.relu(x), weight, null, 1, 1)),
                List.of(x), List.of(seed), false).get(0);
        Tensor viaPool = Autograd.grad(List.of(Functional.avgPool2d(x, 3, 1, 1, false)), List.of(x), List.of(seed), false).get(0);
        double[] expected = viaConv.add(viaPool).add(seed).toDoubleArray(); // identity passes the seed through

        assertArrayEquals(expected, together.toDoubleArray(), 1e-14);
        // each branch really contributes: dropping any one of them changes the result
        assertFalse(Arrays.equals(viaConv.add(seed).toDoubleArray(), together.toDoubleArray()));
        assertFalse(Arrays.equals(viaPool.add(seed).toDoubleArray(), together.toDoubleArray()));
    }

    @Test
    void aTensorFeedingThreeBranchesHasGradientsThatMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(2);
        List<Tensor> inputs = List.of(leaf(r, -1, 1, 2, 3, 5, 5), leaf(r, -0.3, 0.3, 3, 3, 3, 3));
        GradientChecks.checkGradients("NB-201 node 0", t -> nodeZero(t.get(0), t.get(1)), inputs, 3);
    }

    @Test
    void aTensorReadTwiceByOneOpGetsBothContributions() {
        Tensor x = Tensor.of(new double[] {1, -2, 3}, 3).requiresGrad(true);
        assertArrayEquals(new double[] {2, -4, 6}, Autograd.grad(x.mul(x).sum(), List.of(x), false).get(0).toDoubleArray());
        assertArrayEquals(new double[] {2, 2, 2}, Autograd.grad(x.add(x).sum(), List.of(x), false).get(0).toDoubleArray());
    }

    @Test
    void fanOutGradientsAreAccumulatedBeforeTheProducingNodeRunsItsBackwardOnce() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        CountingIdentity counter = new CountingIdentity();
        Tensor shared = counter.apply(x);
        Tensor out = shared.mul(2.0).add(shared.mul(3.0)).add(shared).sum();
        Tensor g = Autograd.grad(out, List.of(x), false).get(0);
        assertArrayEquals(new double[] {6, 6}, g.toDoubleArray());
        assertEquals(1, counter.calls, "the shared node must receive its three gradients summed, in one backward call");
    }

    @Test
    void gradWalksOnlyTheNodesBetweenOutputsAndInputs() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor other = Tensor.of(new double[] {4, 5, 6}, 3).requiresGrad(true);
        Tensor branch = new ForbiddenBackward().apply(other.mul(other)); // leads to `other` only
        Tensor out = x.mul(2.0).add(branch).sum();

        Tensor g = Autograd.grad(out, List.of(x), false).get(0);

        assertArrayEquals(new double[] {2, 2, 2}, g.toDoubleArray());
        // the same branch is walked when its input is asked for: the guard really guards
        AssertionError walked = assertThrows(AssertionError.class, () -> Autograd.grad(out, List.of(other), false));
        assertTrue(walked.getMessage().contains("backward"), walked.getMessage());
    }

    @Test
    void anInputTheOutputDoesNotDependOnGetsZerosOfItsShapeAndDtype() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor unrelated = Tensor.zeros(DType.FLOAT64, 2, 3).add(7.0).requiresGrad(true);
        List<Tensor> g = Autograd.grad(x.mul(x).sum(), List.of(x, unrelated), false);
        assertArrayEquals(new double[] {2, 4}, g.get(0).toDoubleArray());
        assertArrayEquals(new int[] {2, 3}, g.get(1).shape());
        assertEquals(DType.FLOAT64, g.get(1).dtype());
        assertArrayEquals(new double[6], g.get(1).toDoubleArray());
    }

    @Test
    void gradientsWithRespectToIntermediateActivationsStopThere() {
        Tensor x = Tensor.of(new double[] {1, -2, 3}, 3).requiresGrad(true);
        CountingIdentity below = new CountingIdentity();
        Tensor activation = below.apply(x).mul(2.0).relu(); // [2, 0, 6]
        Tensor out = activation.mul(activation).sum();
        List<Tensor> g = Autograd.grad(out, List.of(activation, x), false);
        assertArrayEquals(new double[] {4, 0, 12}, g.get(0).toDoubleArray());
        assertArrayEquals(new double[] {8, 0, 24}, g.get(1).toDoubleArray());
        assertEquals(1, below.calls);
        Autograd.grad(out, List.of(activation), false);
        assertEquals(1, below.calls, "asking only for the activation must not walk below it");
    }

    @Test
    void gradientsWithoutCreateGraphAreConstants() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor g = Autograd.grad(x.mul(x).mul(x).sum(), List.of(x), false).get(0);
        assertFalse(g.requiresGrad());
        assertNull(g.gradFn());
        assertArrayEquals(new double[] {3, 12}, g.toDoubleArray());
    }

    @Test
    void gradientsWithCreateGraphCanBeDifferentiatedAgain() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor g = Autograd.grad(x.mul(x).mul(x).sum(), List.of(x), true).get(0); // 3 x^2
        assertTrue(g.requiresGrad());
        Tensor gg = Autograd.grad(g.sum(), List.of(x), false).get(0); // 6 x
        assertArrayEquals(new double[] {6, 12}, gg.toDoubleArray());
    }

    @Test
    void backwardAccumulatesIntoLeafGradientsAcrossCalls() {
        Tensor x = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
        Tensor constant = Tensor.of(new double[] {3, 4}, 2);
        Tensor y = x.mul(x).mul(constant).sum();
        y.backward();
        assertArrayEquals(new double[] {6, -16}, x.grad().toDoubleArray());
        y.backward();
        assertArrayEquals(new double[] {12, -32}, x.grad().toDoubleArray());
        x.add(constant).sum().backward(); // a fresh graph adds ones
        assertArrayEquals(new double[] {13, -31}, x.grad().toDoubleArray());
        assertNull(constant.grad(), "a tensor that does not require a gradient gets none");
        assertFalse(x.grad().requiresGrad());
    }

    @Test
    void backwardOfATensorThatNeedsNoGradientSaysSo() {
        Tensor c = Tensor.of(new double[] {1, 2}, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.mul(c).sum().backward());
        assertTrue(e.getMessage().contains("does not depend on any tensor that requires a gradient"), e.getMessage());
    }

    @Test
    void seedsMustMatchTheOutputsInNumberAndShape() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(2.0);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(y), List.of(x), List.of(), false));
        assertTrue(count.getMessage().contains("1 outputs but 0 seeds"), count.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(List.of(y), List.of(x), List.of(Tensor.ones(DType.FLOAT64, 3)), false));
        assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("[2]"), shape.getMessage());
    }

    @Test
    void severalOutputsWithTheirOwnSeedsAddTheirVectorJacobianProducts() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor a = x.mul(3.0);
        Tensor b = x.mul(x);
        Tensor g = Autograd.grad(List.of(a, b), List.of(x),
                List.of(Tensor.of(new double[] {1, 10}, 2), Tensor.of(new double[] {100, 1000}, 2)), false).get(0);
        assertArrayEquals(new double[] {3 + 200, 30 + 4000}, g.toDoubleArray());
    }

    @Test
    void noGradScopesRecordNoGraphAndRestoreTheMode() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y;
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            y = x.mul(x);
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        assertTrue(x.mul(x).requiresGrad());
    }

    @Test
    void secondOrderThroughAFanOutMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(4);
        Function<List<Tensor>, Tensor> loss = t -> {
            Tensor y = nodeZero(t.get(0), t.get(1));
            return y.mul(y).sum();
        };
        List<Tensor> params = List.of(leaf(r, -1, 1, 1, 2, 4, 4), leaf(r, -0.3, 0.3, 2, 2, 3, 3));
        GradientChecks.checkHessianVectorProduct("NB-201 node 0, squared", loss, params, 5);
    }

    @Test
    void finiteDifferenceHelperRejectsAWrongGradient() {
        AssertionError e = assertThrows(AssertionError.class, () -> assertClose("probe", new double[] {1, 2}, new double[] {1, 2.01}));
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
    }

    /** An identity node that counts its backward calls. */
    private static final class CountingIdentity extends dev.zerocost.engine.autograd.Function {
        int calls;

        Tensor apply(Tensor x) {
            return Tensor.fromOp(x.buffer(), x.shape(), this, x);
        }

        @Override
        public Tensor[] backward(Tensor gradOutput, boolean[] needed) {
            calls++;
            return new Tensor[] {gradOutput};
        }
    }

    /** An identity node whose backward must never run. */
    private static final class ForbiddenBackward extends dev.zerocost.engine.autograd.Function {
        Tensor apply(Tensor x) {
            return Tensor.fromOp(x.buffer(), x.shape(), this, x);
        }

        @Override
        public Tensor[] backward(Tensor gradOutput, boolean[] needed) {
            throw new AssertionError("backward was called on a branch that does not lead to the requested inputs");
        }
    }
}
