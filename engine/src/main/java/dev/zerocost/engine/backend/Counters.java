package dev.zerocost.engine.backend;

import java.util.concurrent.atomic.AtomicLong;

/** Kernel launches, floating point operations and bytes moved at a backend's boundary. */
public final class Counters {
    private final AtomicLong launches = new AtomicLong();
    private final AtomicLong flops = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public void record(long flopCount, long byteCount) {
        launches.incrementAndGet();
        flops.addAndGet(flopCount);
        bytes.addAndGet(byteCount);
    }

    public long launches() {
        return launches.get();
    }

    public long flops() {
        return flops.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public void reset() {
        launches.set(0);
        flops.set(0);
        bytes.set(0);
    }

    @Override
    public String toString() {
        return "launches=" + launches() + " flops=" + flops() + " bytes=" + bytes();
    }
}
