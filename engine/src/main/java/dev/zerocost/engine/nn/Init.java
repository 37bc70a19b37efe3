package dev.zerocost.engine.nn;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.random.TorchGenerator;

/**
 * PyTorch's default initialisation, bit for bit: for each Conv2d and Linear in named_modules()
 * order, weight ~ kaiming_uniform(a = sqrt 5) then bias ~ U(+-1/sqrt(fan_in)), drawn from a
 * generator seeded like {@code torch.manual_seed}. BatchNorm keeps weight 1 and bias 0.
 */
public final class Init {
    private Init() {
    }

    /** Re-initialises every Conv2d and Linear under root from the generator, in module order. */
    public static void torchDefault(Module root, TorchGenerator generator) {
        for (Module m : root.namedModules().values()) {
            int fanIn;
            if (m instanceof Conv2d c) {
                fanIn = c.fanIn();
            } else if (m instanceof Linear l) {
                fanIn = l.fanIn();
            } else {
                continue;
            }
            Tensor w = m.param("weight");
            float[] wv = new float[(int) w.size()];
            generator.fillKaimingUniform(wv, fanIn);
            m.setParameter("weight", Tensor.of(w.backend(), new NdArray(dev.zerocost.engine.DType.FLOAT32, w.shape(), wv))
                    .to(w.dtype()));
            Tensor b = m.param("bias");
            if (b != null) {
                float[] bv = new float[(int) b.size()];
                generator.fillBiasUniform(bv, fanIn);
                m.setParameter("bias", Tensor.of(b.backend(), new NdArray(dev.zerocost.engine.DType.FLOAT32, b.shape(), bv))
                        .to(b.dtype()));
            }
        }
    }
}
