package dev.zerocost.engine.persample;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a float64 copy of every gradient and computes the statistics directly, as numpy does
 * over a stacked array (two passes: mean, then mean squared deviation). The specification the
 * streaming sums are tested against; memory grows with the count. One deliberate difference
 * from numpy: the mean is formed as G_0 + mean(G - G_0), so an element that never changes has
 * a standard deviation of exactly zero (numpy's sum/n can leave ~1e-17 for a repeated non-zero
 * value, which would then count as a non-zero std in ZiCo).
 */
final class MaterialisedLayer implements LayerStatistics {
    private final int size;
    private final List<double[]> gradients = new ArrayList<>();

    MaterialisedLayer(int size) {
        this.size = size;
    }

    @Override
    public void accept(double[] g, int offset, double scale) {
        double[] copy = new double[size];
        for (int j = 0; j < size; j++) {
            copy[j] = scale * g[offset + j];
        }
        gradients.add(copy);
    }

    /** The gradients received, in order (the arrays themselves, not copies). */
    List<double[]> gradients() {
        return gradients;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long count() {
        return gradients.size();
    }

    @Override
    public double[] mean() {
        double[] m = new double[size];
        if (gradients.isEmpty()) {
            return m;
        }
        double[] first = gradients.get(0);
        for (double[] g : gradients) {
            for (int j = 0; j < size; j++) {
                m[j] += g[j] - first[j];
            }
        }
        for (int j = 0; j < size; j++) {
            m[j] = first[j] + m[j] / gradients.size();
        }
        return m;
    }

    @Override
    public double[] meanAbs() {
        double[] m = new double[size];
        for (double[] g : gradients) {
            for (int j = 0; j < size; j++) {
                m[j] += Math.abs(g[j]);
            }
        }
        for (int j = 0; j < size; j++) {
            m[j] /= gradients.size();
        }
        return m;
    }

    @Override
    public double[] std() {
        double[] mean = mean();
        double[] s = new double[size];
        for (double[] g : gradients) {
            for (int j = 0; j < size; j++) {
                double d = g[j] - mean[j];
                s[j] += d * d;
            }
        }
        for (int j = 0; j < size; j++) {
            s[j] = Math.sqrt(s[j] / gradients.size());
        }
        return s;
    }

    @Override
    public long bytes() {
        return (long) Double.BYTES * size * gradients.size();
    }
}
