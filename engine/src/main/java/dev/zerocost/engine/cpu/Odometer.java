package dev.zerocost.engine.cpu;

/**
 * Walks a shape in row-major order while tracking up to three strided element offsets,
 * the index arithmetic behind broadcasting, strided copies and reductions.
 */
final class Odometer {
    private final int[] shape;
    private final long[] sa;
    private final long[] sb;
    private final long[] sc;
    private final int[] pos;
    long a;
    long b;
    long c;

    Odometer(int[] shape, long[] sa, long[] sb, long[] sc) {
        this.shape = shape;
        this.sa = sa;
        this.sb = sb;
        this.sc = sc;
        this.pos = new int[shape.length];
    }

    void next() {
        for (int d = shape.length - 1; d >= 0; d--) {
            pos[d]++;
            a += sa[d];
            if (sb != null) {
                b += sb[d];
            }
            if (sc != null) {
                c += sc[d];
            }
            if (pos[d] < shape[d]) {
                return;
            }
            a -= sa[d] * shape[d];
            if (sb != null) {
                b -= sb[d] * shape[d];
            }
            if (sc != null) {
                c -= sc[d] * shape[d];
            }
            pos[d] = 0;
        }
    }
}
