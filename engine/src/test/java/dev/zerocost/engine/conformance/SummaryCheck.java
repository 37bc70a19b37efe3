package dev.zerocost.engine.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.zerocost.engine.Tensor;
import java.util.Arrays;

/**
 * Compares a result tensor with a fixture {@link FixtureCase.Summary}.
 *
 * <p>Elements: {@code |a - b| <= tol * max(|b|, rms)} where {@code rms = sqrt(sum_sq / numel)} of the
 * reference. A purely relative test would demand float32 agreement to 1e-5 of an element that is
 * itself the result of cancellation (a convolution output near zero, a batch-norm input gradient
 * that subtracts two means); its absolute rounding error is set by the size of the terms, i.e. by
 * the tensor's typical magnitude, not by the element. The RMS of the reference is that magnitude,
 * so large elements are held to {@code tol} relative and small ones to {@code tol * rms} absolute.
 *
 * <p>Sums: {@code sum} and {@code abs_sum} within {@code tol * abs_sum}, {@code sum_sq} within
 * {@code 2 tol * sum_sq} (a square doubles a relative error). Our sums are exact (BigDecimal) so
 * only the elements' differences count.
 *
 * <p>The measured error of each check (element error divided by its allowance's scale, sum error
 * divided by abs_sum) is returned so the suite can report the worst case per op.
 */
final class SummaryCheck {
    private SummaryCheck() {
    }

    /** Worst measured relative errors of one comparison. */
    record Errors(double elements, String worstTensor, double sums) {
        Errors max(Errors o) {
            boolean mine = elements >= o.elements;
            return new Errors(mine ? elements : o.elements, mine ? worstTensor : o.worstTensor, Math.max(sums, o.sums));
        }

        static final Errors NONE = new Errors(0, "-", 0);
    }

    static Errors compare(String what, FixtureCase.Summary ref, Tensor actual, double tol, boolean exact) {
        assertArrayEquals(ref.shape(), actual.shape(), what + ": shape");
        double[] a = actual.toDoubleArray();
        double rms = Math.sqrt(ref.sumSq() / Math.max(1, ref.numel()));

        double worstElement = 0;
        int worstAt = -1;
        for (int k = 0; k < ref.indices().length; k++) {
            int i = ref.indices()[k];
            double expected = ref.values()[k];
            double got = a[i];
            if (exact && Double.doubleToLongBits(got) != Double.doubleToLongBits(expected)) {
                fail(what + ": element " + i + " is " + got + ", PyTorch gives exactly " + expected
                        + " (this op involves no rounding and must match bit for bit)");
            }
            double allowance = Math.max(Math.abs(expected), rms);
            double err = Math.abs(got - expected);
            double rel = allowance == 0 ? (err == 0 ? 0 : Double.POSITIVE_INFINITY) : err / allowance;
            if (!(rel <= worstElement)) { // also catches NaN
                worstElement = rel;
                worstAt = k;
            }
        }
        if (!(worstElement <= tol)) {
            int i = ref.indices()[worstAt];
            fail(String.format("%s: element %d is %.17g, PyTorch gives %.17g; |diff| / max(|ref|, rms %.3g) = %.3g > tol %.1g "
                    + "(%s of %d elements checked)", what, i, a[i], ref.values()[worstAt], rms, worstElement, tol,
                    ref.complete() ? "all" : ref.indices().length + " samples", ref.numel()));
        }

        double sum = ExactSums.sum(a);
        double absSum = ExactSums.absSum(a);
        double sumSq = ExactSums.sumOfSquares(a);
        double scale = ref.absSum();
        double worstSum = Math.max(rel(sum - ref.sum(), scale), rel(absSum - ref.absSum(), scale));
        worstSum = Math.max(worstSum, rel(sumSq - ref.sumSq(), ref.sumSq()) / 2);
        if (!(worstSum <= tol)) {
            fail(String.format("%s: sums differ from PyTorch beyond tol %.1g: sum %.17g vs %.17g, abs_sum %.17g vs %.17g, "
                    + "sum_sq %.17g vs %.17g (worst relative %.3g)", what, tol, sum, ref.sum(), absSum, ref.absSum(),
                    sumSq, ref.sumSq(), worstSum));
        }
        return new Errors(worstElement, what, worstSum);
    }

    private static double rel(double diff, double scale) {
        if (scale == 0) {
            return diff == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(diff) / scale;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
