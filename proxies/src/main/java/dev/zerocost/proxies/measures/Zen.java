package dev.zerocost.proxies.measures;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.List;
import java.util.Map;

/**
 * zen (Zen-NAS as NASLib computes it, one repeat): Gaussian re-init in module order (Conv2d and
 * Linear weights N(0, 1), biases 0; affine BN weight 1, bias 0); inputs x1, x2 ~ N(0, 1) of the
 * batch's shape (the batch's values are not used); in train mode without gradients,
 * f = {@link ScoredNetwork#features} (the map entering the global pool) of x1 and of
 * x1 + 0.01 x2; s = mean_n sum_chw |f(x1) - f(x1 + 0.01 x2)|;
 * zen = log(s) + sum over every BatchNorm2d of log(sqrt(mean(running_var))), where running_var
 * is the value after both forward passes (two momentum-0.1 updates from 1; a BN that never ran
 * keeps 1 and adds 0). A BN without running statistics (the zc network's cell BNs) makes the
 * reference raise, so it fails here too.
 *
 * <p>The Gaussians come from {@link TorchGenerator#nextGaussian()} seeded with the proxy's seed:
 * statistically what NASLib draws, but not torch.randn's values (torch 1.13 on x86 fills normals
 * with an AVX2 polynomial log/sincos that depends on the CPU), so single scores do not equal
 * NASLib's for the same torch seed.
 */
public final class Zen implements Proxy {
    private static final float MIXUP_GAMMA = 0.01f;
    private final long seed;

    /** Zen drawing its Gaussians from seed 0. */
    public Zen() {
        this(0);
    }

    public Zen(long seed) {
        this.seed = seed;
    }

    @Override
    public String name() {
        return "zen";
    }

    @Override
    public String description() {
        return "log expected feature-map change under input perturbation plus BN scaling (Zen-NAS, NASLib)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        Map<String, Module> modules = net.module().namedModules();
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            if (e.getValue() instanceof BatchNorm2d bn && !bn.tracksRunningStats()) {
                return ProxyResult.failed("zen needs BN running statistics, but BatchNorm2d '" + e.getKey()
                        + "' keeps none (NASLib's zen raises on such a network); score zen on the nb201 network");
            }
        }
        TorchGenerator g = TorchGenerator.manualSeed(seed);
        for (Module m : modules.values()) {
            if (m instanceof Conv2d || m instanceof Linear) {
                m.setParameter("weight", gaussian(g, m.param("weight").shape()));
                Tensor b = m.param("bias");
                if (b != null) {
                    m.setParameter("bias", Tensor.zeros(DType.FLOAT32, b.shape()));
                }
            } else if (m instanceof BatchNorm2d bn && bn.affine()) {
                m.setParameter("weight", Tensor.ones(DType.FLOAT32, bn.channels()));
                m.setParameter("bias", Tensor.zeros(DType.FLOAT32, bn.channels()));
            }
        }
        int[] shape = batches.get(0).input().shape();
        double s;
        try (GradMode.Scope noGrad = GradMode.noGrad()) {
            Tensor x1 = gaussian(g, shape);
            Tensor x2 = gaussian(g, shape);
            Tensor mixed = x1.add(x2.mul(MIXUP_GAMMA));
            Tensor f1 = net.features(x1);
            Tensor f2 = net.features(mixed);
            s = f1.sub(f2).abs().sum(false, 1, 2, 3).mean().item();
        }
        double bnScaling = 0;
        for (Module m : modules.values()) {
            if (m instanceof BatchNorm2d) {
                bnScaling += Math.log(Math.sqrt(m.buffer("running_var").mean().item()));
            }
        }
        return ProxyResult.of(Math.log(s) + bnScaling, Map.of());
    }

    private static Tensor gaussian(TorchGenerator g, int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        g.fillGaussian(v, 0, 1);
        return Tensor.of(v, shape);
    }
}
