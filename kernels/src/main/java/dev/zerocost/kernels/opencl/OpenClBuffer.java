package dev.zerocost.kernels.opencl;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.Buffer;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * Device memory of an OpenCL buffer. A zero-element buffer still holds one element of device
 * memory (OpenCL has no empty buffers) but counts 0 live bytes. Memory is returned by
 * {@link #release()} (normally through a MemoryScope) or, as a safety net, when the buffer is
 * garbage collected unreleased.
 */
final class OpenClBuffer extends Buffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OpenClBackend backend;
    private final cl_mem mem;
    private final Cleaner.Cleanable cleanable;

    OpenClBuffer(OpenClBackend backend, DType dtype, long size, cl_mem mem, AtomicLong live) {
        super(dtype, size);
        this.backend = backend;
        this.mem = mem;
        long bytes = bytes();
        live.addAndGet(bytes);
        this.cleanable = CLEANER.register(this, new Free(mem, live, bytes));
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** The device memory; fails if the buffer was released. */
    cl_mem mem() {
        checkLive();
        return mem;
    }

    @Override
    protected void doRelease() {
        cleanable.clean();
    }

    /** Frees the memory once, whether released explicitly or collected. Holds no reference to the buffer. */
    private record Free(cl_mem mem, AtomicLong live, long bytes) implements Runnable {
        @Override
        public void run() {
            CL.clReleaseMemObject(mem);
            live.addAndGet(-bytes);
        }
    }
}
