package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;

/**
 * Stride-1 im2col and its transpose through a copy of the image with a zero border of the
 * padding width: every kernel row then reads whole rows with no bounds tests and no per-row
 * fills (measured per sample, one thread: im2col 62 -> 25 us at [64,8,8] and 66 -> 50 us at
 * [16,32,32]; transposed 99 -> 43 us at [64,8,8]). The arrays equal {@link CpuConv}'s generic
 * loops exactly. The adjoint (col2im) stays generic: a bordered version measured no faster.
 */
final class PaddedIm2col {
    private PaddedIm2col() {
    }

    static boolean applies(Geometry.Conv2d g) {
        return g.stride() == 1;
    }

    static int paddedSize(Geometry.Conv2d g) {
        return g.cin() * (g.h() + 2 * g.padding()) * (g.w() + 2 * g.padding());
    }

    /** xp = x with a zero border of the padding width, [cin][h + 2p][w + 2p]. */
    static void pad(float[] x, int xOff, Geometry.Conv2d g, float[] xp) {
        pad(x, xOff, g, xp, 0);
    }

    /** The same bordered copy written at xp[xpOff..]. */
    static void pad(float[] x, int xOff, Geometry.Conv2d g, float[] xp, int xpOff) {
        int p = g.padding();
        int wp = g.w() + 2 * p;
        int hp = g.h() + 2 * p;
        java.util.Arrays.fill(xp, xpOff, xpOff + paddedSize(g), 0f);
        for (int c = 0; c < g.cin(); c++) {
            for (int y = 0; y < g.h(); y++) {
                System.arraycopy(x, xOff + (c * g.h() + y) * g.w(), xp, xpOff + (c * hp + y + p) * wp + p, g.w());
            }
        }
    }

    /** col[(c*kh + i)*kw + j][oh*wOut + ow] = xp[c][oh + i][ow + j]. */
    static void im2col(float[] xp, Geometry.Conv2d g, float[] col) {
        int wp = g.w() + 2 * g.padding();
        int plane = (g.h() + 2 * g.padding()) * wp;
        int wo = g.wOut();
        int hw = g.hOut() * wo;
        int row = 0;
        for (int c = 0; c < g.cin(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, row++) {
                    int src = c * plane + i * wp + j;
                    int dst = row * hw;
                    for (int oh = 0; oh < g.hOut(); oh++, src += wp, dst += wo) {
                        for (int ow = 0; ow < wo; ow++) {
                            col[dst + ow] = xp[src + ow];
                        }
                    }
                }
            }
        }
    }

    /** colT[colOff + (oh*wOut + ow)*ckk + (c*kh + i)*kw + j] = xp[c][oh + i][ow + j]. */
    static void im2colTransposed(float[] xp, Geometry.Conv2d g, float[] colT, int colOff) {
        int wp = g.w() + 2 * g.padding();
        int plane = (g.h() + 2 * g.padding()) * wp;
        int kh = g.kh();
        int kw = g.kw();
        int o = colOff;
        for (int oh = 0; oh < g.hOut(); oh++) {
            for (int ow = 0; ow < g.wOut(); ow++) {
                for (int c = 0; c < g.cin(); c++) {
                    int src = c * plane + oh * wp + ow;
                    for (int i = 0; i < kh; i++, src += wp) {
                        for (int j = 0; j < kw; j++) {
                            colT[o++] = xp[src + j];
                        }
                    }
                }
            }
        }
    }
}
