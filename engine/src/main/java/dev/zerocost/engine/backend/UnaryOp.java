package dev.zerocost.engine.backend;

/** Elementwise unary primitives; the *_SCALAR ones take the call's scalar argument. */
public enum UnaryOp {
    NEG, ABS, EXP, LOG, SQRT, RELU,
    /** 1 where x > 0, else 0 (the ReLU mask). */
    STEP,
    /** -1, 0 or 1 (0 at 0, as torch.sign). */
    SIGN,
    ADD_SCALAR, MUL_SCALAR, POW_SCALAR,
    /** 1 where x != x (NaN), else 0. */
    IS_NAN
}
