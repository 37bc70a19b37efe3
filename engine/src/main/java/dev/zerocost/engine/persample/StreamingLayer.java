package dev.zerocost.engine.persample;

/**
 * Streaming per-element sums in exactly four float32 arrays: a shift K (the first gradient
 * received), S1 = sum (G - K), S2 = sum (G - K)^2 and A = sum |G|.
 *
 * <p>Why the shift: the textbook formula var = E[G^2] - E[G]^2 cancels catastrophically when
 * |mean| is large compared with the spread, which float32 sums cannot afford. Subtracting a
 * value from the data ("shifted data" algorithm, Chan, Golub and LeVeque 1983) makes the
 * cancellation depend on |mean - K| / std instead; with K a sample from the data that ratio is
 * of order one. It also makes an element that never changes have S1 = S2 = 0 exactly, so its
 * standard deviation is exactly zero (and ZiCo excludes it) rather than rounding noise. Unlike
 * Welford's update it needs no division per element and sample, and it merges by addition.
 * Each difference is formed in double and rounded once into its float32 sum.
 */
final class StreamingLayer implements LayerStatistics {
    private final float[] shift;
    private final float[] sum;
    private final float[] sumSquares;
    private final float[] sumAbs;
    private long count;

    StreamingLayer(int size) {
        shift = new float[size];
        sum = new float[size];
        sumSquares = new float[size];
        sumAbs = new float[size];
    }

    @Override
    public void accept(double[] g, int offset, double scale) {
        int n = shift.length;
        if (count == 0) {
            for (int j = 0; j < n; j++) {
                double v = scale * g[offset + j];
                float k = (float) v;
                shift[j] = k;
                double d = v - k; // non-zero only when G carries more than float32 precision
                sum[j] = (float) d;
                sumSquares[j] = (float) (d * d);
                sumAbs[j] = (float) Math.abs(v);
            }
        } else {
            for (int j = 0; j < n; j++) {
                double v = scale * g[offset + j];
                double d = v - shift[j];
                sum[j] = (float) (sum[j] + d);
                sumSquares[j] = (float) (sumSquares[j] + d * d);
                sumAbs[j] = (float) (sumAbs[j] + Math.abs(v));
            }
        }
        count++;
    }

    @Override
    public int size() {
        return shift.length;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double[] mean() {
        double[] m = new double[shift.length];
        for (int j = 0; j < m.length; j++) {
            m[j] = shift[j] + (double) sum[j] / count;
        }
        return m;
    }

    @Override
    public double[] meanAbs() {
        double[] m = new double[shift.length];
        for (int j = 0; j < m.length; j++) {
            m[j] = (double) sumAbs[j] / count;
        }
        return m;
    }

    @Override
    public double[] std() {
        double[] s = new double[shift.length];
        for (int j = 0; j < s.length; j++) {
            double m1 = (double) sum[j] / count;
            double var = (double) sumSquares[j] / count - m1 * m1;
            // rounding can leave a tiny negative (-> 0); NaN (non-finite gradients) stays NaN,
            // as numpy's std does, so ZiCo reports it instead of dropping the element
            s[j] = var > 0 ? Math.sqrt(var) : Double.isNaN(var) ? Double.NaN : 0.0;
        }
        return s;
    }

    @Override
    public long bytes() {
        return 4L * Float.BYTES * shift.length;
    }
}
