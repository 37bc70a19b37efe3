package dev.zerocost.engine.cpu;

/**
 * Per-thread float arrays that a kernel reuses from call to call, one per slot, grown on demand:
 * their contents on entry are whatever the thread's last call left there.
 */
final class Scratch {
    private final ThreadLocal<float[][]> arrays;

    Scratch(int slots) {
        arrays = ThreadLocal.withInitial(() -> new float[slots][0]);
    }

    /** The calling thread's array of this slot, at least {@code size} floats long. */
    float[] get(int slot, int size) {
        float[][] s = arrays.get();
        if (s[slot].length < size) {
            s[slot] = new float[size];
        }
        return s[slot];
    }
}
