package dev.zerocost.engine.backend;

/** Elementwise binary primitives; comparisons give 1 or 0 in the operands' dtype. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN, GT, GE, LT, LE, EQ
}
