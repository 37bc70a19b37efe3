/* Data movement: strided gather into a contiguous block, and the pooling gather/scatter pair. */
#include "dialect.h"

/* layout holds rank dims then rank element strides of x; out[outOffset + i] = x[offset + strided(i)]. */
KERNEL void copy_strided(GLOBAL const T *x, const i64 offset, GLOBAL T *out, const i64 outOffset,
                         GLOBAL const i64 *layout, const int rank, const i64 n) {
    i64 i = GLOBAL_ID(0);
    if (i >= n) {
        return;
    }
    i64 rest = i;
    i64 at = offset;
    for (int d = rank - 1; d >= 0; d--) {
        i64 dim = layout[d];
        at += (rest % dim) * layout[rank + d];
        rest /= dim;
    }
    out[outOffset + i] = x[at];
}

/* out[p, o] = x[p, indices[p, o]] over n = planes * outPlane elements. */
KERNEL void gather2d(GLOBAL const T *x, GLOBAL const i64 *indices, GLOBAL T *out,
                     const i64 plane, const i64 outPlane, const i64 n) {
    i64 i = GLOBAL_ID(0);
    if (i < n) {
        out[i] = x[(i / outPlane) * plane + indices[i]];
    }
}

/*
 * The adjoint of gather2d, one work-item per plane: sums into an ACC scratch plane in the order
 * of the outputs (as the reference does), then rounds each element once into gx.
 */
KERNEL void scatter2d(GLOBAL const T *gy, GLOBAL const i64 *indices, GLOBAL T *gx, GLOBAL ACC *scratch,
                      const i64 plane, const i64 outPlane, const i64 planes) {
    i64 p = GLOBAL_ID(0);
    if (p >= planes) {
        return;
    }
    GLOBAL ACC *acc = scratch + p * plane;
    for (i64 j = 0; j < plane; j++) {
        acc[j] = 0;
    }
    for (i64 o = p * outPlane; o < (p + 1) * outPlane; o++) {
        acc[indices[o]] += (ACC) gy[o];
    }
    for (i64 j = 0; j < plane; j++) {
        gx[p * plane + j] = TO_T(acc[j]);
    }
}
