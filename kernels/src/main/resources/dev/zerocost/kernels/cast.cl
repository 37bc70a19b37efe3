/* Dtype conversion, built once per (S, T) pair: widen to ACC, then round or truncate as Java does. */
#include "dialect.h"

KERNEL void cast(GLOBAL const S *x, GLOBAL T *out, const i64 n) {
    i64 i = GLOBAL_ID(0);
    if (i < n) {
        ACC v = (ACC) x[i];
        out[i] = TO_T(v);
    }
}
