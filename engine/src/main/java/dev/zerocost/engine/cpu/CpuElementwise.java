package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.UnaryOp;

/**
 * float32 elementwise loops on primitive arrays. Broadcasting walks all axes but the last with
 * index arithmetic and runs a tight inner loop over the last axis; the op switch sits outside
 * the inner loop's body in effect (the JIT unswitches the loop-invariant test).
 */
final class CpuElementwise {
    private static final int GRAIN = 1 << 15;

    private CpuElementwise() {
    }

    interface Range {
        void run(int lo, int hi);
    }

    /** Splits [0, n) into chunks run in parallel when n is large. */
    static void forChunks(int n, Range body) {
        forChunks(n, GRAIN, body);
    }

    /** Splits [0, n) into a few chunks per thread ({@link CpuThreads#chunks}), each at least {@code grain} long. */
    static void forChunks(int n, int grain, Range body) {
        int chunks = CpuThreads.chunks(n / grain);
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        CpuThreads.parallelFor(chunks, t -> body.run((int) ((long) t * n / chunks), (int) ((long) (t + 1) * n / chunks)));
    }

    static void unary(UnaryOp op, float s, float[] a, float[] o, int lo, int hi) {
        switch (op) {
            case NEG -> { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
            case ABS -> { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
            case RELU -> {
                if (CpuKernels.VECTOR) {
                    VectorElementwise.relu(a, o, lo, hi);
                } else {
                    for (int i = lo; i < hi; i++) { float v = a[i]; o[i] = v > 0 || v != v ? v : 0f; }
                }
            }
            case STEP -> {
                if (CpuKernels.VECTOR) {
                    VectorElementwise.step(a, o, lo, hi);
                } else {
                    for (int i = lo; i < hi; i++) o[i] = a[i] > 0 ? 1f : 0f;
                }
            }
            case ADD_SCALAR -> { for (int i = lo; i < hi; i++) o[i] = a[i] + s; }
            case MUL_SCALAR -> { for (int i = lo; i < hi; i++) o[i] = a[i] * s; }
            case SQRT -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.sqrt(a[i]); }
            default -> {
                for (int i = lo; i < hi; i++) {
                    o[i] = (float) CpuReferenceBackend.apply(op, a[i], s);
                }
            }
        }
    }

    static void binary(BinaryOp op, float[] a, float[] b, float[] o, Broadcast bc) {
        rows(bc, o.length, (ia, sa, ib, sb, io, n) -> row(op, a, ia, sa, b, ib, sb, o, io, n));
    }

    /** One run of a broadcast binary op: n outputs from io on, a from ia step sa, b from ib step sb. */
    interface Row {
        void run(int ia, int sa, int ib, int sb, int io, int n);
    }

    /**
     * Walks the n outputs of a broadcast binary op as runs along the last axis of its coalesced
     * mapping ({@link Broadcast#coalesced}), in parallel chunks: same-shape operands (a cell's node
     * sums, gradient accumulation) are one flat run, a per-channel operand runs whole planes,
     * instead of rows as short as the last axis (8 elements on 8x8 planes). Shared by the float32
     * and float64 loops.
     */
    static void rows(Broadcast given, int n, Row body) {
        if (n == 0) {
            return;
        }
        Broadcast bc = given.coalesced();
        int[] shape = bc.shape();
        int rank = shape.length;
        if (rank <= 1) {
            // one run (same-shape operands, one of them a scalar, or a single element): parallel chunks
            int sa1 = rank == 0 ? 0 : (int) bc.aStrides()[0];
            int sb1 = rank == 0 ? 0 : (int) bc.bStrides()[0];
            forChunks(n, (lo, hi) -> body.run(lo * sa1, sa1, lo * sb1, sb1, lo, hi - lo));
            return;
        }
        int inner = shape[rank - 1];
        int sa = (int) bc.aStrides()[rank - 1];
        int sb = (int) bc.bStrides()[rank - 1];
        int rows = n / inner;
        // per output row: offsets of a and b at the row start
        int[] outer = java.util.Arrays.copyOf(shape, rank - 1);
        long[] oa = java.util.Arrays.copyOf(bc.aStrides(), rank - 1);
        long[] ob = java.util.Arrays.copyOf(bc.bStrides(), rank - 1);
        int rowsPerChunk = Math.max(1, GRAIN / Math.max(1, inner));
        int chunks = CpuThreads.chunks((rows + rowsPerChunk - 1) / rowsPerChunk);
        CpuThreads.parallelFor(chunks, t -> {
            int r0 = (int) ((long) t * rows / chunks);
            int r1 = (int) ((long) (t + 1) * rows / chunks);
            long offA = 0;
            long offB = 0;
            int[] pos = new int[outer.length];
            int rem = r0;
            for (int d = outer.length - 1; d >= 0; d--) {
                pos[d] = rem % outer[d];
                rem /= outer[d];
                offA += pos[d] * oa[d];
                offB += pos[d] * ob[d];
            }
            for (int r = r0; r < r1; r++) {
                body.run((int) offA, sa, (int) offB, sb, r * inner, inner);
                for (int d = outer.length - 1; d >= 0; d--) {
                    pos[d]++;
                    offA += oa[d];
                    offB += ob[d];
                    if (pos[d] < outer[d]) {
                        break;
                    }
                    offA -= oa[d] * outer[d];
                    offB -= ob[d] * outer[d];
                    pos[d] = 0;
                }
            }
        });
    }

    private static void row(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] + b[ib + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] - b[ib + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] * b[ib + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] / b[ib + i]; }
                default -> generic(op, a, ia, sa, b, ib, sb, o, io, n);
            }
        } else if (sa == 1 && sb == 0) {
            float y = b[ib];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] + y; }
                case SUB -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] - y; }
                case MUL -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] * y; }
                case DIV -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] / y; }
                default -> generic(op, a, ia, sa, b, ib, sb, o, io, n);
            }
        } else if (sa == 0 && sb == 1) {
            float y = a[ia];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[io + i] = y + b[ib + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[io + i] = y - b[ib + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[io + i] = y * b[ib + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[io + i] = y / b[ib + i]; }
                default -> generic(op, a, ia, sa, b, ib, sb, o, io, n);
            }
        } else {
            generic(op, a, ia, sa, b, ib, sb, o, io, n);
        }
    }

    private static void generic(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        for (int i = 0; i < n; i++) {
            o[io + i] = (float) CpuReferenceBackend.apply(op, a[ia + i * sa], b[ib + i * sb]);
        }
    }

    /** out = cond != 0 ? a : b, where each operand is either full size or a single element. */
    static void where(float[] cond, float[] a, float[] b, float[] out) {
        int n = out.length;
        int sc = cond.length == n ? 1 : 0;
        int sa = a.length == n ? 1 : 0;
        int sb = b.length == n ? 1 : 0;
        forChunks(n, (lo, hi) -> {
            if (sc == 1 && sa == 1 && sb == 0) {
                float y = b[0];
                if (CpuKernels.VECTOR) {
                    VectorElementwise.whereScalarElse(cond, a, y, out, lo, hi);
                    return;
                }
                for (int i = lo; i < hi; i++) {
                    out[i] = cond[i] != 0 ? a[i] : y;
                }
            } else if (sc == 1 && sa == 0 && sb == 1) {
                float y = a[0];
                if (CpuKernels.VECTOR) {
                    VectorElementwise.whereScalarThen(cond, y, b, out, lo, hi);
                    return;
                }
                for (int i = lo; i < hi; i++) {
                    out[i] = cond[i] != 0 ? y : b[i];
                }
            } else {
                for (int i = lo; i < hi; i++) {
                    out[i] = cond[i * sc] != 0 ? a[i * sa] : b[i * sb];
                }
            }
        });
    }
}
