package dev.zerocost.nasbench.bench;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.MemoryScope;
import dev.zerocost.nasbench.network.CellNetwork;
import dev.zerocost.nasbench.network.Networks;
import dev.zerocost.nasbench.space.Arch;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a command-line probe (docs/PERFORMANCE.md) that times forward + backward of a
 * full-size NB-201 network (C = 16, N = 5, train mode, float32) on random inputs and prints the
 * backend's live bytes after the forward, i.e. what the autograd graph holds.
 * Arguments: [batch] [repeats] [arch].
 */
public final class ForwardBackwardProbe {
    private ForwardBackwardProbe() {
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String arch = args.length > 2 ? args[2]
                : "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";
        Backend backend = Backends.current();
        CellNetwork net = Networks.build(Networks.NB201, Arch.parse(arch), 16, 5, 10, true, 0);
        net.train(true);
        RandomBatch data = RandomBatch.of(batch);
        float[] img = data.images();
        long[] labels = data.labels();
        List<Tensor> params = new ArrayList<>(net.namedParameters().values());
        System.out.printf("backend %s, batch %d, threads %d%n", backend.name(), batch, Runtime.getRuntime().availableProcessors());
        for (int rep = 0; rep < repeats; rep++) {
            try (MemoryScope scope = MemoryScope.open()) {
                long base = backend.liveBytes();
                System.gc();
                Runtime rt = Runtime.getRuntime();
                long heap0 = rt.totalMemory() - rt.freeMemory();
                long t0 = System.nanoTime();
                Tensor x = Tensor.of(img, batch, 3, 32, 32);
                Tensor loss = Functional.crossEntropy(net.call(x), Tensor.ofLongs(labels, batch));
                long afterForward = backend.liveBytes() - base;
                long t1 = System.nanoTime();
                System.gc();
                long heap = rt.totalMemory() - rt.freeMemory() - heap0;
                long t1b = System.nanoTime();
                List<Tensor> grads = Autograd.grad(loss, params, false);
                long t2 = System.nanoTime();
                double fwd = (t1 - t0) / 1e6;
                double bwd = (t2 - t1b) / 1e6;
                System.out.printf("rep %d: loss %.6f, forward %.0f ms, backward %.0f ms, total %.0f ms, "
                                + "backend live bytes after forward %.1f MB (after backward %.1f MB), JVM heap held by the graph after forward (after GC) %.1f MB%n",
                        rep, loss.item(), fwd, bwd, fwd + bwd, afterForward / 1e6,
                        (backend.liveBytes() - base) / 1e6, heap / 1e6);
                grads.clear();
                for (Tensor b : net.namedBuffers().values()) {
                    scope.keep(b.buffer()); // updated running statistics outlive the pass
                }
            }
        }
    }
}
