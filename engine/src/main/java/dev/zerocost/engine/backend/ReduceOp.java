package dev.zerocost.engine.backend;

/** Reductions over chosen axes. */
public enum ReduceOp {
    SUM, MAX
}
