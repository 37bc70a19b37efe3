package dev.zerocost.engine.cpu;

/**
 * Double arrays for the per-block partial sums of the parallel reductions (the batch weight
 * gradient, the batch-norm sums), kept per calling thread. As fresh arrays they were most of what
 * a grad_norm pass allocated after warm-up (JFR: 1.1 GB of 1.3 GB per 10 s; at batch 64 and 64
 * channels the weight gradient alone takes 8 x 295 KB per call), and every such allocation brings
 * the next young collection nearer, which copies the live activations. Sets of more than
 * {@link #KEPT} doubles are allocated per call, so wide layers do not pin memory.
 */
final class BlockSums {
    static final long KEPT = 1 << 20;
    private static final ThreadLocal<double[][]> SUMS = ThreadLocal.withInitial(() -> new double[0][]);

    private BlockSums() {
    }

    /**
     * At least {@code blocks} arrays of at least {@code size} doubles each, NOT zeroed. They are
     * the calling thread's until its next call: use them only within one reduction, never across
     * a call that may take them again.
     */
    static double[][] take(int blocks, int size) {
        if ((long) blocks * size > KEPT) {
            return new double[blocks][size];
        }
        double[][] sums = SUMS.get();
        if (sums.length < blocks) {
            sums = java.util.Arrays.copyOf(sums, blocks);
            SUMS.set(sums);
        }
        for (int b = 0; b < blocks; b++) {
            if (sums[b] == null || sums[b].length < size) {
                sums[b] = new double[size];
            }
        }
        return sums;
    }
}
