package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.UnaryOp;

/**
 * float64 elementwise loops on primitive arrays (synflow's network runs in float64): the
 * reference's arithmetic, {@link CpuReferenceBackend#apply}, without its per-element buffer
 * accessors and index odometer, and broadcasting walked as runs along the last axis as in
 * {@link CpuElementwise#rows}. Results are the reference's bit for bit: double in, double out.
 */
final class CpuElementwise64 {
    private CpuElementwise64() {
    }

    static void unary(UnaryOp op, double s, double[] a, double[] o) {
        CpuElementwise.forChunks(a.length, (lo, hi) -> {
            switch (op) {
                case NEG -> { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
                case ABS -> { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
                case RELU -> { for (int i = lo; i < hi; i++) { double v = a[i]; o[i] = v > 0 || v != v ? v : 0.0; } }
                case STEP -> { for (int i = lo; i < hi; i++) o[i] = a[i] > 0 ? 1.0 : 0.0; }
                case ADD_SCALAR -> { for (int i = lo; i < hi; i++) o[i] = a[i] + s; }
                case MUL_SCALAR -> { for (int i = lo; i < hi; i++) o[i] = a[i] * s; }
                default -> { for (int i = lo; i < hi; i++) o[i] = CpuReferenceBackend.apply(op, a[i], s); }
            }
        });
    }

    static void binary(BinaryOp op, double[] a, double[] b, double[] o, Broadcast bc) {
        CpuElementwise.rows(bc, o.length, (ia, sa, ib, sb, io, n) -> row(op, a, ia, sa, b, ib, sb, o, io, n));
    }

    private static void row(BinaryOp op, double[] a, int ia, int sa, double[] b, int ib, int sb, double[] o, int io, int n) {
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] + b[ib + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] - b[ib + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] * b[ib + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] / b[ib + i]; }
                default -> generic(op, a, ia, sa, b, ib, sb, o, io, n);
            }
        } else if (sa == 1 && sb == 0) {
            double y = b[ib];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] + y; }
                case MUL -> { for (int i = 0; i < n; i++) o[io + i] = a[ia + i] * y; }
                default -> generic(op, a, ia, sa, b, ib, sb, o, io, n);
            }
        } else {
            generic(op, a, ia, sa, b, ib, sb, o, io, n);
        }
    }

    private static void generic(BinaryOp op, double[] a, int ia, int sa, double[] b, int ib, int sb, double[] o, int io, int n) {
        for (int i = 0; i < n; i++) {
            o[io + i] = CpuReferenceBackend.apply(op, a[ia + i * sa], b[ib + i * sb]);
        }
    }

    /** out = cond != 0 ? a : b, where each operand is either full size or a single element. */
    static void where(double[] cond, double[] a, double[] b, double[] out) {
        int n = out.length;
        int sc = cond.length == n ? 1 : 0;
        int sa = a.length == n ? 1 : 0;
        int sb = b.length == n ? 1 : 0;
        CpuElementwise.forChunks(n, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                out[i] = cond[i * sc] != 0 ? a[i * sa] : b[i * sb];
            }
        });
    }

    /** out = x > 0 ? g : 0. */
    static void reluGrad(double[] x, double[] g, double[] out) {
        CpuElementwise.forChunks(x.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                out[i] = x[i] > 0 ? g[i] : 0.0;
            }
        });
    }
}
