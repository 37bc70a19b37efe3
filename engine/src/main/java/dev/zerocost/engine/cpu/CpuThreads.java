package dev.zerocost.engine.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The CPU backend's worker pool. Thread count comes from the machine, overridable with the
 * system property {@code zerocost.threads} or {@link #setCount(int)} (the CLI's --threads).
 *
 * <p>An NB-201 forward and backward pass is thousands of short parallel loops (an elementwise
 * op on [64, 64, 8, 8] takes a fraction of a millisecond), so the cost of starting one matters.
 * The calling thread works on the loop itself beside {@code count - 1} persistent workers, which
 * spin for a short while ({@code zerocost.spinMicros}, default 200) after each loop before they
 * park: back-to-back loops then start without a wake-up. Indices are claimed one at a time, so
 * the load balances; which thread runs an index never affects results, because every caller
 * gives each index its own output range or partial sum.
 *
 * <p>A parallel loop started from inside another (on a worker, or by the thread that runs the
 * outer loop) or while another thread's loop is running runs on the calling thread alone.
 */
public final class CpuThreads {
    private static volatile long spinNanos = Long.getLong("zerocost.spinMicros", 200) * 1000;
    private static final ReentrantLock LOOP = new ReentrantLock();
    private static volatile int count = Integer.getInteger("zerocost.threads", Runtime.getRuntime().availableProcessors());
    private static volatile Crew crew;

    private CpuThreads() {
    }

    public static int count() {
        return count;
    }

    /**
     * How many pieces to cut {@code items} independent items into: a few per thread, so that a
     * thread that starts late or is interrupted (JIT, GC, another process on a small machine)
     * leaves its share to the others instead of making them wait; one on a single thread.
     */
    public static int chunks(int items) {
        return Math.max(1, Math.min(items, count == 1 ? 1 : count * 4));
    }

    /** How long an idle worker spins before it parks, from the next idle spell on (in-process A/B timing). */
    public static void setSpinMicros(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("spin time must be >= 0 microseconds, got " + micros);
        }
        spinNanos = micros * 1000;
    }

    public static void setCount(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        LOOP.lock();
        try {
            count = threads;
            if (crew != null) {
                crew.stop();
                crew = null;
            }
        } finally {
            LOOP.unlock();
        }
    }

    /** Runs body(i) for i in [0, n), in parallel when there is more than one thread and task. */
    public static void parallelFor(int n, IntConsumer body) {
        if (n <= 1 || count == 1 || Thread.currentThread() instanceof Worker || LOOP.isHeldByCurrentThread()
                || !LOOP.tryLock()) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        Loop loop = new Loop(n, body);
        try {
            if (crew == null) {
                crew = new Crew(count - 1);
            }
            crew.start(loop);
            loop.work();
            loop.awaitDone();
            crew.current = null;
        } finally {
            LOOP.unlock();
        }
        Throwable failure = loop.failure.get();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** One parallel loop: indices are claimed from {@code next}; {@code pending} counts unfinished ones. */
    private static final class Loop {
        final int n;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger pending;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Loop(int n, IntConsumer body) {
            this.n = n;
            this.body = body;
            this.pending = new AtomicInteger(n);
        }

        void work() {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.accept(i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    pending.decrementAndGet();
                }
            }
        }

        void awaitDone() {
            long spins = 0;
            while (pending.get() > 0) {
                if (++spins < 100_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    /** The persistent workers and the loop they are offered. */
    private static final class Crew {
        final Worker[] workers;
        volatile Loop current;
        volatile boolean stopped;

        Crew(int size) {
            workers = new Worker[size];
            for (int k = 0; k < size; k++) {
                workers[k] = new Worker(this, k);
                workers[k].start();
            }
        }

        void start(Loop loop) {
            current = loop;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
        }

        void stop() {
            stopped = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    private static final class Worker extends Thread {
        private final Crew crew;
        volatile boolean parked;

        Worker(Crew crew, int k) {
            super("zerocost-cpu-" + (k + 1));
            this.crew = crew;
            setDaemon(true);
        }

        @Override
        public void run() {
            Loop seen = null;
            while (!crew.stopped) {
                Loop loop = crew.current;
                if (loop != seen) {
                    seen = loop;
                    if (loop != null) {
                        loop.work();
                    }
                    continue;
                }
                long start = System.nanoTime();
                while (crew.current == seen && !crew.stopped && System.nanoTime() - start < spinNanos) {
                    Thread.onSpinWait();
                }
                if (crew.current == seen && !crew.stopped) {
                    parked = true;
                    if (crew.current == seen && !crew.stopped) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
        }
    }
}
