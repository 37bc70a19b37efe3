package dev.zerocost.nasbench.bench;

import dev.zerocost.nasbench.scoring.ScoredCellNetwork;
import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyRegistry;
import dev.zerocost.proxies.ProxyRunner;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: an in-process A/B of one proxy with a boolean system property off and on (a
 * temporary switch in the code under test), alternating run by run so that the host's drift hits
 * both alike. Full-size NB-201 networks (C = 16, N = 5), two Gaussian batches of 64
 * ({@link RandomBatch}). Prints per arch the median seconds each way, the median of the per-cycle
 * ratios on/off, and whether the scores were equal. Arguments: proxy, archs (comma-separated
 * indices), cycles, property. The first quarter of the cycles is dropped as JIT warm-up.
 */
public final class ProxySwitchProbe {
    private ProxySwitchProbe() {
    }

    public static void main(String[] args) {
        Proxy proxy = ProxyRegistry.get(args[0]);
        int cycles = Integer.parseInt(args[2]);
        String property = args[3];
        List<Batch> batches = RandomBatch.batches(2, 64);
        for (String a : args[1].split(",")) {
            int index = Integer.parseInt(a);
            ScoredCellNetwork net = ScoredCellNetwork.build("nb201", Nb201Index.arch(index), 16, 5, 10, 0, 32);
            double[][] t = new double[2][cycles];
            double[] score = new double[2];
            for (int c = 0; c < cycles; c++) {
                for (int k = 0; k < 2; k++) {
                    int side = (k + c) % 2;
                    System.setProperty(property, String.valueOf(side == 1));
                    ProxyRunner.Timed run = ProxyRunner.runOne(net, batches, proxy);
                    t[side][c] = run.seconds();
                    score[side] = run.result().score();
                }
            }
            System.clearProperty(property);
            int from = cycles / 4;
            double[] ratio = new double[cycles - from];
            for (int c = from; c < cycles; c++) {
                ratio[c - from] = t[1][c] / t[0][c];
            }
            Arrays.sort(ratio);
            double[] off = Arrays.copyOfRange(t[0], from, cycles);
            double[] on = Arrays.copyOfRange(t[1], from, cycles);
            Arrays.sort(off);
            Arrays.sort(on);
            System.out.printf("arch %d %s: %s=false median %.3f s, true %.3f s, true/false median %.3f (quartiles %.3f-%.3f), scores %s (%.10g / %.10g)%n",
                    index, proxy.name(), property, off[off.length / 2], on[on.length / 2], ratio[ratio.length / 2],
                    ratio[ratio.length / 4], ratio[3 * ratio.length / 4], score[0] == score[1] ? "equal" : "differ", score[0], score[1]);
        }
    }
}
