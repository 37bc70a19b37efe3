package dev.zerocost.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * acc[i] += src[i] for float32 terms and float64 accumulators: the batch weight gradient adds each
 * sample's float gradient into double sums this way. Each float vector widens into two double
 * halves (the preferred shapes only, as {@link VectorChannelSums} explains); the same additions
 * as the scalar loop, so the same results bit for bit. Loaded only through
 * {@link CpuKernels#VECTOR}.
 */
final class VectorWiden {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final int H = D.length();

    private VectorWiden() {
    }

    /** acc[i] += src[i] for i in [0, n). */
    static void add(float[] src, double[] acc, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(F, src, i);
            ((DoubleVector) v.convert(VectorOperators.F2D, 0)).add(DoubleVector.fromArray(D, acc, i)).intoArray(acc, i);
            ((DoubleVector) v.convert(VectorOperators.F2D, 1)).add(DoubleVector.fromArray(D, acc, i + H))
                    .intoArray(acc, i + H);
        }
        for (; i < n; i++) {
            acc[i] += src[i];
        }
    }
}
