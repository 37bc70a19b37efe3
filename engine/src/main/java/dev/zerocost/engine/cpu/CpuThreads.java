package dev.zerocost.engine.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The CPU backend's worker pool. Thread count comes from the machine, overridable with the
 * system property {@code zerocost.threads} or {@link #setCount(int)} (the CLI's --threads).
 */
public final class CpuThreads {
    private static volatile ForkJoinPool pool;
    private static volatile int count = Integer.getInteger("zerocost.threads", Runtime.getRuntime().availableProcessors());

    private CpuThreads() {
    }

    public static int count() {
        return count;
    }

    public static synchronized void setCount(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        count = threads;
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (CpuThreads.class) {
                if (pool == null) {
                    pool = new ForkJoinPool(count);
                }
                p = pool;
            }
        }
        return p;
    }

    /** Runs body(i) for i in [0, n), in parallel when there is more than one thread and task. */
    public static void parallelFor(int n, IntConsumer body) {
        if (n <= 1 || count == 1) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        try {
            pool().submit(() -> IntStream.range(0, n).parallel().forEach(body)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
