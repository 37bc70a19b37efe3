/*
 * Batched matrix product out[b] = op(a[b]) op(b[b]), one work-item per output element with an
 * ACC accumulator over k in order (the CPU reference's arithmetic). Correctness first: no tiling yet.
 */
#include "dialect.h"

KERNEL void matmul(GLOBAL const T *a, GLOBAL const T *b, GLOBAL T *out, const int m, const int n, const int k,
                   const int transA, const int transB, const i64 total) {
    i64 id = GLOBAL_ID(0);
    if (id >= total) {
        return;
    }
    i64 mn = (i64) m * n;
    i64 batch = id / mn;
    i64 i = (id % mn) / n;
    i64 j = id % n;
    GLOBAL const T *pa = a + batch * m * k;
    GLOBAL const T *pb = b + batch * k * n;
    ACC s = 0;
    for (i64 q = 0; q < k; q++) {
        ACC av = (ACC) pa[transA ? q * m + i : i * k + q];
        ACC bv = (ACC) pb[transB ? j * k + q : q * n + j];
        s += av * bv;
    }
    out[id] = TO_T(s);
}
