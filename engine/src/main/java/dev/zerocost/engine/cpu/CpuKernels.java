package dev.zerocost.engine.cpu;

/**
 * Chooses, once at class initialisation, between the {@code jdk.incubator.vector} GEMMs
 * ({@link VectorGemm}) and the scalar ones ({@link CpuGemm}). The vector path needs the JVM to
 * run with {@code --add-modules jdk.incubator.vector}; without it, or with the system property
 * {@code zerocost.vector=false}, the scalar code runs and {@code VectorGemm} is never loaded.
 * Call sites test the constant {@link #VECTOR}, so the JIT folds the choice away.
 */
public final class CpuKernels {
    /** True when the vector GEMMs are in use. */
    public static final boolean VECTOR = detect();

    private CpuKernels() {
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("zerocost.vector", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorGemm.floatLanes() >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** One line for listings: which GEMM kernels run and why. */
    public static String describe() {
        if (VECTOR) {
            return "vector GEMM (" + VectorGemm.floatLanes() + " float lanes)";
        }
        if (!Boolean.parseBoolean(System.getProperty("zerocost.vector", "true"))) {
            return "scalar GEMM (zerocost.vector=false)";
        }
        return "scalar GEMM (run java with --add-modules jdk.incubator.vector for the vector path)";
    }

    /** C rows [i0, i1) (+)= A B, float32; see {@link CpuGemm#gemm(float[], int, float[], int, float[], int, int, int, int, boolean, int, int)}. */
    static void gemm(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                     int m, int n, int k, boolean accumulate, int i0, int i1) {
        if (VECTOR) {
            VectorGemm.gemm(a, aOff, b, bOff, c, cOff, n, k, accumulate, i0, i1);
        } else {
            CpuGemm.gemm(a, aOff, b, bOff, c, cOff, m, n, k, accumulate, i0, i1);
        }
    }

    /** The float64 C rows [i0, i1) (+)= A B: the vector tile when enabled, else the scalar blocked one. */
    static void gemm(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                     int m, int n, int k, boolean accumulate, int i0, int i1) {
        if (VECTOR) {
            VectorGemm.gemm(a, aOff, b, bOff, c, cOff, n, k, accumulate, i0, i1);
        } else {
            CpuGemm.gemm(a, aOff, b, bOff, c, cOff, m, n, k, accumulate, i0, i1);
        }
    }
}
