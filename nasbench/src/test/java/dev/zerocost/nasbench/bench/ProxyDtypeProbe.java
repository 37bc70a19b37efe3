package dev.zerocost.nasbench.bench;

import dev.zerocost.engine.DType;
import dev.zerocost.nasbench.scoring.ScoredCellNetwork;
import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ProxyRegistry;
import dev.zerocost.proxies.ProxyRunner;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.List;

/**
 * Not a test: proxies on a full-size NB-201 arch (C = 16, N = 5, init seed 0) in float32 and in
 * float64, on two Gaussian batches of 64 ({@link RandomBatch}), to size how far float32 rounding
 * alone moves a score (docs/PERFORMANCE.md, session 22). Arguments: arch index, proxies
 * (comma-separated).
 */
public final class ProxyDtypeProbe {
    public static void main(String[] args) {
        int index = Integer.parseInt(args[0]);
        Arch arch = Nb201Index.arch(index);
        ScoredNetwork net = ScoredCellNetwork.build("nb201", arch, 16, 5, 10, 0, 32);
        List<Batch> f32 = RandomBatch.batches(2, 64);
        ScoredNetwork wide = net.duplicate();
        wide.module().to(DType.FLOAT64);
        List<Batch> f64 = List.of(new Batch(f32.get(0).input().to(DType.FLOAT64), f32.get(0).labels()),
                new Batch(f32.get(1).input().to(DType.FLOAT64), f32.get(1).labels()));
        for (String p : args[1].split(",")) {
            double s32 = ProxyRunner.runOne(net, f32, ProxyRegistry.get(p)).result().score();
            double s64 = ProxyRunner.runOne(wide, f64, ProxyRegistry.get(p)).result().score();
            System.out.printf("arch %d %s: float32 %.10g float64 %.10g rel %.2e%n", index, p, s32, s64, (s32 - s64) / Math.abs(s64));
        }
    }
}
