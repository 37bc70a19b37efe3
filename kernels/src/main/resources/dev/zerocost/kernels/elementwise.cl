/* Elementwise primitives: fill, unary, binary and where with broadcast strides.
 * Values are widened to ACC, computed, and rounded once on store, as the CPU reference does. */
#include "dialect.h"

KERNEL void fill(GLOBAL T *out, const T value, const i64 n) {
    i64 i = GLOBAL_ID(0);
    if (i < n) {
        out[i] = value;
    }
}

/* Operation codes are the ordinals of dev.zerocost.engine.backend.UnaryOp. */
#define U_NEG 0
#define U_ABS 1
#define U_EXP 2
#define U_LOG 3
#define U_SQRT 4
#define U_RELU 5
#define U_STEP 6
#define U_SIGN 7
#define U_ADD_SCALAR 8
#define U_MUL_SCALAR 9
#define U_POW_SCALAR 10
#define U_IS_NAN 11

/* Java's Math.pow differs from C's pow in two corners: a NaN exponent and 1 ** +-infinity give NaN. */
DEVICE_FN ACC java_pow(ACC x, ACC s) {
    if (s != s || (fabs(x) == (ACC) 1 && isinf(s))) {
        return (ACC) NAN;
    }
    return pow(x, s);
}

DEVICE_FN ACC apply_unary(int op, ACC x, ACC s) {
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return fabs(x);
        case U_EXP: return exp(x);
        case U_LOG: return log(x);
        case U_SQRT: return sqrt(x);
        case U_RELU: return x > 0 ? x : (x != x ? x : (ACC) 0);
        case U_STEP: return x > 0 ? (ACC) 1 : (ACC) 0;
        case U_SIGN: return x > 0 ? (ACC) 1 : x < 0 ? (ACC) -1 : (x != x ? x : (ACC) 0);
        case U_ADD_SCALAR: return x + s;
        case U_MUL_SCALAR: return x * s;
        case U_POW_SCALAR: return java_pow(x, s);
        default: return x != x ? (ACC) 1 : (ACC) 0; /* U_IS_NAN */
    }
}

KERNEL void unary(const int op, const ACC scalar, GLOBAL const T *x, GLOBAL T *out, const i64 n) {
    i64 i = GLOBAL_ID(0);
    if (i < n) {
        ACC v = apply_unary(op, (ACC) x[i], scalar);
        out[i] = TO_T(v);
    }
}

/* Operation codes are the ordinals of dev.zerocost.engine.backend.BinaryOp. */
#define B_ADD 0
#define B_SUB 1
#define B_MUL 2
#define B_DIV 3
#define B_MAX 4
#define B_MIN 5
#define B_GT 6
#define B_GE 7
#define B_LT 8
#define B_LE 9
#define B_EQ 10

DEVICE_FN ACC apply_binary(int op, ACC a, ACC b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        /* NaN wins; on equal values +0 beats -0 for max and -0 beats +0 for min, as Java's Math.max/min */
        case B_MAX: return (a != a || b != b) ? (ACC) NAN : a > b ? a : b > a ? b : (IS_SIGN_NEGATIVE(a) ? b : a);
        case B_MIN: return (a != a || b != b) ? (ACC) NAN : a < b ? a : b < a ? b : (IS_SIGN_NEGATIVE(a) ? a : b);
        case B_GT: return a > b ? (ACC) 1 : (ACC) 0;
        case B_GE: return a >= b ? (ACC) 1 : (ACC) 0;
        case B_LT: return a < b ? (ACC) 1 : (ACC) 0;
        case B_LE: return a <= b ? (ACC) 1 : (ACC) 0;
        default: return a == b ? (ACC) 1 : (ACC) 0; /* B_EQ */
    }
}

/*
 * Broadcast layout: layout holds rank output dims, then rank strides per operand
 * (0 on broadcast axes), operands in argument order.
 */
KERNEL void binary(const int op, GLOBAL const T *a, GLOBAL const T *b, GLOBAL T *out,
                   GLOBAL const i64 *layout, const int rank, const i64 n) {
    i64 i = GLOBAL_ID(0);
    if (i >= n) {
        return;
    }
    i64 rest = i;
    i64 ia = 0;
    i64 ib = 0;
    for (int d = rank - 1; d >= 0; d--) {
        i64 dim = layout[d];
        i64 pos = rest % dim;
        rest /= dim;
        ia += pos * layout[rank + d];
        ib += pos * layout[2 * rank + d];
    }
    ACC v = apply_binary(op, (ACC) a[ia], (ACC) b[ib]);
    out[i] = TO_T(v);
}

KERNEL void where(GLOBAL const T *cond, GLOBAL const T *a, GLOBAL const T *b, GLOBAL T *out,
                  GLOBAL const i64 *layout, const int rank, const i64 n) {
    i64 i = GLOBAL_ID(0);
    if (i >= n) {
        return;
    }
    i64 rest = i;
    i64 ic = 0;
    i64 ia = 0;
    i64 ib = 0;
    for (int d = rank - 1; d >= 0; d--) {
        i64 dim = layout[d];
        i64 pos = rest % dim;
        rest /= dim;
        ic += pos * layout[rank + d];
        ia += pos * layout[2 * rank + d];
        ib += pos * layout[3 * rank + d];
    }
    out[i] = cond[ic] != 0 ? a[ia] : b[ib];
}
