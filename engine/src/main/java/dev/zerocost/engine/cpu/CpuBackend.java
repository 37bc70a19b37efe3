package dev.zerocost.engine.cpu;

/**
 * The CPU backend used by default: the reference kernels with the hot primitives (GEMM,
 * convolution, elementwise) replaced by blocked, multi-threaded loops on primitive arrays.
 */
public class CpuBackend extends CpuReferenceBackend {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return "CPU, " + CpuThreads.count() + " threads";
    }
}
