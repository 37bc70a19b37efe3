package dev.zerocost.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.proxies.measures.Zen;
import java.util.List;
import org.junit.jupiter.api.Test;

/** zen against a step-by-step computation of NASLib's definition on the toy network. */
class ZenTest {
    private static Batch batch(int n) {
        return new Batch(Tensor.zeros(n, 3, 8, 8), Tensor.ofLongs(new long[n], n));
    }

    private static Tensor gaussian(TorchGenerator g, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        g.fillGaussian(v, 0, 1);
        return Tensor.of(v, shape);
    }

    @Test
    void zenIsTheLogFeatureChangePlusTheBnScalingAfterBothPasses() {
        ProxyResult r = ProxyRunner.runOne(new ToyNetwork(true, false, 3), List.of(batch(5)), new Zen(11)).result();
        assertTrue(r.ok(), r.error());

        // by hand: weights drawn in module order (conv1, conv2, classifier), biases 0, then x1, x2
        ToyNetwork net = new ToyNetwork(true, false, 3);
        TorchGenerator g = TorchGenerator.manualSeed(11);
        for (String name : List.of("conv1", "conv2", "classifier")) {
            Module m = net.child(name);
            m.setParameter("weight", gaussian(g, m.param("weight").shape()));
            if (m.param("bias") != null) {
                m.setParameter("bias", Tensor.zeros(m.param("bias").shape()));
            }
        }
        Tensor x1 = gaussian(g, 5, 3, 8, 8);
        Tensor x2 = gaussian(g, 5, 3, 8, 8);
        net.train(true);
        float[] a = net.features(x1).toFloatArray();
        float[] b = net.features(x1.add(x2.mul(0.01))).toFloatArray();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        s /= 5;
        // running_var after two train-mode passes, each: 0.9 * old + 0.1 * unbiased batch variance
        float[] rv = net.child("bn1").buffer("running_var").toFloatArray();
        double mean = 0;
        for (float v : rv) {
            mean += v;
        }
        mean /= rv.length;
        assertTrue(mean != 1.0, "the BN running variance moved away from its initial 1");
        double expected = Math.log(s) + Math.log(Math.sqrt(mean));
        assertEquals(expected, r.score(), 1e-5 * Math.abs(expected));
    }

    @Test
    void zenDependsOnlyOnItsSeedNotOnTheBatchValuesOrTheInitialWeights() {
        double a = ProxyRunner.runOne(new ToyNetwork(true, false, 1), List.of(batch(4)), new Zen(2)).result().score();
        double b = ProxyRunner.runOne(new ToyNetwork(true, false, 7), List.of(batch(4)), new Zen(2)).result().score();
        double c = ProxyRunner.runOne(new ToyNetwork(true, false, 1), List.of(batch(4)), new Zen(3)).result().score();
        assertEquals(a, b, 0.0);
        assertTrue(a != c);
    }

    @Test
    void aBatchNormWithoutRunningStatisticsFailsWithTheReason() {
        ProxyResult r = ProxyRunner.runOne(new WithUntrackedBn(), List.of(batch(2)), ProxyRegistry.get("zen")).result();
        assertFalse(r.ok());
        assertTrue(r.error().contains("untracked") && r.error().contains("running statistics"), r.error());
    }

    /** The toy network plus a BN without running statistics, like zc's cell BNs. */
    private static final class WithUntrackedBn extends Module implements ScoredNetwork {
        WithUntrackedBn() {
            registerModule("toy", new ToyNetwork(true, false, 1));
            registerModule("untracked", new BatchNorm2d(4, false, false));
        }

        private ToyNetwork toy() {
            return (ToyNetwork) child("toy");
        }

        @Override
        protected Tensor forward(Tensor x) {
            return toy().call(x);
        }

        @Override
        public Module module() {
            return this;
        }

        @Override
        public Tensor features(Tensor x) {
            return toy().features(x);
        }

        @Override
        public ScoredNetwork duplicate() {
            return (WithUntrackedBn) copy();
        }

        @Override
        public ScoredNetwork withoutBatchNorm() {
            throw new UnsupportedOperationException("not needed");
        }

        @Override
        public long parameterCount() {
            return toy().parameterCount();
        }

        @Override
        public long flops() {
            return toy().flops();
        }

        @Override
        public int classes() {
            return toy().classes();
        }
    }
}
