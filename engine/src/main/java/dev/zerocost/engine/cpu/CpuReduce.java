package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.ReduceOp;

/**
 * float32 reductions on primitive arrays, parallel over outputs. Each output accumulates in
 * double and visits its inputs in increasing memory order, exactly as the reference backend's
 * single pass does, so the results are bit-identical to it.
 *
 * <p>Adjacent axes with the same role are merged first. Every input offset is then
 * {@code kept[o] + reduced[r] + i}, where {@code i} runs over the innermost merged axis: a reduced
 * one (each output sums contiguous runs) or a kept one (each output is one lane of a row of
 * accumulators).
 */
final class CpuReduce {
    private CpuReduce() {
    }

    /** Returns false when the shape is not worth a fast path (nothing reduced, or too large). */
    static boolean reduce(ReduceOp op, float[] x, int[] shape, boolean[] reduced, float[] out) {
        int m = 0;
        int[] dims = new int[shape.length];
        boolean[] red = new boolean[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) {
                continue;
            }
            if (m > 0 && red[m - 1] == reduced[i]) {
                dims[m - 1] *= shape[i];
            } else {
                dims[m] = shape[i];
                red[m] = reduced[i];
                m++;
            }
        }
        if (m == 0 || x.length == 0) {
            return false;
        }
        boolean anyReduced = false;
        for (int i = 0; i < m; i++) {
            anyReduced |= red[i];
        }
        if (!anyReduced) {
            return false;
        }
        int inner = dims[m - 1];
        boolean innerReduced = red[m - 1];
        int[] keptOffsets = offsets(dims, red, m - 1, false, inner);
        int[] reducedOffsets = offsets(dims, red, m - 1, true, inner);
        boolean sum = op == ReduceOp.SUM;
        if (innerReduced) {
            CpuElementwise.forChunks(keptOffsets.length, Math.max(1, (1 << 15) / Math.max(1, x.length / keptOffsets.length)), (lo, hi) -> {
                int o = lo;
                if (sum) {
                    for (; o + 4 <= hi; o += 4) {
                        sum4(x, keptOffsets, o, reducedOffsets, inner, out);
                    }
                }
                for (; o < hi; o++) {
                    double acc = sum ? 0.0 : Double.NEGATIVE_INFINITY;
                    for (int r : reducedOffsets) {
                        int base = keptOffsets[o] + r;
                        if (sum) {
                            for (int i = 0; i < inner; i++) {
                                acc += x[base + i];
                            }
                        } else {
                            acc = max(acc, x, base, inner);
                        }
                    }
                    out[o] = (float) acc;
                }
            });
        } else {
            CpuElementwise.forChunks(keptOffsets.length, Math.max(1, (1 << 15) / Math.max(1, x.length / keptOffsets.length)), (lo, hi) -> {
                double[] acc = new double[inner];
                for (int o = lo; o < hi; o++) {
                    java.util.Arrays.fill(acc, sum ? 0.0 : Double.NEGATIVE_INFINITY);
                    for (int r : reducedOffsets) {
                        int base = keptOffsets[o] + r;
                        if (sum) {
                            for (int i = 0; i < inner; i++) {
                                acc[i] += x[base + i];
                            }
                        } else {
                            for (int i = 0; i < inner; i++) {
                                double a = acc[i];
                                double v = x[base + i];
                                if (a == a && (v > a || v != v)) {
                                    acc[i] = v; // NaN wins and stays, as in torch.amax
                                }
                            }
                        }
                    }
                    for (int i = 0; i < inner; i++) {
                        out[o * inner + i] = (float) acc[i];
                    }
                }
            });
        }
        return true;
    }

    /**
     * Outputs o..o+3 of an inner-reduced sum, as four independent chains: each output still adds
     * its inputs one by one in memory order (bit-identical), but four additions are in flight
     * instead of one waiting on the last (a lone double chain is bound by the add latency).
     */
    private static void sum4(float[] x, int[] kept, int o, int[] reducedOffsets, int inner, float[] out) {
        double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
        for (int r : reducedOffsets) {
            int b0 = kept[o] + r;
            int b1 = kept[o + 1] + r;
            int b2 = kept[o + 2] + r;
            int b3 = kept[o + 3] + r;
            for (int i = 0; i < inner; i++) {
                a0 += x[b0 + i];
                a1 += x[b1 + i];
                a2 += x[b2 + i];
                a3 += x[b3 + i];
            }
        }
        out[o] = (float) a0;
        out[o + 1] = (float) a1;
        out[o + 2] = (float) a2;
        out[o + 3] = (float) a3;
    }

    private static double max(double acc, float[] x, int base, int n) {
        for (int i = 0; i < n; i++) {
            double v = x[base + i];
            if (acc == acc && (v > acc || v != v)) {
                acc = v;
            }
        }
        return acc;
    }

    /**
     * Offsets, in row-major order, of every index over the merged axes [0, last) that are
     * (reducedAxes) or are not (!reducedAxes) reduced; the innermost merged axis has stride 1.
     */
    private static int[] offsets(int[] dims, boolean[] red, int last, boolean reducedAxes, int inner) {
        int count = 1;
        for (int i = 0; i < last; i++) {
            if (red[i] == reducedAxes) {
                count *= dims[i];
            }
        }
        int[] result = new int[count];
        int[] strides = new int[last];
        int stride = inner;
        for (int i = last - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= dims[i];
        }
        int n = 0;
        int[] pos = new int[last];
        int offset = 0;
        while (true) {
            result[n++] = offset;
            int d = last - 1;
            while (d >= 0) {
                if (red[d] != reducedAxes) {
                    d--;
                    continue;
                }
                pos[d]++;
                offset += strides[d];
                if (pos[d] < dims[d]) {
                    break;
                }
                offset -= strides[d] * dims[d];
                pos[d] = 0;
                d--;
            }
            if (d < 0) {
                return result;
            }
        }
    }
}
