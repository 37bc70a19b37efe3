package dev.zerocost.engine.backend;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.io.NdArray;

/**
 * The closed set of primitives every backend implements (DESIGN.md example 1). Ops in the
 * engine are written only against this interface, so a new backend plugs in without touching
 * an op. All buffers passed in belong to this backend and are contiguous row-major; output
 * buffers are allocated by the caller with the right size and dtype. Float kernels accept
 * FLOAT32 and FLOAT64; mixed dtypes within one call are never passed.
 */
public interface Backend {
    /** Short name used for selection: "cpu", "cpu-reference", "opencl", "cuda". */
    String name();

    /** Human-readable device description. */
    String device();

    /** A zero-filled buffer. */
    Buffer allocate(DType dtype, long size);

    /**
     * A buffer whose contents are unspecified, for an output that the next primitive writes in
     * full (elementwise ops, convolution, the batch-norm kernels). Backends that can skip zeroing
     * (the CPU's pooled arrays) do; by default it is {@link #allocate}.
     */
    default Buffer allocateForOverwrite(DType dtype, long size) {
        return allocate(dtype, size);
    }

    /** Copies host data to a new buffer (FLOAT32, FLOAT64 or INT64). */
    Buffer upload(NdArray array);

    /** Copies a buffer back to the host. */
    NdArray download(Buffer buffer, int[] shape);

    /** Bytes currently held by live buffers of this backend. */
    long liveBytes();

    /** Launch, FLOP and byte counters at this backend's boundary. */
    Counters counters();

    void fill(Buffer out, double value);

    /** Converts between dtypes (float to int truncates toward zero). */
    void cast(Buffer x, Buffer out);

    /** out = op(x, scalar) elementwise; the scalar is ignored by ops that take none. */
    void unary(UnaryOp op, double scalar, Buffer x, Buffer out);

    /** out = op(a, b) with broadcasting described by strides (0 on broadcast axes). */
    void binary(BinaryOp op, Buffer a, Buffer b, Buffer out, Broadcast broadcast);

    /** out = cond != 0 ? a : b, with broadcasting over all three. */
    void where(Buffer cond, Buffer a, Buffer b, Buffer out, Broadcast broadcast);

    /** Reduces x of the given shape over the flagged axes; out has the kept axes' shape. */
    void reduce(ReduceOp op, Buffer x, int[] shape, boolean[] reduced, Buffer out);

    /**
     * Gathers a strided view of x (element offset, shape, strides) into out, as a contiguous
     * block starting at element outOffset (so concatenation along the first axis is a series of copies).
     */
    void copyStrided(Buffer x, long offset, int[] shape, long[] strides, Buffer out, long outOffset);

    /**
     * Batched matrix product out[b] = op(a[b]) op(b[b]) with op = transpose when flagged;
     * out is [batch, m, n]; a is [batch, m, k] (or [batch, k, m] if transposed), likewise b.
     */
    void matmul(Buffer a, Buffer b, Buffer out, int batch, int m, int n, int k, boolean transA, boolean transB);

    /** Cross-correlation, no bias (the op adds bias with a broadcast add). */
    void conv2d(Buffer x, Buffer weight, Buffer out, Geometry.Conv2d g);

    /** The adjoint of conv2d in x: gx = conv_transpose(gy, weight). */
    void conv2dInputGrad(Buffer gy, Buffer weight, Buffer gx, Geometry.Conv2d g);

    /** The adjoint of conv2d in the weight: gw = sum over batch and positions of gy (x) im2col(x). */
    void conv2dWeightGrad(Buffer x, Buffer gy, Buffer gw, Geometry.Conv2d g);

    /**
     * Per-sample weight gradients without the batch reduction, streamed into per-element sums:
     * for each sample i, G_i = sum over positions gy_i (x) im2col(x_i), and the sink receives
     * G_i (for sample i) one at a time or in chunks; see {@link PerSampleSink}.
     */
    void conv2dWeightGradPerSample(Buffer x, Buffer gy, Geometry.Conv2d g, PerSampleSink sink);

    void avgPool2d(Buffer x, Buffer out, Geometry.Pool2d g, boolean countIncludePad);

    /** The adjoint of avgPool2d (gx is overwritten). */
    void avgPool2dAdjoint(Buffer gy, Buffer gx, Geometry.Pool2d g, boolean countIncludePad);

    /** For each window, the in-plane flat index (int64) of its maximum (first one on ties). */
    void maxPool2dIndices(Buffer x, Buffer indices, Geometry.Pool2d g);

    /** out[p, o] = x[p, indices[p, o]]. */
    void gather2d(Buffer x, Buffer indices, Buffer out, Geometry.Pool2d g);

    /** gx = 0; gx[p, indices[p, o]] += gy[p, o] (the adjoint of gather2d). */
    void scatter2d(Buffer gy, Buffer indices, Buffer gx, Geometry.Pool2d g);

    // ---- fused batch-norm kernels: optional overrides; these defaults define the arithmetic ----
    // x, y, gy and out are [n, c, plane] (contiguous NCHW with plane = H * W); per-channel
    // buffers hold c elements. Every step rounds to the dtype of x, as the unfused ops do.

    /**
     * out[c] = sum over (n, plane) of x, accumulated in float64 and rounded to the dtype of x; the
     * order of the additions is the backend's (the default: memory order, as {@code reduce}).
     */
    default void channelSum(Buffer x, Buffer out, int n, int c, int plane) {
        reduce(ReduceOp.SUM, x, new int[] {n, c, plane}, new boolean[] {true, false, true}, out);
    }

    /**
     * out[c] = sum over (n, plane) of (x - mean[c]) * (y == null ? x - mean[c] : y), in memory
     * order with float64 accumulation: the centred sum of squares (y null) or the centred dot
     * product with a gradient.
     */
    default void channelCentredDot(Buffer x, Buffer mean, Buffer y, Buffer out, int n, int c, int plane) {
        int[] full = {n, c, plane};
        Broadcast perChannel = Broadcast.of(full, new int[] {1, c, 1});
        Buffer centred = allocate(x.dtype(), x.size());
        Buffer product = allocate(x.dtype(), x.size());
        try {
            binary(BinaryOp.SUB, x, mean, centred, perChannel);
            binary(BinaryOp.MUL, centred, y == null ? centred : y, product, Broadcast.of(full, full));
            reduce(ReduceOp.SUM, product, full, new boolean[] {true, false, true}, out);
        } finally {
            centred.release();
            product.release();
        }
    }

    /**
     * {@link #channelSum} of y into sumOut and {@link #channelCentredDot} of (x, mean, y) into
     * dotOut, the two reductions of batch norm's backward; a backend may take both in one pass
     * over the data, with the same values as the two calls.
     */
    default void channelSumAndCentredDot(Buffer x, Buffer mean, Buffer y, Buffer sumOut, Buffer dotOut,
                                         int n, int c, int plane) {
        channelSum(y, sumOut, n, c, plane);
        channelCentredDot(x, mean, y, dotOut, n, c, plane);
    }

    /** out = (x - mean[c]) * scale[c] + shift[c] (no shift when null). */
    default void channelNormalize(Buffer x, Buffer mean, Buffer scale, Buffer shift, Buffer out, int n, int c, int plane) {
        int[] full = {n, c, plane};
        Broadcast perChannel = Broadcast.of(full, new int[] {1, c, 1});
        Buffer centred = allocate(x.dtype(), x.size());
        try {
            binary(BinaryOp.SUB, x, mean, centred, perChannel);
            if (shift == null) {
                binary(BinaryOp.MUL, centred, scale, out, perChannel);
            } else {
                binary(BinaryOp.MUL, centred, scale, centred, perChannel);
                binary(BinaryOp.ADD, centred, shift, out, perChannel);
            }
        } finally {
            centred.release();
        }
    }

    /** out = ((gy - gyMean[c]) - (x - mean[c]) * k[c]) * scale[c]: batch norm's input gradient. */
    default void channelNormalizeGrad(Buffer x, Buffer mean, Buffer gy, Buffer gyMean, Buffer k, Buffer scale,
                                      Buffer out, int n, int c, int plane) {
        int[] full = {n, c, plane};
        Broadcast perChannel = Broadcast.of(full, new int[] {1, c, 1});
        Broadcast same = Broadcast.of(full, full);
        Buffer shift = allocate(x.dtype(), x.size());
        Buffer a = allocate(x.dtype(), x.size());
        try {
            binary(BinaryOp.SUB, x, mean, shift, perChannel);
            binary(BinaryOp.MUL, shift, k, shift, perChannel);
            binary(BinaryOp.SUB, gy, gyMean, a, perChannel);
            binary(BinaryOp.SUB, a, shift, a, same);
            binary(BinaryOp.MUL, a, scale, out, perChannel);
        } finally {
            shift.release();
            a.release();
        }
    }

    /** out = x > 0 ? g : +0.0 elementwise (ReLU's backward, PyTorch's threshold_backward; NaN x gives 0). */
    default void reluGrad(Buffer x, Buffer g, Buffer out) {
        int n = Math.toIntExact(x.size());
        Buffer mask = allocate(x.dtype(), x.size());
        Buffer zero = allocate(x.dtype(), 1);
        try {
            unary(UnaryOp.STEP, 0, x, mask);
            where(mask, g, zero, out, Broadcast.of(new int[] {n}, new int[] {n}, new int[0]));
        } finally {
            mask.release();
            zero.release();
        }
    }
}
