package dev.zerocost.nasbench.bench;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.backend.MemoryScope;
import dev.zerocost.engine.cpu.CpuThreads;
import dev.zerocost.engine.cpu.WinogradSetting;
import dev.zerocost.nasbench.network.CellNetwork;
import dev.zerocost.nasbench.network.Networks;
import dev.zerocost.nasbench.space.Nb201Index;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: an in-process A/B of {@link WinogradSetting}s on whole passes (docs/PERFORMANCE.md,
 * session 20). One JVM builds the full-size NB-201 network of each arch (C = 16, N = 5, train
 * mode, batch 64, random inputs) and runs forward + backward to the weight gradients (grad_norm's
 * pass), cycling through the settings pass by pass, so that the host's drift, which between
 * separate JVM runs is as large as the effect, hits every setting alike. Prints per setting the
 * median pass time and the median over passes of its time over the first setting's in the same
 * cycle. Arguments: archs (comma-separated indices), cycles, settings separated by ';', each
 * {@code off} or {@code FLOOR:PARTS} such as {@code 64:fw,ig,wg}, optionally followed by
 * {@code /ROWS}, the row form's channel ceiling ({@link WinogradSetting#withRowsBelow}; default
 * {@link WinogradSetting#DEFAULT_ROWS_BELOW}, 0 for none), then by {@code @MICROS}, the workers' spin before parking ({@link CpuThreads#setSpinMicros}; default
 * 200). The first quarter of the cycles is JIT warm-up and is dropped.
 */
public final class WinogradPassProbe {
    private WinogradPassProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: WinogradPassProbe ARCHS CYCLES 'off;64:fw,ig,wg;32:fw,ig,wg/0;...'");
            System.exit(2);
        }
        int[] archs = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int cycles = Integer.parseInt(args[1]);
        String[] names = args[2].split(";");
        WinogradSetting[] settings = new WinogradSetting[names.length];
        long[] spins = new long[names.length];
        for (int s = 0; s < names.length; s++) {
            String[] at = names[s].split("@");
            String[] rows = at[0].split("/", 2);
            String[] p = rows[0].split(":", 2);
            settings[s] = p[0].equals("off") ? WinogradSetting.off() : WinogradSetting.on(Integer.parseInt(p[0]), p[1]);
            if (rows.length > 1) {
                settings[s] = settings[s].withRowsBelow(Integer.parseInt(rows[1]));
            }
            spins[s] = at.length > 1 ? Long.parseLong(at[1]) : 200;
        }
        int batch = 64;
        RandomBatch data = RandomBatch.of(batch);
        float[] img = data.images();
        long[] labels = data.labels();
        for (int arch : archs) {
            CellNetwork net = Networks.build(Networks.NB201, Nb201Index.arch(arch), 16, 5, 10, true, 0);
            net.train(true);
            List<Tensor> params = new ArrayList<>(net.namedParameters().values());
            double[][] t = new double[settings.length][cycles];
            for (int c = 0; c < cycles; c++) {
                for (int s = 0; s < settings.length; s++) {
                    WinogradSetting.set(settings[(s + c) % settings.length]); // rotate the order too
                    CpuThreads.setSpinMicros(spins[(s + c) % settings.length]);
                    t[(s + c) % settings.length][c] = pass(net, params, img, labels, batch);
                }
            }
            int from = cycles / 4;
            System.out.printf("arch %d (%s), %d cycles, first %d dropped%n", arch, Nb201Index.arch(arch), cycles, from);
            for (int s = 0; s < settings.length; s++) {
                double[] own = Arrays.copyOfRange(t[s], from, cycles);
                double[] ratio = new double[own.length];
                for (int c = from; c < cycles; c++) {
                    ratio[c - from] = t[s][c] / t[0][c];
                }
                System.out.printf("  %-30s median %.4f s   / %s: median %.3f, quartiles %.3f-%.3f%n", names[s],
                        median(own), names[0], median(ratio), quantile(ratio, 0.25), quantile(ratio, 0.75));
            }
        }
    }

    private static double pass(CellNetwork net, List<Tensor> params, float[] img, long[] labels, int batch) {
        try (MemoryScope scope = MemoryScope.open()) {
            long t0 = System.nanoTime();
            Tensor loss = Functional.crossEntropy(net.call(Tensor.of(img, batch, 3, 32, 32)), Tensor.ofLongs(labels, batch));
            Autograd.grad(loss, params, false);
            double s = (System.nanoTime() - t0) / 1e9;
            for (Tensor b : net.namedBuffers().values()) {
                scope.keep(b.buffer()); // updated running statistics outlive the pass
            }
            return s;
        }
    }

    private static double median(double[] a) {
        return quantile(a, 0.5);
    }

    private static double quantile(double[] a, double q) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
    }
}
