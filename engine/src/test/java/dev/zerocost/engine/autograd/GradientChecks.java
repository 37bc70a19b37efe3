package dev.zerocost.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Finite-difference checks in float64 for the autograd tests. Central differences with step
 * {@link #EPS}: truncation error ~EPS^2 |f'''| and rounding error ~1e-16 |L| / EPS, both far below
 * {@link #TOLERANCE}. A gradient element passes when {@code |analytic - numeric| <= TOLERANCE *
 * max(|numeric|, rms(numeric))} (the RMS term keeps near-zero elements from demanding more than
 * float64 differences can give, exactly as in the op conformance suite).
 */
final class GradientChecks {
    static final double EPS = 1e-6;
    static final double TOLERANCE = 1e-6;

    private GradientChecks() {
    }

    /** A float64 leaf of uniform values in [low, high) that requires a gradient. */
    static Tensor leaf(SplittableRandom random, double low, double high, int... shape) {
        return constant(random, low, high, shape).requiresGrad(true);
    }

    /** A float64 tensor of uniform values in [low, high) (no gradient). */
    static Tensor constant(SplittableRandom random, double low, double high, int... shape) {
        double[] v = new double[(int) count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * random.nextDouble();
        }
        return Tensor.of(v, shape);
    }

    /**
     * Checks the gradients of {@code sum(seed * f(inputs))} for a random seed of f's output shape:
     * {@code Autograd.grad(f(inputs), inputs, seed)} against central differences of that sum.
     * Returns the analytic gradients.
     */
    static List<Tensor> checkGradients(String what, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, long seed) {
        Tensor out = f.apply(inputs);
        assertEquals(DType.FLOAT64, out.dtype(), what + ": grad checks run in float64");
        assertTrue(out.requiresGrad(), what + ": output does not require a gradient");
        SplittableRandom random = new SplittableRandom(seed);
        Tensor weights = constant(random, -1, 1, out.shape());
        double[] w = weights.toDoubleArray();
        List<Tensor> analytic = Autograd.grad(List.of(out), inputs, List.of(weights), false);
        assertEquals(inputs.size(), analytic.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor input = inputs.get(i);
            assertArrayEquals(input.shape(), analytic.get(i).shape(), what + ": gradient shape of input " + i);
            double[] base = input.toDoubleArray();
            double[] numeric = new double[base.length];
            for (int j = 0; j < base.length; j++) {
                double up = weightedSum(f, replaced(inputs, i, base, j, EPS), w);
                double down = weightedSum(f, replaced(inputs, i, base, j, -EPS), w);
                numeric[j] = (up - down) / (2 * EPS);
            }
            assertClose(what + ", d/d(input " + i + " " + java.util.Arrays.toString(input.shape()) + ")",
                    numeric, analytic.get(i).toDoubleArray());
        }
        return analytic;
    }

    /**
     * Checks the Hessian-vector product of a scalar loss: {@code grad(sum_i g_i . v_i)} with
     * {@code g = grad(loss, params, createGraph = true)}, against central differences of the first
     * gradients along a random direction v. Asserts the product is not identically zero, so the
     * check really passed through second-order rules. Returns the products.
     */
    static List<Tensor> checkHessianVectorProduct(String what, Function<List<Tensor>, Tensor> loss, List<Tensor> params,
                                                  long seed) {
        Tensor l = loss.apply(params);
        assertEquals(0, l.rank(), what + ": the loss must be a scalar");
        List<Tensor> g = Autograd.grad(List.of(l), params, null, true);
        SplittableRandom random = new SplittableRandom(seed);
        List<Tensor> v = new ArrayList<>();
        Tensor z = null;
        for (int i = 0; i < params.size(); i++) {
            Tensor vi = constant(random, -1, 1, params.get(i).shape());
            v.add(vi);
            if (g.get(i).requiresGrad()) {
                Tensor term = g.get(i).mul(vi).sum();
                z = z == null ? term : z.add(term);
            }
        }
        assertTrue(z != null, what + ": no first gradient depends on the parameters (created no graph)");
        List<Tensor> hv = Autograd.grad(List.of(z), params, null, false);

        List<double[]> up = gradientsAt(loss, params, v, EPS);
        List<double[]> down = gradientsAt(loss, params, v, -EPS);
        double norm = 0;
        for (int i = 0; i < params.size(); i++) {
            double[] numeric = new double[up.get(i).length];
            for (int j = 0; j < numeric.length; j++) {
                numeric[j] = (up.get(i)[j] - down.get(i)[j]) / (2 * EPS);
            }
            double[] analytic = hv.get(i).toDoubleArray();
            assertClose(what + ", Hessian-vector product of param " + i + " " + java.util.Arrays.toString(params.get(i).shape()),
                    numeric, analytic);
            for (double a : analytic) {
                norm += a * a;
            }
        }
        assertTrue(norm > 0, what + ": the Hessian-vector product is zero everywhere; the check proves nothing");
        return hv;
    }

    /** First gradients of the loss at params + step * v (fresh leaves, no graph kept). */
    private static List<double[]> gradientsAt(Function<List<Tensor>, Tensor> loss, List<Tensor> params, List<Tensor> v,
                                              double step) {
        List<Tensor> moved = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            double[] p = params.get(i).toDoubleArray();
            double[] d = v.get(i).toDoubleArray();
            for (int j = 0; j < p.length; j++) {
                p[j] += step * d[j];
            }
            moved.add(Tensor.of(p, params.get(i).shape()).requiresGrad(true));
        }
        List<Tensor> g = Autograd.grad(List.of(loss.apply(moved)), moved, null, false);
        List<double[]> out = new ArrayList<>();
        for (Tensor t : g) {
            out.add(t.toDoubleArray());
        }
        return out;
    }

    private static List<Tensor> replaced(List<Tensor> inputs, int which, double[] base, int element, double delta) {
        double[] moved = base.clone();
        moved[element] += delta;
        List<Tensor> out = new ArrayList<>(inputs);
        out.set(which, Tensor.of(moved, inputs.get(which).shape()));
        return out;
    }

    private static double weightedSum(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double[] w) {
        double[] y;
        try (GradMode.Scope s = GradMode.noGrad()) {
            y = f.apply(inputs).toDoubleArray();
        }
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            sum += y[k] * w[k];
        }
        return sum;
    }

    /** Element rule of the class comment; the message names the worst element. */
    static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double sq = 0;
        for (double e : expected) {
            sq += e * e;
        }
        double rms = Math.sqrt(sq / Math.max(1, expected.length));
        for (int j = 0; j < expected.length; j++) {
            double allowance = TOLERANCE * Math.max(Math.abs(expected[j]), rms);
            double diff = Math.abs(actual[j] - expected[j]);
            if (!(diff <= allowance) && !(diff == 0)) {
                fail(String.format("%s: element %d is %.12g, finite differences give %.12g (|diff| %.3g > %.3g)",
                        what, j, actual[j], expected[j], diff, allowance));
            }
        }
    }

    static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
