/*
 * Pooling over planes [P, H, W] -> [P, HOUT, WOUT] with a square window: average pooling and its
 * adjoint, and the argmax indices of max pooling. Average pooling is PyTorch 1.13's CPU
 * arithmetic, the reference's: sums in T (float32 for float32 tensors) in the reference's order,
 * each quotient taken in ACC and rounded to T (for float operands a double quotient rounded once
 * is the correctly rounded float one).
 */
#include "dialect.h"

#define GEOMETRY const int H, const int W, const int K, const int STRIDE, const int PAD, \
    const int HOUT, const int WOUT

/* the number of window positions the average divides by (countIncludePad: padding counts too) */
DEVICE_FN int pool_divisor(int oh, int ow, GEOMETRY, int countIncludePad) {
    int h0 = oh * STRIDE - PAD;
    int w0 = ow * STRIDE - PAD;
    if (countIncludePad) {
        int h1 = min(h0 + K, H + PAD);
        int w1 = min(w0 + K, W + PAD);
        return (h1 - h0) * (w1 - w0);
    }
    int h1 = min(h0 + K, H);
    int w1 = min(w0 + K, W);
    return (h1 - max(h0, 0)) * (w1 - max(w0, 0));
}

KERNEL void avg_pool2d(GLOBAL const T *x, GLOBAL T *y, GEOMETRY, const int countIncludePad, const i64 total) {
    i64 id = GLOBAL_ID(0);
    if (id >= total) {
        return;
    }
    int ow = (int) (id % WOUT);
    int oh = (int) ((id / WOUT) % HOUT);
    i64 p = id / ((i64) WOUT * HOUT);
    GLOBAL const T *xp = x + p * H * W;
    T s = 0;
    for (int kh = 0; kh < K; kh++) {
        int ih = oh * STRIDE - PAD + kh;
        for (int kw = 0; kw < K; kw++) {
            int iw = ow * STRIDE - PAD + kw;
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
                s += xp[(i64) ih * W + iw];
            }
        }
    }
    ACC v = s / (ACC) pool_divisor(oh, ow, H, W, K, STRIDE, PAD, HOUT, WOUT, countIncludePad);
    y[id] = TO_T(v);
}

DEVICE_FN int first_covering(int at, int k, int stride, int pad) {
    int t = at + pad - k + 1;
    return t <= 0 ? 0 : (t + stride - 1) / stride;
}

DEVICE_FN int last_covering(int at, int stride, int pad, int outSize) {
    return min((at + pad) / stride, outSize - 1);
}

/* gx[p, ih, iw] = sum over the windows covering it (row-major) of gy / divisor. */
KERNEL void avg_pool2d_adjoint(GLOBAL const T *gy, GLOBAL T *gx, GEOMETRY, const int countIncludePad,
                               const i64 total) {
    i64 id = GLOBAL_ID(0);
    if (id >= total) {
        return;
    }
    int iw = (int) (id % W);
    int ih = (int) ((id / W) % H);
    i64 p = id / ((i64) W * H);
    GLOBAL const T *gp = gy + p * HOUT * WOUT;
    int oh1 = last_covering(ih, STRIDE, PAD, HOUT);
    int ow1 = last_covering(iw, STRIDE, PAD, WOUT);
    T s = 0;
    for (int oh = first_covering(ih, K, STRIDE, PAD); oh <= oh1; oh++) {
        for (int ow = first_covering(iw, K, STRIDE, PAD); ow <= ow1; ow++) {
            ACC d = (ACC) gp[(i64) oh * WOUT + ow]
                    / (ACC) pool_divisor(oh, ow, H, W, K, STRIDE, PAD, HOUT, WOUT, countIncludePad);
            s += TO_T(d);
        }
    }
    gx[id] = s;
}

/* For each window, the in-plane flat index of its maximum: the first on ties, the first NaN if any. */
KERNEL void max_pool2d_indices(GLOBAL const T *x, GLOBAL i64 *indices, GEOMETRY, const i64 total) {
    i64 id = GLOBAL_ID(0);
    if (id >= total) {
        return;
    }
    int ow = (int) (id % WOUT);
    int oh = (int) ((id / WOUT) % HOUT);
    i64 p = id / ((i64) WOUT * HOUT);
    GLOBAL const T *xp = x + p * H * W;
    ACC best = (ACC) -INFINITY;
    i64 at = -1;
    for (int kh = 0; kh < K; kh++) {
        int ih = oh * STRIDE - PAD + kh;
        for (int kw = 0; kw < K; kw++) {
            int iw = ow * STRIDE - PAD + kw;
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
                ACC v = (ACC) xp[(i64) ih * W + iw];
                if (at < 0 || v > best || v != v) {
                    best = v;
                    at = (i64) ih * W + iw;
                    if (v != v) {
                        indices[id] = at;
                        return;
                    }
                }
            }
        }
    }
    indices[id] = at;
}
