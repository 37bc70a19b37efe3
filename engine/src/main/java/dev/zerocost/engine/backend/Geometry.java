package dev.zerocost.engine.backend;

/** Shapes of the spatial primitives, computed once by the op and passed to every backend. */
public final class Geometry {
    private Geometry() {
    }

    /**
     * A 2-d convolution of x [n, cin, h, w] with weight [cout, cin, kh, kw] giving [n, cout, hOut, wOut].
     */
    public record Conv2d(int n, int cin, int h, int w, int cout, int kh, int kw,
                         int stride, int padding, int hOut, int wOut) {
        public static Conv2d of(int n, int cin, int h, int w, int cout, int kh, int kw, int stride, int padding) {
            int hOut = (h + 2 * padding - kh) / stride + 1;
            int wOut = (w + 2 * padding - kw) / stride + 1;
            return new Conv2d(n, cin, h, w, cout, kh, kw, stride, padding, hOut, wOut);
        }

        public long flops() {
            return 2L * n * cout * hOut * wOut * cin * kh * kw;
        }
    }

    /** A 2-d pooling window over planes [n*c, h, w] giving [n*c, hOut, wOut]. */
    public record Pool2d(int planes, int h, int w, int kernel, int stride, int padding, int hOut, int wOut) {
        public static Pool2d of(int planes, int h, int w, int kernel, int stride, int padding) {
            int hOut = (h + 2 * padding - kernel) / stride + 1;
            int wOut = (w + 2 * padding - kernel) / stride + 1;
            return new Pool2d(planes, h, w, kernel, stride, padding, hOut, wOut);
        }
    }
}
