/*
 * Sum or max over some axes, one work-item per output element. layout holds the kept axes'
 * sizes, then the reduced axes' sizes, then the input strides of the kept and of the reduced
 * axes; each work-item visits its inputs in memory order and accumulates in ACC, so the sum is
 * bit-identical to the CPU reference's.
 */
#include "dialect.h"

#define R_SUM 0
#define R_MAX 1

KERNEL void reduce(const int op, GLOBAL const T *x, GLOBAL T *out, GLOBAL const i64 *layout,
                   const int kept, const int reduced, const i64 count, const i64 n) {
    i64 k = GLOBAL_ID(0);
    if (k >= n) {
        return;
    }
    GLOBAL const i64 *keptSizes = layout;
    GLOBAL const i64 *reducedSizes = layout + kept;
    GLOBAL const i64 *keptStrides = layout + kept + reduced;
    GLOBAL const i64 *reducedStrides = layout + 2 * kept + reduced;
    i64 base = 0;
    i64 rest = k;
    for (int d = kept - 1; d >= 0; d--) {
        base += (rest % keptSizes[d]) * keptStrides[d];
        rest /= keptSizes[d];
    }
    ACC acc = op == R_SUM ? (ACC) 0 : (ACC) -INFINITY;
    for (i64 r = 0; r < count; r++) {
        i64 at = base;
        i64 left = r;
        for (int d = reduced - 1; d >= 0; d--) {
            at += (left % reducedSizes[d]) * reducedStrides[d];
            left /= reducedSizes[d];
        }
        ACC v = (ACC) x[at];
        if (op == R_SUM) {
            acc += v;
        } else if (acc == acc && (v > acc || v != v)) {
            acc = v; /* NaN wins and stays, as in torch.amax */
        }
    }
    out[k] = TO_T(acc);
}
