/*
 * Direct 2-d convolution (cross-correlation) and both adjoints, one work-item per output element,
 * each summing in ACC in the same order as the CPU reference, so results round once on store.
 * x [N, CIN, H, W], weight [COUT, CIN, KH, KW], y [N, COUT, HOUT, WOUT].
 */
#include "dialect.h"

#define GEOMETRY const int N, const int CIN, const int H, const int W, const int COUT, const int KH, \
    const int KW, const int STRIDE, const int PAD, const int HOUT, const int WOUT

/* first output row/column whose window covers input row/column `at` (kernel `k`) */
DEVICE_FN int first_covering(int at, int k, int stride, int pad) {
    int t = at + pad - k + 1;
    return t <= 0 ? 0 : (t + stride - 1) / stride;
}

/* last output row/column whose window covers input row/column `at` */
DEVICE_FN int last_covering(int at, int stride, int pad, int outSize) {
    return min((at + pad) / stride, outSize - 1);
}

KERNEL void conv2d(GLOBAL const T *x, GLOBAL const T *w, GLOBAL T *y, GEOMETRY, const i64 total) {
    i64 id = GLOBAL_ID(0);
    if (id >= total) {
        return;
    }
    int ow = (int) (id % WOUT);
    int oh = (int) ((id / WOUT) % HOUT);
    int co = (int) ((id / ((i64) WOUT * HOUT)) % COUT);
    int n = (int) (id / ((i64) WOUT * HOUT * COUT));
    ACC s = 0;
    for (int ci = 0; ci < CIN; ci++) {
        GLOBAL const T *xp = x + ((i64) n * CIN + ci) * H * W;
        GLOBAL const T *wp = w + ((i64) co * CIN + ci) * KH * KW;
        for (int kh = 0; kh < KH; kh++) {
            int ih = oh * STRIDE - PAD + kh;
            if (ih < 0 || ih >= H) {
                continue;
            }
            for (int kw = 0; kw < KW; kw++) {
                int iw = ow * STRIDE - PAD + kw;
                if (iw < 0 || iw >= W) {
                    continue;
                }
                s += (ACC) xp[(i64) ih * W + iw] * (ACC) wp[kh * KW + kw];
            }
        }
    }
    y[id] = TO_T(s);
}

/* gx[n, ci, ih, iw] = sum over co, oh, ow (in that order) of gy * weight at the tap that links them. */
KERNEL void conv2d_input_grad(GLOBAL const T *gy, GLOBAL const T *w, GLOBAL T *gx, GEOMETRY, const i64 total) {
    i64 id = GLOBAL_ID(0);
    if (id >= total) {
        return;
    }
    int iw = (int) (id % W);
    int ih = (int) ((id / W) % H);
    int ci = (int) ((id / ((i64) W * H)) % CIN);
    int n = (int) (id / ((i64) W * H * CIN));
    int oh0 = first_covering(ih, KH, STRIDE, PAD);
    int oh1 = last_covering(ih, STRIDE, PAD, HOUT);
    int ow0 = first_covering(iw, KW, STRIDE, PAD);
    int ow1 = last_covering(iw, STRIDE, PAD, WOUT);
    ACC s = 0;
    for (int co = 0; co < COUT; co++) {
        GLOBAL const T *gp = gy + ((i64) n * COUT + co) * HOUT * WOUT;
        GLOBAL const T *wp = w + ((i64) co * CIN + ci) * KH * KW;
        for (int oh = oh0; oh <= oh1; oh++) {
            int kh = ih + PAD - oh * STRIDE;
            for (int ow = ow0; ow <= ow1; ow++) {
                int kw = iw + PAD - ow * STRIDE;
                s += (ACC) gp[(i64) oh * WOUT + ow] * (ACC) wp[kh * KW + kw];
            }
        }
    }
    gx[id] = TO_T(s);
}

/*
 * gw[g, co, ci, kh, kw] = sum over samples [n0 + g * span, n0 + (g + 1) * span), oh, ow of gy * x:
 * span = N with one group gives the batch gradient, span = 1 gives per-sample gradients.
 */
KERNEL void conv2d_weight_grad(GLOBAL const T *x, GLOBAL const T *gy, GLOBAL T *gw, GEOMETRY,
                               const int n0, const int span, const i64 total) {
    i64 id = GLOBAL_ID(0);
    if (id >= total) {
        return;
    }
    i64 weights = (i64) COUT * CIN * KH * KW;
    i64 wi = id % weights;
    int group = (int) (id / weights);
    int kw = (int) (wi % KW);
    int kh = (int) ((wi / KW) % KH);
    int ci = (int) ((wi / ((i64) KW * KH)) % CIN);
    int co = (int) (wi / ((i64) KW * KH * CIN));
    int first = n0 + group * span;
    ACC s = 0;
    for (int n = first; n < first + span; n++) {
        GLOBAL const T *gp = gy + ((i64) n * COUT + co) * HOUT * WOUT;
        GLOBAL const T *xp = x + ((i64) n * CIN + ci) * H * W;
        for (int oh = 0; oh < HOUT; oh++) {
            int ih = oh * STRIDE - PAD + kh;
            if (ih < 0 || ih >= H) {
                continue;
            }
            for (int ow = 0; ow < WOUT; ow++) {
                int iw = ow * STRIDE - PAD + kw;
                if (iw >= 0 && iw < W) {
                    s += (ACC) gp[(i64) oh * WOUT + ow] * (ACC) xp[(i64) ih * W + iw];
                }
            }
        }
    }
    gw[id] = TO_T(s);
}
