package dev.zerocost.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The ReLU loops of {@link CpuElementwise} and {@link CpuBackend} with a lane mask and a blend
 * instead of a data-dependent branch per element (the branch mispredicts on half the elements of
 * a real activation). Same results bit for bit, NaN and -0.0 included; loaded only through
 * {@link CpuKernels#VECTOR}.
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorElementwise() {
    }

    /** o = v > 0 || v is NaN ? v : 0, that is v unless v <= 0. */
    static void relu(float[] a, float[] o, int lo, int hi) {
        FloatVector zero = FloatVector.zero(F);
        int i = lo;
        for (int end = lo + F.loopBound(hi - lo); i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, a, i);
            VectorMask<Float> clear = v.compare(VectorOperators.LE, 0f);
            v.blend(zero, clear).intoArray(o, i);
        }
        for (; i < hi; i++) {
            float v = a[i];
            o[i] = v > 0 || v != v ? v : 0f;
        }
    }

    /** o = a > 0 ? d : 0. */
    static void reluGrad(float[] a, float[] d, float[] o, int lo, int hi) {
        FloatVector zero = FloatVector.zero(F);
        int i = lo;
        for (int end = lo + F.loopBound(hi - lo); i < end; i += F.length()) {
            VectorMask<Float> pass = FloatVector.fromArray(F, a, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(F, d, i), pass).intoArray(o, i);
        }
        for (; i < hi; i++) {
            o[i] = a[i] > 0 ? d[i] : 0f;
        }
    }

    /** o = a > 0 ? 1 : 0. */
    static void step(float[] a, float[] o, int lo, int hi) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = lo;
        for (int end = lo + F.loopBound(hi - lo); i < end; i += F.length()) {
            VectorMask<Float> pass = FloatVector.fromArray(F, a, i).compare(VectorOperators.GT, 0f);
            zero.blend(one, pass).intoArray(o, i);
        }
        for (; i < hi; i++) {
            o[i] = a[i] > 0 ? 1f : 0f;
        }
    }

    /** o = c != 0 ? a : y (NaN counts as non-zero, -0.0 as zero, as in the scalar loop). */
    static void whereScalarElse(float[] c, float[] a, float y, float[] o, int lo, int hi) {
        FloatVector other = FloatVector.broadcast(F, y);
        int i = lo;
        for (int end = lo + F.loopBound(hi - lo); i < end; i += F.length()) {
            VectorMask<Float> take = FloatVector.fromArray(F, c, i).compare(VectorOperators.NE, 0f);
            other.blend(FloatVector.fromArray(F, a, i), take).intoArray(o, i);
        }
        for (; i < hi; i++) {
            o[i] = c[i] != 0 ? a[i] : y;
        }
    }

    /** o = c != 0 ? y : b. */
    static void whereScalarThen(float[] c, float y, float[] b, float[] o, int lo, int hi) {
        FloatVector then = FloatVector.broadcast(F, y);
        int i = lo;
        for (int end = lo + F.loopBound(hi - lo); i < end; i += F.length()) {
            VectorMask<Float> take = FloatVector.fromArray(F, c, i).compare(VectorOperators.NE, 0f);
            FloatVector.fromArray(F, b, i).blend(then, take).intoArray(o, i);
        }
        for (; i < hi; i++) {
            o[i] = c[i] != 0 ? y : b[i];
        }
    }
}
