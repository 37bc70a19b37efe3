package dev.zerocost.engine.nn;

import dev.zerocost.engine.Tensor;

/** Observes a module call's input and output. */
@FunctionalInterface
public interface ForwardHook {
    void after(Module module, Tensor input, Tensor output);
}
