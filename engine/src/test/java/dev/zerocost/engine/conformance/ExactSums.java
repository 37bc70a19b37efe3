package dev.zerocost.engine.conformance;

import java.math.BigDecimal;

/**
 * Exact sums rounded once, the Java counterpart of the fixture script's {@code math.fsum}, so a
 * recorded sum can be compared bit for bit (inputs) or without adding our own summation error
 * (results).
 */
final class ExactSums {
    private ExactSums() {
    }

    static double sum(double[] values) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : values) {
            s = s.add(new BigDecimal(v));
        }
        return s.doubleValue();
    }

    static double absSum(double[] values) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : values) {
            s = s.add(new BigDecimal(Math.abs(v)));
        }
        return s.doubleValue();
    }

    static double sumOfSquares(double[] values) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : values) {
            BigDecimal b = new BigDecimal(v);
            s = s.add(b.multiply(b));
        }
        return s.doubleValue();
    }
}
